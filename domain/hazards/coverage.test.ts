import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coverage, coverageBy, type HazardRow, progress, progressBy } from './coverage.ts';

describe('coverage', () => {
  it('counts each inspected object once and ignores objects outside the set', () => {
    const objects = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const inspections = [{ objectId: 'a' }, { objectId: 'a' }, { objectId: 'b' }, { objectId: 'z' }];
    expect(coverage({ objects, inspections })).toEqual({ registered: 3, inspected: 2, rate: 2 / 3, percent: 66.7 });
  });

  it('has no rate without objects', () => {
    expect(coverage({ objects: [], inspections: [] })).toEqual({
      registered: 0,
      inspected: 0,
      rate: null,
      percent: null,
    });
  });

  it('groups by a key of the object', () => {
    const objects = [
      { id: 'a', township: 'galutu' },
      { id: 'b', township: 'galutu' },
      { id: 'c', township: 'wushenzhao' },
    ];
    const by = coverageBy({ objects, inspections: [{ objectId: 'a' }, { objectId: 'c' }] }, (o) => o.township);
    expect(by).toEqual({
      galutu: { registered: 2, inspected: 1, rate: 0.5, percent: 50 },
      wushenzhao: { registered: 1, inspected: 1, rate: 1, percent: 100 },
    });
  });

  it('never reports more inspected than registered, and group totals add up', () => {
    const ids = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 30 });
    fc.assert(
      fc.property(
        ids,
        fc.array(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 60 }),
        (objectIds, inspected) => {
          const objects = objectIds.map((id) => ({ id, group: id.length % 2 ? 'odd' : 'even' }));
          const inspections = inspected.map((objectId) => ({ objectId }));
          const all = coverage({ objects, inspections });
          expect(all.inspected).toBeLessThanOrEqual(all.registered);
          const groups = Object.values(coverageBy({ objects, inspections }, (o) => o.group));
          expect(groups.reduce((n, g) => n + g.registered, 0)).toBe(all.registered);
          expect(groups.reduce((n, g) => n + g.inspected, 0)).toBe(all.inspected);
        },
      ),
    );
  });
});

describe('progress', () => {
  const rows: (HazardRow & { township: string })[] = [
    { severity: 'general', foundOn: '2023-09-01', deadline: '2023-09-16', closedAt: '2023-09-05', township: 'a' },
    { severity: 'general', foundOn: '2023-09-01', deadline: '2023-09-16', closedAt: '2023-09-21', township: 'a' },
    { severity: 'major', foundOn: '2023-09-02', deadline: '2023-10-02', closedAt: null, township: 'b' },
    { severity: 'general', foundOn: '2023-09-03', deadline: '2023-09-18', closedAt: null, township: 'b' },
    { severity: 'general', foundOn: '2023-10-15', deadline: '2023-10-30', closedAt: null, township: 'b' },
  ];

  it('reports found, closed, overdue, major open, closure rate and median days to close', () => {
    expect(progress(rows, '2023-10-01')).toEqual({
      found: 4,
      closed: 2,
      open: 2,
      overdue: 1,
      majorOpen: 1,
      closureRate: 0.5,
      medianDaysToClose: 12,
    });
  });

  it('gives the snapshot of a past day', () => {
    expect(progress(rows, '2023-09-10')).toMatchObject({ found: 4, closed: 1, open: 3, overdue: 0 });
  });

  it('is empty before anything is found', () => {
    expect(progress(rows, '2023-08-01')).toEqual({
      found: 0,
      closed: 0,
      open: 0,
      overdue: 0,
      majorOpen: 0,
      closureRate: null,
      medianDaysToClose: null,
    });
  });

  it('groups by a key of the hazard', () => {
    const by = progressBy(rows, '2023-10-01', (h) => h.township);
    expect(Object.keys(by)).toEqual(['a', 'b']);
    expect(by.a).toMatchObject({ found: 2, closed: 2, closureRate: 1, medianDaysToClose: 12 });
    expect(by.b).toMatchObject({ found: 2, open: 2, overdue: 1, majorOpen: 1 });
  });
});
