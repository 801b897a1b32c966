import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaToday } from '../../../domain/dates.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TOWNSHIPS, buildUser, regionByCode } from '../../../test/factories.ts';
import { inspectionScenarios } from '../../../test/inspection-scenarios.ts';
import { passingVenueFacts, resultsFor } from '../../../test/ledger-factories.ts';
import { buildScopedUser, buildVenue } from '../../../test/registry-factories.ts';
import { createEvents } from '../../platform/events/index.ts';
import { deliverDueWebhooks, registerNotificationEvents, remindDeadlines, signDelivery } from './index.ts';

type Send = Awaited<ReturnType<typeof login>>;
let ctx: TestContext;
let officer: Send;
let inspector: Send;
let admin: Send;
const s = inspectionScenarios(() => ctx);
const events = () => {
  const e = createEvents({ db: ctx.database.db, log: () => {} });
  registerNotificationEvents(e);
  return e;
};

/** A local receiver: records each request; answers with the next queued status (200 when none). */
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
const answers: number[] = [];
let receiverUrl = '';
const receiver = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    res.statusCode = answers.shift() ?? 200;
    res.end('ok');
  });
});

beforeAll(async () => {
  // The receiver listens on 127.0.0.1: internal addresses are allowed here (the refusal has its own test).
  ctx = await createTestApp({ webhookAllowInternal: true });
  const db = ctx.database.db;
  const o = await buildUser(db, 'township_officer', { region: TOWNSHIPS.galutu });
  officer = await login(ctx.app, o.username, o.password);
  const i = await buildUser(db, 'inspector', { region: TOWNSHIPS.galutu });
  inspector = await login(ctx.app, i.username, i.password);
  const a = await buildUser(db, 'office_admin', 'global');
  admin = await login(ctx.app, a.username, a.password);
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
}, 60_000);
afterAll(async () => {
  receiver.close();
  await ctx.close();
});

async function venueWithManager() {
  const venue = await buildVenue(ctx.database.db, { regionCode: TOWNSHIPS.galutu });
  const m = await buildScopedUser(ctx.database.db, { venueId: venue.id });
  return { venue, manager: await login(ctx.app, m.username, m.password) };
}

const raise = (send: Send, venueId: string, foundOn = chinaToday()) =>
  send({
    method: 'POST',
    url: '/api/v1/hazards',
    payload: { objectType: 'venue', objectId: venueId, itemId: 'venue.hose_length', description: '软管过长', foundOn },
  });

type Group = {
  kind: string;
  total: number;
  overdue: number;
  items: { subjectId: string; overdue: boolean; sentBack: boolean }[];
};
async function todos(send: Send) {
  const res = await send({ method: 'GET', url: '/api/v1/todos' });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as { groups: Group[]; total: number; overdue: number };
  return { ...body, of: (kind: string) => body.groups.find((g) => g.kind === kind) };
}

describe('to-dos per user (issue 9.20)', () => {
  it('401 without a session', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/todos' })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/notifications' })).statusCode).toBe(401);
  });

  it('lists hazards to rectify (overdue, sent back) to the party and to verify to the officer', async () => {
    const { venue, manager } = await venueWithManager();
    const h = (await raise(officer, venue.id, addDays(chinaToday(), -60))).json();
    const party = await todos(manager);
    expect(party.of('hazard_rectify')).toMatchObject({ total: 1, overdue: 1 });
    expect(party.of('hazard_rectify')!.items[0]).toMatchObject({ subjectId: h.id, overdue: true, sentBack: false });
    expect(party.of('hazard_verify')).toBeUndefined();
    expect(party.overdue).toBe(1);
    const post = (send: Send, action: string, payload?: object) =>
      send({ method: 'POST', url: `/api/v1/hazards/${h.id}/${action}`, payload });
    await post(manager, 'start-rectification');
    expect((await post(manager, 'submit', { note: '已更换软管' })).statusCode).toBe(200);
    expect((await todos(manager)).of('hazard_rectify')!.total).toBe(0);
    const verify = (await todos(inspector)).of('hazard_verify')!;
    expect(verify.items.map((i) => i.subjectId)).toContain(h.id);
    expect((await post(inspector, 'send-back', { reason: '软管仍超过 2 米' })).statusCode).toBe(200);
    const again = (await todos(manager)).of('hazard_rectify')!;
    expect(again.items[0]).toMatchObject({ subjectId: h.id, sentBack: true });
  });

  it('lists an inspector’s inspections to do and to sign, and the township’s change requests to decide', async () => {
    const { inspector: assigned, inspection } = await s.plannedVisit();
    expect((await todos(assigned.send)).of('inspection_do')!.items.map((i) => i.subjectId)).toContain(inspection.id);
    const detail = await s.detailOf(assigned.send, inspection.id);
    const put = await s.putResults(assigned.send, inspection.id, {
      results: resultsFor(detail.checklist),
      facts: passingVenueFacts,
    });
    expect(put.statusCode, put.body).toBe(200);
    const after = await todos(assigned.send);
    expect(after.of('inspection_do')!.items.map((i) => i.subjectId)).not.toContain(inspection.id);
    expect(after.of('inspection_sign')!.items.map((i) => i.subjectId)).toContain(inspection.id);

    const { venue, manager } = await venueWithManager();
    const proposal = await manager({
      method: 'POST',
      url: '/api/v1/registry-changes',
      payload: { subjectType: 'venue', subjectId: venue.id, changes: { category: 'school' }, reason: '改为学校食堂' },
    });
    expect(proposal.statusCode, proposal.body).toBe(201);
    expect((await todos(officer)).of('registry_change_decide')!.items.map((i) => i.subjectId)).toContain(
      proposal.json().id,
    );
    expect((await todos(manager)).of('registry_change_decide')).toBeUndefined();
  });
});

