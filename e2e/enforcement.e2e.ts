import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, type Server, launchBrowser, shot, signIn, startServer } from './harness.ts';

// 执法 (issue 14): the public typical cases on a phone without sign-in; market regulation opens a case
// from a hazard, decides a licence revocation, downloads the penalty decision and the filling gate then
// refuses the station; the demo's overdue referral is flagged for both departments.

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

async function staff(user: string): Promise<Page> {
  const context = await browser.newContext({ ...DESKTOP, acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => journal.push(`${user} pageerror: ${e.message}`));
  await signIn(page, server.url, user);
  return page;
}

/** A JSON call with the page's session (same origin). */
async function api<T>(page: Page, path: string, init?: { method: string; body: unknown }): Promise<T> {
  return page.evaluate(
    async ({ path, init }) => {
      const res = await fetch(path, {
        method: init?.method ?? 'GET',
        headers: init ? { 'content-type': 'application/json' } : {},
        body: init ? JSON.stringify(init.body) : undefined,
      });
      return res.json();
    },
    { path, init },
  ) as Promise<T>;
}

describe('enforcement', () => {
  it('shows the published typical cases on a 375 px phone without sign-in', async () => {
    const context = await browser.newContext(PHONE);
    const phone = await context.newPage();
    phone.on('pageerror', (e) => journal.push(`public pageerror: ${e.message}`));
    await phone.goto(`${server.url}/typical-cases`);
    await phone.getByText('燃气安全典型案例').first().waitFor();
    await phone.locator('.ra-typical-case').first().waitFor();
    expect(await phone.locator('.ra-typical-case').count()).toBe(2);
    await phone.getByText('罚款 50,000 元').waitFor();
    expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    // Nothing of the parties: no enterprise's or person's name.
    expect(await phone.locator('body').textContent()).not.toContain('祥和液化气充装站有限公司');
    await shot(phone, 'enforcement-typical-cases-375');
    await context.close();
  });

  it('places a public tip on the schematic township map at 375 px (no third-party tiles)', async () => {
    const context = await browser.newContext(PHONE);
    const phone = await context.newPage();
    phone.on('pageerror', (e) => journal.push(`public pageerror: ${e.message}`));
    const external: string[] = [];
    phone.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
        external.push(r.url());
    });
    await phone.goto(`${server.url}/report`);
    await phone.getByRole('button', { name: '在地图上选点' }).click();
    const map = phone.locator('[data-testid=tip-place-map] canvas').first();
    await map.waitFor();
    const box = (await map.boundingBox())!;
    await phone.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await phone.getByText(/已定位：1\d\d\.\d+，3\d\.\d+/).waitFor();
    expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    expect(external).toEqual([]);
    await shot(phone, 'tips-place-map-375');
    await context.close();
  });

  it('opens a case from a hazard, revokes the filler’s licence, downloads the decision; the gate refuses the station', async () => {
    const page = await staff('scjg');
    const hazards = await api<{ items: { id: string }[] }>(page, '/api/v1/hazards?pageSize=1');
    const hazardId = hazards.items[0]!.id;
    const stations = await api<{ items: { id: string; name: string }[] }>(
      page,
      `/api/v1/facilities?q=${encodeURIComponent('宏达液化气充装站')}`,
    );
    const stationId = stations.items[0]!.id;
    const cylinders = await api<{ items: { code: string }[] }>(page, '/api/v1/cylinders?pageSize=1');
    const code = cylinders.items[0]!.code;
    const gate = () =>
      api<{ reasons: { code: string }[] }>(page, '/api/v1/filling/check', {
        method: 'POST',
        body: { cylinderCode: code, stationId },
      });
    expect((await gate()).reasons.map((r) => r.code)).not.toContain('STATION_NOT_LICENSED');

    await page.goto(`${server.url}/hazards/${hazardId}`);
    await page.getByRole('button', { name: /立\s*案/ }).click();
    await page.waitForURL(/\/cases\/new\?source=hazard/);
    await page.getByText('从隐患立案').waitFor();
    await page.locator('label.ant-radio-button-wrapper', { hasText: '企业' }).click();
    const picker = page.locator('.ant-form-item', { hasText: '登记对象' }).locator('.ant-select').nth(1);
    await picker.click();
    await page.keyboard.type('宏达');
    await page.locator('.ant-select-item-option', { hasText: '乌审旗宏达气瓶充装有限公司' }).click();
    await page.getByLabel('违法事实').fill('该公司充装站为非自有产权气瓶充装，经查属实。');
    await page.locator('.ant-form-item', { hasText: '法律依据' }).locator('.ant-select').click();
    await page.keyboard.type('非自有');
    await page.locator('.ant-select-item-option', { hasText: '充装非自有气瓶' }).click();
    await page.keyboard.press('Escape');
    await shot(page, 'enforcement-open-case');
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await page.getByText('乌审旗宏达气瓶充装有限公司').first().waitFor();

    await page.getByRole('button', { name: '作出处理决定' }).click();
    const modal = page.locator('.ant-modal');
    await modal.locator('.ant-form-item', { hasText: '措施' }).first().locator('.ant-select').click();
    await page.locator('.ant-select-item-option', { hasText: '吊销许可证' }).click();
    await modal.locator('.ant-form-item', { hasText: '许可证' }).last().locator('.ant-select').click();
    await page.locator('.ant-select-item-option', { hasText: '气瓶充装许可证' }).first().click();
    await modal.getByLabel('处理决定').fill('吊销气瓶充装许可证。');
    await modal.locator('.ant-modal-footer .ant-btn-primary').click();
    await modal.waitFor({ state: 'hidden' });
    await page.getByText('行政处罚决定书').first().waitFor();
    await shot(page, 'enforcement-case-decided');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载 PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^行政处罚决定书.*\.pdf$/);
    const file = await download.path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(file!).subarray(0, 5).toString()).toBe('%PDF-');

    expect((await gate()).reasons.map((r) => r.code)).toContain('STATION_NOT_LICENSED');
    await page.context().close();
  });

  it('flags the overdue referral for both the sending and the receiving department', async () => {
    for (const user of ['zjj', 'scjg']) {
      const page = await staff(user);
      await page.goto(`${server.url}/referrals`);
      const row = page.locator('tr', { hasText: '饭店使用不合格燃气软管' });
      await row.waitFor();
      await row.locator('[data-testid=referral-overdue]').waitFor();
      await shot(page, `enforcement-referrals-${user}`);
      await page.context().close();
    }
    expect(journal).toEqual([]);
  });
});
