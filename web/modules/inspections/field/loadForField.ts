import { NetworkError } from '../../../app/http.ts';
import { inspectionsApi } from '../inspections.api.ts';
import { type CachedInspection, fieldStore } from '../offline/store.ts';
import { registeredFactsOf } from './fieldModel.ts';

/**
 * An inspection for the field form: from the server when there is a connection (and then kept on
 * the phone with the register's facts of its object, as this user's copy), else this user's copy.
 */
export async function loadForField(
  ownerId: string,
  id: string,
): Promise<{ inspection: CachedInspection; offline: boolean }> {
  try {
    const detail = await inspectionsApi.get(id);
    // The register's facts come with the detail of a record still to be done (planned, in progress);
    // a signed record keeps those it was decided from.
    const registered = detail.registeredFacts ?? registeredFactsOf(detail.facts, null);
    const inspection = await fieldStore.cacheInspection(ownerId, detail, registered);
    return { inspection, offline: false };
  } catch (err) {
    if (!(err instanceof NetworkError || err instanceof TypeError)) throw err;
    const cached = await fieldStore.cachedInspection(ownerId, id);
    if (!cached) throw err;
    return { inspection: cached, offline: true };
  }
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
