import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  closedLate,
  daysOverdue,
  daysToClose,
  deadlineDays,
  defaultDeadline,
  escalationLadder,
  escalationLevel,
  escalationStartsOn,
  interimControlMissing,
  isOverdue,
  median,
  needsInterimControl,
} from './deadlines.ts';
import { defaultLimits, severities } from './limits.ts';

const day = fc
  .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('defaultDeadline', () => {
  it('gives a general hazard 15 days and a major one 30 by default', () => {
    expect(defaultDeadline('general', '2023-09-01')).toBe('2023-09-16');
    expect(defaultDeadline('major', '2023-09-01')).toBe('2023-10-01');
  });

  it('takes the days from the limits passed in', () => {
    expect(defaultDeadline('general', '2023-09-01', { ...defaultLimits, deadlineDaysGeneral: 7 })).toBe('2023-09-08');
  });

  it('is monotonic in severity and in the day found', () => {
    fc.assert(
      fc.property(day, day, (a, b) => {
        expect(defaultDeadline('major', a) >= defaultDeadline('general', a)).toBe(true);
        for (const s of severities) {
          if (a <= b) expect(defaultDeadline(s, a) <= defaultDeadline(s, b)).toBe(true);
        }
      }),
    );
    expect(deadlineDays('major')).toBeGreaterThanOrEqual(deadlineDays('general'));
  });
});

describe('needsInterimControl', () => {
  it('asks it of a major hazard not yet rectified, and of no general one by default', () => {
    expect(needsInterimControl({ severity: 'major', state: 'open' })).toBe(true);
    expect(needsInterimControl({ severity: 'major', state: 'rectifying' })).toBe(true);
    expect(needsInterimControl({ severity: 'major', state: 'submitted' })).toBe(false);
    expect(needsInterimControl({ severity: 'major', state: 'closed' })).toBe(false);
    expect(needsInterimControl({ severity: 'general', state: 'open' })).toBe(false);
  });

  it('can be extended to general hazards by configuration', () => {
    const limits = { interimControlSeverities: ['major', 'general'] as const };
    expect(needsInterimControl({ severity: 'general', state: 'open' }, limits)).toBe(true);
  });

  it('flags a major open hazard with no measure recorded', () => {
    expect(interimControlMissing({ severity: 'major', state: 'open', interimControlCount: 0 })).toBe(true);
    expect(interimControlMissing({ severity: 'major', state: 'open', interimControlCount: 1 })).toBe(false);
  });
});

describe('isOverdue', () => {
  const hazard = { deadline: '2023-09-16', closedAt: null };

  it('is not overdue on the deadline, and is the day after', () => {
    expect(isOverdue(hazard, '2023-09-16')).toBe(false);
    expect(isOverdue(hazard, '2023-09-17')).toBe(true);
    expect(daysOverdue(hazard, '2023-09-20')).toBe(4);
    expect(daysOverdue(hazard, '2023-09-10')).toBe(0);
  });

  it('is never overdue once closed, but remembers a late close-out', () => {
    expect(isOverdue({ ...hazard, closedAt: '2023-09-20' }, '2023-10-01')).toBe(false);
    expect(closedLate({ ...hazard, closedAt: '2023-09-20' })).toBe(true);
    expect(closedLate({ ...hazard, closedAt: '2023-09-16' })).toBe(false);
  });

  it('counts a hazard closed after `today` as open on `today`', () => {
    expect(isOverdue({ ...hazard, closedAt: '2023-09-30' }, '2023-09-20')).toBe(true);
  });

  it('refuses a day that is not YYYY-MM-DD', () => {
    expect(() => daysOverdue(hazard, '2023-09-20T10:00:00Z')).toThrow(RangeError);
  });
});

describe('escalationLevel', () => {
  const at = (today: string, closedAt: string | null = null) =>
    escalationLevel({ deadline: '2023-09-16', closedAt, today });

  it('climbs to the township and department on the first overdue day, then to the office 7 days later', () => {
    expect(at('2023-09-16')).toBe(0);
    expect(at('2023-09-17')).toBe(1);
    expect(at('2023-09-23')).toBe(1);
    expect(at('2023-09-24')).toBe(2);
    expect(escalationStartsOn('2023-09-16', 1)).toBe('2023-09-17');
    expect(escalationStartsOn('2023-09-16', 2)).toBe('2023-09-24');
    expect(escalationLadder[2].notify).toContain('campaign_office');
    expect(escalationLadder[1].notify).toEqual(['township', 'responsible_department']);
  });

  it('stops at the level reached by close-out', () => {
    expect(at('2023-12-01', '2023-09-20')).toBe(1);
    expect(at('2023-12-01', '2023-09-10')).toBe(0);
  });

  it('takes its periods from the limits passed in', () => {
    const limits = { escalateLevel1AfterDays: 2, escalateLevel2AfterDays: 3 };
    expect(escalationLevel({ deadline: '2023-09-16', closedAt: null, today: '2023-09-18', limits })).toBe(0);
    expect(escalationLevel({ deadline: '2023-09-16', closedAt: null, today: '2023-09-19', limits })).toBe(1);
    expect(escalationLevel({ deadline: '2023-09-16', closedAt: null, today: '2023-09-22', limits })).toBe(2);
    expect(escalationStartsOn('2023-09-16', 2, limits)).toBe('2023-09-22');
  });

  it('never goes down as days pass, and agrees with escalationStartsOn', () => {
    fc.assert(
      fc.property(day, day, day, (deadline, a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const l1 = escalationLevel({ deadline, closedAt: null, today: early });
        const l2 = escalationLevel({ deadline, closedAt: null, today: late });
        expect(l2).toBeGreaterThanOrEqual(l1);
        expect(l1 >= 1).toBe(early >= escalationStartsOn(deadline, 1));
        expect(l1 >= 1).toBe(isOverdue({ deadline, closedAt: null }, early));
      }),
    );
  });
});

describe('daysToClose and median', () => {
  it('counts calendar days and is null while open', () => {
    expect(daysToClose({ foundOn: '2023-09-01', closedAt: '2023-09-11' })).toBe(10);
    expect(daysToClose({ foundOn: '2023-09-01', closedAt: null })).toBeNull();
  });

  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([1, 2, 3, 10])).toBe(2.5);
  });
});
