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

type Dashboard = {
  figures: Record<string, number | null>;
  decisions: Record<string, number>;
};

/** What the API says, fetched with the page's own session. */
async function api(page: Page): Promise<Dashboard> {
  return page.evaluate<Dashboard>(`fetch('/api/v1/dashboard').then((r) => r.json())`);
}

function expected(d: Dashboard): Record<string, string> {
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

async function checkFigures(page: Page) {
  const d = await api(page);
  for (const [key, value] of Object.entries(expected(d))) {
    const text = ((await page.locator(`[data-figure="${key}"]`).first().textContent()) ?? '').replace(/\s+/g, '');
    expect(text, key).toContain(value);
  }
  for (const [key, field] of Object.entries(decisionKeys)) {
    const text = ((await page.locator(`[data-decision="${key}"]`).first().textContent()) ?? '').replace(/\s+/g, '');
    expect(text, key).toContain(String(d.decisions[field]));
  }
}

describe('the command dashboard and the wall display', () => {
  it('the office lands on the dashboard (1280 px); every figure equals the API', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, server.url, 'admin');
    // A bulletin first, so the ranking shows.
    await page.evaluate(
      `fetch('/api/v1/bulletins', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })`,
    );
    await page.goto(`${server.url}/`);
    await page.locator('[data-figure="found"]').first().waitFor();
    await page.locator('canvas').first().waitFor();
    await page.waitForTimeout(800);
    await checkFigures(page);
    // The live alarms panel (monitoring's alarms not closed, kept current by the live feed) equals the API.
    const alarms = await page.evaluate<{ total: number }>(
      `fetch('/api/v1/alarms?status=not_closed&pageSize=8').then((r) => r.json())`,
    );
    await page.locator('[data-live-alarms]').first().waitFor();
    expect(await page.locator('[data-live-alarms]').first().getAttribute('data-total')).toBe(String(alarms.total));
    await shot(page, 'dashboard-1280');
    await page.close();
  });

  it('the wall display at 1920×1080, dark, with the same figures', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await signIn(page, server.url, 'leader');
    await page.goto(`${server.url}/wall`);
    await page.locator('[data-wall] [data-figure="found"]').waitFor();
    await page.waitForTimeout(1000);
    await checkFigures(page);
    const bg = await page.evaluate<string>(`getComputedStyle(document.querySelector('[data-wall]')).backgroundImage`);
    expect(bg).toContain('gradient');
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
    await township.locator('[data-figure="found"]').first().waitFor();
    await checkFigures(township);
    await township.close();
  });
});
