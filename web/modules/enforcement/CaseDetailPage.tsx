import { DownloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  caseSourceLabels,
  caseSubjectTypeLabels,
  measureLabels,
  measureTypes,
} from '../../../domain/enforcement/enforcement.ts';
import { licenceKindLabels } from '../../../domain/registry/registry.ts';
import type { EnterpriseDetail } from '../../app/api-types.ts';
import { formatDate } from '../../app/format.ts';
import { downloadFile, errorText, http } from '../../app/http.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { LoadError, PageHeader, PageLoading } from '../../app/PageState.tsx';
import { useSession } from '../../app/session.tsx';
import { useRequest } from '../../app/useRequest.ts';
import { BlacklistFlag, DepartmentSelect, formError, useBlacklistFlags } from './components.tsx';
import { CaseStatusTag } from './CasesPage.tsx';
import { type CaseMeasure, type EnforcementCase, enforcementApi } from './enforcement.api.ts';

const sourcePath: Partial<Record<EnforcementCase['source'], string>> = {
  hazard: '/hazards/',
  tip: '/tips/',
  inspection: '/inspections/',
  black_site: '/black-sites?focus=',
};

type Step = 'decide' | 'close' | 'publish' | 'refer' | 'blacklist' | null;

/** /cases/:id — a case: facts, legal basis, measures, documents (PDF), decision, closing, publication. */
export function CaseDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const locale = useLocale();
  const { message } = App.useApp();
  const { can } = useSession();
  const { data: c, error, loading, reload, setData } = useRequest(useCallback(() => enforcementApi.getCase(id), [id]));
  const [step, setStep] = useState<Step>(null);
  const flags = useBlacklistFlags([c?.enterpriseId]);

  if (loading && !c) return <PageLoading />;
  if (error || !c) return <LoadError error={error} onRetry={reload} />;
  const manage = can('enforcement.manage');
  const done = (next?: EnforcementCase) => {
    if (next) setData(next);
    setStep(null);
    message.success(t('common.saved'));
  };
  const download = async (kind: 'correction-order' | 'penalty-decision', name: string) => {
    try {
      await downloadFile(enforcementApi.documentUrl(c.id, kind), `${name}.pdf`);
    } catch (err) {
      message.error(errorText(err));
    }
  };
  const src = sourcePath[c.source];

  return (
    <>
      <PageHeader
        title={`${t('cases.title')} ${c.number}`}
        extra={
          manage ? (
            <Space wrap>
              {c.status === 'open' ? (
                <Button type="primary" onClick={() => setStep('decide')}>
                  {t('cases.decide')}
                </Button>
              ) : null}
              {c.status === 'decided' ? (
                <Button type="primary" onClick={() => setStep('close')}>
                  {t('cases.close')}
                </Button>
              ) : null}
              {c.status !== 'open' && !c.publishedAt ? (
                <Button onClick={() => setStep('publish')}>{t('cases.publish')}</Button>
              ) : null}
              <Button onClick={() => setStep('refer')}>{t('cases.referral')}</Button>
              <Button onClick={() => setStep('blacklist')}>{t('cases.blacklist')}</Button>
            </Space>
          ) : null
        }
      />
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Card>
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label={t('cases.status')}>
              <CaseStatusTag c={c} />
            </Descriptions.Item>
            <Descriptions.Item label={t('cases.subject')}>
              <Space size={4} wrap>
                <span>
                  {c.subjectName}（{caseSubjectTypeLabels[c.subjectType][locale]}）
                </span>
                <BlacklistFlag show={Boolean(c.enterpriseId && flags.has(c.enterpriseId))} />
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('cases.department')}>{c.departmentName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('cases.region')}>{c.regionName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('cases.source')}>
              {caseSourceLabels[c.source][locale]}
              {src && c.sourceRef ? (
                <>
                  {' · '}
                  <Link to={`${src}${c.sourceRef}`}>{t('cases.sourceLink')}</Link>
                </>
              ) : c.sourceRef ? (
                <Typography.Text type="secondary"> · {c.sourceRef}</Typography.Text>
              ) : null}
            </Descriptions.Item>
            <Descriptions.Item label={t('cases.openedOn')}>{formatDate(c.openedOn)}</Descriptions.Item>
            <Descriptions.Item label={t('cases.decidedOn')}>{formatDate(c.decidedOn)}</Descriptions.Item>
            <Descriptions.Item label={t('cases.closedOn')}>{formatDate(c.closedOn)}</Descriptions.Item>
            <Descriptions.Item label={t('cases.facts')} span={2}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.facts}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label={t('cases.legalBasis')} span={2}>
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {c.legalBasis.map((b) => (
                  <li key={b.code}>{b.text}</li>
                ))}
              </ul>
            </Descriptions.Item>
            {c.decision ? (
              <Descriptions.Item label={t('cases.decision')} span={2}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.decision}</Typography.Paragraph>
              </Descriptions.Item>
            ) : null}
            {c.closingNote ? (
              <Descriptions.Item label={t('cases.closingNote')} span={2}>
                {c.closingNote}
              </Descriptions.Item>
            ) : null}
            {c.typicalSummary ? (
              <Descriptions.Item label={t('cases.published')} span={2}>
                {c.typicalSummary}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
        </Card>
        {c.measures.length ? (
          <Card title={t('cases.measures')} size="small">
            <Table
              size="small"
              rowKey={(_, i) => String(i)}
              pagination={false}
              dataSource={c.measures}
              scroll={{ x: 600 }}
              columns={[
                {
                  title: t('cases.measureType'),
                  dataIndex: 'type',
                  render: (v: CaseMeasure['type']) => measureLabels[v][locale],
                },
                { title: t('cases.dueDate'), dataIndex: 'dueDate', render: (v?: string) => formatDate(v ?? null) },
                { title: t('cases.amount'), dataIndex: 'amount', render: (v?: number) => v ?? '—' },
                { title: t('cases.note'), dataIndex: 'note', render: (v?: string) => v ?? '—' },
              ]}
            />
            <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
              {t('cases.fineTotal')}：{c.fineTotal.toLocaleString('zh-CN')}
            </Typography.Paragraph>
          </Card>
        ) : null}
        {c.correctionOrderNumber || c.penaltyDecisionNumber ? (
          <Card title={t('cases.documents')} size="small">
            <Space orientation="vertical">
              {c.correctionOrderNumber ? (
                <Space wrap>
                  <span>
                    {t('cases.correctionOrder')} {c.correctionOrderNumber}
                  </span>
                  <Button
                    size="small"
                    icon={<DownloadOutlined />}
                    onClick={() => download('correction-order', t('cases.correctionOrder'))}
                  >
                    {t('cases.download')}
                  </Button>
                </Space>
              ) : null}
              {c.penaltyDecisionNumber ? (
                <Space wrap>
                  <span>
                    {t('cases.penaltyDecision')} {c.penaltyDecisionNumber}
                  </span>
                  <Button
                    size="small"
                    icon={<DownloadOutlined />}
                    onClick={() => download('penalty-decision', t('cases.penaltyDecision'))}
                  >
                    {t('cases.download')}
                  </Button>
                </Space>
              ) : null}
            </Space>
          </Card>
        ) : null}
      </Space>
      {step === 'decide' ? <DecideModal c={c} onDone={done} onCancel={() => setStep(null)} /> : null}
      {step === 'close' || step === 'publish' ? (
        <TextModal
          title={step === 'close' ? t('cases.close') : t('cases.publish')}
          label={step === 'close' ? t('cases.closingNote') : t('cases.typicalSummary')}
          onCancel={() => setStep(null)}
          onOk={async (text) =>
            done(step === 'close' ? await enforcementApi.close(c.id, text) : await enforcementApi.publish(c.id, text))
          }
        />
      ) : null}
      {step === 'refer' ? (
        <SendReferralModal link={{ caseId: c.id }} onCancel={() => setStep(null)} onDone={() => done()} />
      ) : null}
      {step === 'blacklist' ? (
        <BlacklistModal
          initial={
            c.enterpriseId
              ? { subjectType: 'enterprise', enterpriseId: c.enterpriseId, caseId: c.id }
              : { subjectType: 'person', personName: c.subjectName, regionId: c.regionId, caseId: c.id }
          }
          subjectLabel={c.subjectName}
          onCancel={() => setStep(null)}
          onDone={() => done()}
        />
      ) : null}
    </>
  );
}

