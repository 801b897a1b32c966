import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Radio,
  Row,
  Space,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import { useCallback, useState } from 'react';
import { useParams } from 'react-router';
import { chinaToday, trainingValidUntil } from '../../../../domain/registry/pipelines-people-vehicles.ts';
import { personKindLabels } from '../../../../domain/registry/registry.ts';
import { useLimitsInForce } from '../../rules/index.ts';
import { formatDate, formatDateTime } from '../../../app/format.ts';
import { applyFormError, errorText } from '../../../app/http.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { LoadError, PageLoading } from '../../../app/PageState.tsx';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { useRequest } from '../../../app/useRequest.ts';
import { AuditHistory } from '../components/AuditHistory.tsx';
import { enumLabel } from '../components/enumOptions.ts';
import { RegistryDetailHeader } from '../components/RegistryDetailHeader.tsx';
import { CertificateTag, InspectTag } from './PeoplePage.tsx';
import { PersonFormDrawer } from './PersonFormDrawer.tsx';
import { peopleApi, type TrainingRecord } from './people.api.ts';
import { DateField } from '../../../app/DateField.tsx';

type TrainingValues = { course: string; trainedOn: string; passed: boolean; validUntil?: string };

/** 添加培训记录: records are append-only, so a mistake is corrected by a new record. */
/** The usual course: inspectors' 排查培训; a venue's own staff the safety training the plan asks of 餐饮单位 (三(五)6). */
const inspectorCourse = '城镇燃气安全隐患排查专题培训';
const venueStaffCourse = '瓶装液化石油气安全、消防安全常识和应急处置技能培训';

function AddTrainingForm({ personId, atVenue, onAdded }: { personId: string; atVenue: boolean; onAdded: () => void }) {
  const t = useT();
  const limits = useLimitsInForce();
  const { message } = App.useApp();
  const [form] = Form.useForm<TrainingValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const today = chinaToday();
  const trainedOn = Form.useWatch('trainedOn', form);
  const passed = Form.useWatch('passed', form);

  const submit = async (v: TrainingValues) => {
    setSaving(true);
    setError(null);
    try {
      await peopleApi.addTraining(personId, {
        course: v.course.trim(),
        trainedOn: v.trainedOn,
        passed: v.passed,
        ...(v.validUntil ? { validUntil: v.validUntil } : {}),
      });
      message.success(t('person.trainingAdded'));
      form.resetFields();
      onAdded();
    } catch (err) {
      const field = (err as { code?: string; details?: { field?: string } }).details?.field;
      setError(
        applyFormError(form, err, {
          codeFields: field ? { 'people.training_dates_invalid': [field] } : undefined,
        }),
      );
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<TrainingValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ course: atVenue ? venueStaffCourse : inspectorCourse, trainedOn: today, passed: true }}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Row gutter={16}>
        <Col xs={24} md={10}>
          <Form.Item
            name="course"
            label={t('person.course')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 200 }]}
          >
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item
            name="trainedOn"
            label={t('person.trainedOn')}
            rules={[
              { required: true, message: t('common.required') },
              {
                validator: async (_, v: string | undefined) => {
                  if (v && v > today) throw new Error(t('person.trainedOnFuture'));
                },
              },
            ]}
          >
            <DateField max={today} />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name="passed" label={t('person.passed')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: true, label: t('person.passedYes') },
                { value: false, label: t('person.passedNo') },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={5}>
          <Form.Item
            name="validUntil"
            label={t('person.validUntil')}
            extra={
              passed && trainedOn
                ? t('person.validUntilDefault', {
                    date: formatDate(trainingValidUntil(trainedOn, limits.trainingValidDays)),
                    days: limits.trainingValidDays,
                  })
                : undefined
            }
            dependencies={['trainedOn']}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_, v: string | undefined) => {
                  const from = getFieldValue('trainedOn') as string | undefined;
                  if (v && from && v < from) throw new Error(t('person.validUntilBefore'));
                },
              }),
            ]}
          >
            <DateField min={trainedOn} />
          </Form.Item>
        </Col>
      </Row>
      <Button type="primary" htmlType="submit" loading={saving}>
        {t('person.addTraining')}
      </Button>
    </Form>
  );
}

