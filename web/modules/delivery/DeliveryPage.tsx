import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import {
  belowGroundLabels,
  cylinderSpecLabels,
  doorCheckItems,
  gasUserKindLabels,
  orderStatusLabels,
  refusalLabels,
  type RefusalCode,
} from '../../../domain/delivery/delivery.ts';
import { flagKindLabels } from '../../../domain/delivery/tracking.ts';
import { chinaToday } from '../../../domain/dates.ts';
import { formatDateTime } from '../../app/format.ts';
import { errorText } from '../../app/http.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { subscribeLive } from '../../app/live.ts';
import { LoadError, PageHeader } from '../../app/PageState.tsx';
import { useSession } from '../../app/session.tsx';
import { useRequest } from '../../app/useRequest.ts';
import { type DeliveryOrder, type DeliveryZone, type LivePosition, deliveryApi } from './delivery.api.ts';
import { PhotoGallery } from '../inspections/index.ts';
import { TabularActions } from '../registry/index.ts';
import { DeliveryMap, zoneRings } from './DeliveryMap.tsx';

const pct = (r: number | null | undefined) => (r == null ? '—' : `${Math.round(r * 100)}%`);

/** 配送监管: the operator's desk and the office's view of the delivery system (issue 12). */
export function DeliveryPage() {
  const t = useT();
  const [tab, setTab] = useState('orders');
  return (
    <div>
      <PageHeader title={t('delivery.title')} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          { key: 'orders', label: t('delivery.tab.orders'), children: <OrdersTab /> },
          { key: 'users', label: t('delivery.tab.users'), children: <UsersTab /> },
          { key: 'live', label: t('delivery.tab.live'), children: <LiveTab /> },
          { key: 'zones', label: t('delivery.tab.zones'), children: <ZonesTab /> },
          { key: 'track', label: t('delivery.tab.track'), children: <TrackTab /> },
          { key: 'flags', label: t('delivery.tab.flags'), children: <FlagsTab /> },
          { key: 'rates', label: t('delivery.tab.rates'), children: <RatesTab /> },
        ]}
      />
    </div>
  );
}

