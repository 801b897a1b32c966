import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_IDS,
  DESKTOP,
  PHONE,
  type Server,
  launchBrowser,
  pickOption,
  shot,
  signIn,
  startServer,
} from './harness.ts';

// Issue 9.4 in the web: the supervised party proposes, from its own page, a change of what the regulator registers
// (its category, a new licence); the township officer finds it on 待办 and approves or rejects it; the party then sees
// the outcome and the regulator's note on its page.

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

async function open(user: string, device: typeof PHONE | typeof DESKTOP): Promise<Page> {
  const context = await browser.newContext(device);
  const page = await context.newPage();
  page.on('pageerror', (e) => journal.push(`${user} pageerror: ${e.message}`));
  await signIn(page, server.url, user);
  return page;
}

async function choose(page: Page, label: string, option: string) {
  await pickOption(page, page.getByLabel(label, { exact: true }), new RegExp(`^${option}$`));
}

describe('a supervised party proposes a change in the web; the regulator decides it on 待办', () => {
  it('venue1 at 375 px proposes a new category; galutu approves; the venue sees it approved and the category changed', async () => {
    const venue = await open('venue1', PHONE);
    await venue.goto(`${server.url}/registry/venues/${DEMO_IDS.restaurant}`);
    const card = venue.locator('[data-testid=change-requests]');
    await card.waitFor();
    await card.getByText('暂无变更申请').waitFor();
    await card.getByRole('button', { name: '申请变更' }).click();
    const drawer = venue.locator('.ant-drawer-open .ant-drawer-section');
    await drawer.getByText('所在区划、类别、燃气设施情况和许可证信息由监管部门登记', { exact: false }).waitFor();
    // Nothing changed: refused in the form, nothing sent.
    await drawer.getByLabel('申请理由').fill('改为学校食堂');
    await drawer.getByRole('button', { name: '提交申请' }).click();
    await drawer.getByText('请至少修改一项内容').waitFor();
    await choose(venue, '场所类别', '学校');
    // Its risk facts are the regulator's too: it proposes the cylinder room it has built.
    expect(await venue.locator('.ant-tag').filter({ hasText: '存瓶达100kg无专用气瓶间' }).count()).toBeGreaterThan(0);
    await drawer.getByLabel('专用气瓶间').click();
    expect(await venue.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await shot(venue, 'registry-change-propose-375');
    await drawer.getByRole('button', { name: '提交申请' }).click();
    await venue.getByText('已提交，等待监管部门审核').waitFor();
    await card.getByText('待审核').waitFor();
    expect(await card.textContent()).toContain('餐饮单位 → 学校');
    expect(await card.textContent()).toMatch(/专用气瓶间\S*\s*否 → 是/);
    // The category itself is still the regulator's: unchanged until approved.
    expect(await venue.locator('.ant-descriptions').first().textContent()).toContain('餐饮单位');

    const officer = await open('galutu', DESKTOP);
    await officer.goto(`${server.url}/todos`);
    const group = officer.locator('[data-testid=todo-group-registry_change_decide]');
    await group.waitFor();
    const row = group.locator('.ant-list-item').filter({ hasText: '草原人家手把肉馆' });
    await row.getByRole('button', { name: /批\s*准/ }).click();
    await officer.getByText('已处理').first().waitFor();

    await venue.reload();
    await card.getByText('已批准').waitFor();
    expect(await card.textContent()).toContain('周');
    expect(await venue.locator('.ant-descriptions').first().textContent()).toContain('学校');
    expect(await venue.locator('.ant-tag').filter({ hasText: '存瓶达100kg无专用气瓶间' }).count()).toBe(0);
    expect(await venue.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await shot(venue, 'registry-change-approved-375');
    expect(journal).toEqual([]);
  }, 240_000);

  it('enterprise1 on a desktop proposes a new licence; galutu rejects it with a note the enterprise then reads', async () => {
    const ent = await open('enterprise1', DESKTOP);
    await ent.goto(`${server.url}/registry/enterprises/${DEMO_IDS.bottledOperator}`);
    const card = ent.locator('[data-testid=change-requests]');
    await card.waitFor();
    await card.getByRole('button', { name: '申请变更' }).click();
    const drawer = ent.locator('.ant-drawer-open .ant-drawer-section');
    await drawer.getByText('新增许可证').click();
    await choose(ent, '许可证类型', '燃气经营许可证');
    await drawer.getByLabel('许可证编号').fill('蒙202699001');
    await drawer.getByLabel('有效期至').fill('2031-12-31');
    await drawer.getByLabel('有效期至').press('Enter');
    await drawer.getByLabel('申请理由').fill('新取得燃气经营许可证');
    await shot(ent, 'registry-change-new-licence');
    await drawer.getByRole('button', { name: '提交申请' }).click();
    await ent.getByText('已提交，等待监管部门审核').waitFor();
    await card.getByText('待审核').waitFor();
    expect(await card.textContent()).toContain('蒙202699001');

    const officer = await open('galutu', DESKTOP);
    await officer.goto(`${server.url}/todos`);
    const group = officer.locator('[data-testid=todo-group-registry_change_decide]');
    await group.waitFor();
    const row = group.locator('.ant-list-item').filter({ hasText: '安达燃气' });
    await row.getByRole('button', { name: /驳\s*回/ }).click();
    await officer.getByPlaceholder('驳回理由').fill('请补交许可证复印件');
    await officer
      .locator('.ant-modal')
      .getByRole('button', { name: /驳\s*回/ })
      .click();
    await officer.getByText('已处理').first().waitFor();

    await ent.reload();
    await card.getByText('已驳回').waitFor();
    expect(await card.locator('[data-testid=change-note]').textContent()).toContain('请补交许可证复印件');
    // No licence was created.
    expect(await ent.getByText('蒙202699001').count()).toBe(1);
    await shot(ent, 'registry-change-rejected');
    expect(journal).toEqual([]);
  }, 240_000);

  it('venue1 at 375 px edits its own venue: its risk facts read-only, its contact saved; enterprise1 cannot rename itself', async () => {
    const venue = await open('venue1', PHONE);
    await venue.goto(`${server.url}/registry/venues/${DEMO_IDS.restaurant}`);
    await venue
      .getByRole('button', { name: /编\s*辑/ })
      .first()
      .click();
    const drawer = venue.locator('.ant-drawer-open .ant-drawer-section');
    await drawer.getByLabel('联系电话').waitFor();
    for (const label of ['专用气瓶间', '紧急切断阀', '可燃气体探测器'])
      expect(await drawer.getByLabel(label).isDisabled(), label).toBe(true);
    expect(await drawer.getByText('由监管部门变更').count()).toBeGreaterThan(3);
    expect(await venue.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await shot(venue, 'registry-venue-self-edit-375');
    await drawer.getByLabel('联系电话').fill('13904770099');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await venue.getByText('已保存').waitFor();
    expect(await venue.locator('.ant-descriptions').first().textContent()).toContain('13904770099');

    const ent = await open('enterprise1', PHONE);
    await ent.goto(`${server.url}/registry/enterprises/${DEMO_IDS.bottledOperator}`);
    await ent
      .getByRole('button', { name: /编\s*辑/ })
      .first()
      .click();
    const form = ent.locator('.ant-drawer-open .ant-drawer-section');
    await form.getByLabel('企业名称').waitFor();
    expect(await form.getByLabel('企业名称').isDisabled()).toBe(true);
    expect(await form.getByLabel('统一社会信用代码').isDisabled()).toBe(true);
    await form.getByLabel('联系电话').fill('0477-7519999');
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await ent.getByText('已保存').waitFor();
    expect(await ent.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    expect(journal).toEqual([]);
  }, 240_000);
});
