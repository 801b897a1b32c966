import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { caseSourceLabels, caseStatusLabels } from '../../../domain/enforcement/enforcement.ts';
import { formatDate } from '../../app/format.ts';
import { downloadFile, errorText } from '../../app/http.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { ListPage, ListTable } from '../../app/list/ListPage.tsx';
import { EnumFilter } from '../../app/list/filters.tsx';
import type { ListTypes } from '../../app/list/listState.ts';
import { useList } from '../../app/list/useList.ts';
import { useSession } from '../../app/session.tsx';
import { BlacklistFlag, DepartmentSelect, PeriodFilter, TownshipSelect, useBlacklistFlags } from './components.tsx';
import { type CaseFilters, type EnforcementCase, enforcementApi } from './enforcement.api.ts';

const types: ListTypes<CaseFilters> = {
  status: 'string',
  departmentId: 'string',
  enterpriseId: 'string',
  regionId: 'string',
  from: 'string',
  to: 'string',
};
const statusColor = { open: 'blue', decided: 'orange', closed: 'green' } as const;

export function CaseStatusTag({ c }: { c: Pick<EnforcementCase, 'status' | 'publishedAt'> }) {
  const locale = useLocale();
  const t = useT();
  return (
    <Space size={4} wrap>
      <Tag color={statusColor[c.status]}>{caseStatusLabels[c.status][locale]}</Tag>
      {c.publishedAt ? <Tag color="purple">{t('cases.published')}</Tag> : null}
    </Space>
  );
}

/** /cases — 执法案件: filtered by department, township, status and period; exported as .xlsx. */
export function CasesPage() {
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { can } = useSession();
  const list = useList(enforcementApi.cases, { types });
  const { filters } = list;
  const flags = useBlacklistFlags((list.data?.items ?? []).map((c) => c.enterpriseId));
  const [exporting, setExporting] = useState(false);

  const subject = (r: EnforcementCase) => (
    <Space size={4} wrap>
      <span>{r.subjectName}</span>
      <BlacklistFlag show={Boolean(r.enterpriseId && flags.has(r.enterpriseId))} />
    </Space>
  );
  const columns: TableColumnsType<EnforcementCase> = [
    {
      title: t('cases.number'),
      dataIndex: 'number',
      width: 210,
      render: (v: string, r) => <Link to={`/cases/${r.id}`}>{v}</Link>,
    },
    { title: t('cases.subject'), key: 'subject', render: (_, r) => subject(r) },
    { title: t('cases.department'), dataIndex: 'departmentName', width: 120 },
    { title: t('cases.region'), dataIndex: 'regionName', width: 110 },
    {
      title: t('cases.source'),
      dataIndex: 'source',
      width: 110,
      render: (s: EnforcementCase['source']) => caseSourceLabels[s][locale],
    },
    { title: t('cases.fineTotal'), dataIndex: 'fineTotal', width: 110, align: 'right' },
    { title: t('cases.openedOn'), dataIndex: 'openedOn', width: 110, render: (v: string) => formatDate(v) },
    { title: t('cases.status'), key: 'status', width: 170, render: (_, r) => <CaseStatusTag c={r} /> },
  ];
  const mobileColumns: TableColumnsType<EnforcementCase> = [
    {
      title: t('cases.title'),
      key: 'case',
      render: (_, r) => (
        <Space orientation="vertical" size={2}>
          <Typography.Text strong>{subject(r)}</Typography.Text>
          <Typography.Text type="secondary">
            {r.number} · {r.departmentName}
          </Typography.Text>
          <CaseStatusTag c={r} />
        </Space>
      ),
    },
  ];

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await downloadFile(enforcementApi.exportUrl(filters), '执法案件.xlsx');
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setExporting(false);
    }
  };

  return (
    <ListPage
      title={t('cases.title')}
      error={list.error}
      hasData={Boolean(list.data)}
      onRetry={list.reload}
      actions={
        <Space wrap>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportXlsx}>
            {t('cases.export')}
          </Button>
          {can('enforcement.manage') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/cases/new')}>
              {t('cases.open')}
            </Button>
          ) : null}
        </Space>
      }
      filters={
        <Space wrap>
          <DepartmentSelect
            value={filters.departmentId}
            onChange={(v) => list.set({ departmentId: v as string | undefined })}
            placeholder={t('cases.department')}
            width={160}
          />
          <TownshipSelect
            value={filters.regionId}
            onChange={(regionId) => list.set({ regionId })}
            placeholder={t('cases.region')}
            width={150}
          />
          <EnumFilter
            labels={caseStatusLabels}
            value={filters.status}
            onChange={(status) => list.set({ status })}
            placeholder={t('cases.status')}
            width={120}
          />
          <PeriodFilter from={filters.from} to={filters.to} onChange={(from, to) => list.set({ from, to })} />
        </Space>
      }
    >
      <ListTable
        {...list.table}
        emptyText={list.table.emptyText ?? t('cases.empty')}
        columns={columns}
        mobileColumns={mobileColumns}
        scrollX={1100}
        onOpen={(r) => navigate(`/cases/${r.id}`)}
      />
    </ListPage>
  );
}
