import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Server, launchBrowser, shot, signIn, startServer } from './harness.ts';

let server: Server;
let browser: Browser;
beforeAll(async () => {
  server = await startServerAndBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function startServerAndBrowser() {
  const s = await startServer();
  browser = await launchBrowser();
  return s;
}

/** The figure shown in the statistic card with this title. */
async function figure(page: import('playwright-core').Page, title: string): Promise<number> {
  const card = page
    .locator('.ant-card')
    .filter({ has: page.locator('.ant-statistic-title', { hasText: title }) })
    .first();
  const text = await card.locator('.ant-statistic-content-value').textContent();
  return Number((text ?? '').replace(/[^\d]/g, ''));
}

describe('foundation in the browser', () => {
  it('shows the wrong-password error on the login form', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('wrong-password-1');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect.poll(() => page.getByText('用户名或密码错误').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await shot(page, 'login-error');
    await page.close();
  });

  it('lets the demo administrator sign in and see the home page with the real figures', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
    await signIn(page, server.url, 'admin');
    // The office's home is the command dashboard (issue 9.19: no region/department/task counts).
    await page.getByText('指挥调度看板').first().waitFor();
    const api = await (await page.request.get(`${server.url}/api/v1/dashboard`)).json();
    await expect.poll(() => figure(page, '发现隐患'), { timeout: 15_000 }).toBe(api.figures.found);
    expect(await figure(page, '在册对象')).toBe(api.figures.registered);
    expect(await figure(page, '逾期未整改')).toBe(api.figures.overdue);
    expect(await page.locator('.ant-statistic-title', { hasText: /^行政区划$/ }).count()).toBe(0);
    for (const item of ['用户管理', '审计日志', '机器令牌'])
      expect(await page.getByRole('menuitem', { name: item }).count()).toBeGreaterThan(0);
    await shot(page, 'home-admin');
    await page.close();
  });

  it("limits a township officer's menu and data to its township", async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
    await signIn(page, server.url, 'galutu');
    await page.getByText('指挥调度看板').first().waitFor();
    // Its home shows its own figures: those of its township.
    const api = await (await page.request.get(`${server.url}/api/v1/dashboard`)).json();
    await expect.poll(() => figure(page, '发现隐患'), { timeout: 15_000 }).toBe(api.figures.found);
    const all = await (await page.request.get(`${server.url}/api/v1/overview`)).json();
    expect(all.users).toBeNull();
    expect(await page.locator('.ant-statistic-title', { hasText: /^用户$/ }).count()).toBe(0);
    for (const item of ['用户管理', '审计日志', '机器令牌'])
      expect(await page.getByRole('menuitem', { name: item }).count()).toBe(0);
    await shot(page, 'home-township');

    await page.goto(`${server.url}/organisation`);
    await page.getByText('嘎鲁图镇').first().waitFor();
    expect(await page.getByText('图克镇').count()).toBe(0);
    await shot(page, 'organisation-township');
    // The API itself refuses what the menu hides.
    expect((await page.request.get(`${server.url}/api/v1/users`)).status()).toBe(403);
    await page.close();
  });

  it('browses the plan tasks by area', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
    await signIn(page, server.url, 'scjg');
    await page.goto(`${server.url}/plan/tasks`);
    await page.getByText('三(一)1').first().waitFor();
    await shot(page, 'plan-tasks');
    // 三(一)6: led by emergency management, supported by market regulation (short names on the tags).
    expect(await page.getByText(/应急(管理)?局/).count()).toBeGreaterThan(0);
    await page.close();
  });

  it('fits a 375-pixel phone screen', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    await signIn(page, server.url, 'galutu');
    await page.getByText('指挥调度看板').first().waitFor();
    await page.locator('canvas').first().waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(1);
    await shot(page, 'home-phone');
    await page.close();
  });
});
