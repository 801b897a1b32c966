import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { previousMonth } from '../../../../domain/inspections/cadence.ts';
import { venueCategoryLabels } from '../../../../domain/registry/registry.ts';
import { chinaToday } from '../../../app/dates.ts';
import { formatDate } from '../../../app/format.ts';
import { downloadFile, errorText } from '../../../app/http.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { ListPage, ListTable } from '../../../app/list/ListPage.tsx';
import { filterWidth } from '../../../app/list/filters.tsx';
import type { ListTypes } from '../../../app/list/listState.ts';
import { useList } from '../../../app/list/useList.ts';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { type MonthlySelfQuery, type MonthlySelfRow, cadenceApi } from './cadence.api.ts';

type Filters = Omit<MonthlySelfQuery, 'page' | 'pageSize'>;
const types: ListTypes<Filters> = { month: 'string' };

/**
 * /inspections/monthly-self-missed — 未按月自查场所 (plan 五(一)2 每月一次全面自查): the venues in the user's
 * scope that signed no monthly self-inspection in the month (the month before this one by default),
 * with their last one; exported as .xlsx. A card per venue on a phone.
 */
export function MonthlySelfMissedPage() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const list = useList(cadenceApi.monthlySelf, { types });
  const [exporting, setExporting] = useState(false);
  const month = list.data?.month ?? list.filters.month ?? previousMonth(chinaToday());
  const thisMonth = chinaToday().slice(0, 7);

  const last = (r: MonthlySelfRow) => (r.lastOn ? formatDate(r.lastOn) : <Tag color="red">{t('cadence.never')}</Tag>);
  const columns: TableColumnsType<MonthlySelfRow> = [
    {
      title: t('cadence.venue'),
      dataIndex: 'name',
      render: (v: string, r) => <Link to={`/venues/${r.venueId}`}>{v}</Link>,
    },
    {
      title: t('cadence.category'),
      dataIndex: 'category',
      width: 140,
      render: (c: MonthlySelfRow['category']) => venueCategoryLabels[c][locale],
    },
    { title: t('cadence.township'), dataIndex: 'regionName', width: 140 },
    { title: t('cadence.lastMonthlySelf'), key: 'last', width: 160, render: (_, r) => last(r) },
  ];
  const mobileColumns: TableColumnsType<MonthlySelfRow> = [
    {
      title: t('cadence.venue'),
      key: 'm',
      render: (_, r) => (
        <Space orientation="vertical" size={2}>
          <Link to={`/venues/${r.venueId}`}>
            <Typography.Text strong>{r.name}</Typography.Text>
          </Link>
          <Typography.Text type="secondary">
            {venueCategoryLabels[r.category][locale]} · {r.regionName ?? '—'}
          </Typography.Text>
          <span>
            {t('cadence.lastMonthlySelf')}：{last(r)}
          </span>
        </Space>
      ),
    },
  ];

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await downloadFile(cadenceApi.monthlySelfExportUrl(list.filters), `未月度自查场所-${month}.xlsx`);
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setExporting(false);
    }
  };

  return (
    <ListPage
      title={t('cadence.monthlySelf.title')}
      error={list.error}
      hasData={Boolean(list.data)}
      onRetry={list.reload}
      intro={
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {t('cadence.monthlySelf.intro', { month })}
          {list.data && list.data.intervalMonths > 1
            ? ` ${t('cadence.monthlySelf.window', { n: list.data.intervalMonths, from: formatDate(list.data.from), to: formatDate(list.data.to) })}`
            : null}
        </Typography.Paragraph>
      }
      actions={
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportXlsx} data-testid="cadence-export">
          {isMobile ? null : t('cadence.export')}
        </Button>
      }
      filters={
        <DatePicker
          picker="month"
          allowClear={false}
          aria-label={t('cadence.month')}
          style={filterWidth(isMobile, 160)}
          value={dayjs(`${month}-01`)}
          // Only months that have ended, or this one so far.
          disabledDate={(d) => d.format('YYYY-MM') > thisMonth}
          onChange={(d) => list.set({ month: d ? d.format('YYYY-MM') : undefined })}
        />
      }
    >
      <ListTable<MonthlySelfRow>
        {...list.table}
        emptyText={list.data ? t('cadence.monthlySelf.empty', { month }) : undefined}
        columns={columns}
        mobileColumns={mobileColumns}
        scrollX={640}
      />
    </ListPage>
  );
}
