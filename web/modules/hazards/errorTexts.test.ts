import { describe, expect, it } from 'vitest';
import { isMessageKey } from '../../app/i18n.ts';
// The modules' texts are registered by the app's module list, as at start.
import '../../app/modules.ts';

// The ledger's error catalogues, read as text (the web does not import server code).
const sources = import.meta.glob(
  [
    '../../../server/modules/inspections/*.errors.ts',
    '../../../server/modules/hazards/*.errors.ts',
    '../../../server/platform/files/*.errors.ts',
  ],
  { query: '?raw', import: 'default', eager: true },
) as Record<string, string>;

function codes(): string[] {
  return Object.values(sources).flatMap((text) => [...text.matchAll(/defineError\(\s*'([^']+)'/g)].map((m) => m[1]!));
}

describe('error texts of the ledger', () => {
  it('reads the catalogues of inspections, hazards and files', () => {
    expect(Object.keys(sources).length).toBeGreaterThanOrEqual(3);
    expect(codes().length).toBeGreaterThan(30);
  });

  it('gives every inspections.*, hazards.* and files.* code its Chinese text', () => {
    const missing = codes().filter((code) => !isMessageKey(`errors.${code}`));
    expect(missing).toEqual([]);
  });
});
