import { Input, Select, Space, type TableColumnsType, Tag } from 'antd';
import { useCallback } from 'react';
import { Link, useNavigate } from 'react-router';
import { type FillRefusalCode, fillRefusalCodes, fillRefusalRules } from '../../../domain/cylinders/cylinders.ts';
import { formatDateTime } from '../../app/format.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { EnumFilter, PeriodFilter, YesNoFilter, filterWidth } from '../../app/list/filters.tsx';
import { ListPage, ListTable } from '../../app/list/ListPage.tsx';
import { useList } from '../../app/list/useList.ts';
import { useRequest } from '../../app/useRequest.ts';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { ExportButton, facilitiesApi } from '../registry/index.ts';
import { type FillListItem, type FillListQuery, cylindersApi } from './cylinders.api.ts';
import { cylinderPath } from './CylindersPage.tsx';
import './cylinders.css';

type Outcome = 'filled' | 'refused';
type Filters = {
  stationId?: string;
  from?: string;
  to?: string;
  operator?: string;
  code?: string;
  flagged?: boolean;
  retracted?: boolean;
  outcome?: Outcome;
  order?: 'asc' | 'desc';
};
type Row = FillListItem & { id: string };

const outcomeLabels: Record<Outcome, { zh: string; en: string }> = {
  filled: { zh: '充装', en: 'Filled' },
  refused: { zh: '拒绝充装', en: 'Refused' },
};

const yesNo = (v: boolean | undefined) => (v === undefined ? undefined : v ? 'true' : 'false');
/** The address's filters as the API takes them (flagged and retracted as 'true' / 'false'); the export takes the same. */
const apiFilters = (f: Filters): Omit<FillListQuery, 'page' | 'pageSize'> => ({
  ...f,
  flagged: yesNo(f.flagged),
  retracted: yesNo(f.retracted),
});
const fetchFills = async (q: Filters & { page: number; pageSize: number }) => {
  const res = await cylindersApi.fills({ ...apiFilters(q), page: q.page, pageSize: q.pageSize });
  return { ...res, items: res.items.map((x) => ({ ...x, id: x.eventId })) };
};

/** The cylinder's code, a link to its detail when a cylinder is registered under it. */
function CodeLink({ row }: { row: Row }) {
  const t = useT();
  return row.cylinderId ? (
    <Link className="ra-mono" to={cylinderPath(row.cylinderCode)}>
      {row.cylinderCode}
    </Link>
  ) : (
    <span className="ra-mono">
      {row.cylinderCode} <Tag>{t('cylinderFills.unregistered')}</Tag>
    </span>
  );
}

function OutcomeTag({ row }: { row: Row }) {
  const t = useT();
  const outcome =
    row.outcome === 'refused' ? (
      <Tag color="red">{t('cylinderFills.refused')}</Tag>
    ) : (
      <Tag color="green">{t('cylinderFills.filled')}</Tag>
    );
  // A record retracted by a later correcting event stays listed, marked as the cylinder's timeline marks it.
  return row.retracted ? (
    <>
      {outcome}
      <Tag>{t('cylinder.retracted')}</Tag>
    </>
  ) : (
    outcome
  );
}

/** The net weight, with the out-of-tolerance flag (the cylinder must not leave the station). */
function NetWeight({ row }: { row: Row }) {
  const t = useT();
  if (row.netWeightKg === null) return <span>—</span>;
  return (
    <span className={row.flagged ? 'ra-danger' : undefined}>
      {row.netWeightKg}
      {row.flagged ? (
        <>
          {' '}
          <Tag color="red">{t('cylinderFills.flagged')}</Tag>
        </>
      ) : null}
    </span>
  );
}

/**
 * 充装记录: a filling station's fills and the gate's refusals beside them, in the user's scope (an enterprise its
 * own stations, a regulator those it answers for), with filters in the address, paging, newest or oldest first,
 * and the same filtered list as .xlsx. A row's code opens the cylinder.
 */
