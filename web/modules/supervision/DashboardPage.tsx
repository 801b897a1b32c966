import { Card, Col, List, Row, Statistic, Table, Tag } from 'antd';
import { type ReactNode, useCallback, useEffect, useMemo } from 'react';
import { Link } from 'react-router';
import { useT } from '../../app/i18n.ts';
import { LoadError, PageHeader, PageLoading } from '../../app/PageState.tsx';
import { useRequest } from '../../app/useRequest.ts';
import { EChart } from './EChart.tsx';
import { LiveAlarms } from './LiveAlarms.tsx';
import { useSession } from '../../app/session.tsx';
import { useCountyMap } from './useCountyMap.ts';
import { majorMapOption, townshipOption, trendOption } from './charts.ts';
import { type Dashboard, supervisionApi } from './supervision.api.ts';

export const pct = (r: number | null) => (r === null ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`);
const OPEN = 'status=open,rectifying,submitted';

/** The figures with the list behind each (the ledger filtered, the progress page, the orders). */
export function figureList(d: Dashboard) {
  const f = d.figures;
  return [
    { key: 'registered', label: 'sv.registered', value: String(f.registered), to: '/progress' },
    { key: 'inspected', label: 'sv.inspected', value: String(f.inspected), to: '/progress' },
    { key: 'coverage', label: 'sv.coverage', value: pct(f.coverageRate), to: '/progress' },
    { key: 'found', label: 'sv.found', value: String(f.found), to: '/hazards' },
    { key: 'closed', label: 'sv.closed', value: String(f.closed), to: '/hazards?status=closed' },
    { key: 'closureRate', label: 'sv.closureRate', value: pct(f.closureRate), to: '/progress' },
    { key: 'open', label: 'sv.open', value: String(f.open), to: `/hazards?${OPEN}` },
    { key: 'overdue', label: 'sv.overdue', value: String(f.overdue), to: '/hazards?overdue=true' },
    { key: 'majorOpen', label: 'sv.majorOpen', value: String(f.majorOpen), to: `/hazards?severity=major&${OPEN}` },
  ] as const;
}

export function decisionList(d: Dashboard) {
  const x = d.decisions;
  return [
    { key: 'overdueOrders', label: 'sv.overdueOrders', value: x.overdueOrders, to: '/supervision/orders?overdue=true' },
    {
      key: 'answeredOrders',
      label: 'sv.answeredOrders',
      value: x.answeredOrders,
      to: '/supervision/orders?status=answered',
    },
    {
      key: 'escalatedHazards',
      label: 'sv.escalatedHazards',
      value: x.escalatedHazards,
      to: '/hazards/escalations?level=2',
    },
    {
      key: 'unlistedMajor',
      label: 'sv.unlistedMajor',
      value: x.unlistedMajorHazards,
      to: `/hazards?severity=major&listed=false&${OPEN}`,
    },
    { key: 'followUpsDue', label: 'sv.followUpsDue', value: x.followUpsDue, to: '/supervision/actions' },
  ] as const;
}

/** 指挥调度看板: the home of the office, leaders, townships and departments (each in its own scope). */
/** `escalations`: the ledger's 督办 line (the home page passes it to those who read hazards). */
export function DashboardPage({ escalations = null }: { escalations?: ReactNode } = {}) {
  const t = useT();
  const { can } = useSession();
  const { data, error, loading, reload } = useRequest(useCallback(() => supervisionApi.dashboard(), []));
  const due = useRequest(useCallback(() => supervisionApi.dueList(), []));
  const countyMap = useCountyMap();
  useEffect(() => {
    const id = setInterval(reload, 60_000);
    return () => clearInterval(id);
  }, [reload]);
  const options = useMemo(
    () =>
      data
        ? {
            trend: trendOption(data, t),
            townships: townshipOption(data, t),
            map: majorMapOption(data, false, countyMap?.name ?? null),
          }
        : null,
    [data, t, countyMap],
  );
  if (error && !data) return <LoadError error={error} onRetry={reload} />;
  if ((loading && !data) || !data || !options) return <PageLoading />;
  const mapPoints = data.majorHazards.filter((h) => h.lng !== null).length;

  return (
    <>
      <PageHeader title={`${t('sv.dashboard')}（${t('sv.asOf')} ${data.asOf}）`} />
      {escalations ? <div style={{ marginBottom: 12 }}>{escalations}</div> : null}
      <Row gutter={[12, 12]}>
        {figureList(data).map((f) => (
          <Col key={f.key} xs={12} sm={8}>
            <Link to={f.to} data-figure={f.key}>
              <Card size="small" hoverable>
                <Statistic
                  title={t(f.label)}
                  value={f.value}
                  valueStyle={f.key === 'overdue' || f.key === 'majorOpen' ? { color: '#cf1322' } : undefined}
                />
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('sv.decisions')} style={{ height: '100%' }}>
            <List
              size="small"
              dataSource={[...decisionList(data)]}
              renderItem={(d) => (
                <List.Item>
                  <Link
                    to={d.to}
                    data-decision={d.key}
                    style={{ display: 'flex', width: '100%', justifyContent: 'space-between' }}
                  >
                    <span>{t(d.label)}</span>
                    <Tag color={d.value > 0 ? 'red' : 'default'}>{d.value}</Tag>
                  </Link>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card size="small" title={t('sv.trend')}>
            <EChart option={options.trend} height={240} name="trend" />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={<Link to="/hazards?overdue=true">{t('sv.overdueByTownship')}</Link>}>
            <EChart option={options.townships} height={280} name="townships" />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={
              <Link
                to={`/hazards?severity=major&${OPEN}`}
                data-map={countyMap ? 'county' : 'axes'}
              >{`${t('sv.majorMap')}（${data.majorHazards.length}）`}</Link>
            }
          >
            {mapPoints ? (
              <EChart option={options.map} height={280} name="majors" map={countyMap} />
            ) : (
              <div style={{ height: 280, display: 'grid', placeItems: 'center', color: '#999' }}>
                {t('sv.noMapPoints')}
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={data.ranking ? <Link to="/supervision/bulletins">{t('sv.ranking')}</Link> : t('sv.ranking')}
          >
            {data.ranking ? (
              <Table
                data-ranking
                size="small"
                pagination={false}
                rowKey="rank"
                dataSource={data.ranking.rows}
                columns={[
                  { title: t('sv.rank'), dataIndex: 'rank', width: 60 },
                  { title: t('sv.name'), dataIndex: 'name' },
                  { title: t('sv.score'), dataIndex: 'score', width: 70 },
                  { title: t('sv.overdue'), dataIndex: 'overdue', width: 90 },
                  {
                    title: t('sv.change'),
                    dataIndex: 'rankChange',
                    width: 80,
                    render: (v: number | null) => (v ? (v > 0 ? `↑${v}` : `↓${-v}`) : '—'),
                  },
                ]}
              />
            ) : (
              <div style={{ color: '#999' }}>{t('sv.noRanking')}</div>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('sv.dueList')}>
            <Table
              data-due-list={due.data ? due.data.total : undefined}
              size="small"
              pagination={false}
              rowKey="objectId"
              loading={due.loading}
              locale={{ emptyText: t('sv.noDue') }}
              dataSource={due.data?.items ?? []}
              columns={[
                {
                  title: t('sv.name'),
                  dataIndex: 'name',
                  render: (v: string, r) =>
                    r.objectType === 'venue' ? <Link to={`/registry/venues/${r.objectId}`}>{v}</Link> : v,
                },
                {
                  title: '',
                  dataIndex: 'level',
                  width: 90,
                  render: (v: 'major' | 'high' | 'medium' | 'low') => (
                    <Tag color={{ major: 'red', high: 'orange', medium: 'gold', low: 'blue' }[v]}>
                      {t(`sv.level.${v}`)}
                    </Tag>
                  ),
                },
                {
                  title: t('sv.reasons'),
                  dataIndex: 'reasons',
                  responsive: ['md'],
                  render: (rs: { text: string }[]) => rs.map((r) => r.text).join('；'),
                },
                { title: t('sv.nextDue'), dataIndex: 'nextDueOn', width: 110 },
              ]}
            />
          </Card>
        </Col>
        {can('monitoring.read') ? (
          <Col xs={24} lg={12}>
            <Card size="small" title={<Link to="/monitoring/alarms">{t('sv.liveAlarms')}</Link>}>
              <LiveAlarms />
            </Card>
          </Col>
        ) : null}
      </Row>
    </>
  );
}
