import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Progress, Space, Table, Tag } from 'antd';
import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router';
import { chinaToday } from '../../../domain/dates.ts';
import { pipeMaterialLabels, renewalStatusLabels } from '../../../domain/registry/registry.ts';
import {
  type Milestone,
  fundSourceLabels,
  milestoneLabels,
  milestones,
  projectStatusLabels,
} from '../../../domain/renewal/projects.ts';
import { formatDate } from '../../app/format.ts';
import { applyFormError } from '../../app/http.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { LoadError, PageHeader, PageLoading } from '../../app/PageState.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { useRequest } from '../../app/useRequest.ts';
import { PhotoUpload } from '../hazards/index.ts';
import { PhotoGallery } from '../inspections/index.ts';
import { ProjectFormDrawer } from './ProjectFormDrawer.tsx';
import { wan } from './ProjectsPage.tsx';
import { type ProjectDetail, projectsApi } from './renewal.api.ts';
import { DateField } from '../../app/DateField.tsx';

type ReportValues = {
  progressPercent: number;
  note?: string;
  photoFileIds: string[];
} & Partial<Record<`doneOn_${Milestone}`, string>>;

/** 填报进度: percent, what was done, site photos, milestones done (acceptance only for the office and 住建). Phone-first. */
function ReportForm({ project, onSaved }: { project: ProjectDetail; onSaved: (p: ProjectDetail) => void }) {
  const t = useT();
  const locale = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReportValues>();
  const [saving, setSaving] = useState(false);
  const [uploading, setUploading] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const today = chinaToday();
  const open = milestones.filter((m) => m !== 'acceptance' || project.abilities.edit);

  const submit = async (v: ReportValues) => {
    setSaving(true);
    setError(null);
    try {
      const changed = open
        .filter((m) => (v[`doneOn_${m}`] || null) !== project.milestones.find((x) => x.milestone === m)?.doneOn)
        .map((m) => ({ milestone: m, doneOn: v[`doneOn_${m}`] || null }));
      const saved = await projectsApi.report(project.id, {
        progressPercent: v.progressPercent,
        note: v.note?.trim() || null,
        photoFileIds: v.photoFileIds ?? [],
        ...(changed.length ? { milestones: changed } : {}),
      });
      form.resetFields(['note', 'photoFileIds']);
      message.success(t('renewalProjects.reported'));
      onSaved(saved);
    } catch (err) {
      setError(applyFormError(form, err, { codeFields: { 'renewal.photo_not_found': ['photoFileIds'] } }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card size="small" title={t('renewalProjects.report')} style={{ marginBottom: 12 }}>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form<ReportValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          progressPercent: project.progressPercent,
          photoFileIds: [],
          ...Object.fromEntries(project.milestones.map((m) => [`doneOn_${m.milestone}`, m.doneOn ?? undefined])),
        }}
      >
        <Form.Item
          name="progressPercent"
          label={t('renewalProjects.progress')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <InputNumber min={0} max={100} precision={0} addonAfter="%" style={{ width: '100%' }} />
        </Form.Item>
        {open.map((m) => (
          <Form.Item
            key={m}
            name={`doneOn_${m}`}
            label={`${milestoneLabels[m][locale]} · ${t('renewalProjects.doneOn')}`}
          >
            <DateField max={today} />
          </Form.Item>
        ))}
        {project.abilities.edit ? null : <p className="ra-muted">{t('renewalProjects.acceptanceHint')}</p>}
        <Form.Item name="note" label={t('renewalProjects.reportNote')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <Form.Item name="photoFileIds" label={t('renewalProjects.photos')}>
          <PhotoUpload onUploadingChange={setUploading} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={saving} disabled={uploading > 0}>
          {t('renewalProjects.report')}
        </Button>
      </Form>
    </Card>
  );
}

/** 改造项目详情: facts, milestones, funds by source, covered segments and stations, progress reports with photos. */
export function ProjectDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const [editing, setEditing] = useState(false);
  const req = useRequest(useCallback(() => projectsApi.get(id), [id]));
  const p = req.data;
  if (req.error) return <LoadError error={req.error} onRetry={req.reload} />;
  if (!p) return <PageLoading />;

  return (
    <div>
      <PageHeader
        title={
          <Space wrap>
            <Link to="/renewal/projects" aria-label={t('menu.renewalProjects')}>
              <ArrowLeftOutlined />
            </Link>
            {p.name}
            <Tag>{projectStatusLabels[p.status][locale]}</Tag>
            {p.overdueMilestones.length ? <Tag color="red">{t('renewalProjects.behind')}</Tag> : null}
          </Space>
        }
        extra={
          p.abilities.edit ? (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('renewalProjects.edit')}
            </Button>
          ) : null
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={isMobile ? 1 : 3}>
          <Descriptions.Item label={t('renewalProjects.code')}>{p.code}</Descriptions.Item>
          <Descriptions.Item label={t('renewalProjects.planYear')}>{p.planYear}</Descriptions.Item>
          <Descriptions.Item label={t('renewalProjects.region')}>{p.region.name}</Descriptions.Item>
          <Descriptions.Item label={t('renewalProjects.operator')}>{p.operator.name}</Descriptions.Item>
          <Descriptions.Item label={t('renewalProjects.contractor')}>{p.contractor ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('renewalProjects.length')}>{p.lengthM}</Descriptions.Item>
          <Descriptions.Item label={t('renewalProjects.budget')}>
            {t('renewalProjects.wan', { n: wan(p.budgetYuan) })}
          </Descriptions.Item>
          <Descriptions.Item label={t('renewalProjects.received')}>
            <span style={p.receivedYuan > p.budgetYuan ? { color: '#cf1322' } : undefined}>
              {t('renewalProjects.wan', { n: wan(p.receivedYuan) })}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('renewalProjects.progress')}>
            <Progress percent={p.progressPercent} size="small" style={{ minWidth: 120 }} />
          </Descriptions.Item>
          {p.overBudgetReason ? (
            <Descriptions.Item label={t('renewalProjects.overBudgetReason')} span={3}>
              {p.overBudgetReason}
            </Descriptions.Item>
          ) : null}
          {p.note ? (
            <Descriptions.Item label={t('renewalProjects.note')} span={3}>
              {p.note}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      {p.abilities.report ? <ReportForm project={p} onSaved={req.setData} /> : null}
      <Card size="small" title={t('renewalProjects.milestones')} style={{ marginBottom: 12 }}>
        <Table
          size="small"
          rowKey="milestone"
          pagination={false}
          dataSource={p.milestones}
          columns={[
            {
              title: t('renewalProjects.milestone'),
              dataIndex: 'milestone',
              render: (m: Milestone) => milestoneLabels[m][locale],
            },
            {
              title: t('renewalProjects.plannedOn'),
              dataIndex: 'plannedOn',
              render: (d: string | null) => formatDate(d),
            },
            {
              title: t('renewalProjects.doneOn'),
              key: 'done',
              render: (_, m) =>
                m.doneOn ? (
                  formatDate(m.doneOn)
                ) : p.overdueMilestones.includes(m.milestone) ? (
                  <Tag color="red">{t('renewalProjects.behind')}</Tag>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('renewalProjects.funds')} style={{ marginBottom: 12 }}>
        <Table
          size="small"
          rowKey="source"
          pagination={false}
          dataSource={p.funds}
          columns={[
            {
              title: t('renewalProjects.fundSource'),
              dataIndex: 'source',
              render: (s: keyof typeof fundSourceLabels) => fundSourceLabels[s][locale],
            },
            { title: t('renewalProjects.planned'), dataIndex: 'plannedYuan', align: 'right' },
            { title: t('renewalProjects.received'), dataIndex: 'receivedYuan', align: 'right' },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{t('renewalProjects.budget')}</Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {p.plannedYuan}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                {p.receivedYuan} / {p.budgetYuan}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )}
        />
      </Card>
      <Card size="small" title={t('renewalProjects.segments')} style={{ marginBottom: 12 }}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={p.segments}
          scroll={{ x: 480 }}
          locale={{ emptyText: t('renewalProjects.none') }}
          columns={[
            {
              title: t('renewal.code'),
              dataIndex: 'code',
              render: (c: string, s) => <Link to={`/pipelines/${s.id}`}>{c}</Link>,
            },
            { title: t('renewal.name'), dataIndex: 'name' },
            {
              title: t('renewal.material'),
              dataIndex: 'material',
              render: (m: keyof typeof pipeMaterialLabels) => pipeMaterialLabels[m]?.[locale] ?? m,
            },
            { title: t('renewal.length'), dataIndex: 'lengthM' },
            {
              title: t('renewal.status'),
              dataIndex: 'renewalStatus',
              render: (s: keyof typeof renewalStatusLabels) => renewalStatusLabels[s][locale],
            },
          ]}
        />
        {p.facilities.length ? (
          <p style={{ marginTop: 8 }}>
            {t('renewalProjects.facilities')}：{p.facilities.map((f) => f.name).join('、')}
          </p>
        ) : null}
      </Card>
      <Card size="small" title={t('renewalProjects.reports')}>
        {p.reports.length === 0 ? <p className="ra-muted">{t('renewalProjects.none')}</p> : null}
        {p.reports.map((r) => (
          <div key={r.id} style={{ borderBottom: '1px solid #f0f0f0', padding: '8px 0' }}>
            <div>
              <strong>{formatDate(r.reportedOn)}</strong> · {r.progressPercent}% · {r.reportedByName}
            </div>
            {r.note ? <div>{r.note}</div> : null}
            <PhotoGallery ids={r.photoFileIds} size={isMobile ? 72 : 96} />
          </div>
        ))}
      </Card>
      {p.abilities.edit ? (
        <ProjectFormDrawer
          open={editing}
          project={p}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            req.setData(saved);
          }}
        />
      ) : null}
    </div>
  );
}
