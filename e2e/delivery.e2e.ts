import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG_BYTES } from '../test/ledger-factories.ts';
import { DEMO_PASSWORD, PHONE, type Server, launchBrowser, shot, signIn, startServer } from './harness.ts';

let server: Server;
let browser: Browser;
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** JSON calls as a demo account (the office: admin), outside the browser. */
async function as(username: string) {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return async <T>(path: string, body?: unknown): Promise<{ status: number; json: T }> => {
    const res = await fetch(`${server.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? { cookie } : { cookie, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as T };
  };
}
const asOffice = () => as('admin');

type Order = {
  id: string;
  number: string;
  status: string;
  vehicleId: string | null;
  plate: string | null;
  scans: { cylinderCode: string; direction: string }[];
  check: { failedItems: string[]; photoIds: string[]; hazards: { id: string }[] } | null;
};

/** A China clock time (HH:mm:ss) as the live list shows it in a browser on China time. */
const chinaClock = (at: Date) =>
  at.toLocaleTimeString('en-GB', {
    timeZone: 'Asia/Shanghai',
    hour12: false,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });

describe('the driver on a 375 px phone (随瓶安检)', () => {
  it('takes an order, scans two cylinders (typed), fails the hose item with a photo, and the office sees the hazard and the track', async () => {
    const phone = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
    const page = await phone.newPage();
    await signIn(page, server.url, 'driver1');
    await page.goto(`${server.url}/driver`);
    // The phone's header: who is signed in, sign-out, and the demo notice.
    await expect.poll(() => page.getByTestId('driver-logout').isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('demo-banner').isVisible(), { timeout: 30_000 }).toBe(true);
    const first = page.getByTestId('driver-order').first();
    await first.waitFor({ timeout: 30_000 });
    await first.click();
    await page.waitForURL(/\/driver\/orders\//);
    const orderId = new URL(page.url()).pathname.split('/').pop()!;

    // The first cylinder of the operator's own stock (demo seed), typed as on its label.
    await page.getByTestId('full-input').fill('ps1-0001');
    await page.getByTestId('full-add').click();
    // The empty taken back: the second cylinder scanned.
    await page.getByTestId('empty-input').fill('ps1-0002');
    await page.getByTestId('empty-add').click();
    await page.locator('input[data-testid="hose-length"], [data-testid="hose-length"] input').first().fill('2.6');
    const items = page.locator('[data-testid^="item-"]');
    const n = await items.count();
    expect(n).toBeGreaterThan(3);
    for (let i = 0; i < n; i++) {
      const item = items.nth(i);
      const id = (await item.getAttribute('data-testid'))!;
      await item.getByText(id === 'item-hose_length' ? '不合格' : '合格', { exact: true }).click();
    }
    // The failed hose's photo, kept on the phone until the delivery is sent.
    await page
      .locator('[data-testid="photo-hose_length"]')
      .setInputFiles({ name: 'hose.png', mimeType: 'image/png', buffer: PNG_BYTES });
    await expect.poll(() => page.getByTestId('door-photo').count(), { timeout: 30_000 }).toBe(1);
    await shot(page, 'delivery-driver-check');
    await page.getByTestId('finish').click();
    await page.waitForURL((u) => u.pathname === '/driver', { timeout: 30_000 });

    const api = await asOffice();
    await expect
      .poll(async () => (await api<Order>(`/api/v1/delivery/orders/${orderId}`)).json.status, { timeout: 30_000 })
      .toBe('delivered');
    const order = (await api<Order>(`/api/v1/delivery/orders/${orderId}`)).json;
    expect(order.check?.failedItems).toEqual(['hose_length']);
    expect(order.check?.hazards).toHaveLength(1);
    expect(order.scans.map((c) => `${c.direction} ${c.cylinderCode}`).sort()).toEqual([
      'empty_back PS1-0002',
      'full_out PS1-0001',
    ]);
    expect(order.check?.photoIds).toHaveLength(1);
    const hazard = await api<{ source: string; status: string; photoIds: string[] }>(
      `/api/v1/hazards/${order.check!.hazards[0]!.id}`,
    );
    expect(hazard.status).toBe(200);
    expect(hazard.json.source).toBe('delivery');
    expect(hazard.json.photoIds).toEqual(order.check!.photoIds);
    // The cylinder's life log says it was delivered.
    const events = await api<{ items: { type: string }[] }>('/api/v1/cylinders/PS1-0001/events');
    expect(events.json.items.map((e) => e.type)).toContain('delivered');

    // The office sees the hazard in the ledger.
    const office = await browser.newContext({
      viewport: { width: 1366, height: 800 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const desk = await office.newPage();
    await signIn(desk, server.url, 'admin');
    await desk.goto(`${server.url}/hazards/${order.check!.hazards[0]!.id}`);
    await expect.poll(() => desk.getByText('软管').first().isVisible(), { timeout: 30_000 }).toBe(true);
    await shot(desk, 'delivery-office-hazard');

    // driver1's phone reports the vehicle bound to them; the office watches the live list, then replays the day.
    const driver = await as('driver1');
    // The vehicle bound to driver1, as the order was assigned with it (人车对应).
    const vehicle = { id: order.vehicleId!, plate: order.plate! };
    expect(vehicle.id).toBeTruthy();
    const fix = (minutesAgo: number, k: number) => ({
      vehicleId: vehicle.id,
      time: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
      lat: 38.59 + k * 0.004,
      lng: 108.84 + k * 0.004,
      speed: 30,
    });
    expect((await driver('/api/v1/delivery/positions', { rows: [fix(12, 0), fix(8, 1), fix(4, 2)] })).status).toBe(200);
    await desk.goto(`${server.url}/delivery`);
    await desk.getByRole('tab', { name: '实时位置' }).click();
    await expect.poll(() => desk.getByText(vehicle.plate).first().isVisible(), { timeout: 30_000 }).toBe(true);
    // A live position reaches the watching page without reload: measured from the send to the row showing it.
    const latencies: number[] = [];
    for (let k = 3; k < 6; k++) {
      const at = new Date(Math.floor(Date.now() / 1000) * 1000);
      const started = Date.now();
      const sent = await driver('/api/v1/delivery/positions', {
        // Standing at the last place (a second apart, any move would be an impossible speed).
        rows: [{ ...fix(0, 2), time: at.toISOString() }],
      });
      expect(sent.status).toBe(200);
      await desk
        .locator('[data-testid="live-at"]', { hasText: new RegExp(`^${chinaClock(at)}$`) })
        .first()
        .waitFor({ timeout: 30_000 });
      latencies.push(Date.now() - started);
      await new Promise((r) => setTimeout(r, 1100));
    }
    console.log(`live position → watching page: ${latencies.join(' ms, ')} ms`);
    await shot(desk, 'delivery-office-live');
    await desk.getByRole('tab', { name: '轨迹回放' }).click();
    await desk.locator('.ant-select').first().click();
    await desk.getByTitle(new RegExp(vehicle.plate)).first().click();
    await expect.poll(() => desk.getByTestId('track-count').textContent(), { timeout: 30_000 }).toMatch(/^6 /);
    await desk.getByTestId('track-replay').click();
    await shot(desk, 'delivery-office-track');
    await office.close();
    await phone.close();
  });
});
