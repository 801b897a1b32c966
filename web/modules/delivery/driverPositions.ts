import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, NetworkError, errorText, http } from '../../app/http.ts';

/**
 * The driver's phone as the vehicle's position source (issue 12: "or from the driver's phone"). While the
 * driver is on duty with a vehicle bound to them, `navigator.geolocation.watchPosition` fixes are queued on
 * the phone (localStorage, per user) and sent in batches through `POST /api/v1/delivery/positions`: at once
 * for the first fix, then every `SEND_EVERY_MS`, and again when the connection returns. A batch that cannot
 * be sent stays queued (a resend is stored once by the server: (vehicle, time) is its key); a batch the
 * server refuses (4xx) is dropped with its reason shown, so one bad fix cannot block the queue. Off duty the
 * watch stops; fixes already queued are still sent.
 */

export type QueuedFix = { vehicleId: string; time: string; lat: number; lng: number; speed: number };
export type DriverVehicle = { id: string; plate: string };

/** A fix at most this often (the phone reports far more often while moving). */
const MIN_INTERVAL_MS = 10_000;
/** Batches go out this often while on duty. */
export const SEND_EVERY_MS = 15_000;
/** At most this many fixes per request, and kept on the phone (the oldest dropped beyond it: ~3 days at 10 s). */
const BATCH = 500;
const KEEP = 25_000;

const key = (userId: string, what: 'positions' | 'duty' | 'vehicle') => `ranan.delivery.${what}.${userId}`;

