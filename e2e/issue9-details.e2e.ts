import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, type Server, launchBrowser, settled, shot, signIn, startServer } from './harness.ts';

// Issue 9.23, the smaller things seen on the pages: the 计划检查 drawer is not thrown away by Esc, nor closed without
// asking once filled in; 复核销号 of a hazard does not preselect 现场复核; the ledger opens with open hazards on top.

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

async function open(user: string): Promise<Page> {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  page.on('pageerror', (e) => journal.push(`${user} pageerror: ${e.message}`));
  await signIn(page, server.url, user);
  return page;
}

describe('issue 9.23 on the pages', () => {
  it('Esc in the plan drawer’s date picker keeps the drawer; 取消 on a filled form asks first', async () => {
    const page = await open('galutu');
    await page.goto(`${server.url}/inspections`);
    await page.getByRole('button', { name: '计划检查' }).first().click();
    const drawer = page.locator('.ant-drawer-open .ant-drawer-section');
    await drawer.getByText('计划日期').first().waitFor();
    await drawer.locator('textarea').last().fill('请带上可燃气体检测仪');
    await drawer.locator('.ant-picker input').first().click();
    await page.locator('.ant-picker-dropdown:visible').waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(500);
    expect(await drawer.isVisible()).toBe(true);
    expect(await drawer.locator('textarea').last().inputValue()).toBe('请带上可燃气体检测仪');
    await drawer.getByRole('button', { name: /取\s*消/ }).click();
    const confirm = () => page.locator('.ant-modal:visible').filter({ hasText: '放弃填写的检查计划？' }).last();
    await page.locator('text=放弃填写的检查计划？ >> visible=true').first().waitFor();
    await confirm()
      .getByRole('button', { name: /取\s*消/ })
      .click();
    await page.waitForTimeout(500);
    expect(await drawer.isVisible()).toBe(true);
    await drawer.getByRole('button', { name: /取\s*消/ }).click();
    await page.locator('text=放弃填写的检查计划？ >> visible=true').first().waitFor();
    await confirm()
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await drawer.waitFor({ state: 'hidden' });
    expect(journal).toEqual([]);
  }, 120_000);

  it('复核销号 of a general hazard leaves the method to choose (it was preselected 现场复核)', async () => {
    const page = await open('galutu');
    const found = await page.request.get(`${server.url}/api/v1/hazards?status=submitted&severity=general&pageSize=1`);
    const [hazard] = (await found.json()).items as { id: string }[];
    await page.goto(`${server.url}/hazards/${hazard!.id}`);
    await page.getByRole('button', { name: /复核销号/ }).click();
    const dialog = page.locator('.ant-modal').last();
    await dialog.getByText('复核方式').waitFor();
    await settled(dialog);
    expect(await dialog.locator('.ant-radio-button-wrapper-checked').count()).toBe(0);
    await dialog.locator('[data-testid=action-ok]').click();
    await dialog.getByText('此项必填').waitFor();
    await dialog.getByText('根据佐证材料复核').click();
    await dialog.locator('[data-testid=action-ok]').click();
    await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
    await page.locator('[data-status=closed]').first().waitFor();
    expect(journal).toEqual([]);
  }, 120_000);

  it('inspections show a readable number in the list and the detail, and are found by it', async () => {
    const page = await open('galutu');
    await page.goto(`${server.url}/inspections`);
    const first = page.locator('[data-testid=inspection-number]').first();
    await first.waitFor();
    const number = (await first.textContent()) ?? '';
    expect(number).toMatch(/^JC-\d{4}-\d{6}$/);
    await page.goto(`${server.url}/inspections?q=${number}`);
    await page.locator('[data-testid=inspection-number]').first().waitFor();
    expect(await page.locator('[data-testid=inspection-number]').allTextContents()).toEqual([number]);
    await page.locator('[data-testid=inspection-number]').first().click();
    await page.locator('.ant-descriptions [data-testid=inspection-number]').waitFor();
    expect(await page.locator('.ant-descriptions [data-testid=inspection-number]').textContent()).toBe(number);
    expect(journal).toEqual([]);
  }, 120_000);

  it('the ledger opens with open hazards on top, not the closed ones of 2023', async () => {
    const page = await open('galutu');
    await page.goto(`${server.url}/hazards`);
    const rows = page.locator('.ant-table-tbody tr[data-row-key]');
    await rows.first().waitFor();
    const first = await rows.first().textContent();
    expect(first).not.toContain('已销号');
    const api = await page.request.get(`${server.url}/api/v1/hazards?pageSize=20`);
    const items = (await api.json()).items as { status: string }[];
    expect(items.some((h) => h.status === 'closed')).toBe(false);
    await shot(page, 'ledger-default-order');
    expect(journal).toEqual([]);
  }, 120_000);
});
