import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, type Server, shot, signIn, startServer } from './harness.ts';

// 监测预警: a gateway reports a leak in a restaurant's kitchen; the office's alarm list shows the 报警 live
// (no reload), the office acknowledges it and closes it as a hazard in the ledger.

let server: Server;
let browser: Browser;
const journal: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function session(user: string): Promise<Page> {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  page.on('pageerror', (e) => journal.push(`${user} pageerror: ${e.message}`));
  await signIn(page, server.url, user);
  return page;
}

describe('monitoring and early warning in the browser', () => {
  it('a simulated leak raises an alarm live; it is acknowledged and closed as a hazard', {
    timeout: 180_000,
  }, async () => {
    const page = await session('admin');
    const api = page.request;
    // The office registers a kitchen detector on a demo restaurant and issues a gateway token.
    const venues = await (await api.get(`${server.url}/api/v1/venues?category=restaurant&pageSize=1`)).json();
    const venue = venues.items[0];
    expect(venue).toBeTruthy();
    const code = `E2E-KG-${Date.now() % 100000}`;
    const created = await api.post(`${server.url}/api/v1/sensors`, {
      data: { code, kind: 'kitchen_gas', objectType: 'venue', objectId: venue.id, intervalSeconds: 30 },
    });
    expect(created.status()).toBe(201);
    const token = await api.post(`${server.url}/api/v1/machine-tokens`, {
      data: { name: 'e2e 网关', role: 'sensor_gateway', scopeType: 'global' },
    });
    expect(token.status()).toBe(201);
    const bearer = { authorization: `Bearer ${(await token.json()).secret}` };

    await page.goto(`${server.url}/monitoring/alarms`);
    await page.getByRole('heading', { name: '报警处置' }).waitFor();
    expect(await page.locator(`[data-testid="alarm-level-${code}"]`).count()).toBe(0);

    // The leak: 60 %LEL for 20 s, sent as a gateway does (the same path as MQTT).
    const now = Date.now();
    const readings = [0, 5, 10, 15, 20].map((s) => ({
      sensorCode: code,
      at: new Date(now - 20_000 + s * 1000).toISOString(),
      value: 60,
    }));
    const sent = await api.post(`${server.url}/api/v1/readings`, { data: { readings }, headers: bearer });
    expect(sent.status()).toBe(200);
    expect((await sent.json()).accepted).toBe(5);

    // Without a reload: the row appears at level 报警 and the notification names the sensor.
    const level = page.locator(`[data-testid="alarm-level-${code}"]`);
    await level.waitFor({ timeout: 20_000 });
    expect(await level.textContent()).toBe('报警');
    await page.locator('.ant-notification-notice').filter({ hasText: code }).waitFor({ timeout: 10_000 });
    await shot(page, 'monitoring-alarm-live');

    await page.getByRole('link', { name: code }).click();
    await page.getByRole('button', { name: /^确\s*认$/ }).click();
    await expect
      .poll(() => page.locator('[data-testid=alarm-status]').textContent(), { timeout: 10_000 })
      .toBe('已确认');
    await page.getByRole('button', { name: '转为隐患' }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await page.waitForURL(/\/hazards\/[0-9a-f-]{36}$/, { timeout: 15_000 });
    const hazardId = page.url().split('/').pop()!;
    const hazard = await (await api.get(`${server.url}/api/v1/hazards/${hazardId}`)).json();
    expect(hazard).toMatchObject({ source: 'alarm' });
    const alarms = await (await api.get(`${server.url}/api/v1/alarms?sensorCode=${code}`)).json();
    expect(alarms.items[0]).toMatchObject({ status: 'closed', resolution: 'hazard', hazardId });
    await shot(page, 'monitoring-hazard');
    expect(journal).toEqual([]);
  });
});
