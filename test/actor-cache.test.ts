import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { grantsTable } from '../server/modules/users/users.table.ts';
import { buildActor } from '../server/platform/access.ts';
import { auditEventsTable } from '../server/platform/audit/audit.table.ts';
import {
  beginActorLoad,
  cachedActor,
  clearActorCache,
  invalidateActor,
  invalidateToken,
  storeActor,
} from '../server/platform/actor-cache.ts';
import { followActorChanges, publishActorChanged } from '../server/platform/actor-changes.ts';
import { createEvents } from '../server/platform/events/index.ts';
import { type TestContext, createTestApp, login } from './app.ts';
import { TOWNSHIPS, buildUser, regionByCode } from './factories.ts';
import { recordQueries } from './query-count.ts';
import { sessionsTable } from '../server/modules/auth/auth.table.ts';

let ctx: TestContext;
let admin: Awaited<ReturnType<typeof login>>;
beforeAll(async () => {
  ctx = await createTestApp({ actorCacheTtlMs: 60_000 });
  const a = await buildUser(ctx.database.db, 'office_admin', 'global');
  admin = await login(ctx.app, a.username, a.password);
});
afterAll(() => ctx.close());
afterEach(() => vi.useRealTimers());

const me = { method: 'GET' as const, url: '/api/v1/auth/me' };
const usersList = { method: 'GET' as const, url: '/api/v1/users' };

