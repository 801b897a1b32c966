import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  launchBrowser,
  pickDate,
  pickOption,
  type Server,
  settled,
  shot,
  signIn,
  startServer,
  PHONE,
  DESKTOP,
  DEMO_IDS,
} from './harness.ts';
import { chinaToday } from '../domain/dates.ts';

// The issue's "Done when": a demo inspection is planned, done on a phone-sized screen offline,
// synced, signed, and its failures become hazards that go through the whole loop to close-out.

const RESTAURANT = DEMO_IDS.restaurant; // 草原人家手把肉馆, venue1's restaurant

let server: Server;
let browser: Browser;
let photo: string;
const journal: string[] = [];

/** A plain PNG of the given size (a phone photo stand-in; the app resizes it to ≤ 1600 px JPEG). */
function pngFile(width: number, height: number): string {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0).fill(Buffer.from([200, 110, 40]))]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ranan-photo-')), 'photo.png');
  fs.writeFileSync(
    file,
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
  return file;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  photo = pngFile(2400, 1800);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (photo) fs.rmSync(path.dirname(photo), { recursive: true, force: true });
});

async function session(
  user: string,
  options: typeof PHONE | typeof DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  // Kept for the failure report: what the page said went wrong.
  page.on('pageerror', (e) => journal.push(`${user} pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') journal.push(`${user} ${m.type()}: ${m.text().slice(0, 300)}`);
  });
  page.on('requestfailed', (r) => journal.push(`${user} requestfailed: ${r.url()} ${r.failure()?.errorText}`));
  await signIn(page, server.url, user);
  return { context, page };
}

type OutboxEntry = {
  clientId: string;
  ownerId: string;
  state: string;
  syncedInspectionId: string | null;
  sentBody: unknown;
};

/** The entries of the phone's sync queue, read from IndexedDB as the app stored them. */
async function outbox(page: Page): Promise<OutboxEntry[]> {
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

/** Opens a hazard's action dialog, fills it and confirms; waits for the new state tag. */
async function act(
  page: Page,
  button: RegExp,
  fill: (dialog: ReturnType<Page['locator']>) => Promise<void>,
  state: string,
) {
  await page.getByRole('button', { name: button }).click();
  const dialog = page.locator('.ant-modal').last();
  await settled(dialog);
  await fill(dialog);
  await dialog.locator('[data-testid=action-ok]').click();
  await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
  await page.locator(`[data-status=${state}]`).first().waitFor({ timeout: 15_000 });
}

/** The whole story of the issue's "Done when", step by step. */
async function planRecordSignAndClose() {
  // 1. The township officer plans the inspection; untrained inspectors are listed but cannot be chosen.
  const officer = await session('galutu', DESKTOP);
  await officer.page.goto(`${server.url}/inspections`);
  await officer.page.getByRole('button', { name: '计划检查' }).click();
  await officer.page.locator('[data-testid=object-picker]').click();
  await officer.page.keyboard.type('草原人家');
  // The demo has more than one 草原人家手把肉馆: venue1's is the one at 萨如拉街18号.
  await officer.page
    .locator('.ant-select-item-option', { hasText: '草原人家手把肉馆' })
    .filter({ hasText: '萨如拉街18号' })
    .first()
    .click();
  await officer.page.locator('[data-testid=inspector-select]').click();
  const untrained = officer.page.locator('.ant-select-item-option-disabled', { hasText: '未培训' });
  expect(await untrained.count()).toBeGreaterThan(0);
  await shot(officer.page, 'ledger-plan-inspectors');
  await officer.page.locator('.ant-select-item-option', { hasText: '赵磊' }).click();
  await officer.page.keyboard.press('Escape');
  await officer.page.locator('[data-testid=plan-submit]').click();
  await officer.page.waitForURL(/\/inspections\/[0-9a-f-]{36}$/, { timeout: 15_000 });
  const inspectionId = officer.page.url().split('/').pop()!;
  await officer.page.getByText('已计划').first().waitFor();
  await shot(officer.page, 'ledger-inspection-planned');

  // 2. The inspector opens the field form on a phone while online: the app and the inspection are kept on the phone.
  const field = await session('inspector1', PHONE);
  const phone = field.page;
  await phone.goto(`${server.url}/inspections/${inspectionId}/do`);
  await phone.locator('[data-testid=field-form]').waitFor({ timeout: 20_000 });
  // The service worker has installed the app shell and controls the page: it now opens offline.
  // (Polled through page.evaluate: waitForFunction with a string would need 'unsafe-eval', which the CSP forbids.)
  await expect
    .poll(() => phone.evaluate('navigator.serviceWorker.controller !== null'), { timeout: 120_000 })
    .toBe(true);

  // 3. Offline: every ticked item passes but one, which fails with a note and a photo; the hose is too long.
  await field.context.setOffline(true);
  await phone.locator('[data-testid=sync-status][data-online=false]').waitFor();
  const cards = phone.locator('[data-item]');
  const count = await cards.count();
  expect(count).toBeGreaterThan(20);
  for (let i = 0; i < count; i++) {
    const card = cards.nth(i);
    const ticks = card.locator('.ra-field-ticks');
    if ((await ticks.count()) === 0) continue;
    if ((await card.getAttribute('data-item')) === 'venue.cylinders_not_apart') {
      await ticks.getByText('不合格', { exact: true }).click();
      await card.getByRole('button', { name: /备注/ }).click();
      await card.getByRole('textbox', { name: '备注' }).fill('在用气瓶与备用气瓶混放在灶台旁');
      await card.locator('[data-testid="photo-input-venue.cylinders_not_apart"]').setInputFiles(photo);
      await card.locator('[data-testid=field-photo] img').waitFor({ timeout: 15_000 });
    } else {
      await ticks.getByText('合格', { exact: true }).click();
    }
  }
  const hose = phone.locator('[data-item="venue.hose_length"]');
  await hose.getByLabel('连接软管长度').fill('2.5');
  await hose.getByLabel('连接软管长度').blur();
  // Instant feedback from the domain rule, without a connection.
  await expect
    .poll(() => phone.locator('[data-testid="verdict-venue.hose_length"]').textContent())
    .toContain('连接软管长度 2.5 米，超过 2 米：不合格（三(四)2）');
  // The facts asked once at the top: no cylinders below ground, not in a high-rise building.
  for (const label of ['气瓶在地下或半地下空间使用或存放', '所在建筑为高层民用建筑']) {
    const fact = phone.locator('.ra-field-fact', { hasText: label });
    if ((await fact.count()) > 0) await fact.first().locator('.ant-segmented-item', { hasText: /^否$/ }).click();
  }
  // Whatever else the register leaves open is recorded as found: devices present and working, dates today.
  const today = chinaToday();
  for (const itemId of await phone
    .locator('[data-item][data-result=unknown]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-item')!))) {
    const card = phone.locator(`[data-item="${itemId}"]`);
    for (const date of await card.locator('.ant-picker input').all()) await pickDate(phone, date, today);
    for (const yes of await card.locator('.ant-segmented-item', { hasText: /^是$/ }).all()) await yes.click();
    // A detector 0.2 m above the floor (LPG ≤ 0.3 m); the first hose type offered (ordinary rubber, installed today).
    for (const num of await card.locator('input[inputmode=decimal]').all()) await num.fill('0.2');
    for (const select of await card.locator('.ant-select').all()) {
      await pickOption(phone, select);
    }
  }
  await expect.poll(() => phone.locator('[data-item][data-result=unknown]').count()).toBe(0);
  await phone.locator('[data-item="venue.cylinders_not_apart"]').scrollIntoViewIfNeeded();
  await shot(phone, 'ledger-field-offline');

  // 4. Reloading without a connection: the service worker serves the app, IndexedDB the draft and its photo.
  // (The form writes a change to IndexedDB within 300 ms.)
  await phone.waitForTimeout(500);
  await phone.reload();
  await phone.locator('[data-testid=field-form]').waitFor({ timeout: 20_000 });
  await phone
    .locator('[data-item="venue.cylinders_not_apart"] [data-testid=field-photo] img')
    .waitFor({ timeout: 15_000 });
  expect(await phone.locator('[data-testid="verdict-venue.hose_length"]').textContent()).toContain('不合格');

  // 5. Submitted offline, complete: it waits in the queue (待同步 1 条).
  const counted = await phone.locator('[data-testid=field-progress]').textContent();
  const [, done, total] = /(\d+)\/(\d+)/.exec(counted ?? '') ?? [];
  expect(done).toBe(total);
  await phone.getByRole('button', { name: /完成检查并提交/ }).click();
  await phone.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
  await phone.getByText('已提交，等待同步').waitFor();
  await phone.locator('[data-testid=sync-status][data-pending="1"]').waitFor();
  expect(await phone.locator('[data-testid=sync-status]').textContent()).toContain('待同步 1 条');
  await shot(phone, 'ledger-field-queued');

  // 6. Back online: the photo, then the submission go up on their own; the queue empties (已同步).
  await field.context.setOffline(false);
  await phone.locator('[data-testid=sync-status][data-online=true][data-pending="0"]').waitFor({ timeout: 30_000 });
  await phone.getByText('记录已上传').waitFor({ timeout: 15_000 });
  await shot(phone, 'ledger-field-synced');

  // 7. Sending the same submission again (a lost answer) stores nothing new; other content under its id is refused.
  const [entry] = await outbox(phone);
  expect(entry?.state).toBe('synced');
  expect(entry?.syncedInspectionId).toBe(inspectionId);
  const again = await phone.request.post(`${server.url}/api/v1/inspections/submissions`, { data: entry!.sentBody });
  expect(again.status()).toBe(200);
  expect((await again.json()).id).toBe(inspectionId);
  const twice = await Promise.all(
    [0, 1].map(() => phone.request.post(`${server.url}/api/v1/inspections/submissions`, { data: entry!.sentBody })),
  );
  expect(twice.map((r) => r.status())).toEqual([200, 200]);
  const list = await (
    await phone.request.get(`${server.url}/api/v1/inspections?objectType=venue&objectId=${RESTAURANT}&pageSize=100`)
  ).json();
  expect(list.items.filter((i: { clientId: string | null }) => i.clientId === entry!.clientId)).toHaveLength(1);
  const conflict = await phone.request.post(`${server.url}/api/v1/inspections/submissions`, {
    data: { ...(entry!.sentBody as object), notes: '另一份内容' },
  });
  expect(conflict.status()).toBe(409);
  expect((await conflict.json()).error.code).toBe('inspections.submission_conflict');

  // The phone shows such a conflict to the inspector and does not retry it.
  await phone.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open('ranan-field');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('outbox', 'readwrite');
      tx.objectStore('outbox').put({
        clientId: '${entry!.clientId}-x', ownerId: '${entry!.ownerId}', draftKey: 'conflict', label: '冲突的记录', inspectionId: '${inspectionId}',
        queuedAt: new Date().toISOString(), localPhotoIds: [], state: 'pending', attempts: 0,
        nextAttemptAt: null, lastError: null, syncedInspectionId: null, syncedAt: null,
        body: ${JSON.stringify({ ...(entry!.sentBody as object), clientId: `${entry!.clientId}-x` })},
      }, '${entry!.clientId}-x');
      tx.oncomplete = () => { open.result.close(); resolve(null); };
    };
  })`);
  await phone.goto(`${server.url}/field`);
  const refused = phone.locator('[data-testid=outbox-entry][data-state=conflict]');
  await refused.waitFor({ timeout: 20_000 });
  expect(await refused.textContent()).toContain('服务器上已有同一编号但内容不同的提交');
  await shot(phone, 'ledger-field-conflict');
  await refused.getByRole('button', { name: '删除' }).click();
  await phone.locator('.ant-popconfirm .ant-btn-primary').click();
  try {
    await refused.waitFor({ state: 'detached', timeout: 10_000 });
  } catch (err) {
    await shot(phone, 'DEBUG-conflict-delete');
    console.log('DEBUG outbox', JSON.stringify(await outbox(phone)).slice(0, 2000));
    console.log(
      'DEBUG popconfirm',
      await phone.locator('.ant-popconfirm').count(),
      await phone.locator('.ant-popover').evaluateAll((e) => e.map((x) => x.className)),
    );
    throw err;
  }

  // 8. The inspector signs on the phone: the statement, the password, the signature bound to the content hash.
  const recorded = await (await phone.request.get(`${server.url}/api/v1/inspections/${inspectionId}`)).json();
  expect(recorded.missing).toEqual([]);
  await phone.goto(`${server.url}/inspections/${inspectionId}`);
  await phone.locator('[data-testid=sign-button]').click();
  expect(await phone.locator('[data-testid=signer-statement]').textContent()).toContain('谁检查、谁签字、谁负责');
  await phone.getByLabel('请输入您的登录密码以确认签字').fill('not-my-password-1');
  await phone.locator('.ant-modal-footer .ant-btn-primary').click();
  await phone.getByText('密码不正确，未签字').waitFor();
  await phone.getByLabel('请输入您的登录密码以确认签字').fill(DEMO_PASSWORD);
  await phone.locator('.ant-modal-footer .ant-btn-primary').click();
  await phone.locator('[data-testid=signature]').first().waitFor({ timeout: 15_000 });
  await phone.getByText('已签字').first().waitFor();
  await shot(phone, 'ledger-inspection-signed');

  // Its failures are hazards now: a new one per failed item, unless the same defect of the restaurant is
  // already open (it is then found again, not raised twice).
  const signed = await (await phone.request.get(`${server.url}/api/v1/inspections/${inspectionId}`)).json();
  expect(signed.status).toBe('signed');
  const failed: string[] = signed.results
    .filter((r: { result: string }) => r.result === 'fail')
    .map((r: { itemId: string }) => r.itemId);
  expect(failed).toEqual(expect.arrayContaining(['venue.cylinders_not_apart', 'venue.hose_length']));
  const raised: string[] = signed.hazards.map((h: { itemId: string }) => h.itemId);
  expect(raised).toEqual(expect.arrayContaining(['venue.cylinders_not_apart', 'venue.hose_length']));
  expect(failed).toEqual(expect.arrayContaining(raised));
  const openNow = await (
    await phone.request.get(
      `${server.url}/api/v1/hazards?objectId=${RESTAURANT}&status=open,rectifying,submitted&pageSize=200`,
    )
  ).json();
  expect(openNow.items.map((h: { itemId: string }) => h.itemId)).toEqual(expect.arrayContaining(failed));
  const hazardId = signed.hazards.find((h: { itemId: string }) => h.itemId === 'venue.cylinders_not_apart').id;
  // A signed record is immutable.
  const change = await phone.request.put(`${server.url}/api/v1/inspections/${inspectionId}/results`, {
    data: { results: [] },
  });
  expect(change.status()).toBe(409);

  // 9. The hazard in the ledger, as the township sees it.
  await officer.page.goto(`${server.url}/hazards?objectId=${RESTAURANT}&objectType=venue`);
  await officer.page.getByText('在用气瓶和备用气瓶未分开放置').first().waitFor();
  await shot(officer.page, 'ledger-hazards');

  // 10. The venue manager rectifies: starts, then submits evidence with a photo.
  const venue = await session('venue1', PHONE);
  await venue.page.goto(`${server.url}/hazards/${hazardId}`);
  await venue.page.locator('[data-status=open]').first().waitFor();
  expect(await venue.page.getByRole('button', { name: /复核销号/ }).count()).toBe(0);
  await act(venue.page, /开始整改/, async () => {}, 'rectifying');
  await act(
    venue.page,
    /提交复核/,
    async (dialog) => {
      await dialog.getByLabel('整改情况').fill('已将备用气瓶移至气瓶间单独存放');
      await dialog.locator('input[type=file]').setInputFiles(photo);
      await dialog
        .locator('.ant-upload-list-item-done, .ant-upload-list-item:not(.ant-upload-list-item-uploading)')
        .first()
        .waitFor();
      await expect.poll(() => dialog.locator('.ant-upload-list-item-uploading').count(), { timeout: 15_000 }).toBe(0);
    },
    'submitted',
  );
  await shot(venue.page, 'ledger-hazard-submitted');

  // 11. The inspector sends it back once (a reason is required), the venue submits again, the inspector closes it out.
  await phone.goto(`${server.url}/hazards/${hazardId}`);
  await act(phone, /退回/, async (d) => d.getByLabel('退回原因').fill('气瓶间未设置防倾倒措施'), 'rectifying');
  await venue.page.reload();
  await act(venue.page, /提交复核/, async (d) => d.getByLabel('整改情况').fill('气瓶间已加装防倾倒链条'), 'submitted');
  await phone.reload();
  await act(phone, /复核销号/, async (d) => d.getByText('现场复核').click(), 'closed');
  const events = await phone
    .locator('[data-testid=timeline-event]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-event')));
  expect(events).toEqual(['created', 'start_rectification', 'submit', 'send_back', 'submit', 'verify']);
  await shot(phone, 'ledger-hazard-closed');

  // The closed hazard counts in the progress figures and appears in the ledger export.
  const progress = await (await officer.page.request.get(`${server.url}/api/v1/progress?groupBy=region`)).json();
  expect(progress.total.closed).toBeGreaterThan(0);
  await officer.page.goto(`${server.url}/progress`);
  await officer.page.locator('[data-testid=progress-chart] canvas').first().waitFor();
  await shot(officer.page, 'ledger-progress');
  const exported = await officer.page.request.get(`${server.url}/api/v1/hazards/export?status=closed`);
  expect(exported.status()).toBe(200);
  expect(exported.headers()['content-type']).toContain('spreadsheetml');

  await venue.context.close();
  await field.context.close();
  await officer.context.close();
}

describe('the hazard ledger in the browser', () => {
  it('plans a demo inspection, records it offline on a phone, syncs it once, signs it, and takes its failures through the loop to close-out', async () => {
    try {
      await planRecordSignAndClose();
    } catch (err) {
      // What each open page showed when the step failed.
      for (const [i, page] of browser
        .contexts()
        .flatMap((c) => c.pages())
        .entries()) {
        await shot(page, `ledger-failure-${i}`).catch(() => undefined);
      }
      for (const page of browser.contexts().flatMap((c) => c.pages())) {
        const workers = await page
          .evaluate(
            `navigator.serviceWorker.getRegistration().then((r) => r ? JSON.stringify({ installing: !!r.installing, waiting: !!r.waiting, active: r.active && r.active.state, controlled: !!navigator.serviceWorker.controller }) : 'none')`,
          )
          .catch((e: Error) => e.message);
        journal.push(`${page.url()} service worker: ${workers}`);
      }
      console.log(journal.join('\n'));
      throw err;
    }
  }, 300_000);
});
