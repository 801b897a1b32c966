import { useEffect, useState } from 'react';
import { type HazardLimits, defaultLimits } from '../../../../domain/hazards/index.ts';
import { ApiError, NetworkError } from '../../../app/http.ts';
import { inspectionsApi } from '../inspections.api.ts';
import { fieldStore } from '../offline/store.ts';
import { limitsFor } from './fieldModel.ts';

/**
 * The limits the server published (RANAN_LIMITS over the defaults), kept as this person's last
 * ones on the phone; null when they cannot be fetched now (no connection), the kept ones staying.
 */
export async function refreshLimits(ownerId: string): Promise<HazardLimits | null> {
  try {
    // Limits added later (e.g. the user-inspection intervals) take their defaults when the server leaves them out.
    const limits: HazardLimits = { ...defaultLimits, ...(await inspectionsApi.limits()) };
    await fieldStore.saveLimits(ownerId, limits);
    return limits;
  } catch (err) {
    if (err instanceof NetworkError || err instanceof TypeError) return null;
    if (err instanceof ApiError) {
      console.warn('ledger limits not fetched', err);
      return null;
    }
    throw err;
  }
}

/** The limits the server last published to this person, or null if it never has on this phone. */
export async function lastLimits(ownerId: string): Promise<HazardLimits | null> {
  return (await fieldStore.lastLimits(ownerId))?.limits ?? null;
}

/**
 * The limits for a form started on the phone (no inspection of the server to carry them): the last
 * published to this person, refreshed when there is a connection, the defaults only if never
 * fetched. Undefined while being read.
 */
export function useLastLimits(ownerId: string): HazardLimits | undefined {
  const [limits, setLimits] = useState<HazardLimits>();
  useEffect(() => {
    let live = true;
    let shown = '';
    const show = (l: HazardLimits | null) => {
      const next = limitsFor(l);
      const key = JSON.stringify(next);
      // Only a change re-renders the form (its draft is reopened when its source changes).
      if (!live || key === shown) return;
      shown = key;
      setLimits(next);
    };
    void (async () => {
      show(await lastLimits(ownerId).catch(() => null));
      const fresh = await refreshLimits(ownerId);
      if (fresh) show(fresh);
    })();
    return () => {
      live = false;
    };
  }, [ownerId]);
  return limits;
}
