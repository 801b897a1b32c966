import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DESKTOP, PHONE, type Server, launchBrowser, shot, signIn, startServer } from './harness.ts';

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

/** JSON calls as the office (admin: every station, every cylinder), outside the browser. */
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
  return async <T>(path: string, body?: unknown): Promise<{ status: number; json: T }> => {
    const res = await fetch(`${server.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as T };
  };
}

type CylinderList = { items: { code: string; ownerEnterpriseId: string }[] };
type Check = { allowed: boolean; reasons: { code: string }[] };

describe('one cylinder, one code on a phone', () => {
  let phone: BrowserContext;
  let code: string;

  it('finds a demo cylinder the gate lets through at its owner’s station', async () => {
    const api = await asOffice();
    const stations = await api<{ items: { id: string; enterpriseId: string; kind: string }[] }>(
      '/api/v1/facilities?kind=filling_station&pageSize=50',
    );
    expect(stations.status).toBe(200);
    // Per filler (the delivery operators' own stock has no filling station to check at; a filler may be unlicensed).
    for (const station of stations.json.items) {
      const list = await api<CylinderList>(
        `/api/v1/cylinders?status=in_service&overdue=false&pageSize=20&ownerEnterpriseId=${station.enterpriseId}`,
      );
      expect(list.status).toBe(200);
      for (const c of list.json.items) {
        const check = await api<Check>('/api/v1/filling/check', { cylinderCode: c.code, stationId: station.id });
        if (check.json.allowed) {
          code = c.code;
          break;
        }
      }
      if (code) break;
    }
    expect(code, 'a cylinder the gate allows').toBeTruthy();
  });

  it('types the code on a phone and sees the public page say it is safe, without signing in', async () => {
    phone = await browser.newContext(PHONE);
    const page = await phone.newPage();
    await page.goto(`${server.url}/c`);
    await page.getByTestId('cylinder-code-input').fill(code.toLowerCase());
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForURL(`**/c/${code}`);
    const verdict = page.getByTestId('cylinder-verdict');
    await expect.poll(() => verdict.textContent(), { timeout: 20_000 }).toContain('可以接收');
    await expect.poll(() => page.getByTestId('cylinder-code').textContent(), { timeout: 20_000 }).toContain(code);
    await shot(page, 'cylinders-public-safe-375');
  });

  it('on the phone a department officer scans (types) the code and opens the cylinder with its timeline', async () => {
    const page = await phone.newPage();
    await signIn(page, server.url, 'scjg');
    await page.goto(`${server.url}/cylinders/scan`);
    await page.getByTestId('cylinder-code-input').fill(code);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForURL(`**/cylinders/${code}`);
    await expect.poll(() => page.getByText('流转记录').first().isVisible(), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => page.getByText('档案信息').isVisible(), { timeout: 20_000 }).toBe(true);
    await shot(page, 'cylinders-detail-375');
  });

  it('on the phone the officer seizes that cylinder (form at 375 px); the gate then refuses its code', async () => {
    const page = await phone.newPage();
    await page.goto(`${server.url}/cylinders/seize?code=${code}`);
    await page.getByText('其他', { exact: true }).click();
    await page.getByPlaceholder(/例如/).fill('嘎鲁图镇萨如拉街某餐馆后厨（e2e）');
    await shot(page, 'cylinders-seize-375');
    await page.getByRole('button', { name: /确认查扣/ }).click();
    await page.waitForURL(`**/cylinders/${code}`, { timeout: 30_000 });
    const api = await asOffice();
    const c = await api<{ status: string; ownerEnterpriseId: string }>(`/api/v1/cylinders/${code}`);
    expect(c.json.status).toBe('seized');
    const stations = await api<{ items: { id: string; enterpriseId: string }[] }>(
      '/api/v1/facilities?kind=filling_station&pageSize=50',
    );
    const station = stations.json.items.find((s) => s.enterpriseId === c.json.ownerEnterpriseId)!;
    const check = await api<Check>('/api/v1/filling/check', { cylinderCode: code, stationId: station.id });
    expect(check.json.allowed).toBe(false);
    expect(check.json.reasons.map((r) => r.code)).toContain('SEIZED');
  });

  it('a seized cylinder of the demo: the public page says not to accept it, and the gate refuses it', async () => {
    const api = await asOffice();
    const seized = await api<CylinderList>('/api/v1/cylinders?status=seized&pageSize=1');
    const c = seized.json.items[0]!;
    const stations = await api<{ items: { id: string; enterpriseId: string }[] }>(
      '/api/v1/facilities?kind=filling_station&pageSize=50',
    );
    const station = stations.json.items.find((s) => s.enterpriseId === c.ownerEnterpriseId)!;
    const check = await api<Check>('/api/v1/filling/check', { cylinderCode: c.code, stationId: station.id });
    expect(check.json.allowed).toBe(false);
    expect(check.json.reasons.map((r) => r.code)).toContain('SEIZED');
    const anon = await browser.newContext(PHONE);
    const page = await anon.newPage();
    await page.goto(`${server.url}/c/${c.code}`);
    const verdict = page.getByTestId('cylinder-verdict');
    await expect.poll(() => verdict.textContent(), { timeout: 20_000 }).toContain('不安全，请勿接收');
    await expect.poll(() => verdict.textContent(), { timeout: 20_000 }).toContain('已被监管部门查扣');
    await shot(page, 'cylinders-public-seized-375');
    await anon.close();
    await phone.close();
  });

  it('the office sees refusals by station and reason on a desktop', async () => {
    const desk = await browser.newContext(DESKTOP);
    const page = await desk.newPage();
    await signIn(page, server.url, 'admin');
    await page.goto(`${server.url}/cylinders/refusals`);
    await expect.poll(() => page.getByText('按充装站').isVisible(), { timeout: 20_000 }).toBe(true);
    await shot(page, 'cylinders-refusals-1280');
    await page.goto(`${server.url}/cylinders`);
    await expect.poll(() => page.locator('.ant-table-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await shot(page, 'cylinders-list-1280');
    await desk.close();
  });
});
