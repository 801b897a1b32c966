import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DESKTOP, PHONE, type Server, launchBrowser, pickOption, shot, startServer } from './harness.ts';

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

/** JSON calls as a user, outside the browser. */
async function as(username: string, password = DEMO_PASSWORD) {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return async <T>(url: string, body?: unknown): Promise<{ status: number; json: T }> => {
    const res = await fetch(`${server.url}${url}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : null) as T };
  };
}

type Station = { id: string; name: string; enterpriseId: string };
type Check = { allowed: boolean; reasons: { code: string; message: string }[] };
type CylinderList = { items: { code: string }[] };

/** Signs in through the login form (the account made for this test has its own password). */
async function signIn(page: Page, username: string, password: string) {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
}

/** The form item of the filling page whose label is exactly this text. */
const field = (page: Page, label: string) =>
  page.locator('.ant-form-item').filter({ has: page.locator('label', { hasText: new RegExp(`^${label}$`) }) });

describe('充装核验, 充装记录 and the cylinder register’s files, as a filler’s manager', () => {
  let station: Station;
  let allowedCode = '';
  let refused: { code: string; reasons: Check['reasons'] } | null = null;
  const username = `e2efill${Date.now().toString(36)}`;
  const password = `Fill#${Date.now().toString(36)}Zz9`;

  it('finds a filler’s station with a cylinder the gate allows and one it refuses, and gives the filler an account', async () => {
    const office = await as('admin');
    const stations = await office<{ items: Station[] }>('/api/v1/facilities?kind=filling_station&pageSize=50');
    expect(stations.status).toBe(200);
    for (const s of stations.json.items) {
      const ok = await office<CylinderList>(
        `/api/v1/cylinders?status=in_service&overdue=false&pageSize=20&ownerEnterpriseId=${s.enterpriseId}`,
      );
      const overdue = await office<CylinderList>(
        `/api/v1/cylinders?status=in_service&overdue=true&pageSize=5&ownerEnterpriseId=${s.enterpriseId}`,
      );
      allowedCode = '';
      refused = null;
      for (const c of ok.json.items) {
        const check = await office<Check>('/api/v1/filling/check', { cylinderCode: c.code, stationId: s.id });
        if (check.json.allowed) {
          allowedCode = c.code;
          break;
        }
      }
      for (const c of overdue.json.items) {
        const check = await office<Check>('/api/v1/filling/check', { cylinderCode: c.code, stationId: s.id });
        if (!check.json.allowed) {
          refused = { code: c.code, reasons: check.json.reasons };
          break;
        }
      }
      if (allowedCode && refused) {
        station = s;
        break;
      }
    }
    expect(station, 'a station with an allowed and a refused cylinder').toBeTruthy();
    const created = await office<{ id: string }>('/api/v1/users', {
      username,
      displayName: '充装站 e2e 站长',
      password: DEMO_PASSWORD,
      grants: [{ role: 'enterprise_manager', scopeType: 'enterprise', enterpriseId: station.enterpriseId }],
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    // A new account must change its password first (the web insists): done here, as its first sign-in would.
    const first = await as(username);
    const changed = await first('/api/v1/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: password });
    expect(changed.status).toBeLessThan(300);
  });

  it('on a phone the station checks a code: allowed, the fill recorded under a certified operator', async () => {
    const phone = await browser.newContext(PHONE);
    const page = await phone.newPage();
    await signIn(page, username, password);
    await page.goto(`${server.url}/cylinders/filling`);
    await pickOption(page, field(page, '充装站').locator('.ant-select'), station.name);
    // The operators of the station's enterprise; those without training or certificate are offered disabled.
    await pickOption(page, field(page, '充装人员').locator('.ant-select'));
    await page.getByPlaceholder('扫码或输入气瓶编码').fill(allowedCode.toLowerCase());
    await page.getByRole('button', { name: /核\s*验/ }).click();
    await expect.poll(() => page.getByText('准予充装').isVisible(), { timeout: 20_000 }).toBe(true);
    await page.getByPlaceholder('充装净重').fill('14.5');
    await page.getByRole('button', { name: /记录充装/ }).click();
    const recorded = page.getByText(/已记录/).first();
    await expect.poll(() => recorded.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await recorded.textContent()).toMatch(/已记录充装（充装人员：.+）|超出允差/);
    await shot(page, 'cylinders-filling-allowed-375');
    // The fill is on the cylinder's timeline.
    const manager = await as(username, password);
    const timeline = await manager<{ items: { type: string; stationId: string | null }[] }>(
      `/api/v1/cylinders/${allowedCode}/events`,
    );
    expect(timeline.status).toBe(200);
    expect(timeline.json.items.some((e) => e.type === 'filled' && e.stationId === station.id)).toBe(true);
    await phone.close();
  });

  it('on a phone 充装记录 lists the fill just recorded, exports the list, and the row opens the cylinder', async () => {
    const phone = await browser.newContext({ ...PHONE, acceptDownloads: true });
    const page = await phone.newPage();
    await signIn(page, username, password);
    await page.goto(`${server.url}/cylinders/fills?code=${encodeURIComponent(allowedCode)}`);
    const row = page.locator('.ant-table-row').filter({ hasText: allowedCode });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await row.first().textContent()).toContain(station.name);
    expect(await row.first().textContent()).toMatch(/充装/);
    // Usable at 375 px: the page does not scroll sideways.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await shot(page, 'cylinders-fills-375');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /导出 Excel/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^充装记录-\d{8}\.xlsx$/);
    // 是否已撤回: the fill just recorded stands, so 已撤回 lists nothing, and the export asks for the same rows.
    const retractedFilter = page.locator('.ant-select').filter({ hasText: '是否已撤回' });
    await pickOption(page, retractedFilter, /^已撤回$/);
    await page.waitForURL((u) => u.searchParams.get('retracted') === 'true', { timeout: 20_000 });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(0);
    const [exportRequest] = await Promise.all([
      page.waitForRequest((r) => r.url().includes('/api/v1/filling/records/export')),
      page.waitForEvent('download'),
      page.getByRole('button', { name: /导出 Excel/ }).click(),
    ]);
    expect(new URL(exportRequest.url()).searchParams.get('retracted')).toBe('true');
    await pickOption(page, page.locator('.ant-select').filter({ hasText: /^已撤回$/ }), /^未撤回$/);
    await page.waitForURL((u) => u.searchParams.get('retracted') === 'false', { timeout: 20_000 });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await row.first().getByRole('link', { name: allowedCode }).click();
    await page.waitForURL((u) => u.pathname === `/cylinders/${allowedCode}`, { timeout: 20_000 });
    await phone.close();
  });

  it('on a phone the station checks an overdue code: refused, with the reason shown', async () => {
    const phone = await browser.newContext(PHONE);
    const page = await phone.newPage();
    await signIn(page, username, password);
    await page.goto(`${server.url}/cylinders/filling`);
    await pickOption(page, field(page, '充装站').locator('.ant-select'), station.name);
    await page.getByPlaceholder('扫码或输入气瓶编码').fill(refused!.code);
    await page.getByRole('button', { name: /核\s*验/ }).click();
    await expect.poll(() => page.getByText('不得充装').isVisible(), { timeout: 20_000 }).toBe(true);
    expect(refused!.reasons.map((r) => r.code)).toContain('INSPECTION_OVERDUE');
    for (const r of refused!.reasons)
      await expect.poll(() => page.getByText(r.message, { exact: true }).isVisible(), { timeout: 5_000 }).toBe(true);
    await shot(page, 'cylinders-filling-refused-375');
    await phone.close();
  });

  it('exports the register as a file, and an import with one bad row shows that row’s error and stores nothing', async () => {
    const desk = await browser.newContext({ ...DESKTOP, acceptDownloads: true });
    const page = await desk.newPage();
    await signIn(page, username, password);
    await page.goto(`${server.url}/cylinders`);
    await expect.poll(() => page.locator('.ant-table-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /导出 Excel/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(
      fs
        .readFileSync((await download.path())!)
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');

    const manager = await as(username, password);
    const enterprise = await manager<{ creditCode: string }>(`/api/v1/enterprises/${station.enterpriseId}`);
    expect(enterprise.status).toBe(200);
    const tag = `E2E${Date.now().toString(36).toUpperCase()}`;
    const csv = [
      '气瓶编码,产权单位统一社会信用代码,型号,气相/液相,制造单位,出厂编号,批号,制造日期,设计使用年限（年）,上次检验日期,上次检验合格,下次检验日期,翻新/改装',
      `${tag}-1,${enterprise.json.creditCode},YSP35.5,,华安气瓶厂,S1,,2024-03-01,,,,,否`,
      `${tag}-2,${enterprise.json.creditCode},YSP-99,,华安气瓶厂,S2,,2024-03-01,,,,,否`,
    ].join('\n');
    const file = path.join(os.tmpdir(), `${tag}.csv`);
    fs.writeFileSync(file, csv);
    await page.getByRole('button', { name: /导\s*入/ }).click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '导入' });
    await dialog.locator('input[type=file]').setInputFiles(file);
    await dialog.getByRole('button', { name: /开始导入/ }).click();
    const errors = dialog.locator('.ant-table-row');
    await expect.poll(() => errors.count(), { timeout: 20_000 }).toBe(1);
    // Line 3 of the file (the header is line 1) names the model column.
    expect(await errors.first().locator('td').first().textContent()).toBe('3');
    expect(await errors.first().textContent()).toContain('型号');
    await shot(page, 'cylinders-import-error-1280');
    // A strict import with a bad row stores nothing.
    expect((await manager(`/api/v1/cylinders/${tag}-1`)).status).toBe(404);
    fs.rmSync(file);
    await desk.close();
  });
});
