import { Badge, Button, Card, Descriptions, Segmented, Space, Table, Tag } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { conditionKindsOf } from '../../../domain/monitoring/rules.ts';
import { formatDateTime } from '../../app/format.ts';
import { isNotFound } from '../../app/http.ts';
import { type MessageKey, useT } from '../../app/i18n.ts';
import { LoadError, NotFound, PageHeader, PageLoading } from '../../app/PageState.tsx';
import { useSession } from '../../app/session.tsx';
import { useRequest } from '../../app/useRequest.ts';
import { levelColor } from './AlarmsPage.tsx';
import { type Alarm, monitoringApi } from './monitoring.api.ts';
import { ReadingsChart } from './ReadingsChart.tsx';
import { RulesEditor } from './RulesEditor.tsx';
import { SensorFormDrawer } from './SensorFormDrawer.tsx';
import { useAlarmFeed } from './useAlarmFeed.ts';

const ranges = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 } as const;

/** One sensor: its latest value, rules with their basis, a chart of its readings with the thresholds, and its alarms. */
export function SensorPage() {
  const t = useT();
  const { can } = useSession();
  const [editing, setEditing] = useState(false);
  const { code = '' } = useParams();
  const [range, setRange] = useState<keyof typeof ranges>('day');
  const [tick, setTick] = useState(0);
  const sensor = useRequest(useCallback(() => monitoringApi.sensor(code), [code]));
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick asks for a fresh window
  const span = useMemo(() => ({ from: new Date(Date.now() - ranges[range]).toISOString() }), [range, tick]);
  const series = useRequest(useCallback(() => monitoringApi.readings(code, span), [code, span]));
  const alarms = useRequest(
    useCallback(() => monitoringApi.alarms({ sensorCode: code, page: 1, pageSize: 20 }), [code]),
  );
  useAlarmFeed(
    () => {
      sensor.reload();
      alarms.reload();
      setTick((n) => n + 1);
    },
    { cue: false },
  );
  if (sensor.error)
    return isNotFound(sensor.error) ? <NotFound /> : <LoadError error={sensor.error} onRetry={sensor.reload} />;
  if (!sensor.data) return <PageLoading />;
  const s = sensor.data;
  return (
    <>
      <PageHeader
        title={`${s.code} · ${s.name}`}
        extra={
          can('monitoring.manage') ? (
            <Button onClick={() => setEditing(true)}>{t('monitoring.sensorForm.edit')}</Button>
          ) : null
        }
      />
      <SensorFormDrawer
        open={editing}
        sensor={s}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          sensor.reload();
        }}
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('monitoring.kind')}>
            {t(`monitoring.sensorKind.${s.kind}` as MessageKey)}
          </Descriptions.Item>
          <Descriptions.Item label={t('monitoring.object')}>{s.objectName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('monitoring.status')}>
            <Badge
              status={s.online ? 'success' : 'default'}
              text={t(s.online ? 'monitoring.online' : 'monitoring.offline')}
            />
          </Descriptions.Item>
          <Descriptions.Item label={t('monitoring.lastValue')}>
            {s.lastValue === null ? '—' : `${s.lastValue} ${s.unit}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('monitoring.lastAt')}>{formatDateTime(s.lastAt)}</Descriptions.Item>
          <Descriptions.Item label={t('monitoring.interval')}>{s.intervalSeconds}</Descriptions.Item>
          <Descriptions.Item label={t('monitoring.basis')} span={3}>
            {s.rules.basis}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        size="small"
        title={t('monitoring.chart')}
        extra={
          <Segmented
            size="small"
            value={range}
            onChange={(v) => setRange(v as keyof typeof ranges)}
            options={(Object.keys(ranges) as (keyof typeof ranges)[]).map((k) => ({
              value: k,
              label: t(`monitoring.range.${k}` as MessageKey),
            }))}
          />
        }
        style={{ marginBottom: 12 }}
      >
        {series.error ? (
          <LoadError error={series.error} onRetry={series.reload} />
        ) : series.data ? (
          <ReadingsChart series={series.data} />
        ) : (
          <PageLoading rows={4} />
        )}
      </Card>
      <Card size="small" title={t('monitoring.rules.sensorTitle')} style={{ marginBottom: 12 }}>
        <RulesEditor
          unit={s.unit}
          kinds={conditionKindsOf(s.kind)}
          current={s.rules}
          existing={s.ruleOverrides ?? []}
          canEdit={can('monitoring.rules')}
          onSave={async (overrides, reason) => {
            await monitoringApi.setSensorRules(s.code, { overrides, reason });
            sensor.reload();
            setTick((n) => n + 1);
          }}
          onReset={async (reason) => {
            await monitoringApi.setSensorRules(s.code, { overrides: [], reason });
            sensor.reload();
            setTick((n) => n + 1);
          }}
        />
      </Card>
      <Card size="small" title={t('monitoring.alarms')}>
        <Table<Alarm>
          rowKey="id"
          size="small"
          dataSource={alarms.data?.items ?? []}
          loading={alarms.loading && !alarms.data}
          locale={{ emptyText: t('monitoring.empty') }}
          pagination={false}
          columns={[
            {
              title: t('monitoring.level'),
              dataIndex: 'level',
              render: (l: string) => <Tag color={levelColor(l)}>{t(`monitoring.level.${l}` as MessageKey)}</Tag>,
            },
            {
              title: t('monitoring.alarmKind'),
              dataIndex: 'kind',
              render: (k: string, a) => (
                <Link to={`/monitoring/alarms/${a.id}`}>{t(`monitoring.alarmKind.${k}` as MessageKey)}</Link>
              ),
            },
            { title: t('monitoring.raisedAt'), dataIndex: 'raisedAt', render: (v: string) => formatDateTime(v) },
            {
              title: t('monitoring.status'),
              dataIndex: 'status',
              render: (v: string) => <Space>{t(`monitoring.status.${v}` as MessageKey)}</Space>,
            },
          ]}
        />
      </Card>
    </>
  );
}
