import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Server, shot, signIn, startServer, PHONE, DESKTOP } from './harness.ts';

// The office's work on the ledger: editing a hazard (a moved deadline needs a reason and shows on
// the timeline) on a phone, the escalation list by level and the two jobs the office runs by hand.

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

async function session(user: string, options: typeof PHONE | typeof DESKTOP): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.on('pageerror', (e) => journal.push(`${user} pageerror: ${e.message}`));
  await signIn(page, server.url, user);
  return page;
}

/** A China calendar day `days` from now, 'YYYY-MM-DD'. */
function chinaDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Picks a day in the open antd date picker: year, then month if asked, then the day. */
async function pickDay(page: Page, ymd: string) {
  const dropdown = page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)');
  await dropdown.locator('.ant-picker-date-panel').waitFor();
  // The dropdown slides in: a click during the motion can miss, so click until the year panel shows.
  await expect
    .poll(
      async () => {
        if (!(await dropdown.locator('.ant-picker-year-panel').count()))
          await dropdown.locator('.ant-picker-year-btn').click();
        return dropdown.locator('.ant-picker-year-panel').count();
      },
      { timeout: 10_000 },
    )
    .toBe(1);
  await dropdown.locator(`td[title="${ymd.slice(0, 4)}"]`).click();
  const month = dropdown.locator(`td[title="${ymd.slice(0, 7)}"]`);
  if (await month.count()) await month.click();
  await dropdown.locator(`td[title="${ymd}"]`).click();
}

/** The open escalated hazards in the page's user's scope, as the API counts them. */
async function escalatedTotal(page: Page): Promise<number> {
  const res = await page.request.get(`${server.url}/api/v1/hazards/escalations?page=1&pageSize=1`);
  expect(res.status()).toBe(200);
  return (await res.json()).total;
}

/** 督办 seen without opening the page: the home page's line (and, where the menu shows, the 督办 entry's badge). */
async function expectEscalationCount(page: Page, total: number, { menu }: { menu: boolean }) {
  await expect
    .poll(() => page.locator('[data-testid=home-escalations] strong').textContent(), { timeout: 15_000 })
    .toBe(total > 0 ? `逾期督办 ${total} 条` : '暂无逾期督办');
  if (menu) {
    await expect
      .poll(() => page.locator('[data-testid=escalation-badge]').textContent(), { timeout: 15_000 })
      .toBe(total > 99 ? '99+' : String(total));
  }
}

let townshipEscalated = 0;

