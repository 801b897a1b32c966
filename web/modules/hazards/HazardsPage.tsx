import { FileExcelOutlined, HistoryOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, List, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { errorText, downloadFile } from '../../app/http.ts';
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
import { type HazardListItem, hazardsApi } from './hazards.api.ts';
import { CreateHazardDrawer } from './CreateHazardDrawer.tsx';
import { FollowUpDialog } from './FollowUpDialog.tsx';
import { ImportLedgerDialog } from './ImportLedgerDialog.tsx';

/** 责任人 cell: the person and phone, else the responsible party. */
function Responsible({ h }: { h: HazardListItem }) {
  return (
    <>
      <div>{h.responsiblePersonName ?? h.responsibleParty ?? '—'}</div>
      {h.responsiblePhone ? <div style={{ fontSize: 12, color: 'rgba(0,0,0,.5)' }}>{h.responsiblePhone}</div> : null}
    </>
  );
}

/** /hazards — 隐患台账: the ledger in the usual layout, with filters, export of the filtered ledger and import of an old one. */
export function HazardsPage() {
  const t = useT();
  const isMobile = useIsMobile();
  const { can } = useSession();
  const { message } = App.useApp();
  const { query, filters, set } = useHazardFilters();
  const [importOpen, setImportOpen] = useState(false);
  const [createOpen, setCreateOpen] = useState(false);
  const [followUpOpen, setFollowUpOpen] = useState(false);
  const [exporting, setExporting] = useState(false);
  const key = JSON.stringify(query);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the query's JSON is the dependency
  const load = useCallback(() => hazardsApi.list({ ...query, pageSize: PAGE_SIZE }), [key]);
  const { data, error, loading, reload } = useRequest(load);
  const offset = (query.page - 1) * PAGE_SIZE;

  const exportLedger = async () => {
    setExporting(true);
    try {
      await downloadFile(hazardsApi.exportUrl(filters), '隐患台账.xlsx');
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setExporting(false);
    }
  };

  const columns = [
    {
      title: t('hazards.seq'),
      key: 'seq',
      width: 48,
      render: (_: unknown, __: HazardListItem, i: number) => offset + i + 1,
    },
    {
      title: t('hazards.object'),
      key: 'object',
      width: 140,
      render: (_: unknown, h: HazardListItem) => (
        <Link to={`/hazards/${h.id}`}>
          {h.objectName}
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,.45)' }}>{h.number}</div>
        </Link>
      ),
    },
    {
      title: t('hazards.region'),
      key: 'region',
      width: 80,
      render: (_: unknown, h: HazardListItem) => <Township h={h} />,
    },
    {
      title: t('hazards.description'),
      key: 'description',
      render: (_: unknown, h: HazardListItem) => (
        <>
          <div>{h.description}</div>
          <Space size={2} wrap>
            {h.reboundOfHazardId ? <Tag color="magenta">{t('hazards.rebound')}</Tag> : null}
            {h.escalationLevel > 0 ? (
              <Tag color={h.escalationLevel === 2 ? 'volcano' : 'gold'}>
                {t(h.escalationLevel === 2 ? 'hazards.escalationLevel2' : 'hazards.escalationLevel1')}
              </Tag>
            ) : null}
            {h.interimControlMissing ? <Tag color="red">{t('hazards.interimControlMissing')}</Tag> : null}
          </Space>
        </>
      ),
    },
    {
      title: t('hazards.severity'),
      dataIndex: 'severity',
      width: 90,
      render: (s: HazardListItem['severity'], h: HazardListItem) => (
        <Space size={2} wrap>
          <SeverityTag severity={s} />
          {h.listed ? <Tag color="volcano">{t('hazards.listed')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('hazards.department'), dataIndex: 'departmentName', width: 100, render: (v: string | null) => v ?? '—' },
    {
      title: t('hazards.responsible'),
      key: 'responsible',
      width: 112,
      render: (_: unknown, h: HazardListItem) => <Responsible h={h} />,
    },
    {
      title: t('hazards.deadline'),
      key: 'deadline',
      width: 120,
      render: (_: unknown, h: HazardListItem) => <DeadlineCell hazard={h} />,
    },
    {
      title: t('hazards.basis'),
      key: 'basis',
      width: 64,
      render: (_: unknown, h: HazardListItem) =>
        h.planRef ? (
          <Tooltip title={h.basis}>
            <Tag>{h.planRef}</Tag>
          </Tooltip>
        ) : (
          '—'
        ),
    },
    {
      title: t('hazards.status'),
      dataIndex: 'status',
      width: 76,
      // Always in view, also on a window narrower than the table.
      fixed: 'right' as const,
      render: (s: HazardListItem['status']) => <HazardStateTag status={s} />,
    },
  ];

  return (
    <>
      <ListPage
        title={t('hazards.title')}
        layout="plain"
        actions={
          <>
            {can('ledger.export') ? (
              <Button icon={<FileExcelOutlined />} loading={exporting} onClick={() => void exportLedger()}>
                {t('hazards.export')}
              </Button>
            ) : null}
            {can('hazard.manage') ? (
              <Button icon={<HistoryOutlined />} onClick={() => setFollowUpOpen(true)} data-testid="schedule-follow-up">
                {t('followUp.button')}
              </Button>
            ) : null}
            {can('hazard.manage') ? (
              <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)}>
                {t('hazards.import')}
              </Button>
            ) : null}
            {can('hazard.manage') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)}>
                {t('hazards.create')}
              </Button>
            ) : null}
          </>
        }
        filters={<HazardFilterBar query={query} set={set} />}
        error={error}
        hasData={false}
        onRetry={reload}
      >
        {isMobile ? (
          <List
            loading={loading}
            dataSource={data?.items ?? []}
            rowKey="id"
            locale={{ emptyText: <EmptyState description={t('hazards.empty')} /> }}
            pagination={{
              current: query.page,
              pageSize: PAGE_SIZE,
              total: data?.total ?? 0,
              onChange: (page) => set({ page: String(page) }),
              size: 'small',
            }}
            renderItem={(h, i) => (
              <Card size="small" style={{ marginBottom: 8 }} data-testid="hazard-card">
                <div style={{ marginBottom: 4 }}>
                  <Typography.Text type="secondary">{offset + i + 1}. </Typography.Text>
                  <Link to={`/hazards/${h.id}`}>
                    <strong>{h.objectName}</strong>
                  </Link>
                </div>
                <Space size={4} wrap style={{ marginBottom: 4 }}>
                  <SeverityTag severity={h.severity} />
                  {h.listed ? <Tag color="volcano">{t('hazards.listed')}</Tag> : null}
                  <HazardStateTag status={h.status} />
                  {h.planRef ? <Tag>{h.planRef}</Tag> : null}
                </Space>
                <div>{h.description}</div>
                <div style={{ fontSize: 12, color: 'rgba(0,0,0,.55)', marginTop: 4 }}>
                  {h.regionName ?? '—'}
                  {h.communityName ? `（${h.communityName}）` : ''} · {h.departmentName ?? ''} ·{' '}
                  {h.responsiblePersonName ?? h.responsibleParty}
                </div>
                <DeadlineCell hazard={h} />
              </Card>
            )}
          />
        ) : (
          <Table<HazardListItem>
            rowKey="id"
            size="middle"
            loading={loading}
            dataSource={data?.items ?? []}
            columns={columns}
            // The content area is 1008 px at 1280 px: the whole ledger fits without sideways scrolling there.
            scroll={{ x: 1000 }}
            rowClassName={(h) => (h.overdue ? 'ra-row-overdue' : '')}
            locale={{ emptyText: <EmptyState description={t('hazards.empty')} /> }}
            pagination={{
              current: query.page,
              pageSize: PAGE_SIZE,
              total: data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (n) => t('common.total', { n }),
              onChange: (page) => set({ page: String(page) }),
            }}
          />
        )}
      </ListPage>
      <ImportLedgerDialog open={importOpen} onClose={() => setImportOpen(false)} onImported={reload} />
      <CreateHazardDrawer open={createOpen} onClose={() => setCreateOpen(false)} />
      <FollowUpDialog open={followUpOpen} onClose={() => setFollowUpOpen(false)} onDone={reload} />
    </>
  );
}
