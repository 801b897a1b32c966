import { describe, expect, it } from 'vitest';
import type { MessageKey } from '../../../app/i18n.ts';
import { describeChange } from './describeChange.ts';

const t = (key: MessageKey) => `<${key}>`;

describe('describeChange: a correction opened by site findings (issue 10.1)', () => {
  it('names the venue facts and shows their values by label', () => {
    const lines = describeChange(
      {
        subjectType: 'venue',
        changes: { gasSources: ['piped', 'bottled_lpg'], floor: 'basement', highRiseBuilding: true },
        current: { gasSources: ['piped'], floor: 'ground', highRiseBuilding: null },
        regionNames: {},
      },
      t,
      'zh',
    );
    expect(lines).toEqual([
      { field: '<venue.gasSources>', from: '管道燃气', to: '管道燃气、瓶装液化气' },
      { field: '<venue.floor>', from: '地上一层', to: '地下' },
      { field: '<venue.highRiseBuilding>', from: '—', to: '<changes.yes>' },
    ]);
  });
});

describe('describeChange: a pipeline segment found encroached (issue 10.1)', () => {
  it('names the segment flags and shows them as yes/no', () => {
    const lines = describeChange(
      {
        subjectType: 'pipeline',
        changes: { encroached: true, confinedSpace: true },
        current: { encroached: false, confinedSpace: false },
        regionNames: {},
      },
      t,
      'zh',
    );
    expect(lines).toEqual([
      { field: '<pipeline.encroached>', from: '<changes.no>', to: '<changes.yes>' },
      { field: '<pipeline.confinedSpace>', from: '<changes.no>', to: '<changes.yes>' },
    ]);
  });
});

describe('describeChange: a party’s proposal of its risk facts or its name (issue 9.4)', () => {
  it('names the cylinder room, the devices and their days, the credit code', () => {
    const lines = describeChange(
      {
        subjectType: 'venue',
        changes: { hasCylinderRoom: true, shutoffValveInstalled: true, shutoffValveInstalledOn: '2026-12-01' },
        current: { hasCylinderRoom: false, shutoffValveInstalled: false, shutoffValveInstalledOn: null },
        regionNames: {},
      },
      t,
      'zh',
    );
    expect(lines).toEqual([
      { field: '<venue.hasCylinderRoom>', from: '<changes.no>', to: '<changes.yes>' },
      { field: '<venue.shutoffValve>', from: '<changes.no>', to: '<changes.yes>' },
      { field: '<venue.shutoffValveInstalledOn>', from: '—', to: '2026-12-01' },
    ]);
    const e = describeChange(
      {
        subjectType: 'enterprise',
        changes: { creditCode: '91150626MA0NAD009X' },
        current: { creditCode: '91150626MA0NAD0010' },
        regionNames: {},
      },
      t,
      'zh',
    );
    expect(e).toEqual([{ field: '<enterprise.creditCode>', from: '91150626MA0NAD0010', to: '91150626MA0NAD009X' }]);
  });
});
