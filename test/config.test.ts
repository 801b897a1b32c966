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

  it('trusts no proxy unless TRUST_PROXY says so, and reads ALLOWED_ORIGINS as origins', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16' }).trustProxy).toEqual(['10.0.0.1', '192.168.0.0/16']);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/);
    expect(
      loadConfig({ ALLOWED_ORIGINS: 'https://ranan.example.gov.cn/, http://10.0.0.5:3000' }).allowedOrigins,
    ).toEqual(['https://ranan.example.gov.cn', 'http://10.0.0.5:3000']);
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'not an origin' })).toThrow(/ALLOWED_ORIGINS/);
  });
});