/** One text and OK (close with a note, publish with a summary); a refusal is shown under the field. */
export function TextModal({
  title,
  label,
  onOk,
  onCancel,
  max = 2000,
}: {
  title: string;
  label: string;
  onOk: (text: string) => Promise<void>;
  onCancel: () => void;
  max?: number;
}) {
  const [form] = Form.useForm<{ text: string }>();
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();
  const t = useT();
  return (
    <Modal
      open
      title={title}
      onCancel={onCancel}
      confirmLoading={saving}
      onOk={() =>
        form.validateFields().then(async (v) => {
          setSaving(true);
          try {
            await onOk(v.text);
          } catch (err) {
            const text = formError(form, err, { note: 'text', summary: 'text', answer: 'text', reason: 'text' });
            if (text) message.error(text);
          } finally {
            setSaving(false);
          }
        })
      }
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="text"
          label={label}
          rules={[{ required: true, whitespace: true, message: t('cases.required') }]}
        >
          <Input.TextArea rows={4} maxLength={max} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type DecideValues = {
  decision: string;
  measures: {
    type: CaseMeasure['type'];
    dueDate?: { format: (f: string) => string };
    amount?: number;
    licenceId?: string;
    note?: string;
  }[];
};

function DecideModal({
  c,
  onDone,
  onCancel,
}: {
  c: EnforcementCase;
  onDone: (c: EnforcementCase) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const locale = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<DecideValues>();
  const [saving, setSaving] = useState(false);
  const { data: enterprise } = useRequest(
    useCallback(
      () =>
        c.enterpriseId ? http.get<EnterpriseDetail>(`/api/v1/enterprises/${c.enterpriseId}`) : Promise.resolve(null),
      [c.enterpriseId],
    ),
  );
  const licences = enterprise?.licences ?? [];
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      onDone(
        await enforcementApi.decide(c.id, {
          decision: v.decision,
          measures: v.measures.map((m) => ({
            type: m.type,
            dueDate: m.dueDate ? m.dueDate.format('YYYY-MM-DD') : undefined,
            amount: m.amount ?? undefined,
            licenceId: m.licenceId || undefined,
            note: m.note?.trim() || undefined,
          })),
        }),
      );
    } catch (err) {
      const text = formError(form, err);
      if (text) message.error(text);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open width={760} title={t('cases.decide')} onCancel={onCancel} onOk={submit} confirmLoading={saving}>
      <Form form={form} layout="vertical" initialValues={{ measures: [{ type: 'order_to_correct' }] }}>
        <Form.List name="measures">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Card size="small" key={f.key} style={{ marginBottom: 8 }}>
                  <Form.Item noStyle shouldUpdate>
                    {() => {
                      const type = form.getFieldValue(['measures', f.name, 'type']) as CaseMeasure['type'];
                      return (
                        <Space wrap align="start">
                          <Form.Item
                            name={[f.name, 'type']}
                            label={t('cases.measureType')}
                            rules={[{ required: true }]}
                          >
                            <Select
                              style={{ width: 200 }}
                              options={measureTypes.map((m) => ({ value: m, label: measureLabels[m][locale] }))}
                            />
                          </Form.Item>
                          {type === 'order_to_correct' ? (
                            <Form.Item
                              name={[f.name, 'dueDate']}
                              label={t('cases.dueDate')}
                              rules={[{ required: true, message: t('cases.required') }]}
                            >
                              <DatePicker inputReadOnly />
                            </Form.Item>
                          ) : null}
                          {type === 'fine' || type === 'confiscation' ? (
                            <Form.Item
                              name={[f.name, 'amount']}
                              label={t('cases.amount')}
                              rules={[{ required: true, message: t('cases.required') }]}
                            >
                              <InputNumber min={0} max={100_000_000} precision={0} style={{ width: 160 }} />
                            </Form.Item>
                          ) : null}
                          {type === 'licence_revocation' || type === 'suspension' ? (
                            <Form.Item
                              name={[f.name, 'licenceId']}
                              label={t('cases.licence')}
                              rules={
                                type === 'licence_revocation'
                                  ? [{ required: true, message: t('cases.required') }]
                                  : undefined
                              }
                            >
                              <Select
                                allowClear
                                style={{ width: 260 }}
                                options={licences.map((l) => ({
                                  value: l.id,
                                  label: `${licenceKindLabels[l.kind][locale]} ${l.number}`,
                                }))}
                              />
                            </Form.Item>
                          ) : null}
                          <Form.Item name={[f.name, 'note']} label={t('cases.note')}>
                            <Input maxLength={500} style={{ width: 220 }} />
                          </Form.Item>
                          {fields.length > 1 ? (
                            <Button type="link" danger onClick={() => remove(f.name)} style={{ marginTop: 30 }}>
                              {t('cases.removeMeasure')}
                            </Button>
                          ) : null}
                        </Space>
                      );
                    }}
                  </Form.Item>
                </Card>
              ))}
              {fields.length < 10 ? (
                <Button onClick={() => add({ type: 'fine' })} style={{ marginBottom: 12 }}>
                  {t('cases.addMeasure')}
                </Button>
              ) : null}
            </>
          )}
        </Form.List>
        <Form.Item
          name="decision"
          label={t('cases.decision')}
          rules={[{ required: true, whitespace: true, message: t('cases.required') }]}
        >
          <Input.TextArea rows={3} maxLength={4000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 移交线索: to another department or to discipline inspection, with a deadline; linked to a case, tip or hazard. */
export function SendReferralModal({
  link,
  onDone,
  onCancel,
}: {
  link: { caseId?: string; tipId?: string; hazardId?: string };
  onDone: () => void;
  onCancel: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch('kind', form) ?? 'department';
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await enforcementApi.sendReferral({
        ...link,
        toDepartmentId: v.kind === 'department' ? v.toDepartmentId : undefined,
        toDiscipline: v.kind === 'discipline' ? v.toDiscipline : undefined,
        subject: v.subject,
        content: v.content,
        deadline: v.deadline.format('YYYY-MM-DD'),
      });
      onDone();
    } catch (err) {
      const text = formError(form, err);
      if (text) message.error(text);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={t('referrals.send')} onCancel={onCancel} onOk={submit} confirmLoading={saving}>
      <Form form={form} layout="vertical" initialValues={{ kind: 'department' }}>
        <Form.Item name="kind" label={t('referrals.toKind')}>
          <Select
            options={[
              { value: 'department', label: t('referrals.toDepartment') },
              { value: 'discipline', label: t('referrals.toDiscipline') },
            ]}
          />
        </Form.Item>
        {kind === 'department' ? (
          <Form.Item
            name="toDepartmentId"
            label={t('referrals.to')}
            rules={[{ required: true, message: t('cases.required') }]}
          >
            <DepartmentSelect />
          </Form.Item>
        ) : (
          <Form.Item
            name="toDiscipline"
            label={t('referrals.toDiscipline')}
            rules={[{ required: true, message: t('cases.required') }]}
          >
            <Input maxLength={100} placeholder="乌审旗纪委监委" />
          </Form.Item>
        )}
        <Form.Item
          name="subject"
          label={t('referrals.subject')}
          rules={[{ required: true, whitespace: true, message: t('cases.required') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="content"
          label={t('referrals.content')}
          rules={[{ required: true, whitespace: true, message: t('cases.required') }]}
        >
          <Input.TextArea rows={4} maxLength={4000} showCount />
        </Form.Item>
        <Form.Item
          name="deadline"
          label={t('referrals.deadline')}
          rules={[{ required: true, message: t('cases.required') }]}
        >
          <DatePicker inputReadOnly />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 列入联合惩戒名单: an enterprise or a person, with the basis and the period. */
export function BlacklistModal({
  initial,
  subjectLabel,
  onDone,
  onCancel,
}: {
  initial: {
    subjectType: 'enterprise' | 'person';
    enterpriseId?: string;
    personName?: string;
    regionId?: string;
    caseId?: string;
  };
  subjectLabel?: string;
  onDone: () => void;
  onCancel: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await enforcementApi.addToBlacklist({
        ...initial,
        personName: initial.subjectType === 'person' ? initial.personName : undefined,
        basis: v.basis,
        startsOn: v.startsOn.format('YYYY-MM-DD'),
        endsOn: v.endsOn ? v.endsOn.format('YYYY-MM-DD') : undefined,
      });
      onDone();
    } catch (err) {
      const text = formError(form, err);
      if (text) message.error(text);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={t('blacklist.add')} onCancel={onCancel} onOk={submit} confirmLoading={saving}>
      {subjectLabel ? <Typography.Paragraph strong>{subjectLabel}</Typography.Paragraph> : null}
      <Form form={form} layout="vertical">
        <Form.Item
          name="basis"
          label={t('blacklist.basis')}
          rules={[{ required: true, whitespace: true, message: t('cases.required') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Space wrap>
          <Form.Item
            name="startsOn"
            label={t('blacklist.startsOn')}
            rules={[{ required: true, message: t('cases.required') }]}
          >
            <DatePicker inputReadOnly />
          </Form.Item>
          <Form.Item name="endsOn" label={t('blacklist.endsOn')}>
            <DatePicker inputReadOnly />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