/** One person: fields, whether they may inspect, the training records and the history. */
export function PersonDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [historyKey, setHistoryKey] = useState(0);
  const { data: p, error, loading, reload, setData } = useRequest(useCallback(() => peopleApi.get(id), [id]));
  const training = useRequest(useCallback(() => peopleApi.training(id), [id]));

  if (error && !p) return <LoadError error={error} onRetry={reload} />;
  if (!p) return loading ? <PageLoading /> : null;

  const fieldLabels: Record<string, string> = {
    name: t('person.name'),
    kind: t('person.kind'),
    phone: t('person.phone'),
    enterpriseId: t('person.enterprise'),
    venueId: t('person.venue'),
    departmentId: t('person.department'),
    regionId: t('registry.region'),
    certificateNumber: t('person.certificateNumber'),
    certificateExpiresOn: t('person.certificateExpiresOn'),
    assessmentPassedOn: t('person.assessmentPassedOn'),
    userId: t('person.user'),
  };

  const archive = async () => {
    try {
      setData(await peopleApi.archive(p.id));
      setHistoryKey((k) => k + 1);
      message.success(t('registry.archivedDone'));
    } catch (err) {
      message.error(errorText(err));
    }
  };

  const recordColumns: TableColumnsType<TrainingRecord> = [
    { title: t('person.trainedOn'), dataIndex: 'trainedOn', width: 130, render: (d: string) => formatDate(d) },
    { title: t('person.course'), dataIndex: 'course' },
    {
      title: t('person.passed'),
      dataIndex: 'passed',
      width: 90,
      render: (v: boolean) =>
        v ? <Tag color="green">{t('person.passedYes')}</Tag> : <Tag color="red">{t('person.passedNo')}</Tag>,
    },
    {
      title: t('person.validUntil'),
      key: 'validUntil',
      width: 170,
      render: (_, r) => (
        <Space size={4}>
          {r.validUntil ? formatDate(r.validUntil) : r.passed ? t('person.noEnd') : '—'}
          {r.current ? <Tag color="green">{t('person.trainingCurrent')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('registry.createdAt'), dataIndex: 'createdAt', width: 160, render: (d: string) => formatDateTime(d) },
  ];

  const afterChange = () => {
    reload();
    training.reload();
    setHistoryKey((k) => k + 1);
  };

  return (
    <>
      <RegistryDetailHeader
        back="/registry/people"
        name={p.name}
        archived={p.archived}
        tags={<InspectTag person={p} t={t} />}
        primaryEdit
        onEdit={p.abilities.edit ? () => setEditing(true) : null}
        onArchive={p.abilities.archive ? archive : null}
      />
      {p.certificateExpired ? (
        <Alert
          type="error"
          showIcon
          title={t('person.certificateExpiredAlert', { date: formatDate(p.certificateExpiresOn) })}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Card title={t('registry.basicInfo')} style={{ marginBottom: 16 }}>
        <Descriptions column={isMobile ? 1 : 3} size="small">
          <Descriptions.Item label={t('person.kind')}>{enumLabel(personKindLabels, p.kind, locale)}</Descriptions.Item>
          <Descriptions.Item label={t('person.phone')}>{p.phone}</Descriptions.Item>
          <Descriptions.Item label={t('registry.region')}>{p.region.name}</Descriptions.Item>
          {p.venue ? (
            <Descriptions.Item label={t('person.venue')}>
              {p.venue.name}（{p.venue.address}）
            </Descriptions.Item>
          ) : null}
          {p.enterprise ? (
            <Descriptions.Item label={t('person.enterprise')}>{p.enterprise.name}</Descriptions.Item>
          ) : null}
          {p.department ? (
            <Descriptions.Item label={t('person.department')}>{p.department.name}</Descriptions.Item>
          ) : null}
          {p.certificateNumber || p.certificateExpiresOn ? (
            <Descriptions.Item label={t('person.certificate')}>
              <Space wrap size={4}>
                {p.certificateNumber ?? '—'}
                <CertificateTag person={p} t={t} />
              </Space>
            </Descriptions.Item>
          ) : null}
          {p.kind === 'principal' || p.kind === 'safety_manager' ? (
            <Descriptions.Item label={t('person.assessmentPassedOn')}>
              {p.assessmentPassedOn ? (
                formatDate(p.assessmentPassedOn)
              ) : (
                <Tag color="orange">{t('person.notAssessed')}</Tag>
              )}
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('person.trainingValidUntil')}>
            {formatDate(p.trainingValidUntil)}
          </Descriptions.Item>
          <Descriptions.Item label={t('registry.updatedAt')}>{formatDateTime(p.updatedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('person.training')} style={{ marginBottom: 16 }}>
        <Alert
          type="info"
          showIcon
          title={t('person.inspectRule')}
          description={t('person.trainingAppendOnly')}
          style={{ marginBottom: 16 }}
        />
        {training.error && !training.data ? (
          <LoadError error={training.error} onRetry={training.reload} />
        ) : (
          <Table<TrainingRecord>
            rowKey="id"
            size="small"
            columns={recordColumns}
            dataSource={training.data?.items}
            loading={training.loading}
            pagination={false}
            scroll={{ x: 700 }}
            style={{ marginBottom: p.abilities.addTraining ? 24 : 0 }}
          />
        )}
        {p.abilities.addTraining ? (
          <AddTrainingForm personId={p.id} atVenue={p.venueId !== null} onAdded={afterChange} />
        ) : null}
      </Card>
      <Card title={t('registry.history')}>
        <AuditHistory key={historyKey} subjectType="person" subjectId={p.id} fieldLabels={fieldLabels} />
      </Card>
      <PersonFormDrawer
        open={editing}
        person={p}
        onClose={() => setEditing(false)}
        onSaved={(saved) => {
          setEditing(false);
          setData(saved);
          setHistoryKey((k) => k + 1);
        }}
      />
    </>
  );
}
