import { Card, Table, type TableColumnsType, type TablePaginationConfig } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../i18n.ts';
import { EmptyState, LoadError, PageHeader } from '../PageState.tsx';
import { useIsMobile } from '../useIsMobile.ts';

/**
 * The app's list page: the title with the page's actions (export, import, 新增 …), the filter bar,
 * then the list — or its load error with 重试 when nothing is shown yet. `split` puts the filters in a
 * card of their own above the list (a card list on a phone); `card` holds both in one card; `plain`
 * puts them one after the other (a page whose filter bar has its own layout, like the ledger's).
 */
export function ListPage({
  title,
  actions,
  intro,
  head,
  filters,
  layout = 'card',
  error,
  hasData,
  onRetry,
  children,
}: {
  title: ReactNode;
  actions?: ReactNode;
  /** Between the title and the list, outside its card (what the page is for). */
  intro?: ReactNode;
  /** Above the filters, in the same card (tabs, a notice). */
  head?: ReactNode;
  filters?: ReactNode;
  layout?: 'card' | 'split' | 'plain';
  /** The list's load error: shown instead of the list while no rows are on screen. */
  error?: unknown;
  hasData?: boolean;
  onRetry?: () => void;
  children: ReactNode;
}) {
  const body = error && !hasData ? <LoadError error={error} onRetry={onRetry} /> : children;
  return (
    <>
      <PageHeader title={title} extra={actions} />
      {intro}
      {layout === 'plain' ? (
        <>
          {head}
          {filters}
          {body}
        </>
      ) : layout === 'split' ? (
        <>
          {head || filters ? (
            <Card size="small" style={{ marginBottom: 12 }}>
              {head}
              {filters ? <div className="ra-filters">{filters}</div> : null}
            </Card>
          ) : null}
          {body}
        </>
      ) : (
        <Card>
          {head}
          {filters ? <div className="ra-toolbar">{filters}</div> : null}
          {body}
        </Card>
      )}
    </>
  );
}

/**
 * The app's list table: its columns (others on a phone, where a row opens the record), an actions
 * column on a wide screen, server-side paging, an empty text that says whether the filters matched nothing.
 */
export function ListTable<T extends { id: string }>({
  items,
  loading,
  pagination,
  emptyText,
  columns,
  mobileColumns,
  actions,
  scrollX,
  onOpen,
  rowClassName,
  rowKey = 'id',
}: {
  items: T[] | undefined;
  loading?: boolean;
  pagination?: TablePaginationConfig | false;
  emptyText?: string;
  columns: TableColumnsType<T>;
  /** The columns on a phone (by default the same). */
  mobileColumns?: TableColumnsType<T>;
  /** The actions column on a wide screen (none: no actions). */
  actions?: { width: number; render: (row: T) => ReactNode } | null;
  /** The table's width on a wide screen (it scrolls sideways below it). */
  scrollX: number;
  /** A phone opens the record by tapping its row. */
  onOpen?: (row: T) => void;
  rowClassName?: (row: T) => string;
  rowKey?: keyof T & string;
}) {
  const t = useT();
  const isMobile = useIsMobile();
  const shown: TableColumnsType<T> = isMobile && mobileColumns ? mobileColumns : [...columns];
  if (actions && !isMobile) {
    shown.push({
      title: t('common.actions'),
      key: 'actions',
      width: actions.width,
      fixed: 'right',
      render: (_, r) => actions.render(r),
    });
  }
  return (
    <Table<T>
      rowKey={rowKey}
      size="middle"
      columns={shown}
      dataSource={items}
      loading={loading}
      scroll={isMobile ? undefined : { x: scrollX }}
      onRow={(r) => (isMobile && onOpen ? { onClick: () => onOpen(r) } : {})}
      rowClassName={rowClassName}
      locale={{ emptyText: loading ? <span /> : <EmptyState description={emptyText} /> }}
      pagination={pagination}
    />
  );
}
