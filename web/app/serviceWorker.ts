/** How long after the load event the service worker is registered (the first screen's code and data come first). */
const AFTER_LOAD_MS = 3_000;
/** At most this long more for an idle moment of the page. */
const IDLE_WAIT_MS = 2_000;

/**
 * Registers the service worker (web/public/sw.js) that lets the app open without a connection,
 * for the field inspection form. Only in a production build: the dev server's modules change on
 * every edit and must not be cached. Service workers need a secure context (https, or localhost /
 * 127.0.0.1); elsewhere the app simply works online only.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  const register = (attempt = 1) => {
    // updateViaCache 'none': update checks of sw.js and its precache list skip the HTTP cache.
    navigator.serviceWorker
      .register('/sw.js', { scope: '/', updateViaCache: 'none' })
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        // A page that was still loading when the worker activated is not taken by its clients.claim(), and
        // a page nobody controls cannot open offline after a reload: ask the active worker to claim again.
        if (!navigator.serviceWorker.controller) registration.active?.postMessage('claim');
      })
      .catch((err: unknown) => {
        // A failed install (the connection dropped while the shell downloaded) is tried again.
        console.warn('service worker registration failed', err);
        if (attempt < 4) setTimeout(() => register(attempt + 1), 5_000 * attempt);
      });
  };
  // Installing downloads the whole app (every chunk of every page, a few MB): not while the first screen is still
  // loading. The load event comes before the page's own code and data (the home page's chunks, the dashboard's
  // answers and ECharts are fetched after it), so wait a little longer, then for an idle moment.
  const later = () =>
    setTimeout(() => {
      if ('requestIdleCallback' in window) window.requestIdleCallback(() => register(), { timeout: IDLE_WAIT_MS });
      else register();
    }, AFTER_LOAD_MS);
  if (document.readyState === 'complete') later();
  else window.addEventListener('load', later, { once: true });
}

/** Resolves once a service worker controls the page (the app shell is then available offline). */
export function offlineReady(): Promise<boolean> {
  if (!('serviceWorker' in navigator)) return Promise.resolve(false);
  if (navigator.serviceWorker.controller) return Promise.resolve(true);
  return new Promise((resolve) => {
    navigator.serviceWorker.addEventListener('controllerchange', () => resolve(true), { once: true });
  });
}
