import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Server, launchBrowser, settled, shot, signIn, startServer } from './harness.ts';

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

/** One register list page, as the checks drive it. */
type Kind = {
  path: string;
  create: string;
  search: string;
  /** A field of the create form, a value it refuses, and the error shown under it. */
  wrong: [label: string, value: string, error: string];
  /** A unique field, and the column of the list that shows it: another record's value is refused by the server. */
  taken?: { label: string; column: number };
  /** How a row opens its record: its page, a drawer, or (facilities) its history. */
  opens: 'page' | 'drawer' | 'history';
};

const kinds: Kind[] = [
  {
    path: 'enterprises',
    create: '新增企业',
    search: '搜索名称、信用代码或地址',
    wrong: ['统一社会信用代码', 'ABC', '统一社会信用代码格式不正确'],
    taken: { label: '统一社会信用代码', column: 2 },
    opens: 'page',
  },
  {
    path: 'licences',
    create: '新增许可证',
    search: '搜索编号、发证机关或企业名称',
    wrong: ['许可证编号', '   ', '此项必填'],
    opens: 'drawer',
  },
  {
    path: 'facilities',
    create: '新增设施',
    search: '搜索名称或地址',
    wrong: ['经度', '108.9', '经度和纬度须同时填写'],
    opens: 'history',
  },
  {
    path: 'venues',
    create: '新增场所',
    search: '搜索名称或地址',
    wrong: ['经度', '108.9', '经度和纬度须同时填写'],
    opens: 'page',
  },
  {
    path: 'pipelines',
    create: '新增管段',
    search: '搜索编号或名称',
    wrong: ['管段编号', 'A B', '管段的唯一编号，不含空格'],
    taken: { label: '管段编号', column: 0 },
    opens: 'page',
  },
  {
    path: 'people',
    create: '新增人员',
    search: '搜索姓名或电话',
    wrong: ['联系电话', 'abc', '请输入有效的电话号码'],
    opens: 'page',
  },
  {
    path: 'vehicles',
    create: '新增车辆',
    search: '搜索车牌、企业或人员',
    wrong: ['车牌号', '12', '车牌号格式不正确'],
    taken: { label: '车牌号', column: 0 },
    opens: 'page',
  },
];

const rowsOf = (page: Page, kind: Kind, phone: boolean) =>
  page.locator(phone && kind.path === 'venues' ? '.ant-list .ant-card' : '.ant-table-row');

/** The errors under the form item labelled `label`. */
const fieldErrors = (drawer: Locator, label: string) =>
  drawer
    .locator('.ant-form-item', { has: drawer.page().locator(`label:text-is("${label}")`) })
    .locator('.ant-form-item-explain-error');

async function filtersToNothing(page: Page, kind: Kind, phone: boolean) {
  const search = page.getByPlaceholder(kind.search);
  await search.fill('zzqq无此记录');
  await search.press('Enter');
  await page.getByText('没有符合条件的记录').first().waitFor({ timeout: 10_000 });
  await search.fill('');
  await search.press('Enter');
  await rowsOf(page, kind, phone).first().waitFor({ timeout: 15_000 });
}

async function opensRecord(page: Page, kind: Kind, phone: boolean) {
  const rows = rowsOf(page, kind, phone);
  if (kind.opens === 'page') {
    // A phone opens a record by tapping its row (venues: its card's name).
    if (!phone) await rows.first().locator(`a[href^="/registry/${kind.path}/"]`).first().click();
    else if (kind.path === 'venues') await rows.first().locator('a').first().click();
    else await rows.first().click();
    await page.waitForURL(new RegExp(`/registry/${kind.path}/[^/]+$`), { timeout: 10_000 });
    await page
      .getByRole('button', { name: /^归\s*档$/ })
      .first()
      .waitFor();
    await page.goBack();
    await rows.first().waitFor({ timeout: 15_000 });
    return;
  }
  if (kind.opens === 'drawer') await (phone ? rows.first() : rows.first().locator('button').first()).click();
  else await rows.first().getByRole('button', { name: '变更记录' }).click();
  await page.getByRole('dialog').last().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').last().waitFor({ state: 'hidden' });
}

