import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.ts';
import { testConfig } from '../server/config.ts';
import { seedDemoAccounts } from '../server/seed/demo.seed.ts';
import { type TestContext, createTestApp } from './app.ts';

/** A built web app in miniature: index.html, a hashed asset with its precompressed copies, the service worker. */
function fakeWebBuild(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ranan-web-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  const js = Buffer.from(`console.log(${JSON.stringify('燃安'.repeat(2000))});\n`);
  fs.writeFileSync(path.join(dir, 'assets/antd-AbC123.js'), js);
  fs.writeFileSync(path.join(dir, 'assets/antd-AbC123.js.br'), zlib.brotliCompressSync(js));
  fs.writeFileSync(path.join(dir, 'assets/antd-AbC123.js.gz'), zlib.gzipSync(js));
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><script type="module" src="/assets/antd-AbC123.js"></script>',
  );
  fs.writeFileSync(path.join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  return dir;
}

let ctx: TestContext;
let webDir: string;
beforeAll(async () => {
  webDir = fakeWebBuild();
  ctx = await createTestApp({ webDistDir: webDir });
});
afterAll(async () => {
  fs.rmSync(webDir, { recursive: true, force: true });
  await ctx?.close();
});

describe('plain HTTP on an intranet', () => {
  it('does not tell the browser to upgrade subresources to https (a blank page over plain HTTP)', async () => {
    for (const url of ['/', '/login', '/healthz']) {
      const res = await ctx.app.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });
});

describe('static assets', () => {
  it('sends the precompressed brotli or gzip copy the browser accepts, and caches hashed assets for a year', async () => {
    const raw = fs.readFileSync(path.join(webDir, 'assets/antd-AbC123.js'));
    const br = await ctx.app.inject({
      method: 'GET',
      url: '/assets/antd-AbC123.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(br.rawPayload.length).toBeLessThan(raw.length / 5);
    expect(zlib.brotliDecompressSync(br.rawPayload).equals(raw)).toBe(true);

    const gz = await ctx.app.inject({
      method: 'GET',
      url: '/assets/antd-AbC123.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).equals(raw)).toBe(true);

    const plain = await ctx.app.inject({
      method: 'GET',
      url: '/assets/antd-AbC123.js',
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.equals(raw)).toBe(true);
  });

  it('makes the browser revalidate index.html, client routes and the service worker', async () => {
    for (const url of ['/', '/field', '/hazards/123', '/sw.js']) {
      const res = await ctx.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
  });
});

describe('HTTPS served by the platform itself (TLS_CERT / TLS_KEY)', () => {
  it('answers over TLS with the configured certificate and sends HSTS', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ranan-tls-'));
    const certFile = path.join(dir, 'cert.pem');
    const keyFile = path.join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'ignore' },
    );
    const app = await buildApp({
      config: testConfig({ tls: { certFile, keyFile }, webDistDir: webDir }),
      database: ctx.database,
    });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as import('node:net').AddressInfo;
      const answer = await new Promise<{
        status: number;
        headers: import('node:http').IncomingHttpHeaders;
        body: string;
      }>((resolve, reject) => {
        https
          .get({ host: '127.0.0.1', port, path: '/healthz', ca: fs.readFileSync(certFile) }, (res) => {
            let body = '';
            res.on('data', (d) => (body += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
          })
          .on('error', reject);
      });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body).status).toBe('ok');
      expect(answer.headers['strict-transport-security']).toMatch(/max-age=/);
    } finally {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('demo data is announced', () => {
  it('says demo: false until the demo seed has run, then demo: true (recorded in the database)', async () => {
    const before = await ctx.app.inject({ method: 'GET', url: '/healthz' });
    expect(before.json()).toMatchObject({ status: 'ok', demo: false });
    await seedDemoAccounts(ctx.database.db);
    const after = await ctx.app.inject({ method: 'GET', url: '/healthz' });
    expect(after.json()).toMatchObject({ status: 'ok', demo: true });
    // The fact lives in the database: a second app over it (a restart) still says so.
    const again = await buildApp({ config: testConfig({ webDistDir: webDir }), database: ctx.database });
    expect((await again.inject({ method: 'GET', url: '/healthz' })).json().demo).toBe(true);
    await again.close();
  });

  it('an installation seeded before installation_facts existed says demo: true after upgrading (migrate infers it)', async () => {
    await seedDemoAccounts(ctx.database.db);
    // As before migration 0006: the demo seed's entries are in the trail, the fact is not.
    await ctx.database.db.execute(`delete from installation_facts where key = 'demo'`);
    expect((await ctx.app.inject({ method: 'GET', url: '/healthz' })).json().demo).toBe(false);
    await ctx.database.migrate();
    expect((await ctx.app.inject({ method: 'GET', url: '/healthz' })).json().demo).toBe(true);
  });
});
