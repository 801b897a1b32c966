import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../server/app.ts';
import { type Config, testConfig } from '../server/config.ts';
import type { Database } from '../server/db/client.ts';
import { createTestDatabase } from './db.ts';

export type TestContext = { app: FastifyInstance; database: Database; close(): Promise<void> };

/** A test app over a fresh database holding the plan's organisation. */
export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestContext> {
  const database = await createTestDatabase({ organisation: true });
  const app = await buildApp({ config: testConfig(overrides), database });
  await app.ready();
  return {
    app,
    database,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** Signs in over HTTP and returns a function that sends requests with the session cookie. */
export async function login(app: FastifyInstance, username: string, password: string) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'ranan_session');
  if (!cookie) throw new Error('no session cookie');
  return (opts: InjectOptions) =>
    app.inject({ ...opts, cookies: { ...(opts.cookies ?? {}), ranan_session: cookie.value } });
}
