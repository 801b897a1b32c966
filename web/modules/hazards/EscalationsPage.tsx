import { ThunderboltOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, List, Segmented, Space, Table, Tag } from 'antd';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { formatDateTime } from '../../app/format.ts';
import { errorText } from '../../app/http.ts';
import { useT } from '../../app/i18n.ts';
import { ListPage } from '../../app/list/ListPage.tsx';
import { EmptyState } from '../../app/PageState.tsx';
import { useSession } from '../../app/session.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { useRequest } from '../../app/useRequest.ts';
import { HazardStateTag, SeverityTag } from '../inspections/index.ts';
import { DeadlineCell } from './components/DeadlineCell.tsx';
import { Township } from './components/Township.tsx';
import { HazardFilterBar } from './components/HazardFilterBar.tsx';
import { LEDGER_PAGE_SIZE as PAGE_SIZE, useHazardFilters } from './components/useHazardFilters.ts';
import { useRefreshEscalationCount } from './escalationCount.ts';
import { type HazardListItem, hazardsApi } from './hazards.api.ts';

function LevelTag({ level }: { level: number }) {
  const t = useT();
  return level >= 2 ? (
    <Tag color="volcano">{t('escalations.level2')}</Tag>
  ) : (
    <Tag color="gold">{t('escalations.level1')}</Tag>
  );
}

/**
 * 逾期督办 run by hand: the same run as the nightly one, over the hazards the user manages, after a
 * confirmation; says how many were examined and escalated, then reloads the list.
 */
function RunEscalationButton({ onDone }: { onDone: () => void }) {
  const t = useT();
  const { modal, message } = App.useApp();
  const [running, setRunning] = useState(false);
  const run = async () => {
    setRunning(true);
    try {
      const r = await hazardsApi.runEscalation();
      const text =
        r.escalated > 0
          ? t('escalations.runResult', {
              examined: r.examined,
              escalated: r.escalated,
              level1: r.level1,
              level2: r.level2,
            })
          : t('escalations.runNothing', { examined: r.examined });
      modal.success({ title: t('escalations.runDone'), content: <div data-testid="escalation-result">{text}</div> });
      onDone();
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setRunning(false);
    }
  };
  return (
    <Button
      type="primary"
      icon={<ThunderboltOutlined />}
      loading={running}
      data-testid="run-escalation"
      onClick={() =>
        modal.confirm({
          title: t('escalations.runConfirmTitle'),
          content: t('escalations.runConfirm'),
          okText: t('escalations.run'),
          cancelText: t('common.cancel'),
          onOk: () => void run(),
        })
      }
    >
      {t('escalations.run')}
    </Button>
  );
}

/** /hazards/escalations — 督办: open hazards escalated to the township and department, and to the campaign office. */
export function EscalationsPage() {
  const t = useT();
  const isMobile = useIsMobile();
  const { query, set } = useHazardFilters();
  const key = JSON.stringify(query);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the query's JSON is the dependency
  const load = useCallback(() => hazardsApi.escalations({ ...query, pageSize: PAGE_SIZE }), [key]);
  const { data, error, loading, reload } = useRequest(load);
  const { can } = useSession();
  const refreshCount = useRefreshEscalationCount();

  const columns = [
    {
      title: t('hazards.escalation'),
      dataIndex: 'escalationLevel',
      width: 150,
      render: (level: number) => <LevelTag level={level} />,
    },
    {
      title: t('hazards.object'),
      key: 'object',
      render: (_: unknown, h: HazardListItem) => (
        <Link to={`/hazards/${h.id}`}>
          {h.objectName}
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,.45)' }}>{h.description}</div>
        </Link>
      ),
    },
    {
      title: t('hazards.region'),
      key: 'region',
      width: 90,
      render: (_: unknown, h: HazardListItem) => <Township h={h} />,
    },
    { title: t('hazards.department'), dataIndex: 'departmentName', width: 110 },
    {
      title: t('hazards.severity'),
      dataIndex: 'severity',
      width: 70,
      render: (s: HazardListItem['severity']) => <SeverityTag severity={s} />,
    },
    {
      title: t('hazards.deadline'),
      key: 'deadline',
      width: 130,
      render: (_: unknown, h: HazardListItem) => <DeadlineCell hazard={h} />,
    },
    {
      title: t('hazards.status'),
      dataIndex: 'status',
      width: 80,
      render: (s: HazardListItem['status']) => <HazardStateTag status={s} />,
    },
    {
      title: t('escalations.escalatedAt'),
      dataIndex: 'escalatedAt',
      width: 150,
      render: (v: string | null) => formatDateTime(v),
    },
  ];

  return (
    <>
      <ListPage
        title={t('escalations.title')}
        layout="plain"
        actions={
          can('hazard.manage') ? (
            <RunEscalationButton
              onDone={() => {
                reload();
                refreshCount();
              }}
            />
          ) : null
        }
        head={
          <>
            <Alert type="info" showIcon title={t('escalations.hint')} style={{ marginBottom: 12 }} />
            <Segmented
              block={isMobile}
              style={{ marginBottom: 12 }}
              value={query.level ?? 'all'}
              onChange={(v) => set({ level: v === 'all' ? undefined : String(v) })}
              options={[
                { value: 'all', label: t('escalations.levelAll') },
                { value: '1', label: t('escalations.filter.level1') },
                { value: '2', label: t('escalations.filter.level2') },
              ]}
              aria-label={t('escalations.levelFilter')}
              data-testid="escalation-level"
            />
          </>
        }
        filters={<HazardFilterBar query={query} set={set} showStatus={false} />}
        error={error}
        hasData={false}
        onRetry={reload}
      >
        {isMobile ? (
          <List
            loading={loading}
            dataSource={data?.items ?? []}
            rowKey="id"
            locale={{ emptyText: <EmptyState /> }}
            pagination={{
              current: query.page,
              pageSize: PAGE_SIZE,
              total: data?.total ?? 0,
              onChange: (p) => set({ page: String(p) }),
              size: 'small',
            }}
            renderItem={(h) => (
              <Card size="small" style={{ marginBottom: 8 }}>
                <Space size={4} wrap>
                  <LevelTag level={h.escalationLevel} />
                  <SeverityTag severity={h.severity} />
                  <HazardStateTag status={h.status} />
                </Space>
                <div>
                  <Link to={`/hazards/${h.id}`}>
                    <strong>{h.objectName}</strong>
                  </Link>
                </div>
                <div>{h.description}</div>
                <div style={{ fontSize: 12, color: 'rgba(0,0,0,.55)', marginTop: 4 }}>
                  {h.regionName ?? '—'}
                  {h.communityName ? `（${h.communityName}）` : ''}
                  {h.departmentName ? ` · ${h.departmentName}` : ''}
                </div>
                <DeadlineCell hazard={h} />
              </Card>
            )}
          />
        ) : (
          <Table<HazardListItem>
            rowKey="id"
            loading={loading}
            dataSource={data?.items ?? []}
            columns={columns}
            scroll={{ x: 1000 }}
            locale={{ emptyText: <EmptyState /> }}
            pagination={{
              current: query.page,
              pageSize: PAGE_SIZE,
              total: data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (n) => t('common.total', { n }),
              onChange: (p) => set({ page: String(p) }),
            }}
          />
        )}
      </ListPage>
    </>
  );
}
