import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, PHONE, type Server, launchBrowser, shot, signIn, startServer } from './harness.ts';

// 待办 and 通知 (issue 9.20, 9.4) at 375 px: the venue proposes a change of its category; the township officer
// sees it on 待办 (with the count on the menu) and approves it; the venue's bell then shows the outcome.

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

async function phone(user: string): Promise<Page> {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  page.on('pageerror', (e) => journal.push(`${user} pageerror: ${e.message}`));
  await signIn(page, server.url, user);
  return page;
}

describe('to-dos and notifications at 375 px', () => {
  it('a change request reaches the township’s to-do list, is approved there, and the venue is notified', async () => {
    const venue = await phone('venue1');
    const proposed = await venue.request.post(`${server.url}/api/v1/registry-changes`, {
      data: {
        subjectType: 'venue',
        subjectId: DEMO_IDS.restaurant,
        changes: { category: 'school' },
        reason: '改为学校食堂',
      },
      headers: { origin: server.url },
    });
    expect(proposed.status(), await proposed.text()).toBe(201);

    const officer = await phone('galutu');
    await officer.goto(`${server.url}/todos`);
    const group = officer.locator('[data-testid=todo-group-registry_change_decide]');
    await group.waitFor();
    expect(await group.textContent()).toContain('待审核登记变更');
    expect(await officer.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await shot(officer, 'todos-township-375');
    await group
      .getByRole('button', { name: /批\s*准/ })
      .first()
      .click();
    await officer.getByText('已处理').first().waitFor();
    await group.waitFor({ state: 'detached' });

    // The venue's bell: the decision arrives through the event handler (dispatch every 300 ms).
    let found = false;
    for (let i = 0; i < 40 && !found; i++) {
      await venue.goto(`${server.url}/notifications`);
      await venue.getByRole('heading', { name: '通知' }).waitFor();
      found = (await venue.getByText('登记变更已批准').count()) > 0;
      if (!found) await venue.waitForTimeout(500);
    }
    expect(found).toBe(true);
    expect(await venue.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await shot(venue, 'notifications-venue-375');
    expect(journal).toEqual([]);
  }, 240_000);
});
