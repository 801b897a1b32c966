import { describe, expect, it } from 'vitest';
import { cylindersEn, cylindersZh } from './cylinders.i18n.ts';

// The cylinders module's error definitions as text (Vite's glob import, as in web/modules/audit/auditCodes.test.ts).
const errorSources = import.meta.glob<string>('../../../server/modules/cylinders/*.errors.ts', {
  query: '?raw',
  import: 'default',
  eager: true,
});

describe('cylinders: every error code the server answers has a text (zh; en is typed to the same keys)', () => {
  it('names every cylinders.* code of defineError', () => {
    const codes = Object.values(errorSources).flatMap((text) =>
      [...text.matchAll(/defineError\(\s*'(cylinders\.[a-z_]+)'/g)].map((m) => m[1] as string),
    );
    expect(codes).toContain('cylinders.fill_refused');
    expect(codes).toContain('cylinders.labels_too_many');
    const prefix = 'errors.';
    const zh = new Set(
      Object.keys(cylindersZh)
        .filter((k) => k.startsWith(prefix))
        .map((k) => k.slice(prefix.length)),
    );
    const en = new Set(
      Object.keys(cylindersEn)
        .filter((k) => k.startsWith(prefix))
        .map((k) => k.slice(prefix.length)),
    );
    expect(codes.filter((c) => !zh.has(c))).toEqual([]);
    expect(codes.filter((c) => !en.has(c))).toEqual([]);
  });
});
