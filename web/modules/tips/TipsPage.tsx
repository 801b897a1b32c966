import { Segmented, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useNavigate } from 'react-router';
import { tipCategoryLabels, tipStatusLabels } from '../../../domain/tips/tips.ts';
import { formatDateTime } from '../../app/format.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { ListPage, ListTable } from '../../app/list/ListPage.tsx';
import { EnumFilter } from '../../app/list/filters.tsx';
import type { ListTypes } from '../../app/list/listState.ts';
import { useList } from '../../app/list/useList.ts';
import { type TipListItem, type TipListQuery, tipsApi } from './tips.api.ts';

type Filters = Omit<TipListQuery, 'page' | 'pageSize'>;
const types: ListTypes<Filters> = { status: 'string', category: 'string', overdue: 'string', open: 'string' };

export function TipStatusTag({ tip }: { tip: Pick<TipListItem, 'status' | 'overdue' | 'urgent'> }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Space size={4} wrap>
      {tip.urgent && tip.status !== 'closed' && tip.status !== 'merged' ? (
        <Tag color="red">{t('tips.urgent')}</Tag>
      ) : null}
      <Tag color={tip.status === 'closed' ? 'green' : tip.status === 'merged' ? 'default' : 'blue'}>
        {tipStatusLabels[tip.status][locale]}
      </Tag>
      {tip.overdue ? <Tag color="volcano">{t('tips.overdue')}</Tag> : null}
    </Space>
  );
}

/** /tips — the tips routed to the user's department or township; urgent ones first, then by deadline. */
export function TipsPage() {
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const list = useList(tipsApi.list, { types });
  const { filters } = list;
  const view = filters.overdue === 'true' ? 'overdue' : filters.open === 'true' ? 'open' : 'all';
  const columns: TableColumnsType<TipListItem> = [
    {
      title: t('tips.trackingCode'),
      dataIndex: 'trackingCode',
      width: 150,
      render: (v: string, r) => <Link to={`/tips/${r.id}`}>{v}</Link>,
    },
    {
      title: t('tips.category'),
      dataIndex: 'category',
      width: 170,
      render: (c: TipListItem['category']) => tipCategoryLabels[c][locale],
    },
    {
      title: t('tips.description'),
      dataIndex: 'description',
      render: (v: string) => <Typography.Text ellipsis={{ tooltip: v }}>{v}</Typography.Text>,
    },
    { title: t('tips.region'), dataIndex: 'regionName', width: 120 },
    { title: t('tips.department'), dataIndex: 'departmentName', width: 130 },
    { title: t('tips.createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
    { title: t('tips.dueAt'), dataIndex: 'dueAt', width: 150, render: (v: string) => formatDateTime(v) },
    { title: t('tips.status'), key: 'status', width: 180, render: (_, r) => <TipStatusTag tip={r} /> },
  ];
  const mobileColumns: TableColumnsType<TipListItem> = [
    {
      title: t('tips.title'),
      key: 'tip',
      render: (_, r) => (
        <Space orientation="vertical" size={2}>
          <Typography.Text strong>{tipCategoryLabels[r.category][locale]}</Typography.Text>
          <Typography.Text ellipsis>{r.description}</Typography.Text>
          <TipStatusTag tip={r} />
        </Space>
      ),
    },
  ];
  return (
    <ListPage
      title={t('tips.title')}
      error={list.error}
      hasData={Boolean(list.data)}
      onRetry={list.reload}
      filters={
        <Space wrap>
          <Segmented
            value={view}
            onChange={(v) =>
              list.set({
                open: v === 'open' ? 'true' : undefined,
                overdue: v === 'overdue' ? 'true' : undefined,
              })
            }
            options={[
              { value: 'all', label: t('tips.filter.all') },
              { value: 'open', label: t('tips.filter.open') },
              { value: 'overdue', label: t('tips.filter.overdue') },
            ]}
          />
          <EnumFilter
            labels={tipCategoryLabels}
            value={filters.category}
            onChange={(category) => list.set({ category })}
            placeholder={t('tips.category')}
            width={200}
          />
          <EnumFilter
            labels={tipStatusLabels}
            value={filters.status}
            onChange={(status) => list.set({ status })}
            placeholder={t('tips.status')}
            width={140}
          />
        </Space>
      }
    >
      <ListTable
        {...list.table}
        emptyText={list.table.emptyText ?? t('tips.empty')}
        columns={columns}
        mobileColumns={mobileColumns}
        scrollX={1100}
        onOpen={(r) => navigate(`/tips/${r.id}`)}
      />
    </ListPage>
  );
}
