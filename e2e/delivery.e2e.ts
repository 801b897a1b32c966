import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** JSON reads as the office (admin), outside the browser. */
async function asOffice() {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return async <T>(path: string): Promise<{ status: number; json: T }> => {
    const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
    return { status: res.status, json: (await res.json()) as T };
  };
}

type Order = {
  id: string;
  number: string;
  status: string;
  check: { failedItems: string[]; hazards: { id: string }[] } | null;
};

describe('the driver on a 375 px phone (随瓶安检)', () => {
  it('takes an order, scans a cylinder (typed), fails the hose item at the door, and the hazard is raised', async () => {
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
    await page.locator('input[data-testid="hose-length"], [data-testid="hose-length"] input').first().fill('2.6');
    const items = page.locator('[data-testid^="item-"]');
    const n = await items.count();
    expect(n).toBeGreaterThan(3);
    for (let i = 0; i < n; i++) {
      const item = items.nth(i);
      const id = (await item.getAttribute('data-testid'))!;
      await item.getByText(id === 'item-hose_length' ? '不合格' : '合格', { exact: true }).click();
    }
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
    const hazard = await api<{ source: string; status: string }>(`/api/v1/hazards/${order.check!.hazards[0]!.id}`);
    expect(hazard.status).toBe(200);
    expect(hazard.json.source).toBe('delivery');
    // The cylinder's life log says it was delivered.
    const events = await api<{ items: { type: string }[] }>('/api/v1/cylinders/PS1-0001/events');
    expect(events.json.items.map((e) => e.type)).toContain('delivered');

    // The office sees the hazard in the ledger.
    const office = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN' });
    const desk = await office.newPage();
    await signIn(desk, server.url, 'admin');
    await desk.goto(`${server.url}/hazards/${order.check!.hazards[0]!.id}`);
    await expect.poll(() => desk.getByText('软管').first().isVisible(), { timeout: 30_000 }).toBe(true);
    await shot(desk, 'delivery-office-hazard');
    await office.close();
    await phone.close();
  });
});
