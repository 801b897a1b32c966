/**
 * The demo simulators' own requests (app.inject with the process's internal mark) are not logged one by one; every
 * other request is, a forged mark included.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/db.ts';
import { buildApp } from '../app.ts';
import { testConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import { INTERNAL_REQUEST_HEADER, internalRequestHeaders, isInternalRequest } from './internal-requests.ts';

let database: Database;
let app: Awaited<ReturnType<typeof buildApp>>;
const lines: { msg?: string; req?: { url?: string } }[] = [];

beforeAll(async () => {
  database = await createTestDatabase({ organisation: true });
  app = await buildApp({
    config: testConfig({ logLevel: 'info' }),
    database,
    logStream: { write: (line: string) => void lines.push(JSON.parse(line)) },
  });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const logged = (url: string) => lines.filter((l) => l.msg === 'incoming request' && l.req?.url === url).length;

it('logs a request, but not one carrying the internal mark; a forged mark is logged', async () => {
  expect((await app.inject({ method: 'GET', url: '/healthz?plain' })).statusCode).toBe(200);
  expect(logged('/healthz?plain')).toBe(1);
  const quiet = await app.inject({ method: 'GET', url: '/healthz?internal', headers: { ...internalRequestHeaders } });
  expect(quiet.statusCode).toBe(200);
  expect(logged('/healthz?internal')).toBe(0);
  const forged = await app.inject({
    method: 'GET',
    url: '/healthz?forged',
    headers: { [INTERNAL_REQUEST_HEADER]: 'guess' },
  });
  expect(forged.statusCode).toBe(200);
  expect(logged('/healthz?forged')).toBe(1);
  expect(isInternalRequest({ headers: {} })).toBe(false);
});
