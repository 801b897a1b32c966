import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaToday } from '../domain/dates.ts';
import { DESKTOP, type Server, dayDisabled, launchBrowser, pickDate, shot, signIn, startServer } from './harness.ts';

// 宣传与改造 (issue 16): a township corrects a publicity activity in the prefilled form and deletes it; the leader,
// who only reads, is offered neither.

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

async function as(user: string): Promise<Page> {
  const context = await browser.newContext({ ...DESKTOP });
  const page = await context.newPage();
  page.on('pageerror', (e) => journal.push(`${user} pageerror: ${e.message}`));
  await signIn(page, server.url, user);
  await page.goto(`${server.url}/publicity`);
  await page.getByRole('tab', { name: '宣传活动' }).click();
  return page;
}

describe('publicity corrections', () => {
  it('a township edits an activity in the prefilled form, then deletes it', async () => {
    const page = await as('galutu');
    const first = page.locator('tr.ant-table-row:visible').first();
    await first.getByRole('button', { name: '编辑' }).click();
    await page.getByText('修改宣传活动').waitFor();
    // Prefilled with the row's values.
    expect(await page.locator('#title').inputValue()).not.toBe('');
    expect(await page.locator('#place').inputValue()).toMatch(/嘎鲁图/);

    // A future date is not offered by the date field's calendar, and typed in it is not taken.
    const heldOn = page.locator('#heldOn');
    const before = await heldOn.inputValue();
    expect(await dayDisabled(page, heldOn, addDays(chinaToday(), 2))).toBe(true);
    expect(await dayDisabled(page, heldOn, addDays(chinaToday(), -1))).toBe(false);
    await pickDate(page, heldOn, addDays(chinaToday(), 2));
    expect(await heldOn.inputValue()).toBe(before);

    await pickDate(page, heldOn, addDays(chinaToday(), -1));
    expect(await heldOn.inputValue()).toBe(addDays(chinaToday(), -1));
    await page.locator('#title').fill('更正后的燃气安全宣传主题');
    await page.locator('#audienceCount').fill('321');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已修改').waitFor();
    const row = page.locator('tr.ant-table-row:visible', { hasText: '更正后的燃气安全宣传主题' });
    await row.getByText('321').waitFor();
    await page.getByText('修改宣传活动').waitFor({ state: 'hidden' });
    await shot(page, 'publicity-edited');

    await row.getByRole('button', { name: '删除' }).click();
    await page.getByText('确定删除这条记录吗？').waitFor();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /删\s*除/ })
      .click();
    await page.getByText('已删除').waitFor();
    await expect.poll(() => row.count()).toBe(0);
    expect(journal).toEqual([]);
  });

  it('the leader sees the activities without edit or delete', async () => {
    const page = await as('leader');
    await page.locator('tr.ant-table-row:visible').first().waitFor();
    expect(await page.getByRole('button', { name: '编辑' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '删除' }).count()).toBe(0);
    expect(journal).toEqual([]);
  });
});
