import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Input, InputNumber, Progress, Select, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { milestoneLabels, projectStatusLabels } from '../../../domain/renewal/projects.ts';
import { downloadFile, errorText } from '../../app/http.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { ListPage, ListTable } from '../../app/list/ListPage.tsx';
import { EnumFilter } from '../../app/list/filters.tsx';
import { useList } from '../../app/list/useList.ts';
import { useSession } from '../../app/session.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { EnterpriseSelect } from '../registry/index.ts';
import { RegionTreeSelect } from '../registry/index.ts';
import { ProjectFormDrawer } from './ProjectFormDrawer.tsx';
import { type Project, type ProjectFilters, projectsApi } from './renewal.api.ts';

type ProjectList = Awaited<ReturnType<typeof projectsApi.list>>;

export const wan = (yuan: number) => (yuan / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 2 });

const statusColor = { planned: 'default', in_progress: 'processing', accepted: 'cyan', done: 'green' } as const;

/** 管网改造项目: the list with filters, export, and the new-project form for the office and 住建. */
export function ProjectsPage() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { can } = useSession();
  const [creating, setCreating] = useState(false);
  const list = useList<ProjectFilters & { page: number; pageSize: number }, ProjectList>(projectsApi.list, {
    types: {
      regionId: 'string',
      operatorId: 'string',
      planYear: 'number',
      status: 'string',
      behindSchedule: 'string',
      q: 'string',
    },
  });
  const { filters } = list;

  const behind = (p: Project) =>
    p.overdueMilestones.length > 0 ? (
      <Tag color="red">
        {t('renewalProjects.behind')}：{p.overdueMilestones.map((m) => milestoneLabels[m][locale]).join('、')}
      </Tag>
    ) : null;
  const status = (p: Project) => <Tag color={statusColor[p.status]}>{projectStatusLabels[p.status][locale]}</Tag>;
  const received = (p: Project) => (
    <span style={p.receivedYuan > p.budgetYuan ? { color: '#cf1322' } : undefined}>
      {wan(p.receivedYuan)} / {wan(p.budgetYuan)}
    </span>
  );

  const columns: TableColumnsType<Project> = [
    { title: t('renewalProjects.code'), dataIndex: 'code', width: 130 },
    { title: t('renewalProjects.name'), dataIndex: 'name', width: 220 },
    { title: t('renewalProjects.planYear'), dataIndex: 'planYear', width: 90 },
    { title: t('renewalProjects.region'), key: 'region', width: 110, render: (_, p) => p.region.name },
    { title: t('renewalProjects.operator'), key: 'operator', width: 180, render: (_, p) => p.operator.name },
    { title: t('renewalProjects.length'), dataIndex: 'lengthM', width: 100 },
    {
      title: t('renewalProjects.fundsColumn'),
      key: 'funds',
      width: 170,
      render: (_, p) => received(p),
    },
    {
      title: t('renewalProjects.progress'),
      dataIndex: 'progressPercent',
      width: 130,
      render: (v: number) => <Progress percent={v} size="small" />,
    },
    {
      title: t('renewalProjects.status'),
      key: 'status',
      width: 220,
      render: (_, p) => (
        <>
          {status(p)}
          {behind(p)}
        </>
      ),
    },
  ];
  const mobileColumns: TableColumnsType<Project> = [
    {
      title: t('renewalProjects.name'),
      key: 'm',
      render: (_, p) => (
        <div>
          <div style={{ fontWeight: 500 }}>
            {p.name} <span className="ra-muted">{p.code}</span>
          </div>
          <div className="ra-muted">
            {p.region.name} · {p.operator.name} · {p.lengthM} m
          </div>
          <Progress percent={p.progressPercent} size="small" />
          <div>
            {status(p)}
            {behind(p)}
          </div>
        </div>
      ),
    },
  ];

  return (
    <ListPage
      title={t('renewalProjects.title')}
      intro={<p className="ra-muted">{t('renewalProjects.intro')}</p>}
      layout={isMobile ? 'split' : 'card'}
      error={list.error}
      hasData={list.data !== undefined}
      onRetry={list.reload}
      actions={
        <>
          {can('renewal.manage') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('renewalProjects.create')}
            </Button>
          ) : null}
          <Button
            icon={<DownloadOutlined />}
            onClick={() =>
              void downloadFile(projectsApi.exportUrl(list.query), '管网改造项目.xlsx').catch((err: unknown) =>
                message.error(errorText(err)),
              )
            }
          >
            {t('renewalProjects.export')}
          </Button>
        </>
      }
      filters={
        <>
          <Input.Search
            allowClear
            placeholder={t('renewalProjects.search')}
            defaultValue={filters.q}
            onSearch={(q) => list.set({ q: q || undefined })}
            style={{ width: isMobile ? '100%' : 200 }}
          />
          <RegionTreeSelect
            value={filters.regionId}
            onChange={(v) => list.set({ regionId: v })}
            placeholder={t('renewalProjects.region')}
            style={{ width: isMobile ? '100%' : 150 }}
          />
          <EnterpriseSelect
            placeholder={t('renewalProjects.operator')}
            kinds={['pipeline_operator']}
            value={filters.operatorId}
            onChange={(v) => list.set({ operatorId: v ?? undefined })}
            style={{ width: isMobile ? '100%' : 200 }}
          />
          <InputNumber
            placeholder={t('renewalProjects.planYear')}
            min={2020}
            max={2100}
            value={filters.planYear}
            onChange={(v) => list.set({ planYear: v ?? undefined })}
            style={{ width: isMobile ? '100%' : 110 }}
          />
          <EnumFilter
            labels={projectStatusLabels}
            placeholder={t('renewalProjects.status')}
            width={120}
            value={filters.status}
            onChange={(status) => list.set({ status })}
          />
          <Select
            allowClear
            placeholder={t('renewalProjects.behind')}
            value={filters.behindSchedule}
            onChange={(v) => list.set({ behindSchedule: v })}
            style={{ width: isMobile ? '100%' : 140 }}
            options={[
              { value: 'true', label: t('renewalProjects.behindOnly') },
              { value: 'false', label: t('renewalProjects.onSchedule') },
            ]}
          />
        </>
      }
    >
      <ListTable<Project>
        {...list.table}
        columns={columns}
        mobileColumns={mobileColumns}
        scrollX={1400}
        onOpen={(p) => navigate(`/renewal/projects/${p.id}`)}
      />
      <ProjectFormDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(p) => {
          setCreating(false);
          navigate(`/renewal/projects/${p.id}`);
        }}
      />
    </ListPage>
  );
}