async function editDeadlineOnPhone() {
  const phone = await session('galutu', PHONE);
  // The township officer's home page says how many hazards are escalated in the township.
  townshipEscalated = await escalatedTotal(phone);
  expect(townshipEscalated).toBeGreaterThan(0);
  await expectEscalationCount(phone, townshipEscalated, { menu: false });
  await shot(phone, 'hazard-home-escalations-phone');
  const open = await (await phone.request.get(`${server.url}/api/v1/hazards?status=open,rectifying&pageSize=1`)).json();
  const hazard = open.items[0];
  expect(hazard).toBeTruthy();
  // 所属乡镇 is the township, whichever community the object is registered in.
  expect(hazard.regionName).toBe('嘎鲁图镇');

  await phone.goto(`${server.url}/hazards/${hazard.id}`);
  await phone.locator('[data-testid=hazard-edit]').click();
  const drawer = phone.locator('.ant-drawer-content-wrapper');
  await drawer.waitFor();
  // Phone width: the drawer fills the screen and nothing in it scrolls sideways.
  expect(Math.round((await drawer.boundingBox())!.width)).toBeLessThanOrEqual(375);
  expect(await drawer.locator('.ant-drawer-body').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

  const target = chinaDay(45);
  await drawer.locator('.ant-picker').click();
  await pickDay(phone, target);
  // Moving the deadline without a reason is stopped at the reason field.
  await phone.locator('[data-testid=edit-save]').click();
  await drawer.getByText('调整完成时限须说明原因').waitFor();
  await shot(phone, 'hazard-edit-reason-required');
  await drawer.getByLabel('修改说明（选填）').fill('需更换整段管道，协调供气企业停气施工');
  await phone.locator('[data-testid=edit-save]').click();
  await phone.locator('[data-testid=edit-save]').waitFor({ state: 'detached', timeout: 15_000 });

  // The timeline shows the move, from and to, with the reason.
  const moved = phone.locator('[data-event=deadline_moved]').last();
  await moved.waitFor({ timeout: 15_000 });
  const [y, m, d] = target.split('-');
  const text = await moved.textContent();
  expect(text).toContain(`${y}-${m}-${d}`);
  expect(text).toContain('原因：需更换整段管道，协调供气企业停气施工');
  await moved.scrollIntoViewIfNeeded();
  await shot(phone, 'hazard-edit-timeline');
  const after = await (await phone.request.get(`${server.url}/api/v1/hazards/${hazard.id}`)).json();
  expect(after.deadline).toBe(target);
  expect(after.overdue).toBe(false);
  expect(after.timeline.at(-1)).toMatchObject({
    event: 'deadline_moved',
    reason: '需更换整段管道，协调供气企业停气施工',
  });
  await phone.context().close();
}

async function officeJobs() {
  const office = await session('admin', DESKTOP);
  // The office sees every township's escalations, in the menu and on the home page.
  const escalated = await escalatedTotal(office);
  expect(escalated).toBeGreaterThan(townshipEscalated);
  await expectEscalationCount(office, escalated, { menu: true });
  // Escalations by level: the campaign office's only.
  await office.goto(`${server.url}/hazards/escalations`);
  await office.locator('[data-testid=escalation-level]').getByText('办公室督办').click();
  await office.waitForURL(/level=2/);
  await office.locator('.ant-table-row').first().waitFor({ timeout: 15_000 });
  const levels = await office.locator('.ant-table-row td:first-child').allTextContents();
  expect(levels.length).toBeGreaterThan(0);
  expect(levels.every((l) => l === '领导小组办公室督办')).toBe(true);

  // The overdue run by hand: confirmed, then it says what it did.
  await office.locator('[data-testid=run-escalation]').click();
  await office.locator('.ant-modal-confirm-title', { hasText: '立即执行逾期督办？' }).waitFor();
  await office.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
  const result = office.locator('[data-testid=escalation-result]');
  await result.waitFor({ timeout: 15_000 });
  expect(await result.textContent()).toMatch(/新督办 \d+ 条|没有需要新督办的超期隐患/);
  await shot(office, 'hazard-escalation-run');
  await office.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
  // The run refreshes the menu's count at once.
  const afterRun = await escalatedTotal(office);
  await expect
    .poll(() => office.locator('[data-testid=escalation-badge]').textContent(), { timeout: 15_000 })
    .toBe(afterRun > 99 ? '99+' : String(afterRun));

  // 回头看 for the first phase: every major and a share of the general hazards closed in it.
  await office.goto(`${server.url}/hazards`);
  await office.locator('[data-testid=schedule-follow-up]').click();
  await office.locator('[data-testid=follow-up-ok]').click();
  const scheduled = office.locator('[data-testid=follow-up-result]');
  await scheduled.waitFor({ timeout: 30_000 });
  expect(await scheduled.textContent()).toMatch(/已安排 \d+ 条隐患回头看|没有新安排的回头看/);
  await shot(office, 'hazard-follow-up-scheduled');
  // Scheduling the same period again draws nothing twice.
  const again = await (
    await office.request.post(`${server.url}/api/v1/hazards/follow-ups/schedule`, { data: { phase: 'intensive' } })
  ).json();
  expect(again.scheduled).toEqual([]);
  await office.context().close();
}

describe('the hazard office in the browser', () => {
  it('moves a hazard’s deadline with a reason on a phone and sees it on the timeline; filters and runs escalation; schedules follow-ups', async () => {
    try {
      await editDeadlineOnPhone();
      await officeJobs();
    } catch (err) {
      for (const [i, page] of browser
        .contexts()
        .flatMap((c) => c.pages())
        .entries()) {
        await shot(page, `hazard-office-failure-${i}`).catch(() => undefined);
      }
      console.log(journal.join('\n'));
      throw err;
    }
  }, 240_000);
});
