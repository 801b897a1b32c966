import { Empty, List, Tag } from 'antd';
import { useCallback, useEffect } from 'react';
import { Link } from 'react-router';
import { formatDateTime } from '../../app/format.ts';
import { useT } from '../../app/i18n.ts';
import { subscribeLive } from '../../app/live.ts';
import { LoadError } from '../../app/PageState.tsx';
import { useRequest } from '../../app/useRequest.ts';
import { monitoringApi } from '../monitoring/index.ts';

/**
 * 实时报警: the alarms not closed in the caller's scope, newest first, reloaded whenever the live feed
 * (web/app/live.ts, `alarm.*` events) says one was raised, changed level, was handled or closed.
 * Shown to those who read monitoring; `dark` for the wall display.
 */
export function LiveAlarms({ dark = false, limit = 8 }: { dark?: boolean; limit?: number }) {
  const t = useT();
  const { data, error, reload } = useRequest(
    useCallback(() => monitoringApi.alarms({ status: 'not_closed', page: 1, pageSize: limit }), [limit]),
  );
  useEffect(() => subscribeLive(['alarm.'], () => reload()), [reload]);
  if (error && !data) return dark ? null : <LoadError error={error} onRetry={reload} />;
  const items = data?.items ?? [];
  const total = data?.total ?? 0;
  if (dark)
    return (
      <div data-live-alarms data-total={total} style={{ overflow: 'hidden', fontSize: 16 }}>
        {items.length === 0 ? <div style={{ color: '#7fa8d6' }}>{t('sv.noAlarms')}</div> : null}
        {items.map((a) => (
          <div
            key={a.id}
            style={{
              display: 'flex',
              justifyContent: 'space-between',
              borderTop: '1px solid #173a66',
              padding: '4px 0',
            }}
          >
            <span style={{ color: a.level === 'alarm' ? '#ff6b6b' : '#ffc53d' }}>
              {t(`sv.alarmLevel.${a.level}`)} · {t(`monitoring.alarmKind.${a.kind}`)}
            </span>
            <span>{a.objectName ?? a.sensorCode}</span>
            <span style={{ color: '#7fa8d6' }}>{formatDateTime(a.raisedAt).slice(5)}</span>
          </div>
        ))}
      </div>
    );
  return (
    <List
      data-live-alarms
      data-total={total}
      size="small"
      dataSource={items}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sv.noAlarms')} /> }}
      renderItem={(a) => (
        <List.Item>
          <Link
            to={`/monitoring/alarms/${a.id}`}
            style={{ display: 'flex', width: '100%', justifyContent: 'space-between', gap: 8 }}
          >
            <span>
              <Tag color={a.level === 'alarm' ? 'red' : 'orange'}>{t(`sv.alarmLevel.${a.level}`)}</Tag>
              {t(`monitoring.alarmKind.${a.kind}`)} · {a.objectName ?? a.sensorCode}
            </span>
            <span style={{ color: '#888' }}>{formatDateTime(a.raisedAt)}</span>
          </Link>
        </List.Item>
      )}
    />
  );
}
