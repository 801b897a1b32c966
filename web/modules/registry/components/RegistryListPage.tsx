import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Input,
  type PaginationProps,
  Popconfirm,
  Select,
  Space,
  Table,
  type TableColumnsType,
  type TablePaginationConfig,
  Tag,
} from 'antd';
import { type CSSProperties, type ReactNode, useCallback, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { errorText } from '../../../app/http.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { EmptyState, LoadError, PageHeader } from '../../../app/PageState.tsx';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { useRequest } from '../../../app/useRequest.ts';
import { EnterpriseSelect } from './EnterpriseSelect.tsx';
import { enumOptions } from './enumOptions.ts';
import { RegionTreeSelect } from './RegionTreeSelect.tsx';
import type { TabularFilters } from './tabular.api.ts';
import { TabularActions } from './TabularButtons.tsx';

type PageQuery = { page: number; pageSize: number };
/** `totalCapped`: the server stopped counting at `total` (the venues list, past 1,000 matches): shown as 1000+. */
type Paged = { items: unknown[]; total: number; totalCapped?: boolean };

/** A register list's state: its filters, the page, the answer, and the table's paging and empty text. */
export type RegistryList<F, P extends Paged> = {
  filters: F;
  /** The filters the list was asked with (the filters, or what `derive` made of them); also the export's. */
  query: F;
  /** Changes some filters and goes back to the first page. */
  set(patch: Partial<F>): void;
  firstPage(): void;
  data: P | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  /** Any filter set (the empty list then says 无匹配结果). */
  filtered: boolean;
  /** For RegistryTable / FacilitiesTable / LicencesTable: the rows, loading, server-side paging, empty text. */
  table: {
    items: P['items'] | undefined;
    loading: boolean;
    pagination: PaginationProps;
    emptyText: string | undefined;
  };
};

/**
 * Filters and server-side paging for a register list: a filter change goes back to page 1, so does a
 * new page size. `list` must keep its identity (an api function); `derive` too (useCallback).
 */
export function useRegistryList<
  Q extends Partial<PageQuery>,
  P extends Paged,
  F extends object = Omit<Q, keyof PageQuery>,
>(list: (q: Q) => Promise<P>, derive?: (filters: F) => F): RegistryList<F, P> {
  const t = useT();
  const isMobile = useIsMobile();
  const [filters, setFilters] = useState<F>({} as F);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const query = useMemo(() => (derive ? derive(filters) : filters), [derive, filters]);
  const { data, error, loading, reload } = useRequest(
    useCallback(() => list({ ...query, page, pageSize } as unknown as Q), [list, query, page, pageSize]),
  );
  const filtered = Object.values(query).some((v) => v !== undefined);
  return {
    filters,
    query,
    set: (patch) => {
      setFilters((f) => ({ ...f, ...patch }));
      setPage(1);
    },
    firstPage: () => setPage(1),
    data,
    error,
    loading,
    reload,
    filtered,
    table: {
      items: data?.items,
      loading,
      emptyText: filtered ? t('common.noMatch') : undefined,
      pagination: {
        current: page,
        pageSize,
        total: data?.total ?? 0,
        showSizeChanger: !isMobile,
        size: isMobile ? 'small' : undefined,
        showTotal: (n) => (data?.totalCapped ? t('common.totalAtLeast', { n }) : t('common.total', { n })),
        onChange: (p, s) => {
          setPage(s !== pageSize ? 1 : p);
          setPageSize(s);
        },
      },
    },
  };
}

type RecordApi<D> = { get?: (id: string) => Promise<D>; archive: (id: string) => Promise<unknown> };

/**
 * A list's row actions and its create / edit drawer: 编辑 loads the full record first, 归档 reloads
 * the list; after a save a new record opens its page (`detailPath`), an edited one reloads the list.
 */
export function useRegistryRows<D extends { id: string }>({
  api,
  reload,
  detailPath,
}: {
  api: RecordApi<D>;
  reload: () => void;
  detailPath?: (id: string) => string;
}) {
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [drawer, setDrawer] = useState<{ record: D | null } | null>(null);
  const edit = async (row: { id: string }) => {
    if (!api.get) return;
    try {
      setDrawer({ record: await api.get(row.id) });
    } catch (err) {
      message.error(errorText(err));
    }
  };
  const archive = async (row: { id: string }) => {
    try {
      await api.archive(row.id);
      message.success(t('registry.archivedDone'));
      reload();
    } catch (err) {
      message.error(errorText(err));
    }
  };
  return {
    /** Open, and with the record to edit (null: a new one). */
    drawer,
    create: () => setDrawer({ record: null }),
    /** Edit a record the list already holds in full. */
    open: (record: D) => setDrawer({ record }),
    close: () => setDrawer(null),
    edit,
    archive,
    /**
     * The actions column of a manager's list: the row's own actions, then 编辑 and 归档, on a record
     * not archived.
     */
    actions: <T extends { id: string; archived: boolean }>(
      name: (row: T) => string,
      width = 120,
      own?: (row: T) => ReactNode,
      /** false: 编辑 only (a supervised party does not archive itself). */
      mayArchive = true,
    ) => ({
      width,
      render: (row: T) =>
        row.archived ? null : (
          <RowActions
            name={name(row)}
            wrap={Boolean(own)}
            onEdit={() => void edit(row)}
            onArchive={mayArchive ? () => archive(row) : null}
          >
            {own?.(row)}
          </RowActions>
        ),
    }),
    saved: (saved: { id: string }) => {
      const created = !drawer?.record;
      setDrawer(null);
      if (created && detailPath) navigate(detailPath(saved.id));
      else reload();
    },
  };
}

/**
 * A register page: title with 下载模板 / 导入 / 导出 Excel (the list's current filters) and 新增, the
 * filter bar, then the list (or its load error). `split` puts the filters in a card of their own
 * above the list (the venues' card list on a phone).
 */
export function RegistryListPage({
  title,
  tabularKind,
  list,
  create,
  head,
  filters,
  layout = 'card',
  children,
}: {
  title: string;
  /** The kind for import and export (/api/v1/registry/:kind/…). */
  tabularKind: string;
  list: Pick<RegistryList<object, Paged>, 'query' | 'data' | 'error' | 'reload'>;
  /** The 新增 button, for a user who may create. */
  create?: { label: string; onClick: () => void } | null;
  /** Above the filters, in the same card (tabs, a notice). */
  head?: ReactNode;
  filters: ReactNode;
  layout?: 'card' | 'split';
  children: ReactNode;
}) {
  const isMobile = useIsMobile();
  const body = list.error && !list.data ? <LoadError error={list.error} onRetry={list.reload} /> : children;
  return (
    <>
      <PageHeader
        title={title}
        extra={
          <Space wrap>
            <TabularActions
              kind={tabularKind}
              title={title}
              filters={list.query as TabularFilters}
              onImported={list.reload}
              size={isMobile ? 'small' : 'middle'}
            />
            {create ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={create.onClick}>
                {create.label}
              </Button>
            ) : null}
          </Space>
        }
      />
      {layout === 'split' ? (
        <>
          <Card size="small" style={{ marginBottom: 12 }}>
            {head}
            <div className="ra-filters">{filters}</div>
          </Card>
          {body}
        </>
      ) : (
        <Card>
          {head}
          <div className="ra-toolbar">{filters}</div>
          {body}
        </Card>
      )}
    </>
  );
}

