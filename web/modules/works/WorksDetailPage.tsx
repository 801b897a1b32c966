import { ArrowLeftOutlined, EditOutlined, EnvironmentOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router';
import { chinaToday } from '../../../domain/dates.ts';
import { pressureClassLabels } from '../../../domain/registry/registry.ts';
import { segmentMatchLabels, worksKindLabels } from '../../../domain/works/works.ts';
import { formatDate } from '../../app/format.ts';
import { applyFormError } from '../../app/http.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { LoadError, PageHeader, PageLoading } from '../../app/PageState.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { useRequest } from '../../app/useRequest.ts';
import { WorksFormDrawer } from './WorksFormDrawer.tsx';
import { AgreementTag } from './WorksPage.tsx';
import { type WorksDetail, worksApi } from './works.api.ts';
import { DateField } from '../../app/DateField.tsx';

type Segment = WorksDetail['segments'][number];
type Visit = WorksDetail['visits'][number];

/** 记录监护: the operator's guardian on site (date, who, whether the protection measures are in place). */
function VisitModal({
  works,
  open,
  onClose,
  onSaved,
}: {
  works: WorksDetail;
  open: boolean;
  onClose: () => void;
  onSaved: (w: WorksDetail) => void;
}) {
  const t = useT();
  const today = chinaToday();
  const [form] = Form.useForm<{ visitedOn: string; guardianName: string; measuresInPlace: boolean; note?: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open={open}
      title={t('works.visitAdd')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ visitedOn: today, guardianName: works.guardianName ?? '', measuresInPlace: true }}
        onFinish={async (v) => {
          setSaving(true);
          setError(null);
          try {
            onSaved(
              await worksApi.addVisit(works.id, {
                visitedOn: v.visitedOn,
                guardianName: v.guardianName.trim(),
                measuresInPlace: v.measuresInPlace,
                note: v.note?.trim() || null,
              }),
            );
            form.resetFields();
          } catch (err) {
            setError(applyFormError(form, err, { codeFields: { 'works.dates_invalid': ['visitedOn'] } }));
          } finally {
            setSaving(false);
          }
        }}
      >
        <Form.Item
          name="visitedOn"
          label={t('works.visitedOn')}
          rules={[
            { required: true, message: t('common.required') },
            {
              validator: async (_, v: string | undefined) => {
                if (v && v > today) throw new Error(t('works.dateFuture'));
              },
            },
          ]}
        >
          <DateField min={works.startOn} max={today} />
        </Form.Item>
        <Form.Item
          name="guardianName"
          label={t('works.guardian')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 100 }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="measuresInPlace" label={t('works.measuresInPlace')} valuePropName="checked">
          <Switch checkedChildren={t('works.measuresYes')} unCheckedChildren={t('works.measuresNo')} />
        </Form.Item>
        <Form.Item name="note" label={t('works.note')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One works: its facts, the segments within protection distance, the agreement, the hazard and the guardian's visits. */
export function WorksDetailPage() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const { data, error, loading, reload, setData } = useRequest(useCallback(() => worksApi.get(id), [id]));
  const [editing, setEditing] = useState(false);
  const [visiting, setVisiting] = useState(false);

  if (error && !data) return <LoadError error={error} onRetry={reload} />;
  if (loading && !data) return <PageLoading />;
  if (!data) return null;
  const w = data;

  const segmentColumns: TableColumnsType<Segment> = [
    {
      title: t('works.segmentCode'),
      key: 'code',
      render: (_, s) => <Link to={`/registry/pipelines/${s.id}`}>{s.code}</Link>,
    },
    { title: t('works.segmentName'), dataIndex: 'name' },
    { title: t('works.pressure'), key: 'p', render: (_, s) => pressureClassLabels[s.pressureClass][locale] },
    { title: t('works.operator'), key: 'o', render: (_, s) => s.operator?.name ?? '—' },
    { title: t('works.distance'), key: 'd', render: (_, s) => s.distanceM ?? '—' },
    { title: t('works.protection'), dataIndex: 'protectionDistanceM' },
  ];
  const visitColumns: TableColumnsType<Visit> = [
    { title: t('works.visitedOn'), key: 'on', width: 110, render: (_, v) => formatDate(v.visitedOn) },
    { title: t('works.guardian'), dataIndex: 'guardianName', width: 100 },
    {
      title: t('works.measuresInPlace'),
      key: 'm',
      width: 110,
      render: (_, v) =>
        v.measuresInPlace ? (
          <Tag color="green">{t('works.measuresYes')}</Tag>
        ) : (
          <Tag color="red">{t('works.measuresNo')}</Tag>
        ),
    },
    { title: t('works.operator'), key: 'e', render: (_, v) => v.enterprise.name },
    { title: t('works.note'), dataIndex: 'note', render: (n: string | null) => n ?? '—' },
  ];
  const at = w.place.type === 'point' ? w.place.point : [w.lng, w.lat];

  return (
    <>
      <PageHeader
        title={w.name}
        extra={
          <Space wrap>
            <Link to="/works">
              <ArrowLeftOutlined /> {t('menu.works')}
            </Link>
            <Link to={`/registry/map?works=1&focus=works:${w.id}`}>
              <EnvironmentOutlined /> {t('works.openMap')}
            </Link>
            {w.abilities.edit ? (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="works-edit">
                {t('works.edit')}
              </Button>
            ) : null}
          </Space>
        }
      />
      {!w.agreementSigned && w.hazard ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={<Link to={`/hazards/${w.hazard.id}`}>{t('works.hazardRaised', { number: w.hazard.number })}</Link>}
        />
      ) : null}
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={isMobile ? 1 : 3} size="small">
          <Descriptions.Item label={t('works.kind')}>{worksKindLabels[w.kind][locale]}</Descriptions.Item>
          <Descriptions.Item label={t('works.builder')}>
            <Link to={`/registry/enterprises/${w.builder.id}`}>{w.builder.name}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('works.region')}>{w.region.name}</Descriptions.Item>
          <Descriptions.Item label={t('works.address')}>{w.address}</Descriptions.Item>
          <Descriptions.Item label={t('works.place')}>
            {w.place.type === 'point' ? t('works.placePoint') : t('works.placePolygon')} {at[0]?.toFixed(5)},{' '}
            {at[1]?.toFixed(5)}
          </Descriptions.Item>
          <Descriptions.Item label={t('works.period')}>
            {formatDate(w.startOn)} — {w.endOn ? formatDate(w.endOn) : '…'}
          </Descriptions.Item>
          <Descriptions.Item label={t('works.agreement')}>
            <Space size={4} wrap>
              <AgreementTag w={w} />
              {w.agreementOn ? formatDate(w.agreementOn) : null}
              {w.agreementFileId ? (
                <a href={worksApi.fileUrl(w.agreementFileId)} target="_blank" rel="noreferrer">
                  {t('works.agreementView')}
                </a>
              ) : null}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('works.guardian')}>
            {w.guardianName ?? '—'} {w.guardianPhone ? `· ${w.guardianPhone}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('works.siteContact')}>
            {w.siteContact ?? '—'} {w.siteContactPhone ? `· ${w.siteContactPhone}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('works.hazard')}>
            {w.hazard ? <Link to={`/hazards/${w.hazard.id}`}>{w.hazard.number}</Link> : t('works.hazardNone')}
          </Descriptions.Item>
          {w.note ? <Descriptions.Item label={t('works.note')}>{w.note}</Descriptions.Item> : null}
        </Descriptions>
      </Card>
      <Card
        title={t('works.segments')}
        extra={<span className="ra-muted">{segmentMatchLabels[w.segmentMatch][locale]}</span>}
        style={{ marginBottom: 16 }}
      >
        <Table<Segment>
          rowKey="id"
          size="small"
          columns={segmentColumns}
          dataSource={w.segments}
          pagination={false}
          scroll={{ x: 640 }}
        />
      </Card>
      <Card
        title={t('works.visits')}
        extra={
          w.abilities.recordVisit ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setVisiting(true)}>
              {t('works.visitAdd')}
            </Button>
          ) : null
        }
      >
        <Table<Visit>
          rowKey="id"
          size="small"
          columns={visitColumns}
          dataSource={w.visits}
          pagination={false}
          scroll={{ x: 600 }}
          locale={{ emptyText: t('works.visitsNone') }}
        />
      </Card>
      {w.abilities.edit ? (
        <WorksFormDrawer
          open={editing}
          works={w}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            setData(saved);
            if (saved.hazard && !w.hazard) message.warning(t('works.hazardRaised', { number: saved.hazard.number }));
            else message.success(t('works.saved'));
          }}
        />
      ) : null}
      {w.abilities.recordVisit ? (
        <VisitModal
          works={w}
          open={visiting}
          onClose={() => setVisiting(false)}
          onSaved={(saved) => {
            setVisiting(false);
            setData(saved);
            message.success(t('works.visitSaved'));
          }}
        />
      ) : null}
    </>
  );
}
