import { useSyncExternalStore } from 'react';

// antd's md breakpoint: below it the side menu becomes a drawer and wide tables become cards.
const query = '(max-width: 767.98px)';

function subscribe(listener: () => void) {
  const mql = window.matchMedia(query);
  mql.addEventListener('change', listener);
  return () => mql.removeEventListener('change', listener);
}

export function useIsMobile(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches);
}
