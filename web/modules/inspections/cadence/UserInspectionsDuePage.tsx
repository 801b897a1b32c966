import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Segmented, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { venueCategoryLabels } from '../../../../domain/registry/registry.ts';
import { formatDate } from '../../../app/format.ts';
import { downloadFile, errorText } from '../../../app/http.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { ListPage, ListTable } from '../../../app/list/ListPage.tsx';
import { filterWidth } from '../../../app/list/filters.tsx';
import type { ListTypes } from '../../../app/list/listState.ts';
import { useList } from '../../../app/list/useList.ts';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { EnterpriseSelect } from '../../registry/index.ts';
import { type UserInspectionRow, type UserInspectionsQuery, cadenceApi } from './cadence.api.ts';

type Filters = Omit<UserInspectionsQuery, 'page' | 'pageSize'>;
const types: ListTypes<Filters> = { supplierEnterpriseId: 'string', overdue: 'string' };
const defaults: Partial<Filters> = { overdue: 'true' };

/**
 * /inspections/user-inspections-due — 入户安检逾期用户 (城镇燃气管理条例 art. 17; CJJ 51-2016 3.5.1): an
 * operator's users in the user's scope whose next household inspection is past due (non-residential
 * yearly, residential every two years: the office's limits), or every user with its due day; by
 * supplier; exported as .xlsx. A card per user on a phone.
 */
export function UserInspectionsDuePage() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const list = useList(cadenceApi.userInspections, { types, defaults });
  const [exporting, setExporting] = useState(false);
  const overdueOnly = (list.filters.overdue ?? 'true') === 'true';

  const due = (r: UserInspectionRow) =>
    r.dueOn === null ? (
      <Tag color="red">{t('cadence.dueNow')}</Tag>
    ) : r.overdue ? (
      <Tag color="red">{t('cadence.overdueSince', { day: formatDate(r.dueOn) })}</Tag>
    ) : (
      formatDate(r.dueOn)
    );
  const interval = (r: UserInspectionRow) => t('cadence.everyMonths', { n: r.intervalMonths });
  const columns: TableColumnsType<UserInspectionRow> = [
    {
      title: t('cadence.user'),
      dataIndex: 'name',
      render: (v: string, r) => <Link to={`/venues/${r.venueId}`}>{v}</Link>,
    },
    {
      title: t('cadence.category'),
      dataIndex: 'category',
      width: 130,
      render: (c: UserInspectionRow['category']) => venueCategoryLabels[c][locale],
    },
    { title: t('cadence.township'), dataIndex: 'regionName', width: 120 },
    { title: t('cadence.supplier'), dataIndex: 'supplierName', width: 200 },
    { title: t('cadence.interval'), key: 'interval', width: 110, render: (_, r) => interval(r) },
    {
      title: t('cadence.lastHousehold'),
      dataIndex: 'lastOn',
      width: 130,
      render: (v: string | null) => (v ? formatDate(v) : t('cadence.never')),
    },
    { title: t('cadence.dueOn'), key: 'due', width: 170, render: (_, r) => due(r) },
  ];
  const mobileColumns: TableColumnsType<UserInspectionRow> = [
    {
      title: t('cadence.user'),
      key: 'm',
      render: (_, r) => (
        <Space orientation="vertical" size={2}>
          <Link to={`/venues/${r.venueId}`}>
            <Typography.Text strong>{r.name}</Typography.Text>
          </Link>
          <Typography.Text type="secondary">
            {venueCategoryLabels[r.category][locale]} · {r.regionName ?? '—'} · {interval(r)}
          </Typography.Text>
          <Typography.Text type="secondary">{r.supplierName ?? '—'}</Typography.Text>
          <span>
            {t('cadence.lastHousehold')}：{r.lastOn ? formatDate(r.lastOn) : t('cadence.never')}
          </span>
          <span>
            {t('cadence.dueOn')}：{due(r)}
          </span>
        </Space>
      ),
    },
  ];

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await downloadFile(
        cadenceApi.userInspectionsExportUrl({ ...list.filters, overdue: overdueOnly ? 'true' : 'false' }),
        overdueOnly ? '逾期未入户安检用户.xlsx' : '用户入户安检周期.xlsx',
      );
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setExporting(false);
    }
  };

  return (
    <ListPage
      title={t('cadence.users.title')}
      error={list.error}
      hasData={Boolean(list.data)}
      onRetry={list.reload}
      layout="split"
      intro={
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {t('cadence.users.intro')}
        </Typography.Paragraph>
      }
      actions={
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportXlsx} data-testid="cadence-export">
          {isMobile ? null : t('cadence.export')}
        </Button>
      }
      filters={
        <>
          <Segmented<'true' | 'false'>
            value={overdueOnly ? 'true' : 'false'}
            onChange={(v) => list.set({ overdue: v })}
            options={[
              { value: 'true', label: t('cadence.users.overdueOnly') },
              { value: 'false', label: t('cadence.users.all') },
            ]}
          />
          <EnterpriseSelect
            kinds={['pipeline_operator', 'bottled_operator']}
            placeholder={t('cadence.supplier')}
            style={filterWidth(isMobile, 240)}
            value={list.filters.supplierEnterpriseId ?? null}
            onChange={(v) => list.set({ supplierEnterpriseId: v ?? undefined })}
          />
        </>
      }
    >
      <ListTable<UserInspectionRow>
        {...list.table}
        emptyText={list.data && overdueOnly && !list.filtered ? t('cadence.users.emptyOverdue') : list.table.emptyText}
        columns={columns}
        mobileColumns={mobileColumns}
        scrollX={980}
      />
    </ListPage>
  );
}
