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
  // After load, so installing (which downloads the whole app shell) does not slow the first screen.
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', () => register(), { once: true });
}

/** Resolves once a service worker controls the page (the app shell is then available offline). */
export function offlineReady(): Promise<boolean> {
  if (!('serviceWorker' in navigator)) return Promise.resolve(false);
  if (navigator.serviceWorker.controller) return Promise.resolve(true);
  return new Promise((resolve) => {
    navigator.serviceWorker.addEventListener('controllerchange', () => resolve(true), { once: true });
  });
}
