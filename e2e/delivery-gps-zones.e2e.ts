import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday } from '../domain/dates.ts';
import {
  DEMO_IDS,
  DEMO_PASSWORD,
  DESKTOP,
  PHONE,
  type Server,
  launchBrowser,
  pickOption,
  shot,
  signIn,
  startServer,
} from './harness.ts';

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

/** JSON calls as a demo account, outside the browser. */
async function as(username: string) {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return async <T>(path: string): Promise<T> => {
    const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };
}

type Track = { points: [string, number, number, number][] };

describe("the driver's phone sends its own GPS (375 px, Chromium's geolocation override)", () => {
  it('sends positions on duty (batched, kept while offline and sent when back), stops off duty, and says when it has no permission', async () => {
    const driver = await as('driver1');
    const office = await as('admin');
    const { vehicle } = await driver<{ vehicle: { id: string; plate: string } | null }>('/api/v1/delivery/my-vehicle');
    expect(vehicle).not.toBeNull();
    const day = chinaToday();
    const track = () => office<Track>(`/api/v1/delivery/vehicles/${vehicle!.id}/track?day=${day}`);
    // Start where the vehicle last was (the demo's track), so no fix implies an impossible speed.
    const before = (await track()).points;
    const last = before.at(-1);
    let lat = last ? last[1] : 38.6;
    let lng = last ? last[2] : 108.85;

    const context = await browser.newContext({
      ...PHONE,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      geolocation: { latitude: lat, longitude: lng },
    });
    await context.grantPermissions(['geolocation'], { origin: server.url });
    const page = await context.newPage();
    await signIn(page, server.url, 'driver1');
    await page.goto(`${server.url}/driver`);
    const state = page.getByTestId('gps-state');
    await expect.poll(() => state.textContent(), { timeout: 30_000 }).toBe('下班：不发送位置');
    await expect.poll(() => page.getByTestId('duty-bar').getByText(vehicle!.plate).isVisible()).toBe(true);

    // On duty: the first fix is sent at once.
    await page.getByTestId('duty-switch').click();
    await expect.poll(() => state.textContent(), { timeout: 30_000 }).toBe('正在发送位置');
    await expect.poll(() => page.getByTestId('gps-last-sent').isVisible(), { timeout: 30_000 }).toBe(true);
    const hasFix = async (la: number, ln: number) =>
      (await track()).points.some((p) => Math.abs(p[1] - la) < 1e-5 && Math.abs(p[2] - ln) < 1e-5);
    await expect.poll(() => hasFix(lat, lng), { timeout: 30_000 }).toBe(true);
    await shot(page, 'delivery-driver-gps');

    // Offline: the next fixes wait on the phone, then go when the connection returns.
    await context.setOffline(true);
    await page.waitForTimeout(11_000);
    lat += 0.0005;
    lng += 0.0005;
    await context.setGeolocation({ latitude: lat, longitude: lng });
    await expect.poll(() => state.textContent(), { timeout: 40_000 }).toBe('离线：位置保存在手机上');
    expect(await hasFix(lat, lng)).toBe(false);
    await context.setOffline(false);
    await expect.poll(() => state.textContent(), { timeout: 40_000 }).toBe('正在发送位置');
    await expect.poll(() => hasFix(lat, lng), { timeout: 30_000 }).toBe(true);

    // Off duty: nothing more is sent.
    await page.getByTestId('duty-switch').click();
    await expect.poll(() => state.textContent(), { timeout: 10_000 }).toBe('下班：不发送位置');
    const count = (await track()).points.length;
    await context.setGeolocation({ latitude: lat + 0.0005, longitude: lng + 0.0005 });
    await page.waitForTimeout(17_000);
    expect((await track()).points.length).toBe(count);
    await context.close();

    // A phone whose location permission is refused says so.
    const refused = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
    const other = await refused.newPage();
    await signIn(other, server.url, 'driver1');
    await other.goto(`${server.url}/driver`);
    await other.getByTestId('duty-switch').click();
    await expect.poll(() => other.getByTestId('gps-state').textContent(), { timeout: 30_000 }).toBe('未获定位权限');
    await refused.close();
  });
});

/** Clicks the zone map at an offset from its centre (pixels). */
async function clickMap(page: Page, dx: number, dy: number) {
  const box = (await page.getByTestId('zone-map').boundingBox())!;
  await page.mouse.click(box.x + box.width / 2 + dx, box.y + box.height / 2 + dy);
}

