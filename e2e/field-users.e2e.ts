import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, launchBrowser, type Server, shot, signIn, startServer, PHONE, DEMO_IDS } from './harness.ts';

// A shared phone (a township office's phone passed between inspectors): one person's drafts and
// unsynced records are neither shown to nor sent under the session of whoever signs in next, and
// they are there again when their owner comes back.

const RESTAURANT = DEMO_IDS.restaurant; // 草原人家手把肉馆, venue1's restaurant
const NOTE = 'A 在现场记录：灶台旁气瓶混放';

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

type RawEntry = {
  clientId: string;
  ownerId: string;
  state: string;
  attempts: number;
  syncedInspectionId: string | null;
};

/** The phone's sync queue as stored (every account's), read from IndexedDB directly. */
async function rawOutbox(page: Page): Promise<RawEntry[]> {
  // A string, as this file is type-checked without the DOM library.
  return page.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open('ranan-field');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const read = open.result.transaction('outbox').objectStore('outbox').getAll();
      read.onsuccess = () => { open.result.close(); resolve(read.result); };
    };
  })`);
}

/** Signs in on the login page the app is showing (no reload: the page's own state carries over). */
async function signInHere(page: Page, username: string) {
  await page.waitForURL((u) => u.pathname.startsWith('/login'), { timeout: 15_000 });
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
}

/** Signs out from the field app's home, as the person holding the phone would. */
async function signOutInField(page: Page) {
  await page.goto(`${server.url}/field`);
  await page.locator('[data-testid=field-logout]').click();
  await page.waitForURL((u) => u.pathname.startsWith('/login'), { timeout: 15_000 });
}

async function sharedPhone(context: BrowserContext, page: Page) {
  // 1. A (赵磊, inspector1) opens the demo inspection planned for them, online: it is kept on the phone.
  await signIn(page, server.url, 'inspector1');
  const meA = (await (await page.request.get(`${server.url}/api/v1/auth/me`)).json()).user as { id: string };
  const planned = await (
    await page.request.get(
      `${server.url}/api/v1/inspections?status=planned&objectType=venue&objectId=${RESTAURANT}&pageSize=100`,
    )
  ).json();
  const task = (planned.items as { id: string; inspectors: { name: string }[] }[]).find((i) =>
    i.inspectors.some((p) => p.name === '赵磊'),
  );
  expect(task, 'the demo plans an inspection of the restaurant for inspector1').toBeTruthy();
  const inspectionId = task!.id;
  await page.goto(`${server.url}/inspections/${inspectionId}/do`);
  await page.locator('[data-testid=field-form]').waitFor({ timeout: 20_000 });

  // 2. Offline, A ticks an item and writes a note: the draft is kept on the phone.
  await context.setOffline(true);
  await page.locator('[data-testid=sync-status][data-online=false]').waitFor();
  const first = page
    .locator('[data-item]')
    .filter({ has: page.locator('.ra-field-ticks') })
    .first();
  const firstItem = (await first.getAttribute('data-item'))!;
  await first.locator('.ra-field-ticks').getByText('不合格', { exact: true }).click();
  await page.getByRole('textbox', { name: '总体情况（选填）' }).fill(NOTE);
  // The form shows data-saved once the draft on screen is the one written to IndexedDB.
  await page.locator('[data-testid=field-form][data-saved=true]').waitFor();
  await context.setOffline(false);
  await page.goto(`${server.url}/field`);
  await page.locator('[data-testid=field-draft]', { hasText: '草原人家手把肉馆' }).waitFor({ timeout: 15_000 });

  // 3. A signs out; B (孙丽, inspector2) signs in on the same phone, in the same page.
  await signOutInField(page);
  await signInHere(page, 'inspector2');
  await page.goto(`${server.url}/field`);
  const notice = page.locator('[data-testid=other-accounts]');
  await notice.waitFor({ timeout: 15_000 });
  expect(await notice.textContent()).toContain('本机还有其他账号的 1 条未同步记录');
  expect(await page.locator('[data-testid=field-draft]').count()).toBe(0);
  expect(await page.locator('[data-testid=sync-status]').getAttribute('data-pending')).toBe('0');
  await shot(page, 'field-users-b-home');
  // B opening the same address gets no form filled by A (B is not one of its inspectors, or sees it empty).
  await page.goto(`${server.url}/inspections/${inspectionId}/do`);
  await page.locator('[data-testid=field-form], .ant-result').first().waitFor({ timeout: 20_000 });
  expect(await page.getByText(NOTE).count()).toBe(0);
  expect(
    await page.locator('textarea').evaluateAll((els) => els.map((e) => (e as { value: string }).value)),
  ).not.toContain(NOTE);

  // 4. B signs out, A signs in again: A's draft is there, as A left it.
  await signOutInField(page);
  await signInHere(page, 'inspector1');
  await page.goto(`${server.url}/field`);
  await page.locator('[data-testid=field-draft]', { hasText: '草原人家手把肉馆' }).waitFor({ timeout: 15_000 });
  expect(await page.locator('[data-testid=other-accounts]').count()).toBe(0);
  await page.goto(`${server.url}/inspections/${inspectionId}/do`);
  await page.locator('[data-testid=field-form]').waitFor({ timeout: 20_000 });
  expect(await page.getByRole('textbox', { name: '总体情况（选填）' }).inputValue()).toBe(NOTE);
  expect(await page.locator(`[data-item="${firstItem}"]`).getAttribute('data-result')).toBe('fail');

  // 5. A submits while the server cannot be reached: the record waits in A's queue.
  const blocked = '**/api/v1/inspections/submissions';
  await context.route(blocked, (route) => route.abort('internetdisconnected'));
  await page.getByRole('button', { name: /完成检查并提交/ }).click();
  await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
  await page.getByText('已提交，等待同步').waitFor();
  await page.locator('[data-testid=sync-status][data-pending="1"]').waitFor({ timeout: 15_000 });
  const [queued] = await rawOutbox(page);
  expect(queued?.ownerId).toBe(meA.id);
  expect(queued?.state).toBe('pending');

  // 6. A signs out with the record unsent; the server is reachable again; B signs in.
  await signOutInField(page);
  await context.unroute(blocked);
  await signInHere(page, 'inspector2');
  await page.goto(`${server.url}/field`);
  await notice.waitFor({ timeout: 15_000 });
  expect(await notice.textContent()).toContain('本机还有其他账号的 1 条未同步记录');
  expect(await page.locator('[data-testid=outbox-entry]').count()).toBe(0);
  // Long enough for any retry timer of A's queue still set in this page to fire (back-off ≤ 8 s here).
  await page.waitForTimeout(10_000);
  const waiting = (await rawOutbox(page)).find((e) => e.clientId === queued!.clientId);
  expect(waiting?.state, 'A’s record is not sent under B’s session').toBe('pending');
  const untouched = await (await page.request.get(`${server.url}/api/v1/inspections/${inspectionId}`)).json();
  expect(untouched.clientId ?? null).toBeNull();

  // 7. A signs in again: the record goes up under A's session.
  await signOutInField(page);
  await signInHere(page, 'inspector1');
  await page.goto(`${server.url}/field`);
  await page.locator('[data-testid=outbox-entry][data-state=synced]').waitFor({ timeout: 60_000 });
  const [sent] = await rawOutbox(page);
  expect(sent?.syncedInspectionId).toBe(inspectionId);
  const recorded = await (await page.request.get(`${server.url}/api/v1/inspections/${inspectionId}`)).json();
  expect(recorded.clientId).toBe(queued!.clientId);
  await shot(page, 'field-users-a-synced');
}

/** With the app shell installed: offline, the field app opens for the person signed in, and for nobody after a sign-out. */
async function offlineAfterSignOut(context: BrowserContext, page: Page) {
  await signIn(page, server.url, 'inspector1');
  await page.goto(`${server.url}/field`);
  // A draft of one of the planned inspections (opening the form keeps one; a tick makes it a change).
  const task = page.locator('.ant-list-item', { hasText: '已计划' }).first();
  await task.waitFor({ timeout: 20_000 });
  const label = (await task.locator('.ant-list-item-meta-title').textContent())!;
  await task.getByRole('button', { name: /开始检查/ }).click();
  await page.locator('[data-testid=field-form]').waitFor({ timeout: 20_000 });
  await page.locator('.ra-field-ticks').first().getByText('合格', { exact: true }).click();
  await expect.poll(() => page.evaluate('navigator.serviceWorker.controller !== null'), { timeout: 30_000 }).toBe(true);
  await page.locator('[data-testid=field-form][data-saved=true]').waitFor();

  // Offline, still signed in: the field app opens with the person's draft.
  await context.setOffline(true);
  await page.goto(`${server.url}/field`);
  await page.locator('[data-testid=field-draft]', { hasText: label }).waitFor({ timeout: 20_000 });

  // Signed out (with a connection), then offline again: nothing of A's opens.
  await context.setOffline(false);
  await signOutInField(page);
  await context.setOffline(true);
  await page.goto(`${server.url}/field`);
  await page.locator('[data-testid=field-signed-out]').waitFor({ timeout: 20_000 });
  expect(await page.locator('[data-testid=field-draft]').count()).toBe(0);
  expect(await page.getByText(label).count()).toBe(0);
  await shot(page, 'field-users-signed-out-offline');
  await context.setOffline(false);
}

/** Records kept by the previous version (no owner) go to the person it last knew as signed in, not to whoever signs in first. */
async function legacyRecords(page: Page) {
  // inspector1's user id, from a sign-in of its own (then signed out again).
  const login = await page.request.post(`${server.url}/api/v1/auth/login`, {
    data: { username: 'inspector1', password: DEMO_PASSWORD },
  });
  const a = ((await login.json()).user as { id: string }).id;
  await page.request.post(`${server.url}/api/v1/auth/logout`, { data: {} });
  await page.goto(`${server.url}/login`);
  await page.getByLabel('用户名').waitFor();
  // The app, signed out, forgets the phone's user as it starts: let it finish before writing what an older
  // version would have left (else it forgets the user written here, and nobody is left to own the records).
  await page.waitForTimeout(1_500);
  // As the previous version left them: the draft under its own key, no owners, the last user remembered.
  await page.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open('ranan-field');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction(['drafts', 'outbox', 'meta'], 'readwrite');
      tx.objectStore('meta').put({ userId: '${a}', username: 'inspector1', displayName: '赵磊', permissions: [] }, 'identity');
      tx.objectStore('drafts').put({
        key: 'legacy-1', clientId: 'legacy-c1', inspectionId: 'legacy-1', plan: null, label: '旧版本草稿',
        createdAt: '2026-01-01T01:00:00.000Z', updatedAt: '2026-01-01T01:05:00.000Z', visitedAt: '2026-01-01T01:00:00.000Z',
        location: null, notes: '', facts: {}, answers: {}, itemNotes: {}, itemPhotos: {}, writtenNoticeGiven: null, state: 'draft',
      }, 'legacy-1');
      tx.objectStore('outbox').put({
        clientId: 'legacy-c2', draftKey: 'legacy-2', label: '旧版本记录', inspectionId: null, queuedAt: '2026-01-01T02:00:00.000Z',
        body: { clientId: 'legacy-c2', results: [] }, localPhotoIds: [], state: 'failed', attempts: 1, nextAttemptAt: null,
        lastError: { code: 'validation.failed', message: 'x', status: 400 }, syncedInspectionId: null, syncedAt: null,
      }, 'legacy-c2');
      tx.oncomplete = () => { open.result.close(); resolve(null); };
      tx.onerror = () => reject(tx.error);
    };
  })`);

  // The new version starts signed out (the session ended meanwhile): the records stay the last user's.
  await page.reload();
  // Then someone else signs in first: the records are not theirs.
  await signInHere(page, 'inspector2');
  await page.goto(`${server.url}/field`);
  const notice = page.locator('[data-testid=other-accounts]');
  await notice.waitFor({ timeout: 15_000 });
  expect(await notice.getAttribute('data-count')).toBe('2');
  expect(await page.getByText('旧版本').count()).toBe(0);

  // Their author does: draft and entry are there.
  await signOutInField(page);
  await signInHere(page, 'inspector1');
  await page.goto(`${server.url}/field`);
  await page.locator('[data-testid=field-draft]', { hasText: '旧版本草稿' }).waitFor({ timeout: 15_000 });
  await page.locator('[data-testid=outbox-entry][data-state=failed]', { hasText: '旧版本记录' }).waitFor();
  expect(await page.locator('[data-testid=other-accounts]').count()).toBe(0);
  expect((await rawOutbox(page)).find((e) => e.clientId === 'legacy-c2')?.ownerId).toBe(a);
}

