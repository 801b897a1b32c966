import {
  App,
  Alert,
  Button,
  Card,
  Empty,
  Input,
  InputNumber,
  List,
  Radio,
  Result,
  Space,
  Spin,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  type CheckAnswer,
  cylinderSpecLabels,
  doorCheckItemsFor,
  refusalLabels,
  type RefusalCode,
} from '../../../domain/delivery/delivery.ts';
import { LogoutOutlined } from '@ant-design/icons';
import { formatTime } from '../../app/format.ts';
import { ApiError } from '../../app/http.ts';
import { DemoBanner } from '../../app/InstallationNotices.tsx';
import { useLocale, useT } from '../../app/i18n.ts';
import { useSession } from '../../app/session.tsx';
import { type DeliveryOrder, deliveryApi } from './delivery.api.ts';
import { PhotoButton, PhotoThumbs, fieldStore } from '../inspections/index.ts';
import { driverStore, flushOutbox, queueDelivery } from './driverOutbox.ts';
import { type GpsState, useDriverGps, useDriverVehicle } from './driverPositions.ts';

/** At most this many photos per failed item (the server takes six). */
const DOOR_PHOTOS_PER_ITEM = 3;

/** The driver: the signed-in person, or offline the one last signed in on this phone. */
function useDriver(): { userId: string | null; loading: boolean } {
  const { state } = useSession();
  useEffect(() => {
    if (state.status === 'signedIn') driverStore.saveIdentity({ userId: state.me.id, name: state.me.displayName });
  }, [state]);
  if (state.status === 'signedIn') return { userId: state.me.id, loading: false };
  if (state.status === 'error' && !(state.error instanceof ApiError))
    return { userId: driverStore.identity()?.userId ?? null, loading: false };
  return { userId: null, loading: state.status === 'loading' };
}

/** Keeps the outbox flowing: on open, when the connection returns and when the page is shown again. */
function useOutbox(userId: string | null) {
  const [online, setOnline] = useState(true);
  const [tick, setTick] = useState(0);
  const flush = useCallback(async () => {
    if (!userId) return;
    setOnline(await flushOutbox(userId));
    setTick((n) => n + 1);
  }, [userId]);
  useEffect(() => {
    void flush();
    const onVisible = () => document.visibilityState === 'visible' && void flush();
    window.addEventListener('online', flush);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.removeEventListener('online', flush);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [flush]);
  return { online, flush, entries: userId ? driverStore.outbox(userId) : [], tick };
}

/** The phone's header: the app, who is signed in (or last was, offline), and sign-out. */
function DriverHeader() {
  const t = useT();
  const navigate = useNavigate();
  const { state, logout } = useSession();
  const name = state.status === 'signedIn' ? state.me.displayName : (driverStore.identity()?.name ?? '');
  return (
    <div
      data-testid="driver-header"
      style={{
        display: 'flex',
        justifyContent: 'space-between',
        alignItems: 'center',
        gap: 8,
        padding: '4px 0 8px',
        borderBottom: '1px solid #f0f0f0',
        marginBottom: 8,
      }}
    >
      <strong>{t('delivery.driver.app')}</strong>
      <Space size={8}>
        <span data-testid="driver-name">{name}</span>
        {state.status === 'signedIn' ? (
          <Button
            size="small"
            icon={<LogoutOutlined />}
            data-testid="driver-logout"
            onClick={() => void logout().then(() => navigate('/login'))}
          >
            {t('delivery.driver.logout')}
          </Button>
        ) : null}
      </Space>
    </div>
  );
}

const gpsColors: Record<GpsState, string> = {
  off: 'default',
  noVehicle: 'warning',
  unsupported: 'error',
  denied: 'error',
  waiting: 'processing',
  sending: 'success',
  offline: 'warning',
};

/**
 * 上班 / 下班: on duty with the vehicle bound to the driver, the phone sends its own GPS positions
 * (driverPositions.ts); the bar shows the state (sending, no permission, kept offline) and the last time sent.
 */
function DutyBar() {
  const t = useT();
  const { userId } = useDriver();
  const vehicle = useDriverVehicle(userId);
  const gps = useDriverGps(userId, vehicle);
  if (!userId) return null;
  return (
    <div
      data-testid="duty-bar"
      data-gps={gps.state}
      style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 8 }}
    >
      <Switch
        checked={gps.onDuty}
        onChange={gps.setOnDuty}
        checkedChildren={t('delivery.driver.onDuty')}
        unCheckedChildren={t('delivery.driver.offDuty')}
        data-testid="duty-switch"
      />
      {vehicle ? <Tag>{vehicle.plate}</Tag> : null}
      <Tag color={gpsColors[gps.state]} data-testid="gps-state">
        {t(`delivery.driver.gps.${gps.state}`)}
      </Tag>
      {gps.lastSentAt ? (
        <Typography.Text type="secondary" data-testid="gps-last-sent">
          {t('delivery.driver.gps.lastSent', { time: formatTime(gps.lastSentAt) })}
        </Typography.Text>
      ) : null}
      {gps.queued > 0 && gps.state === 'offline' ? (
        <Typography.Text type="secondary">{t('delivery.driver.gps.queued', { n: gps.queued })}</Typography.Text>
      ) : null}
      {gps.refused ? (
        <Typography.Text type="danger" data-testid="gps-refused">
          {gps.refused}
        </Typography.Text>
      ) : null}
    </div>
  );
}

