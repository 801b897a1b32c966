/*
 * 燃安's service worker, written by hand (no workbox). It makes the web app open without a
 * connection, which the field inspection form needs (issue 4: 排查表单离线可用).
 *
 * - Install: precache the app shell: index.html and every file of the build, listed by the build in
 *   /precache.js (self.RANAN_PRECACHE = { version, files }). The browser checks that imported file
 *   for changes as it checks this one, so a new build installs a new cache.
 * - Navigations: network first (a deploy is seen at once), the cached index.html when offline: the
 *   router then shows the page the address names.
 * - /assets/*: cache first (file names carry a content hash, so a cached file never goes stale).
 * - /api/*: never touched here. The field form keeps the data it needs in IndexedDB itself, and a
 *   cached API answer must never stand in for the server's truth (a session, a signature…).
 * - Other same-origin files (icons, manifest): cache first, refreshed in the background.
 */
/* global self, caches, fetch, importScripts, URL, Request, Response, setTimeout, clearTimeout */
importScripts('/precache.js');

const manifest = self.RANAN_PRECACHE || { version: 'dev', files: [] };
const SHELL_CACHE = `ranan-shell-${manifest.version}`;
const RUNTIME_CACHE = 'ranan-runtime';
const INDEX = '/index.html';

// One file of the shell, retried a little: a weak connection should not fail the whole install.
async function precache(cache, url) {
  for (let attempt = 1; ; attempt++) {
    try {
      // cache: 'reload' skips the HTTP cache, so the shell matches this build exactly.
      const response = await fetch(new Request(url, { cache: 'reload' }));
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      await cache.put(url, response);
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      await Promise.all(manifest.files.map((url) => precache(cache, url)));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith('ranan-shell-') && key !== SHELL_CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

// A page that loaded while this worker activated missed the claim above; it asks again (serviceWorker.ts).
self.addEventListener('message', (event) => {
  if (event.data === 'claim') event.waitUntil(self.clients.claim());
});

async function fromShell(request) {
  const cache = await caches.open(SHELL_CACHE);
  return cache.match(request, { ignoreSearch: true });
}

// On a connection that answers nothing (a weak signal in a basement), wait this long for the
// network before opening the cached app.
const NAVIGATION_TIMEOUT_MS = 6000;

async function navigation(request) {
  const cached = await fromShell(INDEX);
  const network = fetch(request);
  if (!cached) return network;
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve(cached), NAVIGATION_TIMEOUT_MS);
  });
  try {
    return await Promise.race([network, timeout]);
  } catch {
    return cached;
  } finally {
    clearTimeout(timer);
  }
}

async function cacheFirst(request) {
  const shell = await fromShell(request);
  if (shell) return shell;
  const runtime = await caches.open(RUNTIME_CACHE);
  const cached = await runtime.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await runtime.put(request, response.clone());
  return response;
}

async function staleWhileRevalidate(event) {
  const request = event.request;
  const runtime = await caches.open(RUNTIME_CACHE);
  const cached = (await fromShell(request)) || (await runtime.match(request));
  const refresh = fetch(request).then(
    async (response) => {
      if (response.ok) await runtime.put(request, response.clone());
      return response;
    },
    () => undefined,
  );
  if (cached) {
    event.waitUntil(refresh);
    return cached;
  }
  const response = await refresh;
  return response || Response.error();
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/healthz' || url.pathname === '/metrics') return;
  if (url.pathname === '/sw.js' || url.pathname === '/precache.js') return;
  if (request.mode === 'navigate') {
    event.respondWith(navigation(request));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(staleWhileRevalidate(event));
  }
});
