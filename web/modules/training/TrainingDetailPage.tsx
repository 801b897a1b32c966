import { ArrowLeftOutlined, InboxOutlined, UploadOutlined, UserAddOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Upload,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { personKindLabels } from '../../../domain/registry/registry.ts';
import { type AttendeeResult, attendeeResultLabels } from '../../../domain/training/training.ts';
import { formatDate } from '../../app/format.ts';
import { ApiError, applyFormError, errorText } from '../../app/http.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { LoadError, PageHeader, PageLoading } from '../../app/PageState.tsx';
import { labelOptions } from '../../app/list/filters.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { useRequest } from '../../app/useRequest.ts';
import { peopleApi } from '../registry/index.ts';
import { type Attendee, type SessionDetail, type SignInSheetReport, trainingApi } from './training.api.ts';

type SheetError = { line: number; column: string | null; message: string };

const resultColor: Record<AttendeeResult, string> = { passed: 'green', failed: 'red', absent: 'default' };

/** 添加参训人员: a person of the register in scope (searched by name or phone), the result, score and certificate. */
function AddAttendeeModal({
  session,
  open,
  onClose,
  onAdded,
}: {
  session: SessionDetail;
  open: boolean;
  onClose: () => void;
  onAdded: (s: SessionDetail) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const [form] = Form.useForm<{
    personId: string;
    result: AttendeeResult;
    score?: number;
    certificateNumber?: string;
  }>();
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    let live = true;
    const timer = setTimeout(() => {
      peopleApi
        .list({ q: q || undefined, archived: false, page: 1, pageSize: 20 })
        .then((r) => {
          if (!live) return;
          const taken = new Set(session.attendees.map((a) => a.person.id));
          setOptions(
            r.items
              .filter((p) => !taken.has(p.id))
              .map((p) => ({
                value: p.id,
                label: `${p.name} · ${personKindLabels[p.kind][locale]} · ${p.phone}`,
              })),
          );
        })
        .catch(() => live && setOptions([]));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [open, q, session.attendees, locale]);

  const submit = async (v: {
    personId: string;
    result: AttendeeResult;
    score?: number;
    certificateNumber?: string;
  }) => {
    setSaving(true);
    setError(null);
    try {
      const saved = await trainingApi.addAttendees(session.id, [
        {
          personId: v.personId,
          result: v.result,
          score: v.score ?? null,
          certificateNumber: v.certificateNumber?.trim() || null,
        },
      ]);
      form.resetFields();
      onAdded(saved);
    } catch (err) {
      setError(
        applyFormError(form, err, {
          codeFields: { 'training.attendee_not_found': ['personId'], 'training.attendee_duplicate': ['personId'] },
        }),
      );
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('training.addAttendee')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={saving}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ result: 'passed' }}>
        <Form.Item
          name="personId"
          label={t('training.person')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select
            showSearch={{ filterOption: false, onSearch: setQ }}
            placeholder={t('training.personSearch')}
            options={options}
          />
        </Form.Item>
        <Form.Item name="result" label={t('training.result')} rules={[{ required: true }]}>
          <Select options={labelOptions(attendeeResultLabels, locale)} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="score" label={t('training.score')}>
            <InputNumber min={0} max={100} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="certificateNumber" label={t('training.certificateNumber')} rules={[{ max: 50 }]}>
            <Input maxLength={50} style={{ width: 200 }} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

/** 导入签到表: checked first (nothing stored), then imported; any row in error and nothing is stored. */
function SignInSheetModal({
  sessionId,
  open,
  onClose,
  onImported,
}: {
  sessionId: string;
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<SignInSheetReport | null>(null);
  const [rowErrors, setRowErrors] = useState<SheetError[]>([]);
  const [error, setError] = useState<string | null>(null);

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setRowErrors([]);
    setReport(null);
    try {
      const r = await trainingApi.importSheet(sessionId, file, dryRun);
      setReport(r);
      if (!dryRun) {
        message.success(t('training.imported', { n: r.added }));
        onImported();
        close();
      }
    } catch (err) {
      setError(errorText(err));
      if (err instanceof ApiError && err.code === 'training.sign_in_sheet_invalid') {
        setRowErrors(((err.details as { errors?: SheetError[] })?.errors ?? []).slice(0, 200));
      }
    } finally {
      setBusy(false);
    }
  };
  const close = () => {
    setFile(null);
    setReport(null);
    setRowErrors([]);
    setError(null);
    onClose();
  };

  return (
    <Modal
      open={open}
      title={t('training.importSheet')}
      onCancel={close}
      width={680}
      footer={
        <Space wrap>
          <Button onClick={close}>{t('common.close')}</Button>
          <Button disabled={!file} loading={busy} onClick={() => void run(true)}>
            {t('training.importCheck')}
          </Button>
          <Button type="primary" disabled={!file} loading={busy} onClick={() => void run(false)}>
            {t('training.importRun')}
          </Button>
        </Space>
      }
    >
      <p className="ra-muted">{t('training.importHint')}</p>
      <Upload.Dragger
        accept=".xlsx,.csv"
        maxCount={1}
        beforeUpload={(f) => {
          setFile(f);
          setReport(null);
          setRowErrors([]);
          setError(null);
          return false;
        }}
        onRemove={() => setFile(null)}
        fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p>{t('training.chooseFile')}</p>
      </Upload.Dragger>
      {report?.dryRun ? (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 12 }}
          title={t('training.importChecked', { total: report.total })}
        />
      ) : null}
      {error ? <Alert type="error" showIcon style={{ marginTop: 12 }} title={error} /> : null}
      {rowErrors.length ? (
        <Table<SheetError>
          style={{ marginTop: 12 }}
          size="small"
          rowKey={(e) => `${e.line}-${e.column}`}
          pagination={false}
          scroll={{ y: 240 }}
          dataSource={rowErrors}
          columns={[
            { title: t('training.line'), dataIndex: 'line', width: 70 },
            { title: t('training.column'), dataIndex: 'column', width: 100 },
            { title: t('training.message'), dataIndex: 'message' },
          ]}
        />
      ) : null}
    </Modal>
  );
}

/** One training session: its facts and attendees; a manager adds attendees by hand or from the sign-in sheet. */
export function TrainingDetailPage() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const { data, error, loading, reload, setData } = useRequest(useCallback(() => trainingApi.get(id), [id]));
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);

  if (error && !data) return <LoadError error={error} onRetry={reload} />;
  if (loading && !data) return <PageLoading />;
  if (!data) return null;
  const s = data;

  const resultTag = (a: Attendee) => <Tag color={resultColor[a.result]}>{attendeeResultLabels[a.result][locale]}</Tag>;
  const validity = (a: Attendee) =>
    a.result !== 'passed' ? (
      <span className="ra-muted">—</span>
    ) : (
      <span>
        {formatDate(a.validUntil)}{' '}
        <Tag color={a.current ? 'green' : 'orange'}>{a.current ? t('training.current') : t('training.notCurrent')}</Tag>
      </span>
    );
  const columns: TableColumnsType<Attendee> = isMobile
    ? [
        {
          title: t('training.attendees'),
          key: 'a',
          render: (_, a) => (
            <div>
              <Link to={`/registry/people/${a.person.id}`} style={{ fontWeight: 500 }}>
                {a.person.name}
              </Link>
              <span className="ra-muted"> · {personKindLabels[a.person.kind][locale]}</span>
              <div className="ra-muted">{a.person.employer ?? a.person.phone}</div>
              <div style={{ marginTop: 4 }}>
                {resultTag(a)} {a.score !== null ? t('training.points', { n: a.score }) : null}
              </div>
              <div>{validity(a)}</div>
            </div>
          ),
        },
      ]
    : [
        {
          title: t('training.person'),
          key: 'name',
          width: 110,
          render: (_, a) => <Link to={`/registry/people/${a.person.id}`}>{a.person.name}</Link>,
        },
        {
          title: t('person.kind'),
          key: 'kind',
          width: 140,
          render: (_, a) => personKindLabels[a.person.kind][locale],
        },
        { title: t('person.phone'), key: 'phone', width: 130, render: (_, a) => a.person.phone },
        { title: t('training.employer'), key: 'employer', render: (_, a) => a.person.employer ?? '—' },
        { title: t('training.result'), key: 'result', width: 110, render: (_, a) => resultTag(a) },
        { title: t('training.score'), dataIndex: 'score', width: 70, render: (v: number | null) => v ?? '—' },
        {
          title: t('training.certificateNumber'),
          dataIndex: 'certificateNumber',
          width: 140,
          render: (v: string | null) => v ?? '—',
        },
        { title: t('training.validUntil'), key: 'valid', width: 170, render: (_, a) => validity(a) },
      ];

  const actions = (
    <Space wrap>
      <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
        {t('training.importSheet')}
      </Button>
      <Button type="primary" icon={<UserAddOutlined />} onClick={() => setAdding(true)}>
        {t('training.addAttendee')}
      </Button>
    </Space>
  );

  return (
    <>
      <PageHeader
        title={s.topic}
        extra={
          <Space wrap>
            <Link to="/training">
              <ArrowLeftOutlined /> {t('training.back')}
            </Link>
          </Space>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={isMobile ? 1 : 3} size="small">
          <Descriptions.Item label={t('training.heldOn')}>{formatDate(s.heldOn)}</Descriptions.Item>
          <Descriptions.Item label={t('training.organiser')}>{s.organiser}</Descriptions.Item>
          <Descriptions.Item label={t('training.trainer')}>{s.trainer ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('training.place')}>{s.place ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('training.unit')}>
            {s.venue?.name ?? s.enterprise?.name ?? s.department?.name ?? s.region.name}
          </Descriptions.Item>
          <Descriptions.Item label={t('training.region')}>{s.region.name}</Descriptions.Item>
          <Descriptions.Item label={t('training.certificateValidUntil')}>
            {formatDate(s.certificateValidUntil)}
          </Descriptions.Item>
          <Descriptions.Item label={t('training.counts')}>
            {s.attendeeCount} / {s.passedCount}
          </Descriptions.Item>
          {s.note ? <Descriptions.Item label={t('training.note')}>{s.note}</Descriptions.Item> : null}
        </Descriptions>
      </Card>
      <Card title={t('training.attendees')} extra={s.abilities.addAttendees && !isMobile ? actions : null}>
        {s.abilities.addAttendees && isMobile ? <div style={{ marginBottom: 12 }}>{actions}</div> : null}
        <Table<Attendee>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={s.attendees}
          pagination={false}
          scroll={isMobile ? undefined : { x: 1000 }}
          locale={{ emptyText: t('training.noAttendees') }}
        />
      </Card>
      {s.abilities.addAttendees ? (
        <>
          <AddAttendeeModal
            session={s}
            open={adding}
            onClose={() => setAdding(false)}
            onAdded={(saved) => {
              setAdding(false);
              setData(saved);
              message.success(t('training.attendeeAdded'));
            }}
          />
          <SignInSheetModal sessionId={s.id} open={importing} onClose={() => setImporting(false)} onImported={reload} />
        </>
      ) : null}
    </>
  );
}
