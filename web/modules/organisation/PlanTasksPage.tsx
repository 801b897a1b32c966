import { Card, Input, Select, Table, type TableColumnsType, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { type Locale, pick, useLocale, useT } from '../../app/i18n.ts';
import { EmptyState, LoadError, PageHeader, PageLoading } from '../../app/PageState.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { useRequest } from '../../app/useRequest.ts';
import { organisationApi, type PlanTask, type TaskDepartment } from './organisation.api.ts';

const ALL = 'all';

function DepartmentTags({
  departments,
  lead,
  locale,
}: {
  departments: TaskDepartment[];
  lead: boolean;
  locale: Locale;
}) {
  if (departments.length === 0) return <span className="ra-muted">—</span>;
  return (
    <span className="ra-tags">
      {departments.map((d) => (
        <Tooltip key={d.id} title={pick(d.name, d.nameEn, locale)}>
          <Tag color={lead ? 'blue' : undefined} variant={lead ? 'filled' : 'outlined'}>
            {locale === 'en' && d.nameEn ? d.nameEn : d.shortName}
          </Tag>
        </Tooltip>
      ))}
    </span>
  );
}

function TaskText({ task, locale }: { task: PlanTask; locale: Locale }) {
  const t = useT();
  return (
    <div>
      {locale === 'en' && task.summaryEn ? <p style={{ marginTop: 0 }}>{task.summaryEn}</p> : null}
      <p className="ra-task-text">{task.text}</p>
      {task.townshipsImplement ? (
        <Tag color="gold" style={{ marginTop: 8 }}>
          {t('plan.townships')}
        </Tag>
      ) : null}
    </div>
  );
}

function TaskCard({ task, locale }: { task: PlanTask; locale: Locale }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <Card size="small">
      <div style={{ fontWeight: 600, marginBottom: 8 }}>
        <Tag style={{ marginInlineEnd: 6 }}>{task.ref}</Tag>
        {pick(task.title, task.titleEn, locale)}
      </div>
      <div style={{ marginBottom: 4 }}>
        <span className="ra-muted">{t('plan.lead')}：</span>
        <DepartmentTags departments={task.leadDepartments} lead locale={locale} />
      </div>
      {task.supportDepartments.length > 0 ? (
        <div style={{ marginBottom: 4 }}>
          <span className="ra-muted">{t('plan.support')}：</span>
          <DepartmentTags departments={task.supportDepartments} lead={false} locale={locale} />
        </div>
      ) : null}
      {open ? (
        <div style={{ marginTop: 8 }}>
          <TaskText task={task} locale={locale} />
        </div>
      ) : null}
      <Typography.Link onClick={() => setOpen(!open)}>{open ? t('common.close') : t('plan.fullText')}</Typography.Link>
    </Card>
  );
}

export function PlanTasksPage() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState('');
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const { data, error, loading, reload } = useRequest(useCallback(() => organisationApi.planTasks(), []));

  const sections = useMemo(() => {
    const seen = new Map<string, { section: string; title: string; titleEn: string | null; count: number }>();
    for (const task of data ?? []) {
      const s = seen.get(task.section) ?? {
        section: task.section,
        title: task.sectionTitle,
        titleEn: task.sectionTitleEn,
        count: 0,
      };
      s.count++;
      seen.set(task.section, s);
    }
    return [...seen.values()];
  }, [data]);

  const departments = useMemo(() => {
    const byId = new Map<string, TaskDepartment>();
    for (const task of data ?? []) {
      for (const d of [...task.leadDepartments, ...task.supportDepartments]) byId.set(d.id, d);
    }
    return [...byId.values()].sort((a, b) => a.shortName.localeCompare(b.shortName, 'zh-CN'));
  }, [data]);

  const requested = params.get('section');
  const section = requested && sections.some((s) => s.section === requested) ? requested : ALL;
  const current = sections.find((s) => s.section === section);

  const tasks = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return (data ?? []).filter((task) => {
      if (section !== ALL && task.section !== section) return false;
      if (departmentId && ![...task.leadDepartments, ...task.supportDepartments].some((d) => d.id === departmentId)) {
        return false;
      }
      if (!needle) return true;
      return [task.ref, task.title, task.titleEn ?? '', task.text, task.summaryEn ?? ''].some((s) =>
        s.toLowerCase().includes(needle),
      );
    });
  }, [data, section, departmentId, text]);

  const columns: TableColumnsType<PlanTask> = [
    { title: t('plan.ref'), dataIndex: 'ref', width: 96 },
    {
      title: t('plan.task'),
      key: 'title',
      render: (_, task) => pick(task.title, task.titleEn, locale),
    },
    {
      title: t('plan.lead'),
      key: 'lead',
      width: '24%',
      render: (_, task) => <DepartmentTags departments={task.leadDepartments} lead locale={locale} />,
    },
    {
      title: t('plan.support'),
      key: 'support',
      width: '30%',
      render: (_, task) => <DepartmentTags departments={task.supportDepartments} lead={false} locale={locale} />,
    },
  ];

  if (error && !data) return <LoadError error={error} onRetry={reload} />;

  const setSection = (key: string) => {
    const next = new URLSearchParams(params);
    if (key === ALL) next.delete('section');
    else next.set('section', key);
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader
        title={t('plan.title')}
        extra={data ? <span className="ra-muted">{t('plan.count', { n: tasks.length })}</span> : null}
      />
      <Card styles={{ body: { paddingTop: 4 } }}>
        {loading && !data ? (
          <PageLoading />
        ) : (
          <>
            <Tabs
              activeKey={section}
              onChange={setSection}
              items={[
                { key: ALL, label: t('plan.allSections') },
                ...sections.map((s) => ({ key: s.section, label: s.section })),
              ]}
            />
            {current ? (
              <Typography.Paragraph strong style={{ marginTop: -4 }}>
                {current.section} {pick(current.title, current.titleEn, locale)}
              </Typography.Paragraph>
            ) : null}
            <div className="ra-toolbar">
              <Input.Search
                allowClear
                placeholder={t('plan.filterText')}
                style={{ width: 280 }}
                onSearch={setText}
                onChange={(e) => setText(e.target.value)}
              />
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('plan.filterDepartment')}
                style={{ width: 220 }}
                value={departmentId}
                onChange={setDepartmentId}
                options={departments.map((d) => ({
                  value: d.id,
                  label: locale === 'en' && d.nameEn ? d.nameEn : d.shortName,
                }))}
              />
            </div>
            {isMobile ? (
              tasks.length > 0 ? (
                <div className="ra-card-list">
                  {tasks.map((task) => (
                    <TaskCard key={task.ref} task={task} locale={locale} />
                  ))}
                </div>
              ) : (
                <EmptyState description={data?.length ? t('common.noMatch') : t('common.empty')} />
              )
            ) : (
              <Table<PlanTask>
                rowKey="ref"
                size={isMobile ? 'small' : 'middle'}
                columns={columns}
                dataSource={tasks}
                pagination={false}
                loading={loading}
                expandable={{
                  expandedRowRender: (task) => <TaskText task={task} locale={locale} />,
                  expandRowByClick: true,
                }}
                locale={{
                  emptyText: <EmptyState description={data?.length ? t('common.noMatch') : t('common.empty')} />,
                }}
              />
            )}
          </>
        )}
      </Card>
    </>
  );
}
