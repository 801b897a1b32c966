import { ApiError, NetworkError, errorText } from '../../app/http.ts';
import { filesApi } from '../inspections/index.ts';
import { fieldStore } from '../inspections/index.ts';
import { type DeliverBody, type DeliveryOrder, deliveryApi } from './delivery.api.ts';

/**
 * The driver's phone keeps today's orders and the deliveries not yet sent (localStorage, per user),
 * so a lost connection loses nothing: a finished delivery waits in the outbox and is sent when the
 * connection returns (on start, `online`, and when the page becomes visible). Each carries its
 * client id, so sending it again after a lost answer is stored once by the server.
 */
export type OutboxEntry = {
  orderId: string;
  number: string;
  body: DeliverBody;
  /**
   * The door check's photos per failed item, as the phone's own ids (kept in the field app's photo
   * store, IndexedDB): uploaded (POST /api/v1/files) before the delivery is sent, the file id kept
   * with the photo so a resend names the same files.
   */
  itemPhotos?: Record<string, string[]>;
  refused?: string;
};

const key = (userId: string, what: 'orders' | 'outbox') => `ranan.delivery.${what}.${userId}`;

function read<T>(k: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(k);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

export const driverStore = {
  orders: (userId: string) => read<DeliveryOrder[]>(key(userId, 'orders'), []),
  saveOrders: (userId: string, orders: DeliveryOrder[]) =>
    localStorage.setItem(key(userId, 'orders'), JSON.stringify(orders)),
  outbox: (userId: string) => read<OutboxEntry[]>(key(userId, 'outbox'), []),
  saveOutbox: (userId: string, entries: OutboxEntry[]) =>
    localStorage.setItem(key(userId, 'outbox'), JSON.stringify(entries)),
  identity: () => read<{ userId: string; name: string } | null>('ranan.delivery.identity', null),
  saveIdentity: (identity: { userId: string; name: string }) =>
    localStorage.setItem('ranan.delivery.identity', JSON.stringify(identity)),
};

export function queueDelivery(userId: string, entry: OutboxEntry) {
  const entries = driverStore.outbox(userId).filter((e) => e.orderId !== entry.orderId);
  driverStore.saveOutbox(userId, [...entries, entry]);
}

/** The refusal in words; a cylinder the gate refuses names its code and the gate's reasons. */
function refusalText(err: unknown): string {
  const details = (err instanceof ApiError ? err.details : null) as {
    cylinder?: string;
    cylinderReasons?: { text: string }[];
  } | null;
  if (err instanceof ApiError && err.code === 'delivery.cylinder_refused' && details?.cylinder)
    return `${errorText(err)}（${details.cylinder}：${(details.cylinderReasons ?? []).map((r) => r.text).join('；')}）`;
  return errorText(err);
}

let flushing = false;
/** Sends what waits; returns whether the connection worked. A refusal stays listed with its reason. */
export async function flushOutbox(userId: string): Promise<boolean> {
  if (flushing) return true;
  flushing = true;
  try {
    for (const entry of driverStore.outbox(userId)) {
      if (entry.refused) continue;
      try {
        await deliveryApi.deliver(entry.orderId, await withPhotos(userId, entry));
        for (const ids of Object.values(entry.itemPhotos ?? {})) for (const id of ids) await fieldStore.deletePhoto(id);
        driverStore.saveOutbox(
          userId,
          driverStore.outbox(userId).filter((e) => e.orderId !== entry.orderId),
        );
      } catch (err) {
        if (err instanceof NetworkError || (err instanceof ApiError && err.status >= 500)) return false;
        driverStore.saveOutbox(
          userId,
          driverStore
            .outbox(userId)
            .map((e) => (e.orderId === entry.orderId ? { ...e, refused: refusalText(err) } : e)),
        );
      }
    }
    return true;
  } finally {
    flushing = false;
  }
}

/** The body with the check's photos uploaded and named by their file ids (a photo gone from the phone is left out). */
async function withPhotos(userId: string, entry: OutboxEntry): Promise<DeliverBody> {
  if (!entry.itemPhotos || !entry.body.check) return entry.body;
  const itemPhotos: Record<string, string[]> = {};
  for (const [itemId, ids] of Object.entries(entry.itemPhotos)) {
    const files: string[] = [];
    for (const id of ids) {
      const photo = await fieldStore.photo(userId, id);
      if (!photo) continue;
      if (photo.fileId) {
        files.push(photo.fileId);
        continue;
      }
      const stored = await filesApi.upload(photo.blob, `${id}.jpg`);
      await fieldStore.setPhotoFileId(id, stored.id);
      files.push(stored.id);
    }
    if (files.length) itemPhotos[itemId] = files;
  }
  return { ...entry.body, check: { ...entry.body.check, itemPhotos } };
}