function Shell({ title, back, children }: { title: string; back?: string; children: React.ReactNode }) {
  const t = useT();
  return (
    <div style={{ maxWidth: 560, margin: '0 auto', padding: 12 }}>
      <DriverHeader />
      <DutyBar />
      <DemoBanner />
      <Space style={{ margin: '12px 0' }}>
        {back && <Link to={back}>{t('delivery.driver.back')}</Link>}
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
      </Space>
      {children}
    </div>
  );
}

/** 今日送气: the orders assigned to the signed-in worker, kept on the phone for when the connection is lost. */
export function DriverHomePage() {
  const t = useT();
  const locale = useLocale();
  const { userId, loading } = useDriver();
  const { online, entries, flush } = useOutbox(userId);
  const [orders, setOrders] = useState<DeliveryOrder[] | null>(null);
  const load = useCallback(async () => {
    if (!userId) return;
    try {
      const res = await deliveryApi.orders({ mine: 'true', status: 'assigned', pageSize: 100 });
      driverStore.saveOrders(userId, res.items);
      setOrders(res.items);
    } catch {
      setOrders(driverStore.orders(userId));
    }
  }, [userId]);
  useEffect(() => void load(), [load]);
  if (loading) return <Spin style={{ display: 'block', marginTop: 80 }} />;
  if (!userId) return <Result status="403" title={t('delivery.driver.signIn')} extra={<Link to="/login">→</Link>} />;
  const waiting = new Set(entries.filter((e) => !e.refused).map((e) => e.orderId));
  const shown = (orders ?? []).filter((o) => !waiting.has(o.id));
  return (
    <Shell title={t('delivery.driver.title')}>
      {!online && <Alert type="warning" showIcon message={t('delivery.driver.offline')} style={{ marginBottom: 12 }} />}
      {entries.length > 0 && (
        <Card size="small" style={{ marginBottom: 12 }}>
          <Space direction="vertical">
            <Typography.Text>
              {t('delivery.driver.pending', { n: entries.filter((e) => !e.refused).length })}
            </Typography.Text>
            {entries
              .filter((e) => e.refused)
              .map((e) => (
                <Alert
                  key={e.orderId}
                  type="error"
                  message={`${e.number} ${t('delivery.driver.failed', { reason: e.refused ?? '' })}`}
                />
              ))}
            <Button size="small" onClick={() => void flush().then(load)}>
              {t('delivery.driver.refresh')}
            </Button>
          </Space>
        </Card>
      )}
      {orders === null ? (
        <Spin />
      ) : shown.length === 0 ? (
        <Empty description={t('delivery.driver.empty')} />
      ) : (
        <List
          dataSource={shown}
          renderItem={(o) => (
            <List.Item>
              <Link to={`/driver/orders/${o.id}`} style={{ width: '100%' }} data-testid="driver-order">
                <Card size="small" hoverable>
                  <Typography.Text strong>{o.holderName}</Typography.Text> <Tag>{o.number}</Tag>
                  <div>{o.address}</div>
                  <div>
                    {cylinderSpecLabels[o.spec][locale]} × {o.quantity}
                  </div>
                </Card>
              </Link>
            </List.Item>
          )}
        />
      )}
    </Shell>
  );
}

function CodeList({
  label,
  codes,
  onChange,
  testId,
}: {
  label: string;
  codes: string[];
  onChange: (c: string[]) => void;
  testId: string;
}) {
  const t = useT();
  const [value, setValue] = useState('');
  const add = () => {
    const code = value.trim();
    if (code && !codes.includes(code)) onChange([...codes, code]);
    setValue('');
  };
  return (
    <Card size="small" title={label} style={{ marginBottom: 12 }}>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          value={value}
          placeholder={t('delivery.driver.code')}
          onChange={(e) => setValue(e.target.value)}
          onPressEnter={add}
          data-testid={`${testId}-input`}
        />
        <Button onClick={add} data-testid={`${testId}-add`}>
          {t('delivery.driver.add')}
        </Button>
      </Space.Compact>
      <div style={{ marginTop: 8 }}>
        {codes.map((c) => (
          <Tag key={c} closable onClose={() => onChange(codes.filter((x) => x !== c))}>
            {c}
          </Tag>
        ))}
      </div>
    </Card>
  );
}

