import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DASHBOARD_EARLY,
  EARLY_TTL_MS,
  preloadedOr,
  rememberHome,
  resolved,
  startFirstScreen,
  takeEarly,
} from './early.ts';
import { http } from './http.ts';

const real = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = real;
});

/** A fetch that records the addresses asked and answers each with its own address and a counter. */
function recordingFetch() {
  const asked: string[] = [];
  globalThis.fetch = (async (input: RequestInfo | URL) => {
    const url = String(input);
    asked.push(url);
    return new Response(JSON.stringify({ url, n: asked.length }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
  return asked;
}

const store = (home: string | null) => ({ getItem: () => home });
const pages = { home: async () => ({ page: 'home' }), dashboard: async () => ({ page: 'dashboard' }) };

describe('the first screen started early (web/boot.ts)', () => {
  it('a dashboard home on / starts the session check and the dashboard’s requests; the page’s own requests take them once', async () => {
    const { supervisionApi } = await import('../modules/supervision/supervision.api.ts');
    const { mapApi } = await import('../modules/registry/index.ts');
    const asked = recordingFetch();
    startFirstScreen({ pathname: '/' }, store('dashboard'), pages);
    expect(asked).toEqual(['/api/v1/auth/me', ...DASHBOARD_EARLY]);
    // The dashboard's requests as supervisionApi and useCountyMap send them: answered by the early requests.
    expect(await http.get('/api/v1/auth/me')).toEqual({ url: '/api/v1/auth/me', n: 1 });
    expect(await supervisionApi.dashboard()).toMatchObject({ n: 2 });
    expect(await supervisionApi.dueList()).toMatchObject({ n: 3 });
    expect(await mapApi.regions()).toMatchObject({ n: 4 });
    expect(asked).toHaveLength(4);
    // Used once: the next reload asks the server.
    expect(await supervisionApi.dashboard()).toMatchObject({ n: 5 });
    expect(asked).toHaveLength(5);
  });

  it('another home, nobody signed in before, or another address: only the session check', () => {
    for (const [path, home] of [
      ['/', 'other'],
      ['/', null],
      ['/hazards', 'dashboard'],
    ] as const) {
      const asked = recordingFetch();
      startFirstScreen({ pathname: path }, store(home), pages);
      expect(asked).toEqual(['/api/v1/auth/me']);
      takeEarly('/api/v1/auth/me');
    }
  });

  it('a first visit (nothing remembered): the session check’s answer decides, and the page still reads it', async () => {
    for (const [permissions, status, dashboard, home] of [
      [['overview.read', 'supervision.read'], 200, true, true],
      [['overview.read', 'hazard.read'], 200, false, true],
      [[], 401, false, false],
    ] as const) {
      const asked: string[] = [];
      globalThis.fetch = (async (input: RequestInfo | URL) => {
        const url = String(input);
        asked.push(url);
        const body = url === '/api/v1/auth/me' ? { user: { permissions } } : { url };
        return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
      }) as typeof fetch;
      // Fresh modules: pages loaded ahead are kept by name for the whole page's life.
      vi.resetModules();
      const fresh = await import('./early.ts');
      const { http } = await import('./http.ts');
      const loaded: string[] = [];
      const load = (name: string) => async () => {
        loaded.push(name);
        return { page: name };
      };
      const started = fresh.startFirstScreen({ pathname: '/' }, store(null), {
        home: load('home'),
        dashboard: load('dashboard'),
        charts: load('charts'),
      });
      expect(asked).toEqual(['/api/v1/auth/me']);
      await started;
      await new Promise((r) => setTimeout(r, 0));
      expect(asked).toEqual(['/api/v1/auth/me', ...(dashboard ? DASHBOARD_EARLY : [])]);
      expect(loaded).toEqual([...(home ? ['home'] : []), ...(dashboard ? ['charts'] : [])]);
      if (status === 200) {
        // The page's own session check takes the early answer, body intact.
        expect(await http.get('/api/v1/auth/me')).toEqual({ user: { permissions } });
        expect(asked).toHaveLength(dashboard ? 4 : 1);
      }
    }
  });

  it('an early answer older than its time is not used', () => {
    recordingFetch();
    startFirstScreen({ pathname: '/' }, store('dashboard'), pages);
    expect(takeEarly('/api/v1/dashboard', Date.now() + EARLY_TTL_MS + 1)).toBeUndefined();
    expect(takeEarly('/api/v1/auth/me')).toBeDefined();
    expect(takeEarly('/api/v1/auth/me')).toBeUndefined();
  });

  it('remembers the home, and forgets it at sign-out', () => {
    const m = new Map<string, string>();
    const s = { setItem: (k: string, v: string) => m.set(k, v), removeItem: (k: string) => m.delete(k) };
    rememberHome('dashboard', s);
    expect([...m.values()]).toEqual(['dashboard']);
    rememberHome(null, s);
    expect(m.size).toBe(0);
  });

  it('a page loaded ahead is handed to React.lazy synchronously; one not loaded is loaded', async () => {
    let seen: unknown = null;
    resolved({ a: 1 })
      .then((m) => ({ default: m.a }))
      .then((v) => {
        seen = v;
      });
    expect(seen).toEqual({ default: 1 });
    let loads = 0;
    const load = async () => {
      loads++;
      return { page: 'x' };
    };
    expect(await preloadedOr('x', load)).toEqual({ page: 'x' });
    let sync: unknown = null;
    preloadedOr('x', load).then((m) => {
      sync = m;
    });
    expect(sync).toEqual({ page: 'x' });
    expect(loads).toBe(1);
  });
});
