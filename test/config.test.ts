import { describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.ts';

describe('loadConfig', () => {
  it('applies the defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, demo: true, databaseUrl: undefined, mapTileUrl: null });
    expect(c.hazardLimits.deadlineDaysMajor).toBe(30);
  });

  it('reads the ledger limits from RANAN_LIMITS', () => {
    const c = loadConfig({ RANAN_LIMITS: '{"deadlineDaysGeneral": 10, "followUpShare": 0.5}' });
    expect(c.hazardLimits).toMatchObject({ deadlineDaysGeneral: 10, followUpShare: 0.5, deadlineDaysMajor: 30 });
  });

  it('serves the web build from WEB_DIST_DIR when set, dist/web of the package otherwise', () => {
    expect(loadConfig({ WEB_DIST_DIR: '/tmp/web-build' }).webDistDir).toBe('/tmp/web-build');
    expect(loadConfig({}).webDistDir).toMatch(/[\\/]dist[\\/]web$/);
  });

  it('stops with the name of a bad setting', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ RANAN_LIMITS: '{nope' })).toThrow(/RANAN_LIMITS is not JSON/);
    expect(() => loadConfig({ RANAN_LIMITS: '{"hoseMaxM": -1}' })).toThrow(/hoseMaxM/);
    expect(() => loadConfig({ RANAN_DEMO: 'maybe' })).toThrow(/RANAN_DEMO/);
  });
});