export function FillsPage() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const list = useList<Filters & { page: number; pageSize: number }, Awaited<ReturnType<typeof fetchFills>>, Filters>(
    fetchFills,
    {
      types: {
        stationId: 'string',
        from: 'string',
        to: 'string',
        operator: 'string',
        code: 'string',
        flagged: 'boolean',
        retracted: 'boolean',
        outcome: 'string',
        order: 'string',
      },
    },
  );
  const stations = useRequest(
    useCallback(() => facilitiesApi.list({ kind: 'filling_station', page: 1, pageSize: 200 }), []),
  );
  const reasonsText = (codes: string[]) =>
    codes
      .map((c) =>
        (fillRefusalCodes as readonly string[]).includes(c) ? fillRefusalRules[c as FillRefusalCode][locale] : c,
      )
      .join('；');

  const columns: TableColumnsType<Row> = [
    { title: t('cylinderFills.at'), dataIndex: 'at', width: 150, render: (v: string) => formatDateTime(v) },
    { title: t('cylinderFills.outcome'), key: 'outcome', width: 100, render: (_, r) => <OutcomeTag row={r} /> },
    { title: t('cylinder.code'), key: 'code', width: 190, render: (_, r) => <CodeLink row={r} /> },
    { title: t('cylinderFills.station'), dataIndex: 'stationName', width: 200 },
    {
      title: t('cylinderFills.operator'),
      dataIndex: 'operatorName',
      width: 120,
      render: (v: string | null) => v ?? '—',
    },
    { title: t('cylinderFills.netWeight'), key: 'net', width: 150, render: (_, r) => <NetWeight row={r} /> },
    {
      title: t('cylinderFills.reasons'),
      dataIndex: 'reasons',
      width: 320,
      render: (v: string[]) => (v.length ? reasonsText(v) : null),
    },
  ];
  const mobileColumns: TableColumnsType<Row> = [
    {
      title: t('menu.cylinderFills'),
      key: 'card',
      render: (_, r) => (
        <div>
          <div>
            <CodeLink row={r} /> <OutcomeTag row={r} />
          </div>
          <div className="ra-muted">
            {formatDateTime(r.at)} · {r.stationName}
          </div>
          <div>
            {t('cylinderFills.operator')}：{r.operatorName ?? '—'} · {t('cylinderFills.netWeight')}：
            <NetWeight row={r} />
          </div>
          {r.reasons.length ? <div className="ra-danger">{reasonsText(r.reasons)}</div> : null}
        </div>
      ),
    },
  ];

  return (
    <ListPage
      title={t('menu.cylinderFills')}
      layout="split"
      intro={<p className="ra-muted">{t('cylinderFills.intro')}</p>}
      error={list.error ?? (list.data === undefined ? stations.error : undefined)}
      hasData={list.data !== undefined}
      onRetry={() => {
        list.reload();
        stations.reload();
      }}
      actions={
        <Space wrap>
          <ExportButton kind="/api/v1/filling/records" filters={apiFilters(list.query)} />
        </Space>
      }
      filters={
        <>
          <Select
            aria-label={t('cylinderFills.station')}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('cylinderFills.allStations')}
            loading={stations.loading}
            style={filterWidth(isMobile, 220)}
            value={list.filters.stationId}
            onChange={(stationId?: string) => list.set({ stationId })}
            options={(stations.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
          />
          <PeriodFilter list={list} fromLabel={t('cylinderFills.from')} toLabel={t('cylinderFills.to')} />
          <Input.Search
            key={`code:${list.filters.code ?? ''}`}
            aria-label={t('cylinderFills.codeSearch')}
            defaultValue={list.filters.code}
            allowClear
            maxLength={64}
            placeholder={t('cylinderFills.codeSearch')}
            style={filterWidth(isMobile, 180)}
            onSearch={(v) => list.set({ code: v.trim() || undefined })}
          />
          <Input.Search
            key={`operator:${list.filters.operator ?? ''}`}
            aria-label={t('cylinderFills.operatorSearch')}
            defaultValue={list.filters.operator}
            allowClear
            maxLength={50}
            placeholder={t('cylinderFills.operatorSearch')}
            style={filterWidth(isMobile, 150)}
            onSearch={(v) => list.set({ operator: v.trim() || undefined })}
          />
          <EnumFilter
            labels={outcomeLabels}
            placeholder={t('cylinderFills.outcome')}
            width={120}
            value={list.filters.outcome}
            onChange={(outcome) => list.set({ outcome })}
          />
          <YesNoFilter
            placeholder={t('cylinderFills.filterFlagged')}
            yes={t('cylinderFills.flaggedOnly')}
            no={t('cylinderFills.withinTolerance')}
            width={140}
            value={list.filters.flagged}
            onChange={(flagged) => list.set({ flagged })}
          />
          <YesNoFilter
            placeholder={t('cylinderFills.filterRetracted')}
            yes={t('cylinderFills.retractedOnly')}
            no={t('cylinderFills.standing')}
            width={140}
            value={list.filters.retracted}
            onChange={(retracted) => list.set({ retracted })}
          />
          <Select
            aria-label={t('cylinderFills.order')}
            style={filterWidth(isMobile, 120)}
            value={list.filters.order ?? 'desc'}
            onChange={(order: 'asc' | 'desc') => list.set({ order: order === 'desc' ? undefined : order })}
            options={[
              { value: 'desc', label: t('cylinderFills.newestFirst') },
              { value: 'asc', label: t('cylinderFills.oldestFirst') },
            ]}
          />
        </>
      }
    >
      <ListTable<Row>
        {...list.table}
        columns={columns}
        mobileColumns={mobileColumns}
        scrollX={1250}
        onOpen={(r) => (r.cylinderId ? navigate(cylinderPath(r.cylinderCode)) : undefined)}
      />
    </ListPage>
  );
}