describe('the actor of a session is reused, and dropped at once when it changes', () => {
  it('drops the actor when another instance’s change reaches this one through the outbox', async () => {
    const events = createEvents({ db: ctx.database.db, log: () => {} });
    const stop = followActorChanges(events);
    await events.tick(); // this instance's live tail starts here
    const u = await buildUser(ctx.database.db, 'office_admin', 'global');
    const send = await login(ctx.app, u.username, u.password);
    expect((await send(usersList)).statusCode).toBe(200);
    // Another instance changes u: its transaction writes the event; nothing here invalidates directly.
    await ctx.database.db.transaction(async (tx) => {
      await tx.delete(grantsTable).where(eq(grantsTable.userId, u.id));
      await publishActorChanged(tx, { type: 'user', id: u.id });
    });
    expect((await send(usersList)).statusCode).toBe(200);
    // The tail reads an event once every older transaction on the server has ended (pg_snapshot_xmin is
    // the cluster's): on a PostgreSQL server shared with other work, one pass may come too early.
    await vi.waitFor(
      async () => {
        await events.tick();
        expect((await send(usersList)).statusCode).toBe(403);
      },
      { timeout: 10_000, interval: 100 },
    );
    stop();
  });

  it('reuses the actor: a grant deleted behind the services’ back is not seen until the entry goes', async () => {
    const u = await buildUser(ctx.database.db, 'office_admin', 'global');
    const send = await login(ctx.app, u.username, u.password);
    expect((await send(usersList)).statusCode).toBe(200);
    // Not through a use case: nothing invalidates, so the cached actor still holds the grant.
    await ctx.database.db.delete(grantsTable).where(eq(grantsTable.userId, u.id));
    expect((await send(usersList)).statusCode).toBe(200);
    invalidateActor(u.id);
    expect((await send(usersList)).statusCode).toBe(403);
  });

  it('reads the actor every time with a TTL of 0', async () => {
    const other = await createTestApp({ actorCacheTtlMs: 0 });
    try {
      const u = await buildUser(other.database.db, 'office_admin', 'global');
      const send = await login(other.app, u.username, u.password);
      expect((await send(usersList)).statusCode).toBe(200);
      await other.database.db.delete(grantsTable).where(eq(grantsTable.userId, u.id));
      expect((await send(usersList)).statusCode).toBe(403);
    } finally {
      await other.close();
    }
  });

  it('takes replaced grants into account on the next request', async () => {
    const u = await buildUser(ctx.database.db, 'office_admin', 'global');
    const send = await login(ctx.app, u.username, u.password);
    expect((await send(usersList)).statusCode).toBe(200);
    const res = await admin({
      method: 'PUT',
      url: `/api/v1/users/${u.id}/grants`,
      payload: { grants: [{ role: 'leader', scopeType: 'global' }] },
    });
    expect(res.statusCode).toBe(200);
    // A leader may read users but not manage them: refused before the body is read.
    expect((await send({ method: 'POST', url: '/api/v1/users', payload: {} })).statusCode).toBe(403);
    const after = (await send(me)).json().user;
    expect(after.roles).toMatchObject([{ role: 'leader' }]);
    expect(after.permissions).not.toContain('user.manage');
  });

  it('refuses a disabled user on the next request', async () => {
    const u = await buildUser(ctx.database.db, 'leader', 'global');
    const send = await login(ctx.app, u.username, u.password);
    expect((await send(me)).statusCode).toBe(200);
    const res = await admin({ method: 'PATCH', url: `/api/v1/users/${u.id}`, payload: { status: 'disabled' } });
    expect(res.statusCode).toBe(200);
    expect((await send(me)).statusCode).toBe(401);
  });

  it('ends every session at once when an administrator resets the password', async () => {
    const u = await buildUser(ctx.database.db, 'leader', 'global');
    const send = await login(ctx.app, u.username, u.password);
    expect((await send(me)).statusCode).toBe(200);
    const res = await admin({
      method: 'POST',
      url: `/api/v1/users/${u.id}/reset-password`,
      payload: { password: 'Reset-pass-77' },
    });
    expect(res.statusCode).toBe(204);
    expect((await send(me)).statusCode).toBe(401);
  });

  it('records a renamed user under the new name at once', async () => {
    const u = await buildUser(ctx.database.db, 'leader', 'global');
    const send = await login(ctx.app, u.username, u.password);
    expect((await send(me)).statusCode).toBe(200);
    await admin({ method: 'PATCH', url: `/api/v1/users/${u.id}`, payload: { displayName: '新名字' } });
    // The audit entry of the logout names the actor, which must be the re-read one.
    expect((await send({ method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBe(204);
    const [entry] = await ctx.database.db
      .select({ actorName: auditEventsTable.actorName })
      .from(auditEventsTable)
      .where(and(eq(auditEventsTable.action, 'auth.logout'), eq(auditEventsTable.actorId, u.id)));
    expect(entry?.actorName).toBe('新名字');
  });

  it('refuses a logged-out cookie on the next request', async () => {
    const u = await buildUser(ctx.database.db, 'leader', 'global');
    const send = await login(ctx.app, u.username, u.password);
    expect((await send(me)).statusCode).toBe(200);
    expect((await send({ method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBe(204);
    expect((await send(me)).statusCode).toBe(401);
  });

  it('still honours the session’s expiry while its actor is cached', async () => {
    const short = await createTestApp({ actorCacheTtlMs: 60_000, sessionTtlHours: 1 });
    try {
      const v = await buildUser(short.database.db, 'leader', 'global');
      const send = await login(short.app, v.username, v.password);
      expect((await send(me)).statusCode).toBe(200);
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 3_600_000 + 1_000);
      expect((await send(me)).statusCode).toBe(401);
    } finally {
      vi.useRealTimers();
      await short.close();
    }
  });

  it('does not accept a session’s secret as a bearer token', async () => {
    const u = await buildUser(ctx.database.db, 'leader', 'global');
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: u.username, password: u.password },
    });
    const cookie = res.cookies.find((c) => c.name === 'ranan_session')!.value;
    expect((await ctx.app.inject({ ...me, cookies: { ranan_session: cookie } })).statusCode).toBe(200);
    expect((await ctx.app.inject({ ...me, headers: { authorization: `Bearer ${cookie}` } })).statusCode).toBe(401);
  });
});

describe('actor cache', () => {
  const actor = buildActor({ type: 'user', id: 'u-1', name: 'x', grants: [], ip: '1.2.3.4', requestId: 'r' });

  it('does not keep an actor loaded while an invalidation happened (the old grants)', () => {
    clearActorCache();
    const mark = beginActorLoad();
    invalidateActor('someone-else');
    storeActor(
      'session',
      'h1',
      { actor, sessionId: 'h1', mustChangePassword: false, expiresAt: null },
      { mark, ttlMs: 5_000 },
    );
    expect(cachedActor('session', 'h1')).toBeUndefined();
    storeActor(
      'session',
      'h1',
      { actor, sessionId: 'h1', mustChangePassword: false, expiresAt: null },
      { mark: beginActorLoad(), ttlMs: 5_000 },
    );
    expect(cachedActor('session', 'h1')?.actor).toMatchObject({ id: 'u-1', name: 'x' });
  });

  it('forgets an entry after the TTL or the secret’s expiry, whichever comes first, and keeps no request data', () => {
    clearActorCache();
    const now = 1_000_000;
    const value = { actor, sessionId: 'h', mustChangePassword: false, expiresAt: new Date(now + 2_000) };
    storeActor('session', 'a', value, { mark: beginActorLoad(), ttlMs: 5_000, now });
    storeActor('session', 'b', { ...value, expiresAt: null }, { mark: beginActorLoad(), ttlMs: 5_000, now });
    expect(cachedActor('session', 'a', now + 1_999)?.actor.ip).toBeUndefined();
    expect(cachedActor('session', 'a', now + 2_000)).toBeUndefined();
    expect(cachedActor('session', 'b', now + 4_999)).toBeDefined();
    expect(cachedActor('session', 'b', now + 5_000)).toBeUndefined();
  });

  it('keeps sessions and machine tokens apart, and drops them by user or by secret', () => {
    clearActorCache();
    const v = { actor, sessionId: null, mustChangePassword: false, expiresAt: null };
    storeActor('session', 's1', v, { mark: beginActorLoad(), ttlMs: 5_000 });
    storeActor('session', 's2', v, { mark: beginActorLoad(), ttlMs: 5_000 });
    expect(cachedActor('machine', 's1')).toBeUndefined();
    invalidateToken('s1');
    expect(cachedActor('session', 's1')).toBeUndefined();
    expect(cachedActor('session', 's2')).toBeDefined();
    invalidateActor('u-1');
    expect(cachedActor('session', 's2')).toBeUndefined();
    storeActor('session', 's3', v, { mark: beginActorLoad(), ttlMs: 0 });
    expect(cachedActor('session', 's3')).toBeUndefined();
  });
});

describe('what a request reads to know who calls', () => {
  /** The statements the database ran while `fn` did. */
  async function queriesOf(fn: () => Promise<unknown>) {
    const recorder = recordQueries(ctx.database.db);
    try {
      await fn();
    } finally {
      recorder.stop();
    }
    return recorder.queries;
  }

  it('answers /auth/me with one query when the actor is cached, and checks an uncached session with one', async () => {
    const galutu = await regionByCode(ctx.database.db, TOWNSHIPS.galutu);
    const u = await buildUser(ctx.database.db, 'township_officer', { region: TOWNSHIPS.galutu });
    const send = await login(ctx.app, u.username, u.password);
    expect((await send(me)).statusCode).toBe(200); // the actor is cached now
    const hit = await queriesOf(async () => {
      const res = await send(me);
      expect(res.statusCode).toBe(200);
      expect(res.json().user).toMatchObject({
        username: u.username,
        roles: [{ role: 'township_officer', scopeId: galutu.id, scopeName: galutu.name }],
      });
    });
    expect(hit, hit.join('\n')).toHaveLength(1);
    invalidateActor(u.id);
    const miss = await queriesOf(async () => expect((await send(me)).statusCode).toBe(200));
    expect(miss, miss.join('\n')).toHaveLength(2);
  });

  it('moves a stale last_seen_at on in the same statement that reads the session', async () => {
    const u = await buildUser(ctx.database.db, 'office_admin', 'global');
    const send = await login(ctx.app, u.username, u.password);
    const stale = new Date(Date.now() - 5 * 60_000);
    await ctx.database.db.update(sessionsTable).set({ lastSeenAt: stale }).where(eq(sessionsTable.userId, u.id));
    invalidateActor(u.id);
    const miss = await queriesOf(async () => expect((await send(usersList)).statusCode).toBe(200));
    // The users list's own queries come after the session check: the check is the first and only one before them.
    const [check] = miss;
    expect(check).toMatch(/update "sessions" set last_seen_at/);
    expect(miss.filter((q) => /"sessions"/.test(q))).toHaveLength(1);
    const [row] = await ctx.database.db
      .select({ lastSeenAt: sessionsTable.lastSeenAt })
      .from(sessionsTable)
      .where(eq(sessionsTable.userId, u.id));
    expect(row!.lastSeenAt.getTime()).toBeGreaterThan(stale.getTime() + 60_000);
    // A fresh last_seen_at stays as it is (the statement's update matches nothing).
    invalidateActor(u.id);
    expect((await send(usersList)).statusCode).toBe(200);
    const [again] = await ctx.database.db
      .select({ lastSeenAt: sessionsTable.lastSeenAt })
      .from(sessionsTable)
      .where(eq(sessionsTable.userId, u.id));
    expect(again!.lastSeenAt.getTime()).toBe(row!.lastSeenAt.getTime());
  });
});
