import { describe, expect, it } from 'vitest';
import { operatorHazardFromHouseholdInspection } from './household-inspection.ts';

describe('operatorHazardFromHouseholdInspection', () => {
  it('raises the operator major hazard for a listed defect found without written notice', () => {
    const hazard = operatorHazardFromHouseholdInspection({
      userDefects: ['venue.hose_length', 'venue.gas_in_bedroom', 'venue.lpg_basement'],
      writtenNoticeGiven: false,
    });
    expect(hazard).toMatchObject({
      itemId: 'operator.user_defect_without_notice',
      severity: 'major',
      defects: ['venue.lpg_basement', 'venue.gas_in_bedroom'],
    });
    expect(hazard!.basis).toContain('建城规〔2023〕4号');
    expect(hazard!.description.zh).toContain('卧室');
  });

  it('raises nothing when written notice was given', () => {
    expect(
      operatorHazardFromHouseholdInspection({ userDefects: ['venue.lpg_basement'], writtenNoticeGiven: true }),
    ).toBeNull();
  });

  it('raises nothing for defects the article does not list', () => {
    expect(
      operatorHazardFromHouseholdInspection({
        userDefects: ['venue.hose_length', 'venue.two_gas_sources'],
        writtenNoticeGiven: false,
      }),
    ).toBeNull();
    expect(operatorHazardFromHouseholdInspection({ userDefects: [], writtenNoticeGiven: false })).toBeNull();
  });

  it('lists a defect once however often it was recorded', () => {
    const hazard = operatorHazardFromHouseholdInspection({
      userDefects: ['venue.banned_hose', 'venue.banned_hose'],
      writtenNoticeGiven: false,
    });
    expect(hazard?.defects).toEqual(['venue.banned_hose']);
  });
});
