import { type HazardLimits, defaultLimits } from '../../../../domain/hazards/index.ts';
import { NetworkError } from '../../../app/http.ts';
import { inspectionsApi } from '../inspections.api.ts';
import { type CachedInspection, fieldStore } from '../offline/store.ts';
import { lastLimits } from './fieldLimits.ts';
import { limitsFor, registeredFactsOf } from './fieldModel.ts';

/**
 * An inspection for the field form: from the server when there is a connection (and then kept on
 * the phone with the register's facts of its object and the limits it is decided by, as this
 * user's copy), else this user's copy. `limits` are the record's own, else the last the server
 * published to this user (a copy kept by an older version has none), else the defaults.
 */
export async function loadForField(
  ownerId: string,
  id: string,
): Promise<{ inspection: CachedInspection; offline: boolean; limits: HazardLimits }> {
  let inspection: CachedInspection;
  let offline = false;
  try {
    const detail = await inspectionsApi.get(id);
    // The register's facts come with the detail of a record still to be done (planned, in progress);
    // a signed record keeps those it was decided from.
    const registered = detail.registeredFacts ?? registeredFactsOf(detail.facts, null);
    inspection = await fieldStore.cacheInspection(ownerId, detail, registered);
    // The server's current limits are also those a record started on this phone is judged by.
    if (detail.limits) await fieldStore.saveLimits(ownerId, { ...defaultLimits, ...detail.limits });
  } catch (err) {
    if (!(err instanceof NetworkError || err instanceof TypeError)) throw err;
    const cached = await fieldStore.cachedInspection(ownerId, id);
    if (!cached) throw err;
    inspection = cached;
    offline = true;
  }
  const limits = inspection.limits ? limitsFor(inspection.limits) : limitsFor(await lastLimits(ownerId));
  return { inspection, offline, limits };
}

/** Keeps the inspections of a task list on the phone, so they open in the field without a connection. */
export async function prefetchForField(ownerId: string, ids: string[]): Promise<void> {
  for (const id of ids) {
    try {
      await loadForField(ownerId, id);
    } catch {
      // One that fails now is fetched when opened.
    }
  }
}
