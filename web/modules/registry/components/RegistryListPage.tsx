import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Popconfirm, Space, Tag } from 'antd';
import { type ReactNode, useState } from 'react';
import { useNavigate } from 'react-router';
import { errorText } from '../../../app/http.ts';
import { useT } from '../../../app/i18n.ts';
import { ListPage, ListTable } from '../../../app/list/ListPage.tsx';
import { filterWidth } from '../../../app/list/filters.tsx';
import type { ListTypes } from '../../../app/list/listState.ts';
import { type List, type ListOptions, type Paged, useList } from '../../../app/list/useList.ts';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { EnterpriseSelect } from './EnterpriseSelect.tsx';
import { RegionTreeSelect } from './RegionTreeSelect.tsx';
import type { TabularFilters } from './tabular.api.ts';
import { TabularActions } from './TabularButtons.tsx';

/** A register list: the app's list (filters, sort and page in the address) with 显示已归档 read as a yes / no. */
export type RegistryList<F, P extends Paged> = List<F, P>;

/**
 * A register list's state: the app's useList, where every register list has a search (`q`), a region
 * and 显示已归档 (`archived`, a yes / no); `types` names the list's other filters.
 */
export function useRegistryList<
  Q extends { page?: number; pageSize?: number },
  P extends Paged,
  F extends { archived?: boolean } = Omit<Q, 'page' | 'pageSize'>,
>(
  list: (q: Q) => Promise<P>,
  options: Omit<ListOptions<NoInfer<F>>, 'types'> & {
    types: Omit<ListTypes<NoInfer<F>>, 'archived' | 'q' | 'regionId'>;
  },
): RegistryList<F, P> {
  return useList<Q, P, F>(list, {
    ...options,
    types: { archived: 'boolean', q: 'string', regionId: 'string', ...options.types } as unknown as ListTypes<F>,
  });
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
  return (
    <ListPage
      title={title}
      actions={
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
      head={head}
      filters={filters}
      layout={layout}
      error={list.error}
      hasData={Boolean(list.data)}
      onRetry={list.reload}
    >
      {children}
    </ListPage>
  );
}

/** A register table is the app's list table. */
export const RegistryTable = ListTable;

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

export { EnumFilter, SearchFilter, YesNoFilter } from '../../../app/list/filters.tsx';

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
      style={filterWidth(isMobile, width)}
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
