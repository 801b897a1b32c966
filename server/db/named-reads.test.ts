import { describe, expect, it } from 'vitest';
import { statementName } from './named-reads.ts';

describe('named reads (db/named-reads.ts)', () => {
  it('names a read from its second sighting, never a write or several statements', () => {
    const handle = {};
    const text = 'select "id" from "venues" where "id" = $1';
    expect(statementName(handle, text)).toBeUndefined();
    const name = statementName(handle, text);
    expect(name).toMatch(/^r_[0-9a-f]{28}$/);
    expect(statementName(handle, text)).toBe(name);
    for (const other of ['insert into "t" values ($1)', 'select 1; select 2']) {
      statementName(handle, other);
      expect(statementName(handle, other)).toBeUndefined();
    }
  });

  it("bounds the named texts per database handle: a full handle names no more, another handle's count is its own", () => {
    const full = {};
    const other = {};
    const texts = Array.from({ length: 401 }, (_, i) => `select ${i} as "n"`);
    // Each text seen twice: named on the second sighting, while the bound lasts.
    const names = texts.map((t) => {
      statementName(full, t);
      return statementName(full, t);
    });
    expect(names.slice(0, 400).every(Boolean)).toBe(true);
    expect(names[400]).toBeUndefined();
    // A second database opened in the same process (a replica, the next test file) is not starved by the first.
    statementName(other, texts[400]!);
    expect(statementName(other, texts[400]!)).toMatch(/^r_[0-9a-f]{28}$/);
    // What the full handle named, it still names.
    expect(statementName(full, texts[0]!)).toBe(names[0]);
  });
});
