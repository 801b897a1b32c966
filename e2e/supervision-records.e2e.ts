import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Server, launchBrowser, pickOption, shot, signIn, startServer } from './harness.ts';

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

describe('督办单, 警示约谈问责, 燃气事故: the office works them through the web', () => {
  it('issues an order through the form (validation first), escalates it with a reason, and sees the trail', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, server.url, 'admin');
    await page.goto(`${server.url}/supervision/orders`);
    await page.getByRole('button', { name: '下发督办单' }).click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '督办要求' });
    // Submitting empty: the required fields are marked, nothing is sent.
    await dialog.getByRole('button', { name: '下发督办单' }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await dialog.locator('.ant-form-item-explain-error').first().waitFor();
    expect(await dialog.locator('.ant-form-item-explain-error').count()).toBeGreaterThan(2);
    // A township, an area, a title, the requirement, a due date.
    await pickOption(page, dialog.locator('#targetRegionId'), '嘎鲁图镇');
    await dialog.getByLabel('区域', { exact: true }).check();
    await pickOption(page, dialog.locator('#areaRegionId'), '嘎鲁图镇');
    await dialog.locator('#title').fill('餐饮场所报警器安装督办');
    await dialog.locator('#requirement').fill('月底前完成辖区餐饮场所可燃气体报警器安装，报送台账');
    await dialog.locator('#dueOn').click();
    await page.locator('.ant-picker-dropdown:visible .ant-picker-cell-today').click();
    await dialog.getByRole('button', { name: '下发督办单' }).click();
    await page
      .locator('.ant-popconfirm:visible')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByText('餐饮场所报警器安装督办').waitFor();
    await drawer.getByText('下发督办单').last().waitFor();
    // 提级督办 with a reason; an empty reason is refused in the form.
    await drawer.getByRole('button', { name: '提级督办' }).click();
    const esc = page.locator('.ant-modal').filter({ hasText: '升级理由' });
    await esc
      .getByRole('button', { name: '提 交' })
      .or(esc.getByRole('button', { name: '提交' }))
      .click();
    await esc.locator('.ant-form-item-explain-error').waitFor();
    await esc.locator('#note').fill('通报排名末位，提级督办');
    await esc
      .getByRole('button', { name: '提 交' })
      .or(esc.getByRole('button', { name: '提交' }))
      .click();
    await drawer.getByText('通报排名末位，提级督办').first().waitFor();
    await drawer.getByText('督办单升级（提级督办）').waitFor();
    const list = await page.evaluate<{ items: { title: string; escalationLevel: number }[] }>(
      `fetch('/api/v1/supervision/orders').then((r) => r.json())`,
    );
    expect(list.items.find((o) => o.title === '餐饮场所报警器安装督办')?.escalationLevel).toBe(1);
    await shot(page, 'supervision-order-1280');
    await page.close();
  });

  it('picks the hazard of an order with the hazard picker (by number; level and township shown) and lists it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, server.url, 'admin');
    await page.goto(`${server.url}/supervision/orders`);
    const ledger = await page.evaluate<{ items: { id: string; number: string; regionName: string }[] }>(
      `fetch('/api/v1/hazards?severity=major&status=open,rectifying&pageSize=1').then((r) => r.json())`,
    );
    const major = ledger.items[0]!;
    await page.getByRole('button', { name: '下发督办单' }).click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '督办要求' });
    await pickOption(page, dialog.locator('#targetRegionId'), '嘎鲁图镇');
    // No hazard picked yet: 挂牌督办 cannot be switched on.
    expect(await dialog.locator('#listed').isDisabled()).toBe(true);
    await dialog.locator('#hazardId').fill(major.number);
    const option = page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: major.number });
    await option.first().waitFor();
    const text = (await option.first().textContent()) ?? '';
    expect(text).toContain('重大');
    expect(text).toContain(major.regionName);
    await option.first().click();
    await dialog.locator('#listed').click();
    await dialog.locator('#title').fill('重大隐患挂牌督办');
    await dialog.locator('#requirement').fill('制定治理方案，限期整改销号');
    await dialog.locator('#dueOn').click();
    await page.locator('.ant-picker-dropdown:visible .ant-picker-cell-today').click();
    await dialog.getByRole('button', { name: '下发督办单' }).click();
    await page
      .locator('.ant-popconfirm:visible')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await page.locator('.ant-drawer').getByText('重大隐患挂牌督办').first().waitFor();
    const orders = await page.evaluate<{ items: { title: string; hazardId: string; listed: boolean }[] }>(
      `fetch('/api/v1/supervision/orders').then((r) => r.json())`,
    );
    expect(orders.items.find((o) => o.title === '重大隐患挂牌督办')).toMatchObject({
      hazardId: major.id,
      listed: true,
    });
    // The ledger says the same: the hazard is listed (one definition of 挂牌督办).
    const hazard = await page.evaluate<{ listed: boolean }>(
      `fetch('/api/v1/hazards/${major.id}').then((r) => r.json())`,
    );
    expect(hazard.listed).toBe(true);
    await shot(page, 'supervision-order-hazard-picker-1280');
    // The ledger page filters by it and tags the row.
    await page.goto(`${server.url}/hazards`);
    await pickOption(page, page.getByLabel('挂牌督办', { exact: true }), '已挂牌督办');
    await page.waitForURL(/listed=true/);
    const row = page.locator('.ant-table-row').filter({ hasText: major.number });
    await row.waitFor();
    expect(await row.getByText('已挂牌督办').count()).toBe(1);
    await page.close();
  });

  it('records an accident, starts the investigation and closes it, at 375 px', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
    await signIn(page, server.url, 'admin');
    const created = await page.evaluate<{ id: string }>(
      `fetch('/api/v1/accidents', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({
        occurredAt: new Date(Date.now() - 86400000).toISOString(), regionId: null, place: 'x', level: 'general', description: 'x' }) })
        .then((r) => r.json())`,
    );
    expect(JSON.stringify(created)).toContain('validation.failed');
    const regions = await page.evaluate<{ id: string; name: string }[]>(
      `fetch('/api/v1/regions').then((r) => r.json())`,
    );
    const galutu = regions.find((r) => r.name === '嘎鲁图镇')!;
    await page.evaluate(
      `fetch('/api/v1/accidents', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({
        occurredAt: new Date(Date.now() - 86400000).toISOString(), regionId: '${galutu.id}', place: '某小区餐馆后厨',
        level: 'incident', injuries: 1, description: '软管脱落引起泄漏，已处置', escalatedInvestigation: true }) })`,
    );
    await page.goto(`${server.url}/supervision/accidents`);
    await page.getByText('某小区餐馆后厨').click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByRole('button', { name: '启动调查' }).click();
    const inv = page.locator('.ant-modal').filter({ hasText: '调查组' });
    await inv.locator('#team').fill('县应急管理局牵头，住建局、市场监管局参加');
    await inv.getByRole('button', { name: /提\s*交/ }).click();
    await page
      .locator('.ant-popconfirm:visible')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await drawer.getByText('调查中').first().waitFor();
    await drawer.getByText('燃气事故启动调查').waitFor();
    await shot(page, 'supervision-accident-375');
    await page.close();
  });
});
