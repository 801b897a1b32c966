import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Server, launchBrowser, shot, signIn, startServer } from './harness.ts';

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

/** A page whose every request must go to our server: anything else is recorded and refused (offline). */
async function offlinePage(viewport: { width: number; height: number }) {
  const page = await browser.newPage({ viewport });
  const outside: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(server.url) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  return { page, outside };
}

/** The count shown next to a layer's checkbox (e.g. "用气场所 383"). */
async function layerCount(page: Page, label: string): Promise<number> {
  const text = await page.locator('.ant-checkbox-wrapper', { hasText: label }).first().textContent();
  const m = /(\d+)\s*$/.exec((text ?? '').trim());
  return m ? Number(m[1]) : -1;
}

// Runs in the page (as a string: the e2e typecheck has no DOM library): counts canvas pixels of a colour.
const countPixels = `(color) => {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(color.slice(i, i + 2), 16));
  let n = 0;
  for (const canvas of document.querySelectorAll('[data-testid="registry-map"] canvas')) {
    const ctx = canvas.getContext('2d');
    if (!ctx) continue;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - r) < 12 && Math.abs(data[i + 1] - g) < 12 && Math.abs(data[i + 2] - b) < 12) n++;
    }
  }
  return n;
}`;

/** How many canvas pixels have this colour (the map's points are drawn on a canvas). */
function pixelsOf(page: Page, hex: string): Promise<number> {
  return page.evaluate<number>(`(${countPixels})(${JSON.stringify(hex)})`);
}

const VENUE_GREEN = '#2f9e44';
const RISK_ORANGE = '#f08c00';

describe('the map (一张图) in the browser', () => {
  it('draws the demo register offline: boundaries, layers with their counts, coloured points', async () => {
    const { page, outside } = await offlinePage({ width: 1366, height: 860 });
    await signIn(page, server.url, 'admin');
    await page.goto(`${server.url}/registry/map`);
    await page.locator('[data-testid="registry-map"] canvas').first().waitFor();
    const api = await (await page.request.get(`${server.url}/api/v1/map/features`)).json();
    const venues = api.features.filter(
      (f: { properties: { layer: string } }) => f.properties.layer === 'venues',
    ).length;
    expect(venues).toBeGreaterThan(100);
    await expect.poll(() => layerCount(page, '用气场所'), { timeout: 20_000 }).toBe(venues);
    expect(await layerCount(page, '燃气企业')).toBeGreaterThan(0);
    await expect.poll(() => pixelsOf(page, RISK_ORANGE), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await pixelsOf(page, VENUE_GREEN)).toBeGreaterThan(0);
    expect((await (await page.request.get(`${server.url}/api/v1/map/regions`)).json()).features).toHaveLength(8);
    await page.getByText('苏木镇边界为示意', { exact: false }).waitFor();
    // The county's outline is the real one (national county boundaries), the township lines schematic.
    const regions = (await (await page.request.get(`${server.url}/api/v1/map/regions`)).json()).features;
    expect(
      regions.find((f: { properties: { level: string } }) => f.properties.level === 'county').properties.schematic,
    ).toBe(false);
    await shot(page, 'map-admin');
    expect(outside).toEqual([]);
    await page.close();
  });

  it("shows a township officer only its township's objects, and opens an object's page from the map", async () => {
    const { page, outside } = await offlinePage({ width: 1366, height: 860 });
    await signIn(page, server.url, 'galutu');
    const mine = await (await page.request.get(`${server.url}/api/v1/map/features?layers=venues`)).json();
    const all = (await (await page.request.get(`${server.url}/api/v1/venues?pageSize=1`)).json()).total;
    expect(mine.features.length).toBeGreaterThan(0);
    expect(mine.features.length).toBeLessThanOrEqual(all);
    const first = mine.features[0] as { id: string; properties: { name: string } };
    await page.goto(`${server.url}/registry/map?focus=venues:${first.id}`);
    await expect.poll(() => layerCount(page, '用气场所'), { timeout: 20_000 }).toBe(mine.features.length);
    const drawer = page.getByRole('dialog');
    await drawer.getByText(first.properties.name).first().waitFor();
    await shot(page, 'map-township-popup');
    await page.getByRole('button', { name: '查看详情' }).click();
    await page.waitForURL(`**/registry/venues/${first.id}`);
    await page.getByText('风险提示').first().waitFor();
    expect(outside).toEqual([]);
    await page.close();
  });

  it('zooms with its buttons and lists the objects without coordinates, linking to their pages', async () => {
    const { page, outside } = await offlinePage({ width: 1366, height: 860 });
    await signIn(page, server.url, 'admin');
    // A venue recorded without coordinates in 嘎鲁图镇.
    const regions = (await (await page.request.get(`${server.url}/api/v1/map/regions`)).json()).features as {
      properties: { code: string; regionId: string };
    }[];
    const galutu = regions.find((f) => f.properties.code === '150626100')!.properties.regionId;
    const name = `无坐标测试饭店${Date.now()}`;
    const created = await page.request.post(`${server.url}/api/v1/venues`, {
      data: { name, category: 'restaurant', regionId: galutu, address: '嘎鲁图镇某街' },
    });
    expect(created.status()).toBe(201);
    const venueId = ((await created.json()) as { id: string }).id;
    const api = await (await page.request.get(`${server.url}/api/v1/map/features`)).json();
    expect(api.unlocatedTotal).toBeGreaterThan(0);

    await page.goto(`${server.url}/registry/map`);
    await page.locator('[data-testid="registry-map"] canvas').first().waitFor();
    const tag = page.getByTestId('map-unlocated');
    await expect.poll(() => tag.textContent(), { timeout: 20_000 }).toBe(`无坐标 ${api.unlocatedTotal} 处`);

    // Zoom in, out and back with the buttons (the canvas changes; reset brings back the first view).
    const canvas = () => page.locator('[data-testid="registry-map"] canvas').first().screenshot();
    await page.waitForTimeout(1500); // let ECharts finish its first animation before taking the reference
    const before = await canvas();
    await page.getByRole('button', { name: '放大' }).click();
    await expect.poll(async () => (await canvas()).equals(before), { timeout: 10_000 }).toBe(false);
    await shot(page, 'map-zoomed-in');
    await page.getByRole('button', { name: '缩小' }).click();
    await page.getByRole('button', { name: '复位' }).first().click();

    await tag.click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('无坐标的对象').waitFor();
    const link = drawer.getByRole('link', { name });
    await link.waitFor();
    await drawer.getByText('无坐标，示意于苏木镇驻地附近').first().waitFor();
    await shot(page, 'map-unlocated');
    await link.click();
    await page.waitForURL(`**/registry/venues/${venueId}`);
    expect(outside).toEqual([]);
    await page.close();
  });

  it('fits a phone screen', async () => {
    const { page, outside } = await offlinePage({ width: 375, height: 760 });
    await signIn(page, server.url, 'admin');
    await page.goto(`${server.url}/registry/map`);
    await page.locator('[data-testid="registry-map"] canvas').first().waitFor();
    await expect
      .poll(async () => (await pixelsOf(page, RISK_ORANGE)) + (await pixelsOf(page, VENUE_GREEN)), { timeout: 15_000 })
      .toBeGreaterThan(0);
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(375);
    await shot(page, 'map-phone');
    expect(outside).toEqual([]);
    await page.close();
  });
});
