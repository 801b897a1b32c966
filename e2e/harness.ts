import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type Locator, type Page, chromium } from 'playwright-core';
import { inject } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
export const screenshotDir = path.join(root, 'e2e/screenshots');

export type Server = { url: string; stop(): Promise<void> };

/**
 * A server of this file's own: `ranan serve` as a user would start it, on a fresh embedded database with the
 * demo data (a copy of the data folder the global setup seeded once), no MQTT broker and no simulators; `host`
 * is the address it listens on (0.0.0.0 to be reached on this machine's other interfaces too). The global
 * setup's pool starts it, the next file's while this one runs (e2e/server-pool.ts).
 */
export async function startServer({ host = '127.0.0.1' }: { host?: string } = {}): Promise<Server> {
  const pool = inject('serverPoolUrl');
  const res = await fetch(`${pool}/servers`, { method: 'POST', body: JSON.stringify({ host }) });
  if (!res.ok) throw new Error(await res.text());
  const { id, url } = (await res.json()) as { id: number; url: string };
  return {
    url,
    async stop() {
      const stopped = await fetch(`${pool}/servers/${id}/stop`, { method: 'POST' });
      if (!stopped.ok) throw new Error(await stopped.text());
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  // Playwright gives every launch a fresh, empty profile of its own.
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // The county's users are in China time: the browser's "today" (a date picker's today cell) is China's, whatever
    // the clock of the machine running the tests (after 16:00 UTC a UTC browser's today is China's yesterday).
    env: { ...process.env, TZ: 'Asia/Shanghai' },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const DEMO_PASSWORD = 'Demo@2023';

/** The demo's fixed ids (草原人家手把肉馆 is `DEMO_IDS.restaurant`, venue1's restaurant). */
export { DEMO_IDS } from '../server/seed/demo-ids.ts';

/** A phone as the field app is used on, and an office desktop. */
export const PHONE = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true } as const;
export const DESKTOP = { viewport: { width: 1366, height: 800 } } as const;

/** Signs in through the login form, as a person would, and waits for the home page. */
export async function signIn(page: Page, baseUrl: string, username: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
}

export async function shot(page: Page, name: string) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/**
 * Opens an Ant Design select and clicks an option in *its own* dropdown (the first, or the first whose
 * text matches). A dropdown just closed by the previous pick stays in the page, fading out, for a few
 * hundred milliseconds; a bare `.ant-select-dropdown:visible` can still match it and click into the
 * wrong list. The select's combobox names its list (`aria-controls`), and that list lives in its dropdown.
 * `search` is typed into the select first (for the pickers that search the server as one types).
 */
export async function pickOption(page: Page, select: Locator, option?: string | RegExp, search?: string) {
  const combobox = select.locator('xpath=self::*[@role="combobox"] | .//*[@role="combobox"]').first();
  await select.click();
  // A searching select (the register's pickers ask the server as one types): type, then the option is waited for.
  if (search !== undefined) await combobox.fill(search);
  let listId: string | null = null;
  for (let i = 0; i < 100 && !listId; i++) {
    listId = await combobox.getAttribute('aria-controls');
    if (!listId) await page.waitForTimeout(100);
  }
  if (!listId) throw new Error('the select did not open its list');
  const dropdown = page.locator(`.ant-select-dropdown:has([id="${listId}"])`);
  const options = dropdown.locator('.ant-select-item-option:not(.ant-select-item-option-disabled)');
  await (option === undefined ? options.first() : options.filter({ hasText: option }).first()).click();
  await dropdown.waitFor({ state: 'hidden', timeout: 3000 }).catch(() => undefined);
}

/**
 * Waits until `box` (a modal, a drawer) is visible and none of its animations still runs. A click
 * while a modal is still zooming in can land beside the moving button, on the mask, and close it.
 * The wait is on the page's own animations, not on a fixed time.
 */
export async function settled(box: Locator) {
  await box.waitFor();
  for (let i = 0; i < 100; i++) {
    const running = await box.evaluate(
      (el) =>
        (el.parentElement ?? el)
          .getAnimations({ subtree: true })
          .filter((a: { playState: string }) => a.playState === 'running').length,
    );
    if (running === 0) return;
    await box.page().waitForTimeout(50);
  }
  // Still moving after 5 s (a spinner inside, say): go on; the next step says what it can't find.
}

const openPicker = (page: Page) => page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)');
const isDisabled = async (cell: Locator) =>
  (await cell.getAttribute('class'))?.includes('ant-picker-cell-disabled') ?? false;

/**
 * Opens a date field's calendar and walks it to `ymd`'s month through the year and month panels (as a user does,
 * on a phone too, where the field takes no typing): the day's cell, or null when the calendar disables the whole
 * year or month (then the day is disabled too).
 */
async function calendarDay(page: Page, field: Locator, ymd: string): Promise<Locator | null> {
  const dropdown = openPicker(page);
  await field.click();
  await dropdown.locator('.ant-picker-date-panel').waitFor();
  // The dropdown slides in: a click during the motion can miss, so click until the year panel shows.
  for (let i = 0; i < 100 && !(await dropdown.locator('.ant-picker-year-panel').count()); i++) {
    await dropdown
      .locator('.ant-picker-year-btn')
      .click({ timeout: 1000 })
      .catch(() => undefined);
    await page.waitForTimeout(50);
  }
  const year = dropdown.locator(`td[title="${ymd.slice(0, 4)}"]`);
  if (await isDisabled(year)) return null;
  await year.click();
  const month = dropdown.locator(`td[title="${ymd.slice(0, 7)}"]`);
  await month.waitFor();
  if (await isDisabled(month)) return null;
  await month.click();
  const day = dropdown.locator(`td[title="${ymd}"]`);
  await day.waitFor();
  return day;
}

async function closePicker(page: Page, field: Locator) {
  if (await openPicker(page).count()) await field.press('Escape');
  await openPicker(page)
    .waitFor({ state: 'hidden', timeout: 3000 })
    .catch(() => undefined);
}

/**
 * Picks a day in a form's date field (web/app/DateField.tsx, antd's DatePicker) by clicking through its calendar:
 * year, month, day. `field` is the picker's input (its Form.Item id, `#heldOn`, or its label). A day the form's
 * rule disables is not taken: the calendar closes and the field keeps its day (see `dayDisabled`).
 */
export async function pickDate(page: Page, field: Locator, ymd: string) {
  const day = await calendarDay(page, field, ymd);
  if (day && !(await isDisabled(day))) await day.click();
  await closePicker(page, field);
}

/** Whether a date field's calendar offers `ymd` disabled (the form's rule: not after today, not before the start). */
export async function dayDisabled(page: Page, field: Locator, ymd: string): Promise<boolean> {
  const day = await calendarDay(page, field, ymd);
  const disabled = !day || (await isDisabled(day));
  await closePicker(page, field);
  return disabled;
}