describe('delivery zones drawn on the county map', () => {
  it('draws a zone, renames it, refuses a corner outside the county, and deletes it', async () => {
    const office = await as('admin');
    const zones = () =>
      office<{ items: { id: string; name: string; geometry: { coordinates: [number, number][][] } }[] }>(
        '/api/v1/delivery/zones',
      );
    const context = await browser.newContext({ ...DESKTOP, locale: 'zh-CN' });
    const page = await context.newPage();
    await signIn(page, server.url, 'admin');
    await page.goto(`${server.url}/delivery`);
    await page.getByRole('tab', { name: '配送区域' }).click();
    await page.getByTestId('zone-new').click();
    await pickOption(page, page.getByTestId('zone-operator'));
    const name = `测试区域${Date.now() % 100000}`;
    await page.getByTestId('zone-name').fill(name);
    // Wait for the map to be drawn, then three corners around its centre.
    await page.locator('[data-testid="zone-map"] canvas').first().waitFor({ timeout: 30_000 });
    await clickMap(page, -40, -30);
    await clickMap(page, 40, -30);
    await clickMap(page, 0, 40);
    await expect.poll(() => page.getByTestId('zone-corners').textContent()).toBe('已点 3 个拐点');
    await page.getByTestId('zone-save').click();
    await expect.poll(() => page.getByText('配送区域已保存').isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(async () => (await zones()).items.some((z) => z.name === name), { timeout: 30_000 }).toBe(true);
    const drawn = (await zones()).items.find((z) => z.name === name)!;
    // A closed ring of the three corners.
    expect(drawn.geometry.coordinates[0]).toHaveLength(4);
    expect(drawn.geometry.coordinates[0]![0]).toEqual(drawn.geometry.coordinates[0]![3]);
    await shot(page, 'delivery-zone-drawn');

    // Rename it.
    const row = () => page.locator('.ant-table-row', { hasText: name });
    await row()
      .getByRole('button', { name: /修\s*改/ })
      .click();
    await page.getByTestId('zone-name').fill(`${name}（改）`);
    await page.getByTestId('zone-save').click();
    await expect
      .poll(async () => (await zones()).items.find((z) => z.id === drawn.id)?.name, { timeout: 30_000 })
      .toBe(`${name}（改）`);

    // Redraw it with a corner at the map's edge, outside the county: refused, the zone kept as it was.
    await page
      .locator('.ant-table-row', { hasText: `${name}（改）` })
      .getByRole('button', { name: /修\s*改/ })
      .click();
    await page.getByRole('button', { name: /清\s*除/ }).click();
    const box = (await page.getByTestId('zone-map').boundingBox())!;
    await clickMap(page, -40, -30);
    await clickMap(page, 40, -30);
    await page.mouse.click(box.x + 4, box.y + 4);
    await expect.poll(() => page.getByTestId('zone-corners').textContent()).toBe('已点 3 个拐点');
    await page.getByTestId('zone-save').click();
    await expect.poll(() => page.getByText('区域的拐点超出了本旗县范围').isVisible(), { timeout: 30_000 }).toBe(true);
    await shot(page, 'delivery-zone-outside');
    expect((await zones()).items.find((z) => z.id === drawn.id)?.geometry).toEqual(drawn.geometry);
    await page.getByRole('button', { name: /取\s*消/ }).click();

    // Delete it.
    await page
      .locator('.ant-table-row', { hasText: `${name}（改）` })
      .getByRole('button', { name: /删\s*除/ })
      .click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await expect.poll(() => page.getByText('配送区域已删除').isVisible(), { timeout: 30_000 }).toBe(true);
    await expect
      .poll(async () => (await zones()).items.some((z) => z.id === drawn.id), { timeout: 30_000 })
      .toBe(false);
    await context.close();
  });
});

describe('gas users: the import and export buttons', () => {
  it('lists bad rows of a checked file and exports the list', async () => {
    const office = await as('admin');
    const operator = await office<{ creditCode: string }>(`/api/v1/enterprises/${DEMO_IDS.bottledOperator}`);
    const context = await browser.newContext({ ...DESKTOP, locale: 'zh-CN', acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, server.url, 'admin');
    await page.goto(`${server.url}/delivery`);
    await page.getByRole('tab', { name: '燃气用户' }).click();
    await expect.poll(() => page.getByRole('button', { name: '下载模板' }).isVisible(), { timeout: 30_000 }).toBe(true);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出 Excel' }).click();
    expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);

    await page.getByRole('button', { name: /导\s*入/ }).click();
    const csv = [
      '供气企业统一社会信用代码,用户类型,用气场所,用户姓名,联系电话,所属区划,地址',
      `${operator.creditCode},居民用户,,导入测试甲,13900000011,嘎鲁图镇,导入测试小区1号`,
      `${operator.creditCode},居民用户,,导入测试乙,not a phone,嘎鲁图镇,导入测试小区2号`,
    ].join('\n');
    await page
      .locator('.ant-modal input[type="file"]')
      .setInputFiles({ name: '用户.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: '仅校验' }).click();
    const dialog = page.locator('.ant-modal');
    await expect.poll(() => dialog.getByText(/校验完成/).isVisible(), { timeout: 30_000 }).toBe(true);
    // The bad row, on its line and column.
    await expect.poll(() => dialog.locator('.ant-table-row', { hasText: '联系电话' }).count()).toBe(1);
    await expect.poll(() => dialog.locator('.ant-table-row', { hasText: '联系电话' }).textContent()).toMatch(/^3/);
    await shot(page, 'delivery-users-import');
    // Nothing stored by a check.
    const users = await office<{ total: number }>(`/api/v1/delivery/users?q=${encodeURIComponent('导入测试')}`);
    expect(users.total).toBe(0);
    await context.close();
  });
});
