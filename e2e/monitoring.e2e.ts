import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, type Server, settled, shot, signIn, startServer } from './harness.ts';

// 监测预警: a gateway reports a leak in a restaurant's kitchen; the office's alarm list shows the 报警 live
// (no reload), the office acknowledges it and closes it as a hazard in the ledger.

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

// Runs in the page (a string: the e2e typecheck has no DOM library): the count and centre, in page pixels, of the
// map's canvas pixels of one colour.
const pixelsOfColour = `(color) => {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(color.slice(i, i + 2), 16));
  let n = 0, sx = 0, sy = 0;
  for (const canvas of document.querySelectorAll('[data-testid="registry-map"] canvas')) {
    const ctx = canvas.getContext('2d');
    if (!ctx) continue;
    const rect = canvas.getBoundingClientRect();
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - r) < 12 && Math.abs(data[i + 1] - g) < 12 && Math.abs(data[i + 2] - b) < 12) {
        const p = i / 4;
        n++;
        sx += rect.left + ((p % canvas.width) * rect.width) / canvas.width;
        sy += rect.top + (Math.floor(p / canvas.width) * rect.height) / canvas.height;
      }
    }
  }
  return { n, x: n ? sx / n : 0, y: n ? sy / n : 0 };
}`;
function pixelsOf(page: Page, hex: string) {
  return page.evaluate<{ n: number; x: number; y: number }>(`(${pixelsOfColour})(${JSON.stringify(hex)})`);
}
const SENSOR_ALARM_RED = '#c92a2a';
const SENSOR_NORMAL = '#0ca678';

async function session(user: string): Promise<Page> {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  page.on('pageerror', (e) => journal.push(`${user} pageerror: ${e.message}`));
  await signIn(page, server.url, user);
  return page;
}

