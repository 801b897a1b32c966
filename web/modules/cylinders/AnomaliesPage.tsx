import { Alert, type TableColumnsType, Tag } from 'antd';
import { Link, useNavigate } from 'react-router';
import { type CylinderAnomalyKind, cylinderAnomalyLabels } from '../../../domain/cylinders/cylinders.ts';
import { formatDateTime } from '../../app/format.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { EnumFilter } from '../../app/list/filters.tsx';
import { ListPage, ListTable } from '../../app/list/ListPage.tsx';
import { useList } from '../../app/list/useList.ts';
import { type Anomaly, type AnomalyList, cylindersApi } from './cylinders.api.ts';
import { cylinderPath } from './CylindersPage.tsx';
import './cylinders.css';

const kindColor: Record<CylinderAnomalyKind, string> = {
  foreign_fill: 'orange',
  not_seen: 'gold',
  retired_seen: 'red',
  impossible_travel: 'purple',
};

type Filters = { kind?: CylinderAnomalyKind };

/** What an anomaly's details say, in words. */
function AnomalyDetails({ a }: { a: Anomaly }) {
  const t = useT();
  const d = a.details as Record<string, unknown>;
  if (a.kind === 'not_seen' && typeof d.lastSeenOn === 'string')
    return <span>{t('cylinderAnomaly.lastSeen', { day: d.lastSeenOn, days: Number(d.limitDays) })}</span>;
  return null;
}

/** 气瓶异常 (for market regulation): not seen for too long, filled at another's station, retired code seen again, impossible travel. */
export function AnomaliesPage() {
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const list = useList<Filters & { page: number; pageSize: number }, AnomalyList, Filters>(cylindersApi.anomalies, {
    types: { kind: 'string' },
  });
  const kind = (k: CylinderAnomalyKind) => <Tag color={kindColor[k]}>{cylinderAnomalyLabels[k][locale]}</Tag>;
  const columns: TableColumnsType<Anomaly> = [
    { title: t('cylinderAnomaly.kind'), dataIndex: 'kind', width: 200, render: kind },
    {
      title: t('cylinder.code'),
      dataIndex: 'code',
      width: 160,
      render: (code: string) => (
        <Link className="ra-mono" to={cylinderPath(code)}>
          {code}
        </Link>
      ),
    },
    { title: t('cylinderAnomaly.details'), key: 'details', render: (_, a) => <AnomalyDetails a={a} /> },
    {
      title: t('cylinderAnomaly.detectedAt'),
      dataIndex: 'detectedAt',
      width: 160,
      render: (v: string) => formatDateTime(v),
    },
  ];
  const mobileColumns: TableColumnsType<Anomaly> = [
    {
      title: t('cylinder.code'),
      key: 'card',
      render: (_, a) => (
        <div>
          <Link className="ra-mono" to={cylinderPath(a.code)} style={{ fontWeight: 500 }}>
            {a.code}
          </Link>{' '}
          {kind(a.kind)}
          <div>
            <AnomalyDetails a={a} />
          </div>
          <div className="ra-muted">{formatDateTime(a.detectedAt)}</div>
        </div>
      ),
    },
  ];
  return (
    <ListPage
      title={t('menu.cylinderAnomalies')}
      error={list.error}
      hasData={list.data !== undefined}
      onRetry={list.reload}
      intro={<Alert type="info" showIcon message={t('cylinderAnomaly.hint')} />}
      filters={
        <EnumFilter
          labels={cylinderAnomalyLabels}
          placeholder={t('cylinderAnomaly.kind')}
          width={220}
          value={list.filters.kind}
          onChange={(k) => list.set({ kind: k })}
        />
      }
    >
      <ListTable<Anomaly>
        {...list.table}
        columns={columns}
        mobileColumns={mobileColumns}
        scrollX={800}
        emptyText={t('cylinderAnomaly.empty')}
        onOpen={(a) => navigate(cylinderPath(a.code))}
      />
    </ListPage>
  );
}
