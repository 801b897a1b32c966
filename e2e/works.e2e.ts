import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, PHONE, type Server, launchBrowser, pickOption, shot, signIn, startServer } from './harness.ts';

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

/** JSON GETs as a demo account, outside the browser. */
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

type Segments = { items: { id: string; geometry: [number, number][] | null }[] };

describe('third-party works on a phone', () => {
  let phone: BrowserContext;

  it('a township officer records a works on site at 375 px without an agreement; the builder gets one hazard', async () => {
    const api = await as('galutu');
    const segments = await api<Segments>('/api/v1/pipeline-segments?pageSize=100');
    const seg = segments.items.find((s) => (s.geometry?.length ?? 0) >= 2);
    expect(seg, 'a mapped segment in 嘎鲁图镇').toBeTruthy();
    const [a, b] = [seg!.geometry![0]!, seg!.geometry![1]!];
    const at: [number, number] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2 + 2 / 111_195];

    phone = await browser.newContext(PHONE);
    const page = await phone.newPage();
    await signIn(page, server.url, 'galutu');
    await page.goto(`${server.url}/works`);
    await page.getByTestId('works-create').click();
    const drawer = page.locator('.ant-drawer-open .ant-drawer-section');
    await drawer.getByLabel('工程名称').fill('供水管道抢修开挖（浏览器测试）');
    await drawer.getByLabel('施工地点').fill('嘎鲁图镇测试路口');
    // The builder's picker searches the register as one types; its answer may replace the options under the
    // pointer, so the pick is checked and done again until the picker shows the builder.
    const builder = drawer.locator('.ant-form-item', { hasText: '施工单位' }).locator('.ant-select').first();
    await expect
      .poll(
        async () => {
          await pickOption(page, builder, '鑫达市政', '鑫达');
          return (await builder.textContent()) ?? '';
        },
        { timeout: 60_000 },
      )
      .toContain('鑫达市政');
    await drawer.getByLabel('经度').fill(at[0].toFixed(6));
    await drawer.getByLabel('纬度').fill(at[1].toFixed(6));
    await drawer.getByLabel('纬度').blur();
    // The segments within protection distance appear as the place is entered.
    await expect
      .poll(() => drawer.getByTestId('works-nearby').locator('.ant-list-item').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    // Nothing is wider than the phone.
    expect(await drawer.locator('.ant-drawer-body').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await shot(page, 'works-form-375');
    await page.getByTestId('works-save').click();
    await page.waitForURL(/\/works\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    await expect.poll(() => page.getByText(/已登记施工单位隐患 YH-/).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await shot(page, 'works-detail-375');

    const id = page.url().split('/').pop()!;
    const works = await api<{ hazard: { id: string } | null; builder: { id: string }; segments: unknown[] }>(
      `/api/v1/works/${id}`,
    );
    expect(works.hazard).not.toBeNull();
    expect(works.segments.length).toBeGreaterThan(0);
    const office = await as('admin');
    const hazards = await office<{ items: { id: string; objectId: string; source: string }[] }>(
      `/api/v1/hazards?objectId=${works.builder.id}&pageSize=50`,
    );
    expect(hazards.items.filter((h) => h.source === 'works' && h.id === works.hazard!.id)).toHaveLength(1);
  });
});
