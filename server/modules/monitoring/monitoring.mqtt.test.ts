import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { login } from '../../../test/app.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { buildUser } from '../../../test/factories.ts';
import { buildEnterprise } from '../../../test/registry-factories.ts';
import { buildApp } from '../../app.ts';
import { testConfig } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { type Ingest, createIngest, startEmbeddedBroker } from '../../platform/ingest/index.ts';
import { startMqttIngest } from '../../platform/ingest/ingest.mqtt.ts';
import { createServices } from '../../services.ts';
import { alarmsTable, gatewayRejectionsTable } from './monitoring.table.ts';

const mosquitto = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';

async function listening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 1883) });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
const brokerUp = await listening(mosquitto);

describe('readings over MQTT', () => {
  let database: Database;
  let app: FastifyInstance;
  let ingest: Ingest;
  let globalToken: string;
  let enterpriseToken: string;
  const run = randomBytes(3).toString('hex');
  const code = (name: string) => `${name}-${run}`;
  const t0 = Date.now() - 3_600_000;
  const at = (s: number) => new Date(t0 + s * 1000).toISOString();
  const count = async (sensorCode: string) => {
    const r = (await database.db.execute(
      sql`select count(*)::int as n from readings r join sensors s on s.id = r.sensor_id where s.code = ${sensorCode}`,
    )) as unknown as { rows: { n: number }[] };
    return r.rows[0]!.n;
  };

  beforeAll(async () => {
    database = await createTestDatabase({ organisation: true });
    ingest = createIngest({ db: database.db, log: () => {} });
    app = await buildApp({ config: testConfig(), database, ingest });
    await app.ready();
    const admin = await buildUser(database.db, 'office_admin', 'global');
    const office = await login(app, admin.username, admin.password);
    const enterprise = await buildEnterprise(database.db);
    const other = await buildEnterprise(database.db);
    for (const [c, owner] of [
      [code('MQ-MH'), enterprise.id],
      [code('MQ-EMB'), enterprise.id],
      [code('MQ-OTHER'), other.id],
    ] as const) {
      const res = await office({
        method: 'POST',
        url: '/api/v1/sensors',
        payload: { code: c, kind: 'manhole_methane', ownerEnterpriseId: owner },
      });
      expect(res.statusCode).toBe(201);
    }
    const issue = async (body: Record<string, unknown>) =>
      (
        await office({
          method: 'POST',
          url: '/api/v1/machine-tokens',
          payload: { name: '网关', role: 'sensor_gateway', ...body },
        })
      ).json().secret as string;
    globalToken = await issue({ scopeType: 'global' });
    enterpriseToken = await issue({ scopeType: 'enterprise', enterpriseId: enterprise.id });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const topic = 'ranan/ingest/monitoring.readings';
  const batch = (sensorCode: string, from: number, values: number[]) => ({
    readings: values.map((value, i) => ({ sensorCode, at: at(from + i * 10), value })),
  });

  it.skipIf(!brokerUp)(
    'through Mosquitto (shared subscription, QoS 1): stored once, alarms judged, bad readings counted',
    async () => {
      const subscriber = startMqttIngest({ url: mosquitto, ingest, log: () => {}, group: `ranan_mon_${run}` });
      await subscriber.ready;
      const publisher = await mqtt.connectAsync(mosquitto, { protocolVersion: 5, clientId: `gw-${run}` });
      try {
        const body = { gateway: `gw-${run}`, ...batch(code('MQ-MH'), 0, [30, 30, 30, 30]) };
        body.readings.push({ sensorCode: 'NOPE', at: at(0), value: 1 });
        await publisher.publishAsync(topic, JSON.stringify(body), { qos: 1 });
        // Sent again (a gateway's retry): stored once.
        await publisher.publishAsync(topic, JSON.stringify(body), { qos: 1 });
        await publisher.publishAsync(topic, '{not json', { qos: 1 });
        await vi.waitFor(async () => expect(await count(code('MQ-MH'))).toBe(4), { timeout: 10_000, interval: 100 });
        await vi.waitFor(
          async () => {
            const [alarm] = await database.db
              .select()
              .from(alarmsTable)
              .where(eq(alarmsTable.sensorCode, code('MQ-MH')));
            expect(alarm).toMatchObject({ kind: 'gas', level: 'alarm' });
          },
          { timeout: 10_000, interval: 100 },
        );
        await vi.waitFor(async () => {
          const [refused] = await database.db
            .select()
            .from(gatewayRejectionsTable)
            .where(eq(gatewayRejectionsTable.gateway, `system:mqtt:gw-${run}`));
          expect(refused).toMatchObject({ code: 'SENSOR_UNKNOWN', count: 2 });
        });
      } finally {
        await publisher.endAsync();
        await subscriber.close();
      }
    },
  );

  it('through the embedded broker: the gateway’s machine token is its password and its scope applies; PUBACK after commit', async () => {
    const auth = createServices({ db: database.db, config: testConfig() }).auth;
    const broker = startEmbeddedBroker({
      // Any free port: the PGlite and PostgreSQL suites run side by side in CI.
      port: 0,
      host: '127.0.0.1',
      ingest,
      authenticate: async (token) => (await auth.actorFromMachineToken(token, {}))?.actor ?? null,
      log: () => {},
    });
    const url = `mqtt://127.0.0.1:${await broker.ready}`;
    try {
      await expect(
        mqtt.connectAsync(url, { username: 'gw', password: 'not-a-token', reconnectPeriod: 0, connectTimeout: 3_000 }),
      ).rejects.toThrow();
      const gw = await mqtt.connectAsync(url, { username: 'gw', password: enterpriseToken, reconnectPeriod: 0 });
      try {
        const body = batch(code('MQ-EMB'), 0, [1, 2, 3]);
        body.readings.push({ sensorCode: code('MQ-OTHER'), at: at(0), value: 1 });
        // publishAsync resolves on the PUBACK, which the broker sends only after the commit.
        await gw.publishAsync(topic, JSON.stringify(body), { qos: 1 });
        expect(await count(code('MQ-EMB'))).toBe(3);
        expect(await count(code('MQ-OTHER'))).toBe(0);
        // A body that is not JSON is acknowledged and dropped; the connection stays usable.
        await gw.publishAsync(topic, 'garbage', { qos: 1 });
        await gw.publishAsync(topic, JSON.stringify(batch(code('MQ-EMB'), 100, [4])), { qos: 1 });
        expect(await count(code('MQ-EMB'))).toBe(4);
      } finally {
        await gw.endAsync();
      }
      const [refused] = await database.db
        .select()
        .from(gatewayRejectionsTable)
        .where(eq(gatewayRejectionsTable.code, 'OUT_OF_SCOPE'));
      expect(refused!.gateway.startsWith('machine:')).toBe(true);
      // The global gateway may send for any sensor.
      const all = await mqtt.connectAsync(url, { username: 'gw2', password: globalToken, reconnectPeriod: 0 });
      await all.publishAsync(topic, JSON.stringify(batch(code('MQ-OTHER'), 0, [1])), { qos: 1 });
      await all.endAsync();
      expect(await count(code('MQ-OTHER'))).toBe(1);
    } finally {
      await broker.close();
    }
  });
});
