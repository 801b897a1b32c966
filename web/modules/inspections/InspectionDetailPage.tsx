import { ArrowLeftOutlined, EditOutlined, FilePdfOutlined, FormOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Input, List, Modal, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { checkItem } from '../../../domain/hazards/index.ts';
import {
  inspectionKindLabels,
  inspectionObjectTypeLabels,
  type RecordedResult,
} from '../../../domain/inspections/inspections.ts';
import {
  type GasSource,
  gasSourceLabels,
  type HoseType,
  hoseTypeLabels,
  type LicenceKind,
  type LicenceStatus,
  licenceKindLabels,
  licenceStatusLabels,
  type PipeMaterial,
  type PressureClass,
  pipeMaterialLabels,
  pressureClassLabels,
  type RenewalStatus,
  renewalStatusLabels,
  type VenueFloor,
  venueFloorLabels,
} from '../../../domain/registry/registry.ts';
import { formatDate, formatDateTime } from '../../app/format.ts';
import { errorText, downloadFile, http } from '../../app/http.ts';
import { isMessageKey, type Locale, type MessageKey, pick, type Translate, useLocale, useT } from '../../app/i18n.ts';
import { LoadError, PageHeader, PageLoading } from '../../app/PageState.tsx';
import { useSession } from '../../app/session.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { useRequest } from '../../app/useRequest.ts';

import {
  HazardStateTag,
  InspectionStatusTag,
  inspectingParties,
  ResultTag,
  SeverityTag,
} from './components/labels.tsx';
import { OpenCaseButton } from '../enforcement/index.ts';
import { PhotoGallery } from './components/PhotoGallery.tsx';
import { RegisterDisagreements } from './components/RegisterDisagreements.tsx';
import { type InspectionDetail, inspectionsApi } from './inspections.api.ts';
import { SignDialog } from './SignDialog.tsx';

type ResultRow = {
  itemId: string;
  text: string;
  planRef: string;
  basis: string;
  result: RecordedResult | null;
  computed: boolean;
  measured: Record<string, unknown> | null;
  reason: string | null;
  note: string;
  photoIds: string[];
};

/** A recorded value in words: floors, gas sources and licence states by their labels, yes/no, units. */
function factValue(key: string, v: unknown, t: Translate, locale: Locale): string {
  if (typeof v === 'boolean') return v ? t('field.yes') : t('field.no');
  if (key === 'hoseType' && typeof v === 'string') return hoseTypeLabels[v as HoseType]?.[locale] ?? v;
  if ((key === 'staff' || key === 'managers') && Array.isArray(v)) {
    if (v.length === 0) return '—';
    return (v as { name: string; trainedUntil: string | null }[])
      .map(
        // An assessment without an end is held as 9999-12-31.
        (p) =>
          `${p.name}（${
            !p.trainedUntil
              ? t('fact.untrained')
              : p.trainedUntil >= '9999'
                ? t('fact.noExpiry')
                : `${t('fact.trainedUntil')} ${p.trainedUntil}`
          }）`,
      )
      .join('、');
  }
  if (key === 'operators' && Array.isArray(v)) {
    if (v.length === 0) return '—';
    return (v as { name: string; certificateNumber: string | null; certificateExpiresOn: string | null }[])
      .map((p) => {
        if (!p.certificateNumber) return `${p.name}（${t('fact.noCertificate')}）`;
        const to = p.certificateExpiresOn ? `，${t('fact.certificateTo')} ${p.certificateExpiresOn}` : '';
        return `${p.name}（${p.certificateNumber}${to}）`;
      })
      .join('、');
  }
  if (key === 'vehiclePermit' && v && typeof v === 'object') {
    const p = v as { number: string | null; validTo: string | null };
    if (!p.number) return t('field.no');
    return p.validTo ? `${p.number}（${t('fact.permitTo')} ${p.validTo}）` : p.number;
  }
  if (key === 'supplierLicence' && typeof v === 'string') {
    return v === 'none' ? t('field.no') : (licenceStatusLabels[v as LicenceStatus]?.[locale] ?? v);
  }
  if (key === 'usersOverdue' && v && typeof v === 'object') {
    const u = v as { users: number; overdue: number };
    return t('fact.usersOverdueOf', { users: u.users, overdue: u.overdue });
  }
  if (key === 'pipe' && v && typeof v === 'object') {
    const p = v as {
      material: PipeMaterial;
      pressureClass: PressureClass;
      installedYear: number | null;
      encroached: boolean;
      confinedSpace: boolean;
      renewalStatus: RenewalStatus;
    };
    return [
      pipeMaterialLabels[p.material]?.[locale] ?? p.material,
      pressureClassLabels[p.pressureClass]?.[locale] ?? p.pressureClass,
      p.installedYear ? String(p.installedYear) : null,
      `${t('fact.encroached')}：${p.encroached ? t('field.yes') : t('field.no')}`,
      `${t('fact.confinedSpace')}：${p.confinedSpace ? t('field.yes') : t('field.no')}`,
      renewalStatusLabels[p.renewalStatus]?.[locale] ?? p.renewalStatus,
    ]
      .filter(Boolean)
      .join('，');
  }
  if (key === 'floor' && typeof v === 'string') return venueFloorLabels[v as VenueFloor]?.[locale] ?? v;
  if (key === 'gasSources' && Array.isArray(v))
    return v.map((g) => gasSourceLabels[g as GasSource]?.[locale] ?? String(g)).join('、');
  if (key === 'licences' && v && typeof v === 'object') {
    return Object.entries(v as Record<string, string>)
      .map(([kind, status]) => {
        const kindLabel = licenceKindLabels[kind as LicenceKind]?.[locale] ?? kind;
        const statusLabel =
          status === 'none' ? t('field.no') : (licenceStatusLabels[status as LicenceStatus]?.[locale] ?? status);
        return `${kindLabel} ${statusLabel}`;
      })
      .join('，');
  }
  const units: Record<string, MessageKey> = {
    hoseLengthM: 'unit.m',
    storedLpgKg: 'unit.kg',
    longestDrivingHours: 'unit.h',
  };
  const unit = units[key];
  return unit ? `${String(v)} ${t(unit)}` : String(v);
}

function factLabel(key: string, t: Translate): string {
  const k = `fact.${key}`;
  return isMessageKey(k) ? t(k) : key;
}

function measuredText(measured: Record<string, unknown> | null, t: Translate, locale: Locale): string {
  if (!measured) return '';
  return Object.entries(measured)
    .map(([k, v]) => `${factLabel(k, t)}：${factValue(k, v, t, locale)}`)
    .join('；');
}

/** /inspections/:id — the record: results by item with plan clause and basis, photos, signatures, hazards, corrections. */
export function InspectionDetailPage() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { me } = useSession();
  const { id = '' } = useParams();
  const load = useCallback(() => inspectionsApi.get(id), [id]);
  const { data, error, loading, reload, setData } = useRequest(load);
  const [signOpen, setSignOpen] = useState(false);
  const [signer, setSigner] = useState<string | null>(null);
  const [correctOpen, setCorrectOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  // The banned-products catalogue in force (规则参数): its entries are cited on the items they bear on (issue 10.4).
  const banned = useRequest(
    useCallback(
      () =>
        http.get<{
          items: { checkItemId: string | null; catalogue: string; documentNumber: string; withdrawn: boolean }[];
        }>('/api/v1/rules/banned-products'),
      [],
    ),
  ).data;
  const rows = useMemo<ResultRow[]>(() => {
    if (!data) return [];
    const byItem = new Map(data.results.map((r) => [r.itemId, r]));
    const citations = (itemId: string) =>
      (banned?.items ?? [])
        .filter((e) => e.checkItemId === itemId && !e.withdrawn)
        .map((e) => `${e.catalogue}（${e.documentNumber}）`);
    return data.checklist.map((c) => {
      const item = checkItem(c.itemId);
      const r = byItem.get(c.itemId);
      return {
        itemId: c.itemId,
        text: item ? pick(item.text.zh, item.text.en, locale) : c.itemId,
        planRef: item?.planRef ?? '',
        basis: [item?.basis ?? '', ...citations(c.itemId)].filter(Boolean).join('；'),
        result: r?.result ?? null,
        computed: c.computed,
        measured: r?.measured ?? null,
        reason: r?.reason ? pick(r.reason.zh, r.reason.en, locale) : null,
        note: r?.note ?? '',
        photoIds: r?.photoIds ?? [],
      };
    });
  }, [data, locale, banned]);

  if (loading && !data) return <PageLoading />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!data) return null;
  const d: InspectionDetail = data;

  const openSign = async () => {
    // The name the server signs with is the assigned person's linked to this account.
    try {
      const people = await inspectionsApi.inspectors();
      const mine = people.items.find(
        (p) => p.userId === me?.id && d.inspectors.some((i) => i.id === p.id && !i.signed),
      );
      setSigner(mine?.name ?? me?.displayName ?? '');
    } catch {
      setSigner(me?.displayName ?? '');
    }
    setSignOpen(true);
  };

  const notice = async () => {
    setBusy(true);
    try {
      await downloadFile(inspectionsApi.noticePdfUrl(d.id), `整改通知书-${d.object.name}.pdf`);
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const join = async () => {
    setBusy(true);
    try {
      setData(await inspectionsApi.join(d.id));
      message.success(t('inspections.joined'));
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const planned = d.status === 'planned';
  const notYet = planned ? t('inspections.toInspect') : t('inspections.notRecorded');
  const columns = [
    {
      title: t('inspections.item'),
      key: 'item',
      render: (_: unknown, r: ResultRow) => (
        <>
          <div>{r.text}</div>
          {r.reason ? (
            <div style={{ color: r.result === 'fail' ? '#cf1322' : 'rgba(0,0,0,.55)', fontSize: 12 }}>{r.reason}</div>
          ) : null}
          {r.measured ? (
            <div style={{ color: 'rgba(0,0,0,.55)', fontSize: 12 }}>
              {t('inspections.measured')}：{measuredText(r.measured, t, locale)}
            </div>
          ) : null}
          {r.note ? (
            <div style={{ fontSize: 12 }}>
              {t('inspections.note')}：{r.note}
            </div>
          ) : null}
          <PhotoGallery ids={r.photoIds} size={48} />
        </>
      ),
    },
    {
      title: t('inspections.result'),
      key: 'result',
      width: 110,
      render: (_: unknown, r: ResultRow) => (
        <Space orientation="vertical" size={2}>
          <ResultTag result={r.result} unknownLabel={notYet} pending={planned} />
          {r.computed ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('inspections.computed')}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    { title: t('inspections.planRef'), dataIndex: 'planRef', width: 90 },
    { title: t('inspections.basis'), dataIndex: 'basis', width: 220 },
  ];

  const canDo = d.abilities.record && d.status !== 'signed';
  // What the register holds now about the object (planned or in progress): what computed items are decided from.
  const registered = Object.entries(d.registeredFacts ?? {});
  // A signed record's site findings that contradict the register (issue 10.1), and where each is corrected.
  const discrepancies = Array.isArray(d.facts?.discrepancies) ? (d.facts.discrepancies as string[]) : [];
  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              onClick={() => navigate('/inspections')}
              aria-label={t('inspections.back')}
            />
            {d.object.name}
            <InspectionStatusTag status={d.status} />
          </Space>
        }
        extra={
          <>
            {d.status === 'signed' ? (
              <OpenCaseButton
                source="inspection"
                sourceRef={d.id}
                subject={{ type: d.object.type, id: d.object.id, name: d.object.name }}
              />
            ) : null}
            {canDo ? (
              <Link to={`/inspections/${d.id}/do`}>
                <Button type={d.status === 'planned' ? 'primary' : 'default'} icon={<FormOutlined />}>
                  {t('inspections.doIt')}
                </Button>
              </Link>
            ) : null}
            {d.abilities.sign ? (
              <Button type="primary" icon={<EditOutlined />} onClick={() => void openSign()} data-testid="sign-button">
                {t('inspections.sign')}
              </Button>
            ) : null}
            {d.abilities.join ? (
              <Button icon={<TeamOutlined />} onClick={() => void join()} loading={busy}>
                {t('inspections.join')}
              </Button>
            ) : null}
            {d.status === 'signed' ? (
              <Button icon={<FilePdfOutlined />} onClick={() => void notice()} loading={busy}>
                {t('inspections.notice')}
              </Button>
            ) : null}
            {d.abilities.correct ? (
              <Button onClick={() => setCorrectOpen(true)}>{t('inspections.correct')}</Button>
            ) : null}
          </>
        }
      />

      {d.status !== 'planned' && d.missing.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('inspections.missing', { n: d.missing.length })}
        />
      ) : null}
      {d.status === 'in_progress' && d.inspectors.some((i) => !i.signed) ? (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('inspections.signAll')} />
      ) : null}

      <Card size="small" title={t('inspections.basic')} style={{ marginBottom: 12 }}>
        <Descriptions column={isMobile ? 1 : 2} size="small">
          <Descriptions.Item label={t('inspections.number')}>
            <span data-testid="inspection-number">{d.number}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('inspections.object')}>
            {d.object.name}（{inspectionObjectTypeLabels[d.object.type][locale]}）
            {d.object.address ? ` ${d.object.address}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('inspections.kind')}>{inspectionKindLabels[d.kind][locale]}</Descriptions.Item>
          <Descriptions.Item label={t('inspections.region')}>{d.region.name}</Descriptions.Item>
          <Descriptions.Item label={t('inspections.departments')}>{inspectingParties(d)}</Descriptions.Item>
          <Descriptions.Item label={t('inspections.inspectors')}>
            <Space size={2} wrap>
              {d.inspectors.map((p) => (
                <Tag key={p.id} color={p.signed ? 'green' : undefined}>
                  {p.name}
                  {p.signed ? ` · ${t('inspections.signedTag')}` : ''}
                </Tag>
              ))}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('inspections.plannedOn')}>{formatDate(d.plannedOn)}</Descriptions.Item>
          <Descriptions.Item label={t('inspections.visitedAt')}>{formatDateTime(d.visitedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('inspections.signedAt')}>{formatDateTime(d.signedAt)}</Descriptions.Item>
          {d.location ? (
            <Descriptions.Item label={t('inspections.location')}>
              {d.location.lng.toFixed(5)}, {d.location.lat.toFixed(5)}
            </Descriptions.Item>
          ) : null}
          {d.kind === 'household' ? (
            <Descriptions.Item label={t('inspections.writtenNotice')}>
              {d.writtenNoticeGiven === null ? '—' : d.writtenNoticeGiven ? t('field.yes') : t('field.no')}
            </Descriptions.Item>
          ) : null}
          {d.planNotes ? (
            <Descriptions.Item label={t('inspections.planNotes')} span={isMobile ? 1 : 2}>
              <span className="ra-wrap" data-testid="plan-notes">
                {d.planNotes}
              </span>
            </Descriptions.Item>
          ) : null}
          {d.notes ? (
            <Descriptions.Item label={t('inspections.notes')} span={isMobile ? 1 : 2}>
              <span className="ra-wrap" data-testid="overall-notes">
                {d.notes}
              </span>
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('inspections.checklistVersion')}>{d.checklistVersion}</Descriptions.Item>
          {d.correctsInspectionId ? (
            <Descriptions.Item label={t('inspections.corrects')}>
              <Link to={`/inspections/${d.correctsInspectionId}`}>{d.correctsInspectionId.slice(0, 8)}</Link>
            </Descriptions.Item>
          ) : null}
          {d.correctedBy.length > 0 ? (
            <Descriptions.Item label={t('inspections.correctedBy')}>
              <Space size={6} wrap>
                {d.correctedBy.map((c) => (
                  <Link key={c} to={`/inspections/${c}`}>
                    {c.slice(0, 8)}
                  </Link>
                ))}
              </Space>
            </Descriptions.Item>
          ) : null}
          {d.followUpOfHazardId ? (
            <Descriptions.Item label={t('inspections.followUpOf')}>
              <Link to={`/hazards/${d.followUpOfHazardId}`}>{t('inspections.viewHazard')}</Link>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>

      {registered.length > 0 ? (
        <Card size="small" title={t('inspections.registeredFacts')} style={{ marginBottom: 12 }}>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
            {t('inspections.registeredFactsHint')}
          </Typography.Paragraph>
          <Descriptions column={isMobile ? 1 : 2} size="small" data-testid="registered-facts">
            {registered.map(([key, value]) => (
              <Descriptions.Item key={key} label={factLabel(key, t)}>
                {value === null || value === undefined ? '—' : factValue(key, value, t, locale)}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </Card>
      ) : null}

      {discrepancies.length > 0 ? (
        <RegisterDisagreements
          inspectionId={d.id}
          object={{ type: d.object.type, id: d.object.id }}
          discrepancies={discrepancies}
          factLabel={(key) => factLabel(key, t)}
        />
      ) : null}

      {d.hazards.length > 0 ? (
        <Card size="small" title={t('inspections.hazards')} style={{ marginBottom: 12 }}>
          <List
            size="small"
            dataSource={d.hazards}
            rowKey="id"
            renderItem={(h) => {
              const item = h.itemId ? checkItem(h.itemId) : undefined;
              return (
                <List.Item>
                  <Space wrap>
                    <Link to={`/hazards/${h.id}`}>{h.number}</Link>
                    <SeverityTag severity={h.severity} />
                    <HazardStateTag status={h.status as never} />
                    <span>{item ? pick(item.text.zh, item.text.en, locale) : (h.itemId ?? '')}</span>
                    {h.reboundOfHazardId ? <Tag color="magenta">{t('hazards.rebound')}</Tag> : null}
                  </Space>
                </List.Item>
              );
            }}
          />
        </Card>
      ) : null}

      <Card size="small" title={t('inspections.results')} style={{ marginBottom: 12 }}>
        {isMobile ? (
          <List
            dataSource={rows}
            rowKey="itemId"
            renderItem={(r) => (
              <List.Item>
                <div style={{ width: '100%' }}>
                  <Space size={4} wrap>
                    <ResultTag result={r.result} unknownLabel={notYet} pending={planned} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.planRef}
                    </Typography.Text>
                  </Space>
                  <div>{r.text}</div>
                  {r.reason ? <div style={{ color: '#cf1322', fontSize: 12 }}>{r.reason}</div> : null}
                  {r.note ? <div style={{ fontSize: 12 }}>{r.note}</div> : null}
                  <div style={{ color: 'rgba(0,0,0,.45)', fontSize: 12 }}>{r.basis}</div>
                  <PhotoGallery ids={r.photoIds} size={48} />
                </div>
              </List.Item>
            )}
          />
        ) : (
          <Table<ResultRow> rowKey="itemId" size="small" dataSource={rows} columns={columns} pagination={false} />
        )}
      </Card>

      <Card size="small" title={t('inspections.signatures')} style={{ marginBottom: 12 }}>
        {d.signatures.length === 0 ? (
          <Typography.Text type="secondary">{t('inspections.notSigned')}</Typography.Text>
        ) : (
          <List
            size="small"
            dataSource={d.signatures}
            rowKey="personId"
            renderItem={(s) => (
              <List.Item data-testid="signature">
                <div>
                  <strong>{s.name}</strong> · {formatDateTime(s.signedAt)}
                  <div className="ra-hash">
                    {t('inspections.contentHash')}：{s.contentHash}
                  </div>
                  <div style={{ color: 'rgba(0,0,0,.45)', fontSize: 12 }}>
                    {t('inspections.auditSeq')} #{s.auditSeq}
                  </div>
                </div>
              </List.Item>
            )}
          />
        )}
      </Card>

      {signOpen ? (
        <SignDialog
          inspection={d}
          signerName={signer ?? ''}
          signerUserId={me?.id ?? ''}
          open={signOpen}
          onClose={() => setSignOpen(false)}
          onSigned={(signed) => {
            setSignOpen(false);
            setData(signed);
            message.success(t('inspections.signed'));
          }}
        />
      ) : null}
      <CorrectDialog
        open={correctOpen}
        inspectionId={d.id}
        onClose={() => setCorrectOpen(false)}
        onDone={(created) => {
          setCorrectOpen(false);
          navigate(`/inspections/${created.id}`);
        }}
      />
    </>
  );
}

function CorrectDialog({
  open,
  inspectionId,
  onClose,
  onDone,
}: {
  open: boolean;
  inspectionId: string;
  onClose: () => void;
  onDone: (created: InspectionDetail) => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open={open}
      title={t('inspections.correctTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
    >
      <p>{t('inspections.correctHint')}</p>
      <Form
        form={form}
        layout="vertical"
        onFinish={async ({ reason }) => {
          setBusy(true);
          try {
            const created = await inspectionsApi.correct(inspectionId, reason);
            message.success(t('inspections.corrected'));
            onDone(created);
          } catch (err) {
            message.error(errorText(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item
          name="reason"
          label={t('inspections.correctReason')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input.TextArea autoSize={{ minRows: 3 }} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