async function createRefusesWrongValue(page: Page, kind: Kind, name: string) {
  await page.getByRole('button', { name: kind.create }).click();
  const drawer = page.getByRole('dialog').last();
  await drawer.waitFor();
  const [label, value, error] = kind.wrong;
  await drawer.getByLabel(label, { exact: true }).fill(value);
  await drawer.getByRole('button', { name: /保\s*存/ }).click();
  await fieldErrors(drawer, label).filter({ hasText: error }).first().waitFor({ timeout: 10_000 });
  await shot(page, name);
  await drawer.getByRole('button', { name: /取\s*消/ }).click();
  await drawer.waitFor({ state: 'hidden' });
}

describe('register pages in the browser', () => {
  it('each register lists, filters, opens a record, refuses a wrong value under its field, edits and archives after a confirmation', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, server.url, 'admin');
    for (const kind of kinds) {
      await page.goto(`${server.url}/registry/${kind.path}`);
      const rows = rowsOf(page, kind, false);
      await rows.first().waitFor({ timeout: 15_000 });
      await filtersToNothing(page, kind, false);
      await opensRecord(page, kind, false);
      await createRefusesWrongValue(page, kind, `registry-${kind.path}-create-error`);
      if (kind.opens === 'drawer') continue; // a licence is edited and archived from its drawer

      if (kind.taken) {
        // Another record's unique value: the server's refusal stands under the field, not above the form.
        // The values on the page, and in the drawer the record's own: any other one is taken. (Read from the drawer,
        // not assumed from the row order: the list may refresh between the two reads.)
        const column = kind.taken.column;
        const values = await rows.evaluateAll(
          (trs, col) => trs.map((tr) => tr.querySelectorAll('td')[col]?.textContent?.trim() ?? ''),
          column,
        );
        await rows
          .first()
          .getByRole('button', { name: /编\s*辑/ })
          .click();
        const drawer = page.getByRole('dialog').last();
        await drawer.waitFor();
        const field = drawer.getByLabel(kind.taken.label, { exact: true });
        await expect.poll(async () => (await field.inputValue()).trim()).not.toBe('');
        const own = (await field.inputValue()).trim();
        const other = values.find((v) => v !== '' && v !== own);
        expect(other, 'another record on the page').toBeTruthy();
        await field.fill(other!);
        await drawer.getByRole('button', { name: /保\s*存/ }).click();
        await fieldErrors(drawer, kind.taken.label).first().waitFor({ timeout: 15_000 });
        expect(await fieldErrors(drawer, kind.taken.label).first().textContent()).toMatch(/已登记/);
        expect(await drawer.locator('.ant-alert-error').count()).toBe(0);
        await shot(page, `registry-${kind.path}-taken`);
        await drawer.getByRole('button', { name: /取\s*消/ }).click();
      } else {
        await rows
          .first()
          .getByRole('button', { name: /编\s*辑/ })
          .click();
        const drawer = page.getByRole('dialog').last();
        await settled(drawer);
        // The form is filled from the record once the drawer is open: saving before that sends an empty form.
        await expect
          .poll(async () => (await drawer.locator('input.ant-input').first().inputValue()).trim(), { timeout: 10_000 })
          .not.toBe('');
        await drawer.getByRole('button', { name: /保\s*存/ }).click();
        await page.getByText('已保存').first().waitFor({ timeout: 15_000 });
        await drawer.waitFor({ state: 'hidden' });
      }

      const last = rows.last();
      const before = await last.textContent();
      await last.getByRole('button', { name: /归\s*档/ }).click();
      const confirm = page.locator('.ant-popconfirm').last();
      await confirm.waitFor();
      expect(await confirm.textContent()).toContain('确定归档');
      await confirm.getByRole('button', { name: /归\s*档/ }).click();
      await page.getByText('已归档').first().waitFor({ timeout: 15_000 });
      await expect.poll(() => rows.last().textContent(), { timeout: 15_000 }).not.toBe(before);
    }
    await page.close();
  });

  it('fits a 375-pixel phone: lists, filters, opens a record and shows a wrong value under its field', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
    await signIn(page, server.url, 'admin');
    for (const kind of kinds) {
      await page.goto(`${server.url}/registry/${kind.path}`);
      await rowsOf(page, kind, true).first().waitFor({ timeout: 15_000 });
      const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
      expect(overflow, `${kind.path} scrolls sideways`).toBeLessThanOrEqual(0);
      await filtersToNothing(page, kind, true);
      await opensRecord(page, kind, true);
      await createRefusesWrongValue(page, kind, `registry-${kind.path}-phone-create-error`);
    }
    await page.close();
  });
});
