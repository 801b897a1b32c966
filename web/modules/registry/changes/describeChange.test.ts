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