describe('notifications in the app and through signed webhooks (issue 9.20)', () => {
  it('notifies the party of a new hazard and a send-back; the bell counts unread; muted kinds stay out', async () => {
    const { venue, manager } = await venueWithManager();
    const { manager: otherVenue } = await venueWithManager();
    const e = events();
    const h = (await raise(officer, venue.id)).json();
    await e.tick();
    // Recipients are those whose scope holds the hazard: another venue's manager gets nothing.
    expect((await otherVenue({ method: 'GET', url: '/api/v1/notifications' })).json().total).toBe(0);
    let list = (await manager({ method: 'GET', url: '/api/v1/notifications?unread=true' })).json();
    expect(list.unread).toBe(1);
    expect(list.items[0]).toMatchObject({
      kind: 'hazard_created',
      subjectId: h.id,
      link: `/hazards/${h.id}`,
      read: false,
    });
    // Another user cannot mark it; the owner can.
    expect((await officer({ method: 'POST', url: `/api/v1/notifications/${list.items[0].id}/read` })).statusCode).toBe(
      404,
    );
    expect((await manager({ method: 'POST', url: `/api/v1/notifications/${list.items[0].id}/read` })).statusCode).toBe(
      204,
    );
    list = (await manager({ method: 'GET', url: '/api/v1/notifications' })).json();
    expect(list).toMatchObject({ unread: 0, total: 1 });
    // Muted: a second hazard does not reach the bell.
    const mute = await manager({
      method: 'PUT',
      url: '/api/v1/notifications/settings',
      payload: { mutedKinds: ['hazard_created'] },
    });
    expect(mute.statusCode, mute.body).toBe(200);
    expect(
      (await manager({ method: 'PUT', url: '/api/v1/notifications/settings', payload: { mutedKinds: ['x'] } }))
        .statusCode,
    ).toBe(400);
    await raise(officer, venue.id);
    await e.tick();
    expect((await manager({ method: 'GET', url: '/api/v1/notifications' })).json().total).toBe(1);
    // A send-back reaches it.
    const post = (send: Send, action: string, payload?: object) =>
      send({ method: 'POST', url: `/api/v1/hazards/${h.id}/${action}`, payload });
    await post(manager, 'start-rectification');
    await post(manager, 'submit', { note: '已整改' });
    await post(inspector, 'send-back', { reason: '未整改到位' });
    await e.tick();
    list = (await manager({ method: 'GET', url: '/api/v1/notifications?unread=true' })).json();
    expect(list.items.map((i: { kind: string }) => i.kind)).toEqual(['hazard_sent_back']);
    // A handler run twice notifies once.
    await e.tick();
    expect((await manager({ method: 'GET', url: '/api/v1/notifications' })).json().total).toBe(2);
  });

  it('links a change request’s notices to the page where it is decided and read (its venue’s page)', async () => {
    const { venue, manager } = await venueWithManager();
    const e = events();
    const proposal = await manager({
      method: 'POST',
      url: '/api/v1/registry-changes',
      payload: { subjectType: 'venue', subjectId: venue.id, changes: { category: 'school' }, reason: '改为学校食堂' },
    });
    expect(proposal.statusCode, proposal.body).toBe(201);
    await e.tick();
    const proposed = (await officer({ method: 'GET', url: '/api/v1/notifications' })).json().items as {
      kind: string;
      subjectId: string;
      link: string;
    }[];
    expect(proposed.find((n) => n.subjectId === proposal.json().id)).toMatchObject({
      kind: 'registry_change_proposed',
      link: `/registry/venues/${venue.id}`,
    });
    const decided = await officer({
      method: 'POST',
      url: `/api/v1/registry-changes/${proposal.json().id}/reject`,
      payload: { note: '不属实' },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    await e.tick();
    const back = (await manager({ method: 'GET', url: '/api/v1/notifications' })).json().items as {
      kind: string;
      link: string;
    }[];
    expect(back.find((n) => n.kind === 'registry_change_decided')?.link).toBe(`/registry/venues/${venue.id}`);
  });

  it('delivers to the user’s webhook, signed, retrying with back-off after a failure, each attempt recorded', async () => {
    const { venue, manager } = await venueWithManager();
    const bad = await manager({
      method: 'PUT',
      url: '/api/v1/notification-channels',
      payload: { ownerType: 'user', url: 'ftp://example.org/x', kinds: ['hazard_created'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'notifications.channel_url_invalid', details: { field: 'url' } });
    const put = await manager({
      method: 'PUT',
      url: '/api/v1/notification-channels',
      payload: { ownerType: 'user', url: receiverUrl, kinds: ['hazard_created', 'hazard_sent_back'] },
    });
    expect(put.statusCode, put.body).toBe(200);
    const channel = put.json();
    expect(channel.secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // The secret is shown once.
    const settings = (await manager({ method: 'GET', url: '/api/v1/notifications/settings' })).json();
    expect(settings.owners[0]).toMatchObject({ ownerType: 'user', channel: { id: channel.id, secret: null } });

    const e = events();
    await raise(officer, venue.id);
    await e.tick();
    received.length = 0;
    answers.push(503);
    const t0 = new Date();
    expect(await deliverDueWebhooks(ctx.database.db, { allowInternal: true, now: () => t0 })).toMatchObject({
      retrying: 1,
      delivered: 0,
    });
    let deliveries = (
      await manager({ method: 'GET', url: `/api/v1/notification-channels/${channel.id}/deliveries` })
    ).json().items;
    expect(deliveries[0]).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 503, lastError: 'HTTP 503' });
    // Not before its back-off (30 s after the first attempt).
    expect(
      await deliverDueWebhooks(ctx.database.db, { allowInternal: true, now: () => new Date(t0.getTime() + 10_000) }),
    ).toMatchObject({
      delivered: 0,
      retrying: 0,
    });
    expect(
      await deliverDueWebhooks(ctx.database.db, { allowInternal: true, now: () => new Date(t0.getTime() + 31_000) }),
    ).toMatchObject({
      delivered: 1,
    });
    deliveries = (
      await manager({ method: 'GET', url: `/api/v1/notification-channels/${channel.id}/deliveries` })
    ).json().items;
    expect(deliveries[0]).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200 });
    expect(received).toHaveLength(2);
    const last = received[1]!;
    const ts = String(last.headers['x-ranan-timestamp']);
    expect(last.headers['x-ranan-signature']).toBe(signDelivery(channel.secret, ts, last.body));
    expect(JSON.parse(last.body)).toMatchObject({
      kind: 'hazard_created',
      title: expect.stringMatching(/^新隐患 YH-/),
    });
    // Someone else cannot read this channel's deliveries.
    expect(
      (await officer({ method: 'GET', url: `/api/v1/notification-channels/${channel.id}/deliveries` })).statusCode,
    ).toBe(404);
  });

  it('an organisation’s channel (set by its user administrator) carries its people’s notices once, WeCom-shaped', async () => {
    const galutu = await regionByCode(ctx.database.db, TOWNSHIPS.galutu);
    const { manager } = await venueWithManager();
    const refused = await manager({
      method: 'PUT',
      url: '/api/v1/notification-channels',
      payload: { ownerType: 'region', ownerId: galutu.id, url: receiverUrl, kinds: ['hazard_created'] },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('notifications.channel_owner_forbidden');
    const put = await admin({
      method: 'PUT',
      url: '/api/v1/notification-channels',
      payload: {
        ownerType: 'region',
        ownerId: galutu.id,
        url: receiverUrl,
        format: 'wecom',
        kinds: ['hazard_created'],
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    // Two people of the township (officer, inspector) read the new hazard: one delivery.
    const { venue } = await venueWithManager();
    const e = events();
    await raise(officer, venue.id);
    await e.tick();
    received.length = 0;
    await deliverDueWebhooks(ctx.database.db, { allowInternal: true, now: () => new Date(Date.now() + 3_600_000) });
    const wecom = received.filter((r) => r.body.includes('msgtype'));
    expect(wecom).toHaveLength(1);
    expect(JSON.parse(wecom[0]!.body)).toMatchObject({
      msgtype: 'text',
      text: { content: expect.stringMatching(/^【燃安】新隐患/) },
    });
  });

  it('reminds of deadlines approaching once per deadline (the daily job)', async () => {
    const { venue, manager } = await venueWithManager();
    // Found 13 days ago: a general hazard's 15-day deadline is in two days.
    const h = (await raise(officer, venue.id, addDays(chinaToday(), -13))).json();
    expect(h.deadline).toBe(addDays(chinaToday(), 2));
    await remindDeadlines(ctx.database.db, chinaToday());
    await remindDeadlines(ctx.database.db, chinaToday());
    const list = (await manager({ method: 'GET', url: '/api/v1/notifications' })).json();
    expect(list.items.filter((i: { kind: string }) => i.kind === 'hazard_deadline')).toEqual([
      expect.objectContaining({ subjectId: h.id, title: expect.stringContaining(h.number) }),
    ]);
  });
});