describe('monitoring and early warning in the browser', () => {
  it('a simulated leak raises an alarm live; it is acknowledged and closed as a hazard', {
    timeout: 180_000,
  }, async () => {
    const page = await session('admin');
    const api = page.request;
    // The office registers a kitchen detector on a demo restaurant and issues a gateway token.
    const venues = await (await api.get(`${server.url}/api/v1/venues?category=restaurant&pageSize=1`)).json();
    const venue = venues.items[0];
    expect(venue).toBeTruthy();
    const code = `E2E-KG-${Date.now() % 100000}`;
    const created = await api.post(`${server.url}/api/v1/sensors`, {
      data: { code, kind: 'kitchen_gas', objectType: 'venue', objectId: venue.id, intervalSeconds: 30 },
    });
    expect(created.status()).toBe(201);
    const token = await api.post(`${server.url}/api/v1/machine-tokens`, {
      data: { name: 'e2e 网关', role: 'sensor_gateway', scopeType: 'global' },
    });
    expect(token.status()).toBe(201);
    const bearer = { authorization: `Bearer ${(await token.json()).secret}` };

    await page.goto(`${server.url}/monitoring/alarms`);
    await page.getByRole('heading', { name: '报警处置' }).waitFor();
    expect(await page.locator(`[data-testid="alarm-level-${code}"]`).count()).toBe(0);

    // The leak: 60 %LEL for 20 s, sent as a gateway does (the same path as MQTT).
    const now = Date.now();
    const readings = [0, 5, 10, 15, 20].map((s) => ({
      sensorCode: code,
      at: new Date(now - 20_000 + s * 1000).toISOString(),
      value: 60,
    }));
    const sent = await api.post(`${server.url}/api/v1/readings`, { data: { readings }, headers: bearer });
    expect(sent.status()).toBe(200);
    expect((await sent.json()).accepted).toBe(5);

    // Without a reload: the row appears at level 报警 and the notification names the sensor.
    const level = page.locator(`[data-testid="alarm-level-${code}"]`);
    await level.waitFor({ timeout: 20_000 });
    expect(await level.textContent()).toBe('报警');
    await page.locator('.ant-notification-notice').filter({ hasText: code }).waitFor({ timeout: 10_000 });
    await shot(page, 'monitoring-alarm-live');

    await page.getByRole('link', { name: code }).click();
    await page.getByRole('button', { name: /^确\s*认$/ }).click();
    await expect
      .poll(() => page.locator('[data-testid=alarm-status]').textContent(), { timeout: 10_000 })
      .toBe('已确认');
    await page.getByRole('button', { name: '转为隐患' }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await page.waitForURL(/\/hazards\/[0-9a-f-]{36}$/, { timeout: 15_000 });
    const hazardId = page.url().split('/').pop()!;
    const hazard = await (await api.get(`${server.url}/api/v1/hazards/${hazardId}`)).json();
    expect(hazard).toMatchObject({ source: 'alarm' });
    const alarms = await (await api.get(`${server.url}/api/v1/alarms?sensorCode=${code}`)).json();
    expect(alarms.items[0]).toMatchObject({ status: 'closed', resolution: 'hazard', hazardId });
    await shot(page, 'monitoring-hazard');
    expect(journal).toEqual([]);
  });

  it('the office registers a sensor in the form, edits it, and adjusts the kitchen detectors’ thresholds with a reason', {
    timeout: 180_000,
  }, async () => {
    const page = await session('admin');
    const api = page.request;
    await page.goto(`${server.url}/monitoring/sensors`);
    await page.getByRole('button', { name: '登记监测点' }).click();
    const drawer = page.locator('.ant-drawer-content-wrapper');
    await drawer.getByLabel('监测点编号').fill('坏 编号');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await drawer.getByText('编号只能含字母、数字及 _ . : -，以字母或数字开头').waitFor();
    const code = `E2E-MH-${Date.now() % 100000}`;
    await drawer.getByLabel('监测点编号').fill(code);
    await drawer.locator('#kind').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '窨井/密闭空间甲烷' }).click();
    // No object, owner or region: the server's refusal is shown in Chinese.
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await drawer.getByText('请说明监测点位置：监测对象、所属企业或区域').waitFor();
    const venues = await (await api.get(`${server.url}/api/v1/venues?pageSize=1`)).json();
    const created = await api.post(`${server.url}/api/v1/sensors`, {
      data: { code, kind: 'manhole_methane', objectType: 'venue', objectId: venues.items[0].id },
    });
    expect(created.status()).toBe(201);
    await page.goto(`${server.url}/monitoring/sensors/${code}`);
    await page.getByRole('button', { name: '编辑监测点' }).click();
    await drawer.getByLabel('名称').fill('东门窨井');
    await drawer.getByLabel('上报周期（秒）').fill('120');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByRole('heading', { name: `${code} · 东门窨井` }).waitFor();
    expect((await (await api.get(`${server.url}/api/v1/sensors/${code}`)).json()).intervalSeconds).toBe(120);

    await page.goto(`${server.url}/monitoring/rules`);
    const kitchen = page.locator('.ant-card').filter({ hasText: '餐饮厨房可燃气体' });
    await kitchen.getByRole('button', { name: '调整阈值' }).click();
    await kitchen.getByLabel('报警触发值').fill('45');
    await kitchen.getByRole('button', { name: '保存阈值' }).click();
    const modal = page.locator('.ant-modal').last();
    await settled(modal);
    await modal.getByRole('button', { name: /确\s*定/ }).click();
    await modal.getByText('请说明调整理由').waitFor();
    await modal.getByLabel('调整理由').fill('本县餐饮场所按 45 %LEL 二级报警试行');
    await modal.getByRole('button', { name: /确\s*定/ }).click();
    await kitchen.getByText('已调整').first().waitFor();
    const rules = await (await api.get(`${server.url}/api/v1/monitoring/rules`)).json();
    const kg = rules.items.find((i: { kind: string }) => i.kind === 'kitchen_gas');
    expect(kg.rules.conditions[0].alarm.raise).toBe(45);
    expect(kg.overrides).toHaveLength(1);
    await shot(page, 'monitoring-rules');
    // A warning above the alarm cannot stand: the server's reason is shown and nothing changes.
    await kitchen.getByRole('button', { name: '调整阈值' }).click();
    await kitchen.getByLabel('预警触发值').fill('60');
    await kitchen.getByRole('button', { name: '保存阈值' }).click();
    await settled(modal);
    await modal.getByLabel('调整理由').fill('试错');
    await modal.getByRole('button', { name: /确\s*定/ }).click();
    await page.locator('.ant-message').getByText('预警值不能超过报警值').waitFor();
    const after = await (await api.get(`${server.url}/api/v1/monitoring/rules`)).json();
    expect(after.items.find((i: { kind: string }) => i.kind === 'kitchen_gas').rules.conditions[0].warning.raise).toBe(
      25,
    );
    await page.keyboard.press('Escape');
    await kitchen.getByRole('button', { name: /取\s*消/ }).click();
    await kitchen.getByRole('button', { name: '恢复上级规则' }).click();
    await modal.getByLabel('调整理由').fill('试行结束');
    await modal.getByRole('button', { name: /确\s*定/ }).click();
    await expect
      .poll(async () => {
        const r = await (await api.get(`${server.url}/api/v1/monitoring/rules`)).json();
        return r.items.find((i: { kind: string }) => i.kind === 'kitchen_gas').rules.conditions[0].alarm.raise;
      })
      .toBe(50);
    const audit = await (await api.get(`${server.url}/api/v1/audit?limit=200`)).json();
    expect(JSON.stringify(audit)).toContain('本县餐饮场所按 45 %LEL 二级报警试行');
    expect(journal).toEqual([]);
  });

  it('the map (一张图) shows a manhole sensor by state; a reading that raises an alarm turns it red without reload', {
    timeout: 180_000,
  }, async () => {
    const page = await session('admin');
    const api = page.request;
    // A manhole methane sensor placed by 嘎鲁图镇's seat, reporting normally (2 %LEL).
    const regions = (await (await api.get(`${server.url}/api/v1/map/regions`)).json()).features as {
      properties: { code: string; regionId: string; seat?: [number, number] };
    }[];
    const galutu = regions.find((f) => f.properties.code === '150626100')!.properties;
    expect(galutu.seat).toBeTruthy();
    const code = `E2E-MAP-${Date.now() % 100000}`;
    const created = await api.post(`${server.url}/api/v1/sensors`, {
      data: {
        code,
        name: '东街窨井',
        kind: 'manhole_methane',
        regionId: galutu.regionId,
        lng: galutu.seat![0] + 0.03,
        lat: galutu.seat![1] - 0.03,
        intervalSeconds: 60,
      },
    });
    expect(created.status()).toBe(201);
    const token = await api.post(`${server.url}/api/v1/machine-tokens`, {
      data: { name: 'e2e 地图网关', role: 'sensor_gateway', scopeType: 'global' },
    });
    const bearer = { authorization: `Bearer ${(await token.json()).secret}` };
    const send = async (points: { s: number; value: number }[]) => {
      const now = Date.now();
      const res = await api.post(`${server.url}/api/v1/readings`, {
        data: {
          readings: points.map((p) => ({
            sensorCode: code,
            at: new Date(now - p.s * 1000).toISOString(),
            value: p.value,
          })),
        },
        headers: bearer,
      });
      expect(res.status()).toBe(200);
    };
    await send([{ s: 70, value: 2 }]);

    await page.goto(`${server.url}/registry/map`);
    await page.locator('[data-testid="registry-map"] canvas').first().waitFor();
    await page.getByTestId('map-sensors').waitFor();
    const alarmLegend = page.getByTestId('map-sensors-alarm');
    await expect.poll(() => alarmLegend.textContent(), { timeout: 20_000 }).toMatch(/报警 \d+/);
    const alarmsBefore = Number(/(\d+)$/.exec((await alarmLegend.textContent()) ?? '')![1]);
    await expect.poll(async () => (await pixelsOf(page, SENSOR_NORMAL)).n, { timeout: 20_000 }).toBeGreaterThan(20);
    const redBefore = (await pixelsOf(page, SENSOR_ALARM_RED)).n;

    // The leak: 30 %LEL for 50 s (the alarm level of a manhole, 25 %LEL for 30 s), sent while the map is open.
    await send([60, 50, 40, 30, 20, 10].map((s) => ({ s, value: 30 })));
    await expect.poll(() => alarmLegend.textContent(), { timeout: 20_000 }).toBe(`报警 ${alarmsBefore + 1}`);
    await expect
      .poll(async () => (await pixelsOf(page, SENSOR_ALARM_RED)).n, { timeout: 10_000 })
      .toBeGreaterThan(redBefore + 40);
    await shot(page, 'monitoring-map-alarm');

    // The marker's popup: name, place, the latest reading, and the way to the open alarm.
    const red = await pixelsOf(page, SENSOR_ALARM_RED);
    await page.mouse.click(red.x, red.y);
    const summary = page.getByTestId('map-sensor-summary');
    await summary.waitFor({ timeout: 10_000 });
    expect(await summary.getByTestId('map-sensor-state').textContent()).toBe('报警');
    const text = (await summary.textContent()) ?? '';
    expect(text).toContain('东街窨井');
    expect(text).toContain('嘎鲁图镇');
    expect(text).toContain('30 %LEL');
    const alarms = await (await api.get(`${server.url}/api/v1/alarms?sensorCode=${code}&status=open`)).json();
    expect(alarms.items).toHaveLength(1);
    await summary.getByRole('button', { name: '处置报警' }).click();
    await page.waitForURL(`**/monitoring/alarms/${alarms.items[0].id}`);
    expect(journal).toEqual([]);
  });
});