function OrdersTab() {
  const t = useT();
  const locale = useLocale();
  const { can } = useSession();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<string | undefined>();
  const [overdue, setOverdue] = useState(false);
  const fetcher = useCallback(
    () => deliveryApi.orders({ page, pageSize: 20, status, checkOverdue: overdue ? 'true' : undefined }),
    [page, status, overdue],
  );
  const { data, error, loading, reload } = useRequest(fetcher);
  const [assigning, setAssigning] = useState<DeliveryOrder | null>(null);
  useEffect(() => subscribeLive(['delivery.order_', 'delivery.checked'], () => reload()), [reload]);
  if (error) return <LoadError error={error} onRetry={reload} />;
  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('delivery.status')}
          style={{ width: 140 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={Object.entries(orderStatusLabels).map(([value, l]) => ({ value, label: l[locale] }))}
        />
        <Space>
          <Switch checked={overdue} onChange={setOverdue} size="small" /> {t('delivery.checkOverdue')}
        </Space>
      </Space>
      <Table<DeliveryOrder>
        rowKey="id"
        size="small"
        loading={loading}
        scroll={{ x: 720 }}
        dataSource={data?.items}
        pagination={{ current: page, pageSize: 20, total: data?.total, onChange: setPage }}
        expandable={{
          rowExpandable: (o) => o.check !== null,
          expandedRowRender: (o) => (o.check ? <CheckDetail check={o.check} /> : null),
        }}
        columns={[
          { title: t('delivery.number'), dataIndex: 'number' },
          { title: t('delivery.user'), render: (_, o) => `${o.holderName} ${o.holderPhone}` },
          { title: t('delivery.address'), dataIndex: 'address' },
          { title: t('delivery.spec'), render: (_, o) => `${cylinderSpecLabels[o.spec][locale]} × ${o.quantity}` },
          { title: t('delivery.status'), render: (_, o) => <Tag>{orderStatusLabels[o.status][locale]}</Tag> },
          {
            title: t('delivery.worker'),
            render: (_, o) => (o.workerName ? `${o.workerName}（${o.plate ?? ''}）` : '—'),
          },
          {
            title: t('delivery.check'),
            render: (_, o) =>
              o.status !== 'delivered' ? (
                '—'
              ) : o.check ? (
                <Tag color={o.check.failedItems.length ? 'red' : 'green'}>
                  {t('delivery.checkDone')}
                  {o.check.hazards.map((h) => ` ${h.number}`)}
                </Tag>
              ) : (
                <Tag color={o.checkOverdue ? 'red' : 'orange'}>
                  {t(o.checkOverdue ? 'delivery.checkOverdue' : 'delivery.checkMissing')}
                </Tag>
              ),
          },
          {
            title: '',
            render: (_, o) =>
              can('delivery.manage') && (o.status === 'placed' || o.status === 'assigned') ? (
                <Space>
                  <Button size="small" onClick={() => setAssigning(o)}>
                    {t('delivery.assign')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    onClick={() =>
                      Modal.confirm({
                        title: t('delivery.cancel'),
                        content: t('delivery.cancelReason'),
                        onOk: async () => {
                          try {
                            await deliveryApi.cancel(o.id, t('delivery.cancel'));
                            reload();
                          } catch (err) {
                            message.error(errorText(err));
                          }
                        },
                      })
                    }
                  >
                    {t('delivery.cancel')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      {assigning && (
        <AssignModal
          order={assigning}
          onClose={(done) => {
            setAssigning(null);
            if (done) reload();
          }}
        />
      )}
    </Card>
  );
}

/** The delivery's door check (随瓶安检): the failed items, the hose measured, the photos, the hazards and the notice. */
function CheckDetail({ check }: { check: NonNullable<DeliveryOrder['check']> }) {
  const t = useT();
  const locale = useLocale();
  const label = (id: string) => {
    const item = doorCheckItems.find((i) => i.id === id);
    return item ? (locale === 'zh' ? item.zh : item.en) : id;
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="check-detail">
      <Typography.Text>
        {t('delivery.checkDetail')} {formatDateTime(check.checkedAt)}
        {check.hoseLengthM != null ? ` · ${t('delivery.hoseMeasured')} ${check.hoseLengthM} m` : ''}
      </Typography.Text>
      {check.failedItems.length > 0 && (
        <Typography.Text type="danger">
          {t('delivery.failedItems')}：{check.failedItems.map(label).join('；')}
        </Typography.Text>
      )}
      {check.hazards.length > 0 && (
        <Space>
          {check.hazards.map((h) => (
            <Link key={h.id} to={`/hazards/${h.id}`}>
              {h.number}
            </Link>
          ))}
        </Space>
      )}
      {check.photoIds.length > 0 && (
        <div>
          <Typography.Text type="secondary">{t('delivery.checkPhotos')}</Typography.Text>
          <PhotoGallery ids={check.photoIds} size={72} />
        </div>
      )}
      {check.noticeText && (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} type="secondary">
          {check.noticeText}
        </Typography.Paragraph>
      )}
    </Space>
  );
}

function AssignModal({ order, onClose }: { order: DeliveryOrder; onClose: (done: boolean) => void }) {
  const t = useT();
  const locale = useLocale();
  const { message } = App.useApp();
  const fetcher = useCallback(() => deliveryApi.workers(order.operatorId), [order.operatorId]);
  const { data } = useRequest(fetcher);
  const [worker, setWorker] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={t('delivery.assignTitle')}
      okButtonProps={{ disabled: !worker, loading: busy }}
      onCancel={() => onClose(false)}
      onOk={async () => {
        setBusy(true);
        try {
          await deliveryApi.assign(order.id, worker!);
          onClose(true);
        } catch (err) {
          message.error(errorText(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Select
        style={{ width: '100%' }}
        value={worker}
        onChange={setWorker}
        options={(data?.items ?? []).map((w) => ({
          value: w.personId,
          label: `${w.name}（${w.plate ?? '—'}）${w.refusals.length ? ` · ${w.refusals.map((r) => refusalLabels[r as RefusalCode][locale]).join('；')}` : ''}`,
        }))}
      />
    </Modal>
  );
}

function UsersTab() {
  const t = useT();
  const locale = useLocale();
  const { can } = useSession();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const fetcher = useCallback(() => deliveryApi.users({ page, pageSize: 20, q: q || undefined }), [page, q]);
  const { data, error, loading, reload } = useRequest(fetcher);
  const [ordering, setOrdering] = useState<string | null>(null);
  const [form] = Form.useForm();
  if (error) return <LoadError error={error} onRetry={reload} />;
  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Input.Search
          allowClear
          style={{ maxWidth: 320 }}
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
        />
        <TabularActions
          kind="/api/v1/delivery/users"
          title={t('delivery.tab.users')}
          filters={{ q: q || undefined }}
          onImported={reload}
          importPermission="delivery.manage"
        />
      </Space>
      <Table
        rowKey="id"
        size="small"
        loading={loading}
        scroll={{ x: 720 }}
        dataSource={data?.items}
        pagination={{ current: page, pageSize: 20, total: data?.total, onChange: setPage }}
        columns={[
          { title: t('delivery.holderName'), render: (_, u) => `${u.holderName} ${u.holderPhone}` },
          { title: t('delivery.kind'), render: (_, u) => gasUserKindLabels[u.kind][locale] },
          { title: t('delivery.address'), dataIndex: 'address' },
          { title: t('delivery.operator'), dataIndex: 'operatorName' },
          {
            title: t('delivery.belowGround'),
            render: (_, u) =>
              `${belowGroundLabels[u.belowGround][locale]}${u.highRiseBuilding ? ` · ${t('delivery.highRise')}` : ''}`,
          },
          {
            title: t('delivery.contract'),
            render: (_, u) =>
              u.contractValid ? (
                `${u.contractFrom} ~ ${u.contractTo ?? ''}`
              ) : (
                <Tag color="red">{t('delivery.contractNone')}</Tag>
              ),
          },
          {
            title: t('delivery.refusals'),
            render: (_, u) =>
              u.refusals.length === 0
                ? t('delivery.none')
                : u.refusals.map((r) => (
                    <Tag color="red" key={r}>
                      {refusalLabels[r as RefusalCode][locale]}
                    </Tag>
                  )),
          },
          {
            title: '',
            render: (_, u) =>
              can('delivery.manage') && u.refusals.length === 0 ? (
                <Button size="small" onClick={() => setOrdering(u.id)}>
                  {t('delivery.newOrder')}
                </Button>
              ) : null,
          },
        ]}
      />
      <Modal
        open={ordering !== null}
        title={t('delivery.newOrder')}
        onCancel={() => setOrdering(null)}
        onOk={async () => {
          const v = await form.validateFields();
          try {
            await deliveryApi.createOrder({ userId: ordering!, channel: 'phone', spec: v.spec, quantity: v.quantity });
            setOrdering(null);
            message.success(t('delivery.driver.sent'));
          } catch (err) {
            message.error(errorText(err));
          }
        }}
      >
        <Form form={form} layout="vertical" initialValues={{ spec: 'ysp35', quantity: 1 }}>
          <Form.Item name="spec" label={t('delivery.spec')}>
            <Select options={Object.entries(cylinderSpecLabels).map(([value, l]) => ({ value, label: l[locale] }))} />
          </Form.Item>
          <Form.Item name="quantity" label={t('delivery.quantity')}>
            <InputNumber min={1} max={20} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** Live positions: the list from the server, then each vehicle's new fix from the live feed (no reload). */
function LiveTab() {
  const t = useT();
  const { data, error, reload } = useRequest(deliveryApi.live);
  const [positions, setPositions] = useState<Map<string, LivePosition>>(new Map());
  useEffect(() => {
    if (data) setPositions(new Map(data.items.map((p) => [p.vehicleId, p])));
  }, [data]);
  useEffect(
    () =>
      subscribeLive(['delivery.position'], (m) => {
        if (m.type === 'reset') return reload();
        const p = (m as unknown as { payload: LivePosition }).payload;
        setPositions((prev) => new Map(prev).set(p.vehicleId, { ...prev.get(p.vehicleId), ...p } as LivePosition));
      }),
    [reload],
  );
  const list = [...positions.values()];
  const zones = useRequest(deliveryApi.zones);
  const points = useMemo(
    () =>
      [...positions.values()].map((p) => ({
        id: p.vehicleId,
        lng: p.lng,
        lat: p.lat,
        label: `${p.plate} ${Math.round(p.speedKmh)}km/h`,
        color: p.speedKmh > 0 ? '#2f9e44' : '#868e96',
      })),
    [positions],
  );
  if (error) return <LoadError error={error} onRetry={reload} />;
  return (
    <Card size="small">
      <Typography.Text type="secondary">{t('delivery.liveHint')}</Typography.Text>
      <DeliveryMap zones={zones.data?.items} points={points} testId="live-map" />
      <Table
        rowKey="vehicleId"
        size="small"
        pagination={false}
        dataSource={list}
        columns={[
          { title: t('delivery.plate'), dataIndex: 'plate' },
          { title: t('delivery.operator'), dataIndex: 'operatorName' },
          { title: t('delivery.speed'), render: (_, p) => Math.round(p.speedKmh) },
          {
            title: t('delivery.lastSeen'),
            render: (_, p) => <span data-testid="live-at">{dayjs(p.at).format('HH:mm:ss')}</span>,
          },
        ]}
      />
    </Card>
  );
}

function TrackTab() {
  const t = useT();
  const locale = useLocale();
  const { data: vehicles } = useRequest(deliveryApi.vehicles);
  const [vehicleId, setVehicleId] = useState<string>();
  const [day, setDay] = useState(chinaToday());
  const fetcher = useCallback(
    () => (vehicleId ? deliveryApi.track(vehicleId, day) : Promise.resolve(null)),
    [vehicleId, day],
  );
  const { data: track, error, reload } = useRequest(fetcher);
  const zones = useRequest(deliveryApi.zones);
  const line = useMemo(() => (track?.points ?? []).map((p) => [p[2], p[1]] as [number, number]), [track]);
  // Replay: the vehicle's point runs along the day's track (a tenth of a second a fix, at most 30 s).
  const [cursor, setCursor] = useState<number | null>(null);
  useEffect(() => {
    if (cursor === null || cursor >= line.length - 1) return;
    const step = Math.max(1, Math.ceil(line.length / 300));
    const timer = setTimeout(() => setCursor(Math.min(line.length - 1, cursor + step)), 100);
    return () => clearTimeout(timer);
  }, [cursor, line]);
  const at = cursor !== null ? track?.points[cursor] : undefined;
  const replayPoint = useMemo(
    () =>
      at && track
        ? [
            {
              lng: at[2],
              lat: at[1],
              label: `${track.plate} ${dayjs(at[0]).format('HH:mm')} ${Math.round(at[3])}km/h`,
              color: '#e8453c',
            },
          ]
        : [],
    [at, track],
  );
  const operatorZones = useMemo(() => {
    const operatorId = (vehicles?.items ?? []).find((v) => v.id === vehicleId)?.operatorId;
    return (zones.data?.items ?? []).filter((z) => z.operatorId === operatorId);
  }, [zones.data, vehicles, vehicleId]);
  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ width: 220 }}
          placeholder={t('delivery.vehicle')}
          value={vehicleId}
          onChange={setVehicleId}
          options={(vehicles?.items ?? []).map((v) => ({ value: v.id, label: `${v.plate} ${v.workerName ?? ''}` }))}
        />
        <DatePicker value={dayjs(day)} allowClear={false} onChange={(d) => d && setDay(d.format('YYYY-MM-DD'))} />
        <Button disabled={line.length < 2} onClick={() => setCursor(0)} data-testid="track-replay">
          {t('delivery.track.replay')}
        </Button>
      </Space>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <DeliveryMap zones={operatorZones} track={line} points={replayPoint} testId="track-chart" />
      {track && track.points.length === 0 && (
        <Typography.Text type="secondary">{t('delivery.noPositions')}</Typography.Text>
      )}
      {track && track.points.length > 0 && (
        <Typography.Text data-testid="track-count">
          {track.points.length} · {track.flags.map((f) => flagKindLabels[f.kind][locale]).join('，')}
        </Typography.Text>
      )}
    </Card>
  );
}

function FlagsTab() {
  const t = useT();
  const locale = useLocale();
  const { can } = useSession();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const fetcher = useCallback(() => deliveryApi.flags({ page, pageSize: 20 }), [page]);
  const { data, error, loading, reload } = useRequest(fetcher);
  useEffect(() => subscribeLive(['delivery.flag_raised'], () => reload()), [reload]);
  if (error) return <LoadError error={error} onRetry={reload} />;
  return (
    <Card size="small">
      <Table
        rowKey="id"
        size="small"
        loading={loading}
        scroll={{ x: 640 }}
        dataSource={data?.items}
        pagination={{ current: page, pageSize: 20, total: data?.total, onChange: setPage }}
        columns={[
          { title: t('delivery.plate'), dataIndex: 'plate' },
          { title: t('delivery.flagKind'), render: (_, f) => <Tag color="red">{flagKindLabels[f.kind][locale]}</Tag> },
          { title: t('delivery.startedAt'), render: (_, f) => formatDateTime(f.startedAt) },
          { title: t('delivery.endedAt'), render: (_, f) => formatDateTime(f.endedAt) },
          { title: t('delivery.maxSpeed'), render: (_, f) => (f.maxSpeedKmh ? Math.round(f.maxSpeedKmh) : '—') },
          {
            title: '',
            render: (_, f) =>
              f.hazardId ? (
                <a href={`/hazards/${f.hazardId}`}>{t('delivery.hazardMade')}</a>
              ) : can('hazard.manage') ? (
                <Button
                  size="small"
                  onClick={async () => {
                    try {
                      await deliveryApi.flagToHazard(f.id);
                      reload();
                    } catch (err) {
                      message.error(errorText(err));
                    }
                  }}
                >
                  {t('delivery.toHazard')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}

function RatesTab() {
  const t = useT();
  const fetcher = useCallback(() => deliveryApi.rates({}), []);
  const { data, error, loading, reload } = useRequest(fetcher);
  if (error) return <LoadError error={error} onRetry={reload} />;
  const cols = [
    { title: t('delivery.delivered'), dataIndex: 'delivered' },
    { title: t('delivery.checked'), dataIndex: 'checked' },
    { title: t('delivery.overdue'), dataIndex: 'overdue' },
    { title: t('delivery.rate'), render: (_: unknown, r: { rate: number | null }) => pct(r.rate) },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('delivery.operatorRates')}>
        <Table
          rowKey="operatorId"
          size="small"
          loading={loading}
          pagination={false}
          dataSource={data?.operators}
          columns={[{ title: t('delivery.operator'), dataIndex: 'operatorName' }, ...cols]}
        />
      </Card>
      <Card size="small" title={t('delivery.workerRates')}>
        <Table
          rowKey="personId"
          size="small"
          loading={loading}
          pagination={false}
          dataSource={data?.workers}
          columns={[{ title: t('delivery.worker'), dataIndex: 'name' }, ...cols]}
        />
      </Card>
    </Space>
  );
}

/**
 * 配送区域: the operators' zones on the county's map. The operator's desk (or the office) draws a
 * zone corner by corner, redraws one, renames it or deletes it; the server closes no ring for it —
 * the page closes the ring and the server checks it is closed and within the county.
 */
function ZonesTab() {
  const t = useT();
  const { can } = useSession();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useRequest(deliveryApi.zones);
  const operators = useRequest(deliveryApi.operators);
  const manage = can('delivery.manage');
  const [editing, setEditing] = useState<DeliveryZone | 'new' | null>(null);
  const [corners, setCorners] = useState<[number, number][]>([]);
  const [name, setName] = useState('');
  const [operatorId, setOperatorId] = useState<string>();
  const [busy, setBusy] = useState(false);
  const zones = data?.items ?? [];
  const ownOperators = [...new Set(zones.map((z) => z.operatorId))];
  const start = (zone: DeliveryZone | 'new') => {
    setEditing(zone);
    if (zone === 'new') {
      setCorners([]);
      setName('');
      setOperatorId((v) => v ?? (ownOperators.length === 1 ? ownOperators[0] : undefined));
    } else {
      // The ring without its closing corner; a MultiPolygon is redrawn as its first part.
      setCorners(zoneRings(zone.geometry)[0]?.slice(0, -1) ?? []);
      setName(zone.name);
    }
  };
  const stop = () => {
    setEditing(null);
    setCorners([]);
  };
  const save = async () => {
    if (corners.length < 3) return message.error(t('delivery.zone.tooFew'));
    const geometry = { type: 'Polygon' as const, coordinates: [[...corners, corners[0]!]] };
    setBusy(true);
    try {
      if (editing === 'new') await deliveryApi.createZone({ operatorId: operatorId!, name: name.trim(), geometry });
      else if (editing) await deliveryApi.updateZone(editing.id, { name: name.trim(), geometry });
      message.success(t('delivery.zone.saved'));
      stop();
      reload();
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  if (error) return <LoadError error={error} onRetry={reload} />;
  return (
    <Card size="small">
      {manage && editing === null && (
        <Button type="primary" style={{ marginBottom: 12 }} onClick={() => start('new')} data-testid="zone-new">
          {t('delivery.zone.new')}
        </Button>
      )}
      {editing !== null && (
        <Space direction="vertical" style={{ width: '100%', marginBottom: 12 }}>
          <Typography.Text type="secondary">{t('delivery.zone.hint')}</Typography.Text>
          {editing !== 'new' && <Typography.Text>{t('delivery.zone.editing', { name: editing.name })}</Typography.Text>}
          <Space wrap>
            {editing === 'new' && (
              <Select
                style={{ width: 240 }}
                placeholder={t('delivery.operator')}
                value={operatorId}
                onChange={setOperatorId}
                showSearch
                optionFilterProp="label"
                options={(operators.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
                data-testid="zone-operator"
              />
            )}
            <Input
              style={{ width: 200 }}
              placeholder={t('delivery.zone.name')}
              value={name}
              onChange={(e) => setName(e.target.value)}
              data-testid="zone-name"
            />
            <Typography.Text data-testid="zone-corners">
              {t('delivery.zone.points', { n: corners.length })}
            </Typography.Text>
            <Button disabled={corners.length === 0} onClick={() => setCorners((c) => c.slice(0, -1))}>
              {t('delivery.zone.undo')}
            </Button>
            <Button disabled={corners.length === 0} onClick={() => setCorners([])}>
              {t('delivery.zone.clear')}
            </Button>
            <Button
              type="primary"
              loading={busy}
              disabled={!name.trim() || (editing === 'new' && !operatorId)}
              onClick={() => void save()}
              data-testid="zone-save"
            >
              {t('delivery.zone.save')}
            </Button>
            <Button onClick={stop}>{t('delivery.zone.cancel')}</Button>
          </Space>
        </Space>
      )}
      <DeliveryMap
        zones={zones.filter((z) => editing === null || editing === 'new' || z.id !== editing.id)}
        drawing={editing !== null ? corners : null}
        onPick={editing !== null ? (p) => setCorners((c) => [...c, [p.lng, p.lat]]) : undefined}
        testId="zone-map"
      />
      <Table<DeliveryZone>
        rowKey="id"
        size="small"
        loading={loading}
        pagination={false}
        style={{ marginTop: 12 }}
        dataSource={zones}
        columns={[
          { title: t('delivery.zone.name'), dataIndex: 'name' },
          { title: t('delivery.operator'), dataIndex: 'operatorName' },
          {
            title: '',
            render: (_, z) =>
              manage ? (
                <Space>
                  <Button size="small" disabled={editing !== null} onClick={() => start(z)}>
                    {t('delivery.zone.edit')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    disabled={editing !== null}
                    onClick={() =>
                      Modal.confirm({
                        title: t('delivery.zone.delete'),
                        content: t('delivery.zone.deleteConfirm'),
                        onOk: async () => {
                          try {
                            await deliveryApi.archiveZone(z.id);
                            message.success(t('delivery.zone.deleted'));
                            reload();
                          } catch (err) {
                            message.error(errorText(err));
                          }
                        },
                      })
                    }
                  >
                    {t('delivery.zone.delete')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
