import { Badge, Button, Card, Input, Segmented, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { sensorKinds } from '../../../domain/monitoring/rules.ts';
import { formatDateTime } from '../../app/format.ts';
import { type MessageKey, useT } from '../../app/i18n.ts';
import { LoadError, PageHeader } from '../../app/PageState.tsx';
import { useSession } from '../../app/session.tsx';
import { useRequest } from '../../app/useRequest.ts';
import { levelColor } from './AlarmsPage.tsx';
import { type Sensor, monitoringApi } from './monitoring.api.ts';
import { TabularActions } from '../registry/index.ts';
import { SensorFormDrawer } from './SensorFormDrawer.tsx';
import { useAlarmFeed } from './useAlarmFeed.ts';

/** 监测点: the sensors in the user's scope with their latest value, online state and open alarms, updated live. */
export function SensorsPage() {
  const t = useT();
  const { can } = useSession();
  const [creating, setCreating] = useState(false);
  const [kind, setKind] = useState<Sensor['kind'] | undefined>();
  const [status, setStatus] = useState<'all' | 'alarm' | 'offline'>('all');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const list = useRequest(
    useCallback(
      () =>
        monitoringApi.sensors({
          ...(kind ? { kind } : {}),
          ...(status !== 'all' ? { status } : {}),
          ...(q ? { q } : {}),
          page,
          pageSize: 20,
        }),
      [kind, status, q, page],
    ),
  );
  useAlarmFeed(() => list.reload(), { cue: false });
  const columns: TableColumnsType<Sensor> = [
    {
      title: t('monitoring.sensor'),
      dataIndex: 'code',
      render: (code: string) => <Link to={`/monitoring/sensors/${encodeURIComponent(code)}`}>{code}</Link>,
    },
    {
      title: t('monitoring.kind'),
      dataIndex: 'kind',
      render: (k: string) => t(`monitoring.sensorKind.${k}` as MessageKey),
    },
    {
      title: t('monitoring.object'),
      dataIndex: 'objectName',
      responsive: ['md'],
      render: (v: string | null, s) => v ?? s.name,
    },
    {
      title: t('monitoring.lastValue'),
      dataIndex: 'lastValue',
      render: (v: number | null, s) => (v === null ? '—' : `${v} ${s.unit}`),
    },
    {
      title: t('monitoring.lastAt'),
      dataIndex: 'lastAt',
      responsive: ['md'],
      render: (v: string | null) => formatDateTime(v),
    },
    {
      title: t('monitoring.status'),
      key: 'state',
      render: (_: unknown, s) => (
        <Space size={4} wrap>
          <Badge
            status={s.online ? 'success' : 'default'}
            text={t(s.online ? 'monitoring.online' : 'monitoring.offline')}
          />
          {s.alarmLevel ? (
            <Tag color={levelColor(s.alarmLevel)}>{t(`monitoring.level.${s.alarmLevel}` as MessageKey)}</Tag>
          ) : null}
        </Space>
      ),
    },
  ];
  return (
    <>
      <PageHeader
        title={t('monitoring.sensors')}
        extra={
          <Space wrap>
            <TabularActions
              kind="/api/v1/sensors"
              title={t('monitoring.sensors')}
              filters={{ kind, status: status === 'all' ? undefined : status, q: q || undefined }}
              onImported={list.reload}
              importPermission="monitoring.manage"
            />
            {can('monitoring.manage') ? (
              <Button type="primary" onClick={() => setCreating(true)}>
                {t('monitoring.sensorForm.create')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <SensorFormDrawer open={creating} onClose={() => setCreating(false)} />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder={t('monitoring.sensor')}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
            style={{ width: 200 }}
          />
          <Select
            allowClear
            style={{ minWidth: 180 }}
            placeholder={t('monitoring.kind')}
            value={kind}
            onChange={(v) => {
              setKind(v);
              setPage(1);
            }}
            options={sensorKinds.map((k) => ({ value: k, label: t(`monitoring.sensorKind.${k}` as MessageKey) }))}
          />
          <Segmented
            value={status}
            onChange={(v) => {
              setStatus(v as typeof status);
              setPage(1);
            }}
            options={[
              { value: 'all', label: t('monitoring.filter.all') },
              { value: 'alarm', label: t('monitoring.level.alarm') },
              { value: 'offline', label: t('monitoring.offline') },
            ]}
          />
        </Space>
        {list.error ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <Table<Sensor>
            rowKey="id"
            size="small"
            loading={list.loading && !list.data}
            columns={columns}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: t('monitoring.sensorsEmpty') }}
            pagination={{
              current: page,
              pageSize: 20,
              total: list.data?.total ?? 0,
              onChange: setPage,
              showSizeChanger: false,
            }}
            scroll={{ x: true }}
          />
        )}
      </Card>
    </>
  );
}
