import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TOWNSHIPS } from '../../../test/factories.ts';
import { buildScopedUser, buildVenue } from '../../../test/registry-factories.ts';
import { isInternalAddress } from './notifications.address.ts';
import { deliverDueWebhooks, notificationChannelsTable } from './index.ts';

// Outgoing webhooks are not a way into the platform's own network: with the default configuration
// (WEBHOOK_ALLOW_INTERNAL unset) internal addresses are refused when set and again when sending.
let ctx: TestContext;
let manager: Awaited<ReturnType<typeof login>>;
let hits = 0;
let receiverUrl = '';
const receiver = http.createServer((_req, res) => {
  hits++;
  res.end('ok');
});

beforeAll(async () => {
  ctx = await createTestApp();
  const venue = await buildVenue(ctx.database.db, { regionCode: TOWNSHIPS.galutu });
  const m = await buildScopedUser(ctx.database.db, { venueId: venue.id });
  manager = await login(ctx.app, m.username, m.password);
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
}, 60_000);
afterAll(async () => {
  receiver.close();
  await ctx.close();
});

describe('webhook addresses (SSRF)', () => {
  it('classifies internal addresses', () => {
    for (const ip of ['127.0.0.1', '10.2.3.4', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.1.1', '0.0.0.0'])
      expect(isInternalAddress(ip), ip).toBe(true);
    for (const ip of ['::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1'])
      expect(isInternalAddress(ip), ip).toBe(true);
    for (const ip of ['8.8.8.8', '172.32.0.1', '2001:db8::1', '::ffff:8.8.8.8'])
      expect(isInternalAddress(ip), ip).toBe(false);
  });

  it('refuses a channel to a loopback, private, link-local or localhost address: 400 with the field', async () => {
    for (const url of [
      receiverUrl,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.5:8080/x',
      'http://[::1]:3000/x',
      'https://localhost/x',
      'http://api.localhost/x',
      'http://[::ffff:7f00:1]/x',
    ]) {
      const res = await manager({
        method: 'PUT',
        url: '/api/v1/notification-channels',
        payload: { ownerType: 'user', url, kinds: ['hazard_created'] },
      });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error, url).toMatchObject({
        code: 'notifications.channel_url_internal',
        details: { field: 'url' },
      });
    }
    const ok = await manager({
      method: 'PUT',
      url: '/api/v1/notification-channels',
      payload: { ownerType: 'user', url: 'https://93.184.216.34/hook', kinds: ['hazard_created'] },
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('does not send to an internal address at delivery time: the delivery fails at once, nothing is sent', async () => {
    const settings = (await manager({ method: 'GET', url: '/api/v1/notifications/settings' })).json();
    const id = settings.owners[0].channel.id as string;
    // As if the address had been set before the rule (or by a name that now resolves inside).
    await ctx.database.db.update(notificationChannelsTable).set({ url: receiverUrl });
    const queued = await manager({ method: 'POST', url: `/api/v1/notification-channels/${id}/test` });
    expect(queued.statusCode, queued.body).toBe(200);
    expect(await deliverDueWebhooks(ctx.database.db, { now: () => new Date(Date.now() + 1000) })).toMatchObject({
      failed: 1,
      delivered: 0,
      retrying: 0,
    });
    expect(hits).toBe(0);
    const deliveries = (await manager({ method: 'GET', url: `/api/v1/notification-channels/${id}/deliveries` })).json();
    expect(deliveries.items[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'refused: internal address',
    });
  });
});