function read<T>(k: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(k);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

export const positionStore = {
  queue: (userId: string) => read<QueuedFix[]>(key(userId, 'positions'), []),
  saveQueue: (userId: string, rows: QueuedFix[]) =>
    localStorage.setItem(key(userId, 'positions'), JSON.stringify(rows.slice(-KEEP))),
  onDuty: (userId: string) => read<boolean>(key(userId, 'duty'), false),
  setOnDuty: (userId: string, on: boolean) => localStorage.setItem(key(userId, 'duty'), JSON.stringify(on)),
  /** The vehicle last known bound to the driver (null: none; undefined: never asked on this phone). */
  vehicle: (userId: string) =>
    localStorage.getItem(key(userId, 'vehicle')) === null
      ? undefined
      : read<DriverVehicle | null>(key(userId, 'vehicle'), null),
  saveVehicle: (userId: string, v: DriverVehicle | null) =>
    localStorage.setItem(key(userId, 'vehicle'), JSON.stringify(v)),
};

export function queueFix(userId: string, fix: QueuedFix) {
  positionStore.saveQueue(userId, [...positionStore.queue(userId), fix]);
}

export type FlushResult =
  | { ok: true; sent: number }
  | { ok: false; offline: true }
  | { ok: false; offline: false; refused: string };

let flushing = false;
/** Sends the queued fixes in batches; stops at the first batch the network or server cannot take now. */
export async function flushPositions(userId: string): Promise<FlushResult> {
  if (flushing) return { ok: true, sent: 0 };
  flushing = true;
  let sent = 0;
  try {
    for (;;) {
      const batch = positionStore.queue(userId).slice(0, BATCH);
      if (batch.length === 0) return { ok: true, sent };
      try {
        await http.post('/api/v1/delivery/positions', { rows: batch });
        sent += batch.length;
      } catch (err) {
        if (err instanceof NetworkError || (err instanceof ApiError && (err.status >= 500 || err.status === 401)))
          return { ok: false, offline: true };
        // Refused (a vehicle no longer bound to the driver, an impossible fix): dropped, the reason shown.
        positionStore.saveQueue(userId, positionStore.queue(userId).slice(batch.length));
        return { ok: false, offline: false, refused: errorText(err) };
      }
      positionStore.saveQueue(userId, positionStore.queue(userId).slice(batch.length));
    }
  } finally {
    flushing = false;
  }
}

export type GpsState =
  /** Off duty: nothing is watched. */
  | 'off'
  /** No vehicle is bound to the driver: nothing to report. */
  | 'noVehicle'
  /** The browser has no geolocation (or the page is not on https). */
  | 'unsupported'
  /** The driver (or the phone) refused the location permission. */
  | 'denied'
  /** Watching, no fix yet. */
  | 'waiting'
  /** Fixes are being sent. */
  | 'sending'
  /** Fixes are kept on the phone until the connection returns. */
  | 'offline';

/** The phone's duty switch and GPS feed; `vehicle` is the vehicle bound to the driver (null: none, undefined: unknown). */
export function useDriverGps(userId: string | null, vehicle: DriverVehicle | null | undefined) {
  const [onDuty, setOnDutyState] = useState(() => (userId ? positionStore.onDuty(userId) : false));
  const [state, setState] = useState<GpsState>('off');
  const [lastSentAt, setLastSentAt] = useState<Date | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [queued, setQueued] = useState(() => (userId ? positionStore.queue(userId).length : 0));
  const lastFixAt = useRef(0);

  useEffect(() => {
    if (userId) setOnDutyState(positionStore.onDuty(userId));
  }, [userId]);

  const flush = useCallback(async () => {
    if (!userId) return;
    const result = await flushPositions(userId);
    setQueued(positionStore.queue(userId).length);
    if (result.ok) {
      if (result.sent > 0) {
        setLastSentAt(new Date());
        setRefused(null);
      }
      setState((s) => (s === 'offline' ? 'sending' : s));
    } else if (result.offline) setState((s) => (s === 'sending' || s === 'waiting' ? 'offline' : s));
    else setRefused(result.refused);
  }, [userId]);

  const setOnDuty = useCallback(
    (on: boolean) => {
      if (!userId) return;
      positionStore.setOnDuty(userId, on);
      setOnDutyState(on);
      // Going off duty: what was recorded on duty is still sent.
      if (!on) void flush();
    },
    [userId, flush],
  );

  // The watch: on duty, with a vehicle, where the browser can locate.
  useEffect(() => {
    if (!userId || !onDuty) return setState('off');
    if (vehicle === null) return setState('noVehicle');
    if (vehicle === undefined) return;
    if (!('geolocation' in navigator)) return setState('unsupported');
    setState('waiting');
    const watch = navigator.geolocation.watchPosition(
      (pos) => {
        const at = pos.timestamp || Date.now();
        if (at - lastFixAt.current < MIN_INTERVAL_MS) return;
        const first = lastFixAt.current === 0;
        lastFixAt.current = at;
        queueFix(userId, {
          vehicleId: vehicle.id,
          time: new Date(at).toISOString(),
          lat: Math.round(pos.coords.latitude * 1e6) / 1e6,
          lng: Math.round(pos.coords.longitude * 1e6) / 1e6,
          // m/s → km/h; a phone without a speed reading reports 0.
          speed: Math.max(0, Math.round((pos.coords.speed ?? 0) * 3.6 * 10) / 10),
        });
        setQueued(positionStore.queue(userId).length);
        setState((s) => (s === 'waiting' || s === 'denied' ? 'sending' : s));
        if (first) void flush();
      },
      (err) => setState(err.code === err.PERMISSION_DENIED ? 'denied' : 'waiting'),
      { enableHighAccuracy: true, maximumAge: 5_000, timeout: 60_000 },
    );
    const timer = window.setInterval(() => void flush(), SEND_EVERY_MS);
    window.addEventListener('online', flush);
    return () => {
      navigator.geolocation.clearWatch(watch);
      window.clearInterval(timer);
      window.removeEventListener('online', flush);
      lastFixAt.current = 0;
    };
  }, [userId, onDuty, vehicle, flush]);

  return { onDuty, setOnDuty, state, lastSentAt, refused, queued };
}

/** The vehicle bound to the driver: asked of the server, remembered on the phone for a start without a connection. */
export function useDriverVehicle(userId: string | null): DriverVehicle | null | undefined {
  const [vehicle, setVehicle] = useState<DriverVehicle | null | undefined>(() =>
    userId ? positionStore.vehicle(userId) : undefined,
  );
  useEffect(() => {
    if (!userId) return;
    let live = true;
    setVehicle(positionStore.vehicle(userId));
    http
      .get<{ vehicle: DriverVehicle | null }>('/api/v1/delivery/my-vehicle')
      .then((res) => {
        if (!live) return;
        positionStore.saveVehicle(userId, res.vehicle);
        // A new object only when the vehicle changed, so the watch is not restarted for nothing.
        setVehicle((v) => (v?.id === res.vehicle?.id && v !== undefined ? v : res.vehicle));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [userId]);
  return vehicle;
}