/** One delivery on the phone: scan the cylinders, the door check (随瓶安检), finish — saved on the phone first. */
export function DriverOrderPage() {
  const t = useT();
  const locale = useLocale();
  const { id } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { userId } = useDriver();
  const order = userId ? driverStore.orders(userId).find((o) => o.id === id) : undefined;
  const [full, setFull] = useState<string[]>([]);
  const [empty, setEmpty] = useState<string[]>([]);
  const [answers, setAnswers] = useState<Record<string, CheckAnswer>>({});
  const [hose, setHose] = useState<number | null>(null);
  const [photos, setPhotos] = useState<Record<string, string[]>>({});
  if (!userId || !order) return <Result status="404" extra={<Link to="/driver">{t('delivery.driver.back')}</Link>} />;
  const items = doorCheckItemsFor(order.userKind);
  const finish = async () => {
    if (full.length < order.quantity) return message.error(t('delivery.driver.needScans'));
    if (items.some((i) => !answers[i.id] && !(i.id === 'hose_length' && hose != null)))
      return message.error(t('delivery.driver.needAnswers'));
    const now = new Date().toISOString();
    // The photos of the items failed (a photo of an item answered otherwise in the end is dropped).
    const failedPhotos = Object.fromEntries(
      Object.entries(photos).filter(([itemId, ids]) => answers[itemId] === 'fail' && ids.length > 0),
    );
    for (const [itemId, ids] of Object.entries(photos))
      if (!failedPhotos[itemId]) for (const id of ids) void fieldStore.deletePhoto(id);
    queueDelivery(userId, {
      orderId: order.id,
      number: order.number,
      itemPhotos: failedPhotos,
      body: {
        clientId: crypto.randomUUID(),
        fullCylinders: full,
        emptyCylinders: empty,
        deliveredAt: now,
        check: { answers, hoseLengthM: hose, photoIds: [], checkedAt: now },
      },
    });
    const sent = await flushOutbox(userId);
    const refused = driverStore.outbox(userId).find((e) => e.orderId === order.id)?.refused;
    if (refused) message.error(t('delivery.driver.failed', { reason: refused }));
    else message.success(t(sent ? 'delivery.driver.saved' : 'delivery.driver.queued'));
    navigate('/driver');
  };
  return (
    <Shell title={`${order.holderName} · ${order.number}`} back="/driver">
      <Typography.Paragraph>
        {order.address} · {cylinderSpecLabels[order.spec][locale]} × {order.quantity}
      </Typography.Paragraph>
      <CodeList
        label={`${t('delivery.driver.scanFull')}（${t('delivery.driver.scanned', { n: full.length, m: order.quantity })}）`}
        codes={full}
        onChange={setFull}
        testId="full"
      />
      <CodeList label={t('delivery.driver.scanEmpty')} codes={empty} onChange={setEmpty} testId="empty" />
      <Card size="small" title={t('delivery.check')} style={{ marginBottom: 12 }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space>
            {t('delivery.driver.hoseLength')}
            <InputNumber
              min={0.1}
              max={50}
              step={0.1}
              value={hose}
              onChange={(v) => setHose(v)}
              data-testid="hose-length"
            />
          </Space>
          {items.map((item) => (
            <div key={item.id} data-testid={`item-${item.id}`}>
              <div>{locale === 'zh' ? item.zh : item.en}</div>
              <Radio.Group
                size="small"
                optionType="button"
                value={answers[item.id]}
                onChange={(e) => setAnswers((a) => ({ ...a, [item.id]: e.target.value as CheckAnswer }))}
                options={[
                  { value: 'pass', label: t('delivery.driver.pass') },
                  { value: 'fail', label: t('delivery.driver.fail') },
                  { value: 'na', label: t('delivery.driver.na') },
                ]}
              />
              {answers[item.id] === 'fail' && (
                // The field app's photo strip: kept on the phone until the outbox sends the delivery.
                <div style={{ marginTop: 6 }}>
                  <PhotoThumbs
                    ownerId={userId}
                    photoIds={photos[item.id] ?? []}
                    testId="door-photo"
                    onChange={(ids) => setPhotos((p) => ({ ...p, [item.id]: ids }))}
                  />
                  <PhotoButton
                    ownerId={userId}
                    draftKey={`delivery:${order.id}`}
                    itemId={item.id}
                    photoIds={photos[item.id] ?? []}
                    max={DOOR_PHOTOS_PER_ITEM}
                    inputTestId={`photo-${item.id}`}
                    size="small"
                    onChange={(ids) => setPhotos((p) => ({ ...p, [item.id]: ids }))}
                  />
                </div>
              )}
            </div>
          ))}
        </Space>
      </Card>
      <Button type="primary" block size="large" onClick={() => void finish()} data-testid="finish">
        {t('delivery.driver.finish')}
      </Button>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {(['below_ground', 'high_rise', 'supply_suspended'] as RefusalCode[])
          .map((c) => refusalLabels[c][locale])
          .join('；')}
      </Typography.Paragraph>
    </Shell>
  );
}
