import { Badge, Card, Segmented, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { alarmKinds } from '../../../domain/monitoring/rules.ts';
import { formatDateTime } from '../../app/format.ts';
import { type MessageKey, useT } from '../../app/i18n.ts';
import { LoadError, PageHeader } from '../../app/PageState.tsx';
import { useRequest } from '../../app/useRequest.ts';
import { type Alarm, monitoringApi } from './monitoring.api.ts';
import { useAlarmFeed } from './useAlarmFeed.ts';

export const levelColor = (level: string) => (level === 'alarm' ? 'red' : 'orange');

/** 报警处置: alarms in the user's scope, newest and highest first, updated live (with a cue for a new 报警). */
export function AlarmsPage() {
  const t = useT();
  const [status, setStatus] = useState<'not_closed' | 'all'>('not_closed');
  const [kind, setKind] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const list = useRequest(
    useCallback(
      () =>
        monitoringApi.alarms({
          ...(status === 'not_closed' ? { status } : {}),
          ...(kind ? { kind: kind as Alarm['kind'] } : {}),
          page,
          pageSize: 20,
        }),
      [status, kind, page],
    ),
  );
  const stats = useRequest(useCallback(() => monitoringApi.stats(), []));
  useAlarmFeed(() => {
    list.reload();
    stats.reload();
  });

  const columns: TableColumnsType<Alarm> = [
    {
      title: t('monitoring.level'),
      dataIndex: 'level',
      render: (level: string, a) => (
        <Tag color={levelColor(level)} data-testid={`alarm-level-${a.sensorCode}`}>
          {t(`monitoring.level.${level}` as MessageKey)}
        </Tag>
      ),
    },
    {
      title: t('monitoring.sensor'),
      dataIndex: 'sensorCode',
      render: (code: string, a) => <Link to={`/monitoring/alarms/${a.id}`}>{code}</Link>,
    },
    {
      title: t('monitoring.alarmKind'),
      dataIndex: 'kind',
      render: (k: string) => t(`monitoring.alarmKind.${k}` as MessageKey),
    },
    {
      title: t('monitoring.object'),
      dataIndex: 'objectName',
      responsive: ['md'],
      render: (v: string | null) => v ?? '—',
    },
    { title: t('monitoring.raisedAt'), dataIndex: 'raisedAt', render: (v: string) => formatDateTime(v) },
    {
      title: t('monitoring.active'),
      dataIndex: 'active',
      responsive: ['md'],
      render: (v: boolean) => (
        <Badge status={v ? 'error' : 'success'} text={t(v ? 'monitoring.activeYes' : 'monitoring.activeNo')} />
      ),
    },
    {
      title: t('monitoring.status'),
      dataIndex: 'status',
      render: (s: string, a) => (
        <Space size={4} wrap>
          <Tag>{t(`monitoring.status.${s}` as MessageKey)}</Tag>
          {a.escalationLevel > 0 && a.status === 'open' ? (
            <Tag color="volcano">{t(`monitoring.escalation.${a.escalationLevel}` as MessageKey)}</Tag>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('monitoring.alarms')} extra={<Badge status="processing" text={t('monitoring.live')} />} />
      {stats.data ? (
        <Card size="small" title={t('monitoring.stats')} style={{ marginBottom: 12 }}>
          <Space wrap>
            {stats.data.byKind.map((k) => (
              <Tag key={k.key}>
                {t(`monitoring.alarmKind.${k.key}` as MessageKey)} {k.count}
              </Tag>
            ))}
            {stats.data.byTownship.slice(0, 7).map((k) => (
              <Tag key={k.key} color="blue">
                {k.name} {k.count}
              </Tag>
            ))}
          </Space>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t('monitoring.responseTimes', {
              a: stats.data.responseMinutes.acknowledge ?? '—',
              b: stats.data.responseMinutes.arrive ?? '—',
              c: stats.data.responseMinutes.close ?? '—',
            })}
          </Typography.Paragraph>
        </Card>
      ) : null}
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Segmented
            value={status}
            onChange={(v) => {
              setStatus(v as 'not_closed' | 'all');
              setPage(1);
            }}
            options={[
              { value: 'not_closed', label: t('monitoring.filter.notClosed') },
              { value: 'all', label: t('monitoring.filter.all') },
            ]}
          />
          <Select
            allowClear
            style={{ minWidth: 180 }}
            placeholder={t('monitoring.alarmKind')}
            value={kind}
            onChange={(v) => {
              setKind(v);
              setPage(1);
            }}
            options={alarmKinds.map((k) => ({ value: k, label: t(`monitoring.alarmKind.${k}` as MessageKey) }))}
          />
        </Space>
        {list.error ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <Table<Alarm>
            rowKey="id"
            size="small"
            loading={list.loading && !list.data}
            columns={columns}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: t('monitoring.empty') }}
            rowClassName={(a) => (a.level === 'alarm' && a.status === 'open' ? 'alarm-row-high' : '')}
            onRow={(a) => ({
              style: a.level === 'alarm' && a.status === 'open' ? { background: '#fff1f0' } : undefined,
            })}
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
