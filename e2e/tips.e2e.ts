import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG_BYTES } from '../test/ledger-factories.ts';
import { DEMO_IDS, DESKTOP, PHONE, type Server, launchBrowser, shot, signIn, startServer } from './harness.ts';

// 群众举报 (issue 14): a phone at 375 px without sign-in files a tip with a photo; the housing bureau
// accepts it, verifies it into a hazard of the register and closes it with an answer; the office
// approves the reward; the reporter reads the answer and the reward with the tracking code.

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

async function publicPage(): Promise<Page> {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  page.on('pageerror', (e) => journal.push(`public pageerror: ${e.message}`));
  return page;
}

async function staff(user: string): Promise<Page> {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  page.on('pageerror', (e) => journal.push(`${user} pageerror: ${e.message}`));
  await signIn(page, server.url, user);
  return page;
}

/** Clicks the dialog's OK button (antd writes 确 定 with a space between two characters). */
async function ok(page: Page) {
  await page.locator('.ant-modal-footer .ant-btn-primary').click();
  await page.locator('.ant-modal').waitFor({ state: 'hidden' });
}

describe('public tips at 375 px', () => {
  it('files a tip with a photo; staff route, verify into a hazard and close it; the reporter reads answer and reward', async () => {
    const phone = await publicPage();
    await phone.goto(`${server.url}/report`);
    await phone.getByText('燃气安全举报').first().waitFor();
    expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await phone.locator('.ant-select').first().click();
    await phone.locator('.ant-select-item-option', { hasText: '餐饮等场所用气隐患' }).click();
    await phone.getByPlaceholder(/什么地方/).fill('某饭店后厨液化气瓶放在地下室，软管很长。');
    await phone.getByLabel('地址').fill('嘎鲁图镇测试街1号饭店');
    await phone
      .locator('[data-testid=tip-photo-input]')
      .setInputFiles({ name: 'hose.png', mimeType: 'image/png', buffer: PNG_BYTES });
    await phone.locator('.ra-public-photos img').first().waitFor();
    await phone.getByLabel('电话').fill('13600000009');
    await shot(phone, 'tips-public-form');
    await phone.getByRole('button', { name: /提交举报|安全校验/ }).click();
    const codeBox = phone.locator('[data-testid=tracking-code]');
    await codeBox.waitFor({ timeout: 60_000 });
    const code = ((await codeBox.textContent()) ?? '').trim();
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    await shot(phone, 'tips-public-submitted');

    // A restaurant with nothing in the ledger yet (a hazard already there earns no reward).
    const admin = await staff('admin');
    const demo = await (await admin.request.get(`${server.url}/api/v1/venues/${DEMO_IDS.restaurant}`)).json();
    const venueName = `举报测试饭店${Date.now() % 100000}`;
    const created = await admin.request.post(`${server.url}/api/v1/venues`, {
      data: { name: venueName, category: 'restaurant', regionId: demo.regionId, address: '嘎鲁图镇测试街1号' },
    });
    expect(created.status()).toBe(201);

    // The housing bureau (the tip's category routes there) takes it on.
    const zjj = await staff('zjj');
    await zjj.goto(`${server.url}/tips`);
    await zjj.getByRole('link', { name: code }).click();
    await zjj.waitForURL(/\/tips\/[0-9a-f-]{36}$/);
    await zjj.locator('.ant-descriptions-item-label', { hasText: '情况描述' }).waitFor();
    await zjj.locator('.ra-public-photos img').first().waitFor();
    await zjj.getByRole('button', { name: /受\s*理/ }).click();
    await ok(zjj);
    await zjj.getByRole('button', { name: /核\s*查/ }).click();
    const dialog = zjj.locator('.ant-modal');
    await dialog.getByLabel('查实等级').click();
    await zjj.locator('.ant-select-item-option', { hasText: '一般隐患' }).click();
    await dialog.locator('[data-testid=object-picker]').click();
    await zjj.keyboard.type(venueName);
    await zjj.locator('.ant-select-item-option', { hasText: venueName }).first().click();
    await dialog.getByLabel('核查情况').fill('现场核实：液化气瓶存放在地下室，已责令搬离。');
    await ok(zjj);
    await zjj.getByRole('link', { name: '查看隐患' }).waitFor();
    await zjj.getByRole('button', { name: /办结答复/ }).click();
    await zjj
      .locator('.ant-modal')
      .getByLabel('给举报人的答复')
      .fill('经核查属实，已登记隐患并责令限期整改，感谢您的监督。');
    await ok(zjj);
    await zjj.getByText('待审批').waitFor();
    await shot(zjj, 'tips-staff-detail');
    const tipUrl = zjj.url();

    // The office approves the reward.
    await admin.goto(tipUrl);
    await admin.getByRole('button', { name: '批准奖励' }).click();
    await ok(admin);
    await admin.getByText('已批准').first().waitFor();

    // The reporter, still without signing in, reads the answer and the reward.
    await phone.getByRole('link', { name: '查询办理进度' }).click();
    const status = phone.locator('[data-testid=tip-status]');
    await status.waitFor();
    await expect.poll(() => status.textContent()).toContain('经核查属实，已登记隐患并责令限期整改');
    expect(await phone.locator('[data-testid=tip-reward]').textContent()).toContain('200');
    expect(await status.textContent()).toContain('已办结');
    expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await shot(phone, 'tips-public-track');
    expect(journal).toEqual([]);
  }, 240_000);
});
