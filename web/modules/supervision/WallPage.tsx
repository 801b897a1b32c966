import { ConfigProvider, theme } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { formatTime } from '../../app/format.ts';
import { useT } from '../../app/i18n.ts';
import { useRequest } from '../../app/useRequest.ts';
import { EChart } from './EChart.tsx';
import { LiveAlarms } from './LiveAlarms.tsx';
import { useSession } from '../../app/session.tsx';
import { useCountyMap } from './useCountyMap.ts';
import { majorMapOption, townshipOption, trendOption } from './charts.ts';
import { decisionList, figureList } from './DashboardPage.tsx';
import { supervisionApi } from './supervision.api.ts';

const panel: React.CSSProperties = {
  background: 'rgba(10, 35, 70, 0.75)',
  border: '1px solid #1d4f8c',
  borderRadius: 6,
  padding: 12,
  display: 'flex',
  flexDirection: 'column',
  minHeight: 0,
};
const heading: React.CSSProperties = { color: '#7fc4ff', fontSize: 18, marginBottom: 6, letterSpacing: 1 };

/** 大屏: 1920×1080, dark, refreshes itself every 60 s, needs no interaction. */
export function WallPage() {
  const t = useT();
  const { can } = useSession();
  const { data, reload } = useRequest(useCallback(() => supervisionApi.dashboard(), []));
  const countyMap = useCountyMap();
  const [at, setAt] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => {
      reload();
      setAt(new Date());
    }, 60_000);
    return () => clearInterval(id);
  }, [reload]);
  const options = useMemo(
    () =>
      data
        ? {
            trend: trendOption(data, t, true),
            townships: townshipOption(data, t, true),
            map: majorMapOption(data, true, countyMap?.name ?? null),
          }
        : null,
    [data, t, countyMap],
  );
  return (
    <ConfigProvider theme={{ algorithm: theme.darkAlgorithm }}>
      <div
        data-wall
        style={{
          width: '100vw',
          height: '100vh',
          minWidth: 1280,
          background: 'radial-gradient(ellipse at top, #0b2a55 0%, #040e1f 70%)',
          color: '#e6f1ff',
          display: 'grid',
          gridTemplateRows: '64px 120px 1fr 1fr',
          gap: 12,
          padding: 16,
          boxSizing: 'border-box',
          overflow: 'hidden',
        }}
      >
        <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
          <div style={{ fontSize: 32, fontWeight: 600, letterSpacing: 4, color: '#9fd3ff' }}>{t('sv.wallTitle')}</div>
          <div style={{ fontSize: 16, color: '#7fa8d6' }}>
            {data ? `${t('sv.asOf')} ${data.asOf} · ` : ''}
            {t('sv.refreshed')} {formatTime(at)}
          </div>
        </div>
        {data && options ? (
          <>
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(9, 1fr)', gap: 12 }}>
              {figureList(data).map((f) => (
                <div key={f.key} style={{ ...panel, justifyContent: 'center', alignItems: 'center' }}>
                  <div style={{ color: '#7fa8d6', fontSize: 16 }}>{t(f.label)}</div>
                  <div
                    data-figure={f.key}
                    style={{
                      fontSize: 40,
                      fontWeight: 700,
                      color: f.key === 'overdue' || f.key === 'majorOpen' ? '#ff6b6b' : '#4fd1ff',
                    }}
                  >
                    {f.value}
                  </div>
                </div>
              ))}
            </div>
            <div style={{ display: 'grid', gridTemplateColumns: '2fr 2fr 1.2fr', gap: 12, minHeight: 0 }}>
              <div style={panel}>
                <div style={heading}>{t('sv.trend')}</div>
                <EChart option={options.trend} height="100%" theme="dark" name="trend" />
              </div>
              <div style={panel}>
                <div style={heading} data-map>{`${t('sv.majorMap')}（${data.majorHazards.length}）`}</div>
                <EChart option={options.map} height="100%" theme="dark" name="majors" map={countyMap} />
              </div>
              <div style={panel}>
                <div style={heading}>{t('sv.decisions')}</div>
                {decisionList(data).map((d) => (
                  <div
                    key={d.key}
                    style={{
                      display: 'flex',
                      justifyContent: 'space-between',
                      fontSize: 20,
                      padding: '8px 0',
                      borderBottom: '1px solid #173a66',
                    }}
                  >
                    <span>{t(d.label)}</span>
                    <span data-decision={d.key} style={{ color: d.value > 0 ? '#ff6b6b' : '#7fa8d6', fontWeight: 700 }}>
                      {d.value}
                    </span>
                  </div>
                ))}
              </div>
            </div>
            <div
              style={{
                display: 'grid',
                gridTemplateColumns: can('monitoring.read') ? '2fr 2fr 1.2fr' : '2fr 2fr',
                gap: 12,
                minHeight: 0,
              }}
            >
              <div style={panel}>
                <div style={heading}>{t('sv.overdueByTownship')}</div>
                <EChart option={options.townships} height="100%" theme="dark" name="townships" />
              </div>
              <div style={panel}>
                <div style={heading}>{t('sv.ranking')}</div>
                {data.ranking ? (
                  <table data-ranking style={{ width: '100%', fontSize: 18, borderCollapse: 'collapse' }}>
                    <thead>
                      <tr style={{ color: '#7fa8d6', textAlign: 'left' }}>
                        <th>{t('sv.rank')}</th>
                        <th>{t('sv.name')}</th>
                        <th>{t('sv.score')}</th>
                        <th>{t('sv.overdue')}</th>
                        <th>{t('sv.change')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.ranking.rows.map((r) => (
                        <tr key={r.rank} style={{ borderTop: '1px solid #173a66' }}>
                          <td>{r.rank}</td>
                          <td>{r.name}</td>
                          <td>{r.score.toFixed(1)}</td>
                          <td style={{ color: r.overdue ? '#ff6b6b' : undefined }}>{r.overdue}</td>
                          <td>{r.rankChange ? (r.rankChange > 0 ? `↑${r.rankChange}` : `↓${-r.rankChange}`) : '—'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : (
                  <div style={{ color: '#7fa8d6' }}>{t('sv.noRanking')}</div>
                )}
              </div>
              {can('monitoring.read') ? (
                <div style={panel}>
                  <div style={heading}>{t('sv.liveAlarms')}</div>
                  <LiveAlarms dark limit={10} />
                </div>
              ) : null}
            </div>
          </>
        ) : null}
      </div>
    </ConfigProvider>
  );
}
