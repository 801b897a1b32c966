/**
 * Requests and code the first screen needs, started before the app itself is evaluated (web/boot.ts runs this
 * first, from its own small chunk): without it, the session check waits for antd and React to be evaluated, the home
 * page's code waits for the session check and the shell's first render, and the dashboard's data waits for that code
 * (a waterfall of several hundred milliseconds each on a busy machine; bench/README.md "dashboard-demo").
 *
 * - `/api/v1/auth/me` is always started (every page asks it first).
 * - On the home page or `/dashboard`, when this browser's last home was the command dashboard (`rememberHome`), its
 *   data (`/api/v1/dashboard`, the due-for-inspection list, the county outlines) and its code are started too, in
 *   parallel with the session check. The server still decides: a request answered 401 or 403 is simply not used by a
 *   page that does not ask for it, and a page that asks is answered exactly as its own request would be.
 * - On a first visit (nothing remembered: a new browser, or after a sign-out), the session check's own answer decides
 *   instead, as soon as it arrives (still before antd and React have been evaluated): a user who reads the dashboard
 *   (`supervision.read`) gets its data and code started then, anyone else signed in the home page's code.
 *
 * An early answer is used once, by the first request for the same address within `EARLY_TTL_MS` of the start
 * (`takeEarly`, called by web/app/http.ts for GETs); later requests go to the server as usual. No React, no antd here.
 */

/** How long an early answer may stand in for a request of the page (a later reload asks the server). */
export const EARLY_TTL_MS = 15_000;
const HOME_KEY = 'ranan.home';

/** The command dashboard's requests, as `supervisionApi` and `useCountyMap` send them (early.test.ts checks). */
export const DASHBOARD_EARLY = [
  '/api/v1/dashboard',
  '/api/v1/risk/objects?due=true&pageSize=10',
  '/api/v1/map/regions',
] as const;

type Early = { at: number; response: Promise<Response> };
/** The permission that makes the home page the command dashboard (OverviewPage). */
const DASHBOARD_PERMISSION = 'supervision.read';
const early = new Map<string, Early>();
/** Modules loaded ahead, by name (`preloaded`). */
const modules = new Map<string, unknown>();
const pending = new Map<string, Promise<unknown>>();

/** Starts a GET the page will send (same headers as http.ts); returns its answer (the page's to read). */
export function startEarly(path: string, now = Date.now()): Promise<Response> {
  const response = fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  // A failed early request is the page's to report when (if) it asks; never an unhandled rejection here.
  response.catch(() => undefined);
  early.set(path, { at: now, response });
  return response;
}

/** The early answer for this address, once, if it was started less than `EARLY_TTL_MS` ago. */
export function takeEarly(path: string, now = Date.now()): Promise<Response> | undefined {
  const e = early.get(path);
  if (!e) return undefined;
  early.delete(path);
  return now - e.at < EARLY_TTL_MS ? e.response : undefined;
}

/**
 * Remembers this browser's home page for the next start (`startFirstScreen`): the command dashboard (its data and code
 * are preloaded), another home (its code is), or nobody signed in (null: nothing is preloaded).
 */
export function rememberHome(
  home: 'dashboard' | 'other' | null,
  storage: Pick<Storage, 'setItem' | 'removeItem'> | null = safeStorage(),
) {
  try {
    if (home) storage?.setItem(HOME_KEY, home);
    else storage?.removeItem(HOME_KEY);
  } catch {
    // Storage refused (private mode, quota): nothing is preloaded next time.
  }
}

/** Keeps a module loaded ahead, so that its lazy page renders at once instead of suspending (`lazyPreloaded`). */
export function preloaded<T>(name: string, load: () => Promise<T>): Promise<T> {
  const loading = pending.get(name) as Promise<T> | undefined;
  if (loading) return loading;
  const p = load().then((m) => {
    modules.set(name, m);
    return m;
  });
  // A failed load is retried by the next caller (the page's lazy loader reports it).
  p.catch(() => pending.delete(name));
  pending.set(name, p);
  return p;
}

/**
 * The loader for React.lazy: the module loaded ahead, as a thenable that answers at once (React then renders the page
 * in the same pass, without showing the Suspense fallback and waiting out its reveal throttle), else `load()`.
 * Typed as a Promise for React.lazy's sake; when loaded ahead it has only `then` (the one method React and the
 * route declarations call).
 */
export function preloadedOr<T>(name: string, load: () => Promise<T>): Promise<T> {
  return modules.has(name) ? (resolved(modules.get(name) as T) as Promise<T>) : preloaded(name, load);
}

/** A thenable already fulfilled: `then` calls back synchronously (with plain values, as React.lazy's loaders use it). */
export function resolved<T>(value: T): PromiseLike<T> {
  const thenable: { then: (ok?: ((v: T) => unknown) | null, fail?: ((e: unknown) => unknown) | null) => unknown } = {
    // biome-ignore lint/suspicious/noThenProperty: a synchronous thenable is the point
    then(ok, fail) {
      if (!ok) return thenable;
      try {
        return resolved(ok(value));
      } catch (error) {
        return fail ? Promise.resolve(fail(error)) : Promise.reject(error);
      }
    },
  };
  return thenable as unknown as PromiseLike<T>;
}

function safeStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * What the first screen needs, started at once (web/boot.ts). `pages.charts` is the dashboard's ECharts (its charts
 * are drawn once it has loaded): started after the page's own code, so that it does not delay the figures. Resolves
 * when whatever the session check's answer decides has been started (for the tests; boot.ts does not wait).
 */
export function startFirstScreen(
  loc: { pathname: string },
  storage: Pick<Storage, 'getItem'> | null,
  pages: { home: () => Promise<unknown>; dashboard: () => Promise<unknown>; charts?: () => Promise<unknown> },
): Promise<void> {
  // A copy of the session check's answer, taken before the page can read the original (the first reaction registered).
  const me = startEarly('/api/v1/auth/me').then((r) => r.clone());
  let home: string | null = null;
  try {
    home = storage?.getItem(HOME_KEY) ?? null;
  } catch {
    home = null;
  }
  const onHome = loc.pathname === '/' || loc.pathname === '/dashboard';
  const start = (dashboard: boolean) => {
    // On `/` the home page, whichever home it shows; on `/dashboard` the dashboard.
    const page =
      loc.pathname === '/'
        ? preloaded('home', pages.home)
        : loc.pathname === '/dashboard'
          ? preloaded('dashboard', pages.dashboard)
          : null;
    if (onHome && dashboard) {
      for (const path of DASHBOARD_EARLY) if (!early.has(path)) startEarly(path);
      if (page && pages.charts) void page.then(() => preloaded('charts', pages.charts!)).catch(() => undefined);
    }
  };
  if (home !== null) {
    // Someone signed in here before: their home, without waiting for the session check.
    start(home === 'dashboard');
    return Promise.resolve();
  }
  if (!onHome) return Promise.resolve();
  // Nobody remembered: the session check's answer says whose home it is.
  return me
    .then(async (response) => {
      if (!response.ok) return;
      const body = (await response.json()) as { user?: { permissions?: unknown } };
      const permissions = body.user?.permissions;
      if (Array.isArray(permissions)) start(permissions.includes(DASHBOARD_PERMISSION));
    })
    .catch(() => undefined);
}
