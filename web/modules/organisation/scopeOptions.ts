import { useEffect, useState } from 'react';
import { type Department, organisationApi, type Region } from './organisation.api.ts';

export type ScopeOptions = { regions: Region[]; departments: Department[] };

// Regions and departments change rarely; one load serves every grant form until a reload fails.
let cache: Promise<ScopeOptions> | null = null;

function load(): Promise<ScopeOptions> {
  cache ??= Promise.all([organisationApi.regions(), organisationApi.departments()]).then(
    ([regions, departments]) => ({ regions, departments }),
    (err: unknown) => {
      cache = null;
      throw err;
    },
  );
  return cache;
}

/** Forgets the loaded regions, e.g. after one was added or renamed. */
export function invalidateScopeOptions() {
  cache = null;
}

/** The regions and departments a grant or token can be scoped to. */
export function useScopeOptions(): { options: ScopeOptions | null; error: unknown } {
  const [options, setOptions] = useState<ScopeOptions | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    load().then(
      (o) => live && setOptions(o),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, []);
  return { options, error };
}
