import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, type Server, launchBrowser, shot, signIn, startServer } from './harness.ts';

// 管网改造 (issue 16): the demo's projects and figures on a desktop; on a 375 px phone the housing department
// reports progress with a site photo; the form asks for the reason when received funds exceed the budget.

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

async function as(user: string, device: typeof DESKTOP | typeof PHONE): Promise<Page> {
  const context = await browser.newContext({ ...device, acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => journal.push(`${user} pageerror: ${e.message}`));
  await signIn(page, server.url, user);
  return page;
}

describe('renewal projects', () => {
  it('lists the demo projects with the ones behind schedule, and draws the figures', async () => {
    const page = await as('admin', DESKTOP);
    await page.goto(`${server.url}/renewal/projects`);
    await page.getByText('萨如拉街中压主管更新改造工程').waitFor();
    expect(await page.getByText(/^进度滞后：/).count()).toBe(2);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /导出项目清单/ }).click();
    expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);
    await shot(page, 'renewal-projects');

    await page.goto(`${server.url}/renewal/figures`);
    await page.getByText('年度目标完成情况（公里）').waitFor();
    await page.locator('canvas').first().waitFor();
    await shot(page, 'renewal-figures');

    // The form refuses received funds above the budget without a reason, before sending anything.
    await page.goto(`${server.url}/renewal/projects`);
    await page.getByRole('button', { name: /新建改造项目/ }).click();
    await page.locator('#budgetYuan').fill('100000');
    await page.locator('#received_government').fill('150000');
    await page.getByTestId('project-save').click();
    await page.getByText('到位资金超过总投资，须说明原因').waitFor();
    expect(journal).toEqual([]);
  });

  it('reports progress with a site photo on a 375 px phone', async () => {
    const phone = await as('zjj', PHONE);
    await phone.goto(`${server.url}/renewal/projects`);
    await phone.getByText('乌审大街中压管更新改造工程').click();
    await phone.getByText('填报进度').first().waitFor();
    await phone.getByLabel('形象进度').fill('55');
    await phone.getByLabel('进展情况').fill('完成主管道焊接和强度试验');
    await phone
      .locator('input[type=file]')
      .setInputFiles(path.join(import.meta.dirname, '..', 'web', 'public', 'icons', 'icon-192.png'));
    await phone.locator('.ant-upload-list-item-done, .ant-upload-list-item-container img').first().waitFor();
    await phone.getByRole('button', { name: '填报进度' }).click();
    await phone.getByText('完成主管道焊接和强度试验').waitFor();
    await phone.locator('.ant-image img').first().waitFor();
    expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await shot(phone, 'renewal-progress-375');
    expect(journal).toEqual([]);
  });
});