describe('the field app on a shared phone', () => {
  it('keeps each person’s drafts and unsynced records to themselves across sign-outs', async () => {
    // Service workers blocked: request routing (the unreachable server of step 5) must see the
    // page's requests; going offline with the app shell is covered by ledger.e2e.ts.
    const context = await browser.newContext({ ...PHONE, serviceWorkers: 'block' });
    const page = await context.newPage();
    page.on('pageerror', (e) => journal.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') journal.push(`${m.type()}: ${m.text().slice(0, 300)}`);
    });
    try {
      await sharedPhone(context, page);
    } catch (err) {
      await shot(page, 'field-users-failure').catch(() => undefined);
      console.log(journal.join('\n'));
      throw err;
    } finally {
      await context.close();
    }
  }, 240_000);

  it('does not open anyone’s records offline after a sign-out', async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    try {
      await offlineAfterSignOut(context, page);
    } catch (err) {
      await shot(page, 'field-users-offline-failure').catch(() => undefined);
      throw err;
    } finally {
      await context.close();
    }
  }, 180_000);

  it('gives records kept before owners to the person last signed in on the phone', async () => {
    const context = await browser.newContext({ ...PHONE, serviceWorkers: 'block' });
    const page = await context.newPage();
    try {
      await legacyRecords(page);
    } catch (err) {
      await shot(page, 'field-users-legacy-failure').catch(() => undefined);
      throw err;
    } finally {
      await context.close();
    }
  }, 180_000);
});
