import { BlacklistFlag, useBlacklistFlags } from '../enforcement/index.ts';
import {
  Card,
  Col,
  DatePicker,
  Empty,
  List,
  Progress,
  Row,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { type FillRefusalCode, fillRefusalRules } from '../../../domain/cylinders/cylinders.ts';
import { chinaToday } from '../../../domain/dates.ts';
import { formatDateTime } from '../../app/format.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { subscribeLive } from '../../app/live.ts';
import { LoadError, PageHeader, PageLoading } from '../../app/PageState.tsx';
import { useRequest } from '../../app/useRequest.ts';
import { type Refusals, cylindersApi } from './cylinders.api.ts';
import { cylinderPath } from './CylindersPage.tsx';
import './cylinders.css';

type Station = Refusals['byStation'][number];
type Recent = { id: number; at: string; code: string; stationId: string; reasons: FillRefusalCode[] };

/** The newest refusals seen on the live feed during this visit (payload: code, station, reasons). */
function useRecentRefusals(onAny: () => void) {
  const [recent, setRecent] = useState<Recent[]>([]);
  const changed = useRef(onAny);
  changed.current = onAny;
  useEffect(
    () =>
      subscribeLive(['cylinder.fill_refused'], (m) => {
        if (!('payload' in m)) {
          changed.current();
          return;
        }
        const p = m.payload as { code?: unknown; stationId?: unknown; reasons?: unknown };
        if (typeof p.code === 'string' && typeof p.stationId === 'string' && Array.isArray(p.reasons)) {
          const row = {
            id: m.id,
            at: m.at,
            code: p.code,
            stationId: p.stationId,
            reasons: p.reasons as FillRefusalCode[],
          };
          setRecent((r) => [row, ...r.filter((x) => x.id !== m.id)].slice(0, 12));
        }
        changed.current();
      }),
    [],
  );
  return recent;
}

/**
 * 充装拒绝: the filling gate's refusals by station and by reason for a period (today by default),
 * for the office and market regulation; refusals arriving on the live feed update it without a reload.
 */
export function RefusalsPage() {
  const t = useT();
  const locale = useLocale();
  const today = chinaToday();
  const [range, setRange] = useState<[string, string]>([today, today]);
  const load = useCallback(() => cylindersApi.refusals({ from: range[0], to: range[1] }), [range]);
  const { data, error, loading, reload } = useRequest(load);
  // Many refusals in a burst: one reload after the burst (at most one a second).
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const scheduleReload = useCallback(() => {
    if (range[1] < today || timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      reload();
    }, 1000);
  }, [range, today, reload]);
  useEffect(() => () => (timer.current ? clearTimeout(timer.current) : undefined), []);
  const recent = useRecentRefusals(scheduleReload);
  const flags = useBlacklistFlags((data?.byStation ?? []).map((s) => s.enterpriseId));
  const stationNames = new Map((data?.byStation ?? []).map((s) => [s.stationId, s.stationName]));
  const reasonText = (code: FillRefusalCode) => fillRefusalRules[code][locale];

  const columns: TableColumnsType<Station> = [
    {
      title: t('cylinderRefusals.station'),
      key: 'station',
      render: (_, s) => (
        <div>
          <div style={{ fontWeight: 500 }}>{s.stationName}</div>
          <div className="ra-muted">
            {s.enterpriseName} <BlacklistFlag show={flags.has(s.enterpriseId)} />
          </div>
        </div>
      ),
    },
    { title: t('cylinderRefusals.count'), dataIndex: 'total', width: 90, align: 'right' },
    {
      title: t('cylinderRefusals.reasons'),
      key: 'reasons',
      render: (_, s) => (
        <Space size={[4, 4]} wrap>
          {s.byReason.map((r) => (
            <Tag key={r.code} color="red">
              {reasonText(r.code)} {r.count}
            </Tag>
          ))}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('menu.cylinderRefusals')}
        extra={
          <Space wrap>
            {range[1] >= today ? <span className="ra-refusal-live">{t('cylinderRefusals.live')}</span> : null}
            <DatePicker.RangePicker
              allowClear={false}
              inputReadOnly
              value={[dayjs(range[0]), dayjs(range[1])]}
              disabledDate={(d: Dayjs) => d.format('YYYY-MM-DD') > today}
              onChange={(v) => {
                if (v?.[0] && v[1]) setRange([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')]);
              }}
            />
          </Space>
        }
      />
      {error && !data ? (
        <LoadError error={error} onRetry={reload} />
      ) : !data ? (
        <PageLoading />
      ) : (
        <Row gutter={[12, 12]}>
          <Col xs={24} lg={8}>
            <Card size="small" loading={loading && !data}>
              <Statistic title={t('cylinderRefusals.total')} value={data.total} data-testid="refusals-total" />
            </Card>
            <Card size="small" title={t('cylinderRefusals.byReason')} style={{ marginTop: 12 }}>
              {data.byReason.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cylinderRefusals.none')} />
              ) : (
                data.byReason.map((r) => (
                  <div key={r.code} style={{ marginBottom: 8 }}>
                    <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                      <span>{reasonText(r.code)}</span>
                      <strong>{r.count}</strong>
                    </div>
                    <Progress
                      percent={data.total ? Math.round((r.count / data.total) * 100) : 0}
                      showInfo={false}
                      strokeColor="#c4271c"
                      size="small"
                    />
                  </div>
                ))
              )}
            </Card>
          </Col>
          <Col xs={24} lg={16}>
            <Card size="small" title={t('cylinderRefusals.byStation')}>
              <Table<Station>
                rowKey="stationId"
                size="small"
                columns={columns}
                dataSource={data.byStation}
                pagination={false}
                locale={{ emptyText: t('cylinderRefusals.none') }}
              />
            </Card>
            <Card size="small" title={t('cylinderRefusals.recent')} style={{ marginTop: 12 }}>
              <List<Recent>
                size="small"
                dataSource={recent}
                locale={{ emptyText: t('cylinderRefusals.waiting') }}
                renderItem={(r) => (
                  <List.Item key={r.id}>
                    <div>
                      <Link className="ra-mono" to={cylinderPath(r.code)}>
                        {r.code}
                      </Link>
                      <span className="ra-muted">
                        {' '}
                        · {stationNames.get(r.stationId) ?? ''} · {formatDateTime(r.at)}
                      </span>
                      <div className="ra-danger">{r.reasons.map(reasonText).join('；')}</div>
                    </div>
                  </List.Item>
                )}
              />
            </Card>
          </Col>
        </Row>
      )}
    </>
  );
}
