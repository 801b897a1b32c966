import os from 'node:os';
import type { Browser, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Server, launchBrowser, shot, signIn, startServer } from './harness.ts';

/** An IPv4 address of this machine that is not loopback: how a county intranet reaches the server. */
function intranetAddress(): string {
  for (const list of Object.values(os.networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  throw new Error('this machine has no non-loopback IPv4 address');
}

let server: Server;
let browser: Browser;
let baseUrl: string;
beforeAll(async () => {
  server = await startServer({ host: '0.0.0.0' });
  baseUrl = server.url.replace('127.0.0.1', intranetAddress());
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('deployed on a plain-HTTP intranet', () => {
  it('opens from a non-loopback address, says the field app needs HTTPS, shows the demo banner and signs in', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
    const assets: Response[] = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname.startsWith('/assets/')) assets.push(r);
    });
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    await page.goto(`${baseUrl}/login`);
    expect(await page.evaluate(() => (globalThis as { isSecureContext?: boolean }).isSecureContext)).toBe(false);
    await page.getByLabel('用户名').waitFor({ timeout: 20_000 });
    await page.getByTestId('insecure-context').waitFor();
    expect(await page.getByTestId('insecure-context').textContent()).toContain('HTTPS');
    await page.getByTestId('demo-banner').waitFor();
    expect(await page.getByTestId('demo-banner').textContent()).toContain('演示数据');
    await shot(page, 'intranet-login');

    // Every script and style came over plain HTTP from this address, compressed and cached for a year
    // (Chromium offers brotli only to secure contexts, so here the precompressed gzip copy is sent).
    expect(failed).toEqual([]);
    expect(assets.length).toBeGreaterThan(0);
    for (const r of assets) {
      expect(r.url().startsWith(`${baseUrl}/assets/`)).toBe(true);
      const headers = await r.allHeaders();
      expect(headers['cache-control']).toBe('public, max-age=31536000, immutable');
      if (/\.(js|css)$/.test(new URL(r.url()).pathname) && Number((await r.body()).length) > 2048)
        expect(headers['content-encoding']).toBe('gzip');
    }

    await signIn(page, baseUrl, 'admin');
    // The home page's figures came through the API over plain HTTP too.
    await page.locator('.ant-statistic-content-value').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('demo-banner').waitFor();
    await shot(page, 'intranet-home');
    await page.close();
  });

  it('shows no HTTPS notice where the page is a secure context (localhost)', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url.replace('127.0.0.1', 'localhost')}/login`);
    await page.getByLabel('用户名').waitFor({ timeout: 20_000 });
    await page.getByTestId('demo-banner').waitFor();
    expect(await page.getByTestId('insecure-context').count()).toBe(0);
    await page.close();
  });
});
