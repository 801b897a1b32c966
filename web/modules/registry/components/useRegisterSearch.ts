import { useEffect, useMemo, useRef, useState } from 'react';

/**
 * Search-as-you-type over the register for a picker: `search(q)` runs 250 ms after the last
 * keystroke, only the latest answer counts, a failure empties the list; `initial` (an edit form's
 * current value) is listed before any search. `key` names what else the search depends on.
 */
export function useRegisterSearch<T extends { id: string }>(
  search: (q: string) => Promise<T[]>,
  key: string,
  initial?: T | null,
) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<T[]>([]);
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);
  const run = useRef(search);
  run.current = search;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for what `search` depends on.
  useEffect(() => {
    const id = ++latest.current;
    const timer = setTimeout(async () => {
      setLoading(true);
      try {
        const items = await run.current(q);
        if (id === latest.current) setFound(items);
      } catch {
        if (id === latest.current) setFound([]);
      } finally {
        if (id === latest.current) setLoading(false);
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [q, key]);

  const options = useMemo(
    () => (initial && !found.some((o) => o.id === initial.id) ? [initial, ...found] : found),
    [found, initial],
  );
  return { options, loading, setQ };
}