/**
 * A register table: its columns (others on a phone, where a row opens the record), an actions column
 * on a wide screen, server-side paging, an empty text that says whether the filters matched nothing.
 */
export function RegistryTable<T extends { id: string }>({
  items,
  loading,
  pagination,
  emptyText,
  columns,
  mobileColumns,
  actions,
  scrollX,
  onOpen,
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
      rowKey="id"
      size="middle"
      columns={shown}
      dataSource={items}
      loading={loading}
      scroll={isMobile ? undefined : { x: scrollX }}
      onRow={(r) => (isMobile && onOpen ? { onClick: () => onOpen(r) } : {})}
      locale={{ emptyText: loading ? <span /> : <EmptyState description={emptyText} /> }}
      pagination={pagination}
    />
  );
}

/** 编辑 and 归档 (with its confirmation) for a row, after the row's own actions. */
export function RowActions({
  name,
  onEdit,
  onArchive,
  editIcon,
  wrap,
  children,
}: {
  /** The record's name in the confirmation. */
  name: string;
  onEdit?: (() => void) | null;
  onArchive?: (() => void | Promise<void>) | null;
  editIcon?: ReactNode;
  wrap?: boolean;
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <Space size={0} wrap={wrap}>
      {children}
      {onEdit ? (
        <Button type="link" size="small" icon={editIcon} onClick={onEdit}>
          {t('common.edit')}
        </Button>
      ) : null}
      {onArchive ? (
        <ArchiveConfirm name={name} onConfirm={onArchive}>
          <Button type="link" size="small" danger>
            {t('registry.archive')}
          </Button>
        </ArchiveConfirm>
      ) : null}
    </Space>
  );
}

