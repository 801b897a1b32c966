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

const pct = (r: number | null | undefined) =>
  r === null || r === undefined ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`;

/** GET /api/v1/dashboard, the parts the pages show. */
type Dashboard = {
  asOf: string;
  figures: Record<string, number | null>;
  townships: { label: string; open: number; overdue: number }[];
  trend: { week: string; found: number; closed: number }[];
  majorHazards: { number: string; objectName: string; lng: number | null; lat: number | null }[];
  ranking: { rows: { rank: number; name: string; score: number; rankChange: number | null; overdue: number }[] } | null;
  decisions: Record<string, number>;
};
type RiskList = {
  items: { name: string; level: 'major' | 'high' | 'medium' | 'low'; reasons: { text: string }[]; nextDueOn: string }[];
  total: number;
};
type AlarmList = { items: { id: string; objectName: string | null; sensorCode: string }[]; total: number };

/** A GET with the page's own session (what the signed-in user's API answers). */
async function get<T>(page: Page, url: string): Promise<T> {
  return page.evaluate<T>(
    `fetch(${JSON.stringify(url)}).then((r) => { if (!r.ok) throw new Error(r.url + ' ' + r.status); return r.json(); })`,
  );
}

function expectedFigures(d: Dashboard): Record<string, string> {
  const f = d.figures;
  return {
    registered: String(f.registered),
    inspected: String(f.inspected),
    coverage: pct(f.coverageRate),
    found: String(f.found),
    closed: String(f.closed),
    closureRate: pct(f.closureRate),
    open: String(f.open),
    overdue: String(f.overdue),
    majorOpen: String(f.majorOpen),
  };
}
const decisionKeys: Record<string, string> = {
  overdueOrders: 'overdueOrders',
  answeredOrders: 'answeredOrders',
  escalatedHazards: 'escalatedHazards',
  unlistedMajor: 'unlistedMajorHazards',
  followUpsDue: 'followUpsDue',
};
const levelText = { major: '重大风险', high: '较大风险', medium: '一般风险', low: '低风险' } as const;
const change = (v: number | null) => (v ? (v > 0 ? `↑${v}` : `↓${-v}`) : '—');

/** The value a figure or a decision shows (the Statistic's or the Tag's text on the dashboard, the element's on the wall). */
async function shown(page: Page, selector: string): Promise<string> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => (el.querySelector('.ant-statistic-content-value, .ant-tag') ?? el).textContent ?? '')
    .then((t) => t.replace(/[\s,]/g, ''));
}

/** What a chart draws: the option its ECharts instance holds (EChart.tsx keeps the instance on its element). */
type Drawn = { categories: unknown[] | null; series: Record<string, unknown[]> };
async function drawn(page: Page, name: string): Promise<Drawn | null> {
  return page
    .locator(`[data-chart="${name}"]`)
    .first()
    .evaluate((el) => {
      type Axis = { type?: string; data?: unknown[] };
      const chart = (
        el as unknown as {
          echarts?: {
            getOption(): { xAxis?: Axis[]; yAxis?: Axis[]; series?: { id?: string; data?: unknown[] }[] };
          };
        }
      ).echarts;
      if (!chart) return null;
      const o = chart.getOption();
      const category = [...(o.xAxis ?? []), ...(o.yAxis ?? [])].find((a) => a.type === 'category');
      const series: Record<string, unknown[]> = {};
      for (const s of o.series ?? []) if (s.id && !s.id.startsWith('\0')) series[s.id] = s.data ?? [];
      return JSON.parse(JSON.stringify({ categories: category?.data ?? null, series }));
    });
}

/** Waits until every chart on the page has drawn its last frame (for the screenshots). */
async function chartsSettled(page: Page) {
  await expect
    .poll(
      () =>
        page.locator('[data-chart]').evaluateAll((els) =>
          els.every((el) => {
            const c = (el as unknown as { echarts?: { getZr(): { animation: { isFinished(): boolean } } } }).echarts;
            return c?.getZr().animation.isFinished() ?? false;
          }),
        ),
      { timeout: 15_000, interval: 200 },
    )
    .toBe(true);
}

/** The rows of a table (the ranking, the due list): each row's cells' texts. */
async function tableRows(page: Page, selector: string): Promise<string[][]> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) =>
      [...el.querySelectorAll('tbody tr')]
        .filter((tr) => !tr.classList.contains('ant-table-placeholder') && tr.getAttribute('aria-hidden') !== 'true')
        .map((tr) => [...tr.querySelectorAll(':scope > td')].map((c) => (c.textContent ?? '').trim())),
    );
}

/**
 * Every figure the dashboard or the wall shows, against the API's answer for the same user: the headline
 * figures, today's decisions, the as-of date, the 12-week trend, overdue and open by township, the open majors
 * on the map (its count and each point), the ranking of the latest bulletin, and the live alarms.
 */
async function checkEveryFigure(page: Page, { wall }: { wall: boolean }) {
  const scope = wall ? '[data-wall] ' : '';
  // The page has its data once the figures show; the charts draw it in the same render.
  await page.locator(`${scope}[data-figure="found"]`).first().waitFor();
  const d = await get<Dashboard>(page, '/api/v1/dashboard');

  for (const [key, value] of Object.entries(expectedFigures(d))) {
    expect(await shown(page, `${scope}[data-figure="${key}"]`), key).toBe(value);
  }
  for (const [key, field] of Object.entries(decisionKeys)) {
    expect(await shown(page, `${scope}[data-decision="${key}"]`), key).toBe(String(d.decisions[field]));
  }
  expect(await page.locator('body').textContent()).toContain(`截至 ${d.asOf}`);

  // The 12-week trend: each week's found and closed, in order.
  expect(d.trend).toHaveLength(12);
  await expect
    .poll(async () => {
      const c = await drawn(page, 'trend');
      return c?.categories?.map((week, i) => [week, c.series.found?.[i], c.series.closed?.[i]]);
    })
    .toEqual(d.trend.map((w) => [w.week.slice(5), w.found, w.closed]));

  // Overdue and open by township: every township of the answer, with its two figures.
  const byLabel = (rows: unknown[][]) => [...rows].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  expect(d.townships.length).toBeGreaterThan(0);
  await expect
    .poll(async () => {
      const c = await drawn(page, 'townships');
      return c && byLabel(c.categories?.map((label, i) => [label, c.series.overdue?.[i], c.series.open?.[i]]) ?? []);
    })
    .toEqual(byLabel(d.townships.map((t) => [t.label, t.overdue, t.open])));

  // The open majors: the map's title counts them all; each one with coordinates is a point at its place.
  expect(await page.locator(`${scope}[data-map]`).first().textContent()).toContain(`（${d.majorHazards.length}）`);
  const points = d.majorHazards
    .filter((h) => h.lng !== null && h.lat !== null)
    .map((h) => [h.number, h.objectName, h.lng, h.lat]);
  if (points.length === 0) {
    expect(await page.locator('[data-chart="majors"]').count()).toBe(0);
  } else {
    await expect
      .poll(async () => {
        const c = await drawn(page, 'majors');
        // On the county's outlines a point is { value: [lng, lat], name, number }; on the axes [lng, lat, name, number].
        return c?.series.majors?.map((p) =>
          Array.isArray(p)
            ? [p[3], p[2], p[0], p[1]]
            : (({ value, name, number }: { value: number[]; name: string; number: string }) => [
                number,
                name,
                value[0],
                value[1],
              ])(p as { value: number[]; name: string; number: string }),
        );
      })
      .toEqual(points);
  }

  // The ranking of the latest bulletin: rank, name, score, overdue, change since the previous one.
  if (d.ranking) {
    const rows = await tableRows(page, `${scope}[data-ranking]`);
    expect(rows.map((r) => [r[0], r[1], r[3], r[4]])).toEqual(
      d.ranking.rows.map((r) => [String(r.rank), r.name, String(r.overdue), change(r.rankChange)]),
    );
    for (const [i, r] of d.ranking.rows.entries()) {
      expect(Math.abs(Number(rows[i]?.[2]) - r.score), r.name).toBeLessThan(0.051);
    }
  } else {
    expect(await page.locator('body').textContent()).toContain('尚未发布调度通报');
  }

  // The live alarms (monitoring's alarms not closed, for those who read monitoring): the total and each one listed.
  if ((await page.locator(`${scope}[data-live-alarms]`).count()) > 0) {
    const alarms = await get<AlarmList>(page, `/api/v1/alarms?status=not_closed&pageSize=${wall ? 10 : 8}`);
    const panel = page.locator(`${scope}[data-live-alarms]`).first();
    expect(await panel.getAttribute('data-total')).toBe(String(alarms.total));
    expect(
      await panel.locator('[data-alarm]').evaluateAll((els) => els.map((e) => e.getAttribute('data-alarm'))),
    ).toEqual(alarms.items.map((a) => a.id));
    for (const a of alarms.items) {
      expect(await panel.locator(`[data-alarm="${a.id}"]`).textContent()).toContain(a.objectName ?? a.sensorCode);
    }
  }
  return d;
}

/** The dashboard's own parts: the due-for-inspection list and the ledger's 督办 line. */
async function checkDashboardLists(page: Page) {
  await page.locator('[data-due-list]').first().waitFor();
  const due = await get<RiskList>(page, '/api/v1/risk/objects?due=true&pageSize=10');
  expect(await page.locator('[data-due-list]').first().getAttribute('data-due-list')).toBe(String(due.total));
  expect(await tableRows(page, '[data-due-list]')).toEqual(
    due.items.map((r) => [r.name, levelText[r.level], r.reasons.map((x) => x.text).join('；'), r.nextDueOn]),
  );
  const escalations = page.locator('[data-testid="home-escalations"] [data-count]');
  if ((await page.locator('[data-testid="home-escalations"]').count()) > 0) {
    await escalations.waitFor();
    const e = await get<{ total: number }>(page, '/api/v1/hazards/escalations?page=1&pageSize=1');
    expect(await escalations.getAttribute('data-count')).toBe(String(e.total));
  }
}

describe('the command dashboard and the wall display', () => {
  it('the office lands on the dashboard (1280 px); every figure equals the API', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, server.url, 'admin');
    // A bulletin first, so the ranking shows.
    await page.evaluate(
      `fetch('/api/v1/bulletins', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
        .then((r) => { if (r.status !== 201) throw new Error('bulletin ' + r.status); })`,
    );
    await page.goto(`${server.url}/`);
    const d = await checkEveryFigure(page, { wall: false });
    expect(d.ranking?.rows.length).toBeGreaterThan(0);
    expect(await page.locator('[data-live-alarms]').count()).toBe(1);
    await checkDashboardLists(page);
    // antd's component styles come from the built stylesheet (zeroRuntime, vite.config.ts): no <style> antd generated
    // holds a card's rules (only the theme's CSS variables, `.ant-card{--ant-card-…}`), and they apply all the same.
    const card = await page.evaluate<{ generated: boolean; radius: string; border: string }>(`(() => {
      const s = getComputedStyle(document.querySelector('[data-figure] .ant-card'));
      const generated = [...document.querySelectorAll('style')].some((e) => /\\.ant-card\\{(?!--)/.test(e.textContent ?? ''));
      return { generated, radius: s.borderTopLeftRadius, border: s.borderTopStyle };
    })()`);
    expect(card).toEqual({ generated: false, radius: '8px', border: 'solid' });
    await chartsSettled(page);
    await shot(page, 'dashboard-1280');
    await page.close();
  });

  it('the wall display at 1920×1080, dark, with the same figures', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await signIn(page, server.url, 'leader');
    await page.goto(`${server.url}/wall`);
    await checkEveryFigure(page, { wall: true });
    const bg = await page.evaluate<string>(`getComputedStyle(document.querySelector('[data-wall]')).backgroundImage`);
    expect(bg).toContain('gradient');
    await chartsSettled(page);
    await page.screenshot({ path: 'e2e/screenshots/wall-1920.png' });
    await page.close();
  });

  it('each role lands on what it acts on: a venue on its own hazards, a township on its dashboard', async () => {
    const venue = await browser.newPage({ viewport: { width: 375, height: 740 } });
    await signIn(venue, server.url, 'venue1');
    await venue.getByText('本单位未整改隐患').waitFor();
    expect(await venue.locator('[data-figure="registered"]').count()).toBe(0);
    await shot(venue, 'home-venue1-375');
    await venue.close();
    const township = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(township, server.url, 'galutu');
    await checkEveryFigure(township, { wall: false });
    await checkDashboardLists(township);
    await township.close();
  });
});