/** 确定归档“…”？ before archiving a record (归档 in red, 取消). */
export function ArchiveConfirm({
  name,
  onConfirm,
  children,
}: {
  name: string;
  onConfirm: () => void | Promise<void>;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <Popconfirm
      title={t('registry.archiveConfirm', { name })}
      okText={t('registry.archive')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true }}
      onConfirm={onConfirm}
    >
      {children}
    </Popconfirm>
  );
}

/** A name with 已归档 after it when archived. */
export function ArchivedName({ archived, children }: { archived: boolean; children: ReactNode }) {
  const t = useT();
  return (
    <>
      {children}
      {archived ? <Tag style={{ marginInlineStart: 6 }}>{t('registry.archived')}</Tag> : null}
    </>
  );
}

type Filters<F> = Pick<RegistryList<F, Paged>, 'filters' | 'set'>;
const widthOf = (isMobile: boolean, width: number | undefined): CSSProperties => ({
  width: isMobile ? undefined : width,
});

/** The search box of a filter bar (the server matches names, numbers, phones…). */
export function SearchFilter({
  list,
  placeholder,
  width,
}: {
  list: Filters<{ q?: string }>;
  placeholder: string;
  width: number;
}) {
  const isMobile = useIsMobile();
  return (
    <Input.Search
      allowClear
      placeholder={placeholder}
      style={{ width: isMobile ? '100%' : width }}
      maxLength={50}
      onSearch={(v) => list.set({ q: v.trim() || undefined })}
    />
  );
}

/** The region filter (the user's scope as a tree). */
export function RegionFilter({
  list,
  width,
  placeholder,
}: {
  list: Filters<{ regionId?: string }>;
  width: number;
  placeholder?: string;
}) {
  const isMobile = useIsMobile();
  return (
    <RegionTreeSelect
      value={list.filters.regionId}
      onChange={(v) => list.set({ regionId: v })}
      placeholder={placeholder}
      style={widthOf(isMobile, width)}
    />
  );
}

/** A filter on one of a domain enum's values (labels in both languages). */
export function EnumFilter<K extends string>({
  labels,
  value,
  onChange,
  placeholder,
  width,
}: {
  labels: Record<K, { zh: string; en: string }>;
  value: K | undefined;
  onChange: (v: K | undefined) => void;
  placeholder: string;
  width: number;
}) {
  const locale = useLocale();
  const isMobile = useIsMobile();
  return (
    <Select<K>
      allowClear
      placeholder={placeholder}
      style={widthOf(isMobile, width)}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      options={enumOptions(labels, locale)}
    />
  );
}

/** A yes / no filter (unset: either). */
export function YesNoFilter({
  value,
  onChange,
  placeholder,
  yes,
  no,
  width,
}: {
  value: boolean | undefined;
  onChange: (v: boolean | undefined) => void;
  placeholder: string;
  yes: string;
  no: string;
  width: number;
}) {
  const isMobile = useIsMobile();
  return (
    <Select<'yes' | 'no'>
      allowClear
      placeholder={placeholder}
      style={widthOf(isMobile, width)}
      value={value === undefined ? undefined : value ? 'yes' : 'no'}
      onChange={(v) => onChange(v === undefined ? undefined : v === 'yes')}
      options={[
        { value: 'yes', label: yes },
        { value: 'no', label: no },
      ]}
    />
  );
}

/** The enterprise filter (a search over the enterprises in scope). */
export function EnterpriseFilter({
  list,
  placeholder,
  width,
}: {
  list: Filters<{ enterpriseId?: string }>;
  placeholder: string;
  width: number;
}) {
  return (
    <EnterpriseSelect
      placeholder={placeholder}
      value={list.filters.enterpriseId}
      onChange={(v) => list.set({ enterpriseId: v ?? undefined })}
      style={{ width }}
    />
  );
}

/** 显示已归档: archived records are left out unless asked for. */
export function ArchivedFilter({ list }: { list: Filters<{ archived?: boolean }> }) {
  const t = useT();
  return (
    <Checkbox
      checked={list.filters.archived === true}
      onChange={(e) => list.set({ archived: e.target.checked || undefined })}
    >
      {t('registry.showArchived')}
    </Checkbox>
  );
}
