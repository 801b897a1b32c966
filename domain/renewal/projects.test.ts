import { describe, expect, it } from 'vitest';
import {
  type MilestoneDates,
  milestoneProblem,
  overBudgetWithoutReason,
  overdueMilestones,
  projectStatusOf,
  segmentStatusOf,
} from './projects.ts';

const m = (
  design: [string | null, string | null],
  works: [string | null, string | null] = [null, null],
  acceptance: [string | null, string | null] = [null, null],
  gasOn: [string | null, string | null] = [null, null],
): MilestoneDates[] => [
  { milestone: 'design', plannedOn: design[0], doneOn: design[1] },
  { milestone: 'works', plannedOn: works[0], doneOn: works[1] },
  { milestone: 'acceptance', plannedOn: acceptance[0], doneOn: acceptance[1] },
  { milestone: 'gas_on', plannedOn: gasOn[0], doneOn: gasOn[1] },
];

describe('renewal projects', () => {
  it('received above the budget needs a reason; equal does not', () => {
    const funds = [
      { source: 'enterprise' as const, plannedYuan: 50, receivedYuan: 60 },
      { source: 'government' as const, plannedYuan: 50, receivedYuan: 40.01 },
    ];
    expect(overBudgetWithoutReason(100, funds, null)).toBe(true);
    expect(overBudgetWithoutReason(100, funds, '  ')).toBe(true);
    expect(overBudgetWithoutReason(100, funds, '材料涨价，追加预算待批')).toBe(false);
    expect(overBudgetWithoutReason(100.01, funds, null)).toBe(false);
  });

  it('milestones are done in order and not in the future', () => {
    expect(milestoneProblem(m(['2025-01-01', '2025-02-01'], [null, '2025-03-01']), '2025-06-01')).toBeNull();
    expect(milestoneProblem(m([null, null], [null, '2025-03-01']), '2025-06-01')).toEqual({
      kind: 'done_before_previous',
      milestone: 'works',
      previous: 'design',
    });
    expect(milestoneProblem(m([null, '2025-04-01'], [null, '2025-03-01']), '2025-06-01')?.kind).toBe(
      'done_before_previous',
    );
    expect(milestoneProblem(m([null, '2025-07-01']), '2025-06-01')).toEqual({
      kind: 'done_in_future',
      milestone: 'design',
    });
  });

  it('a milestone planned before today and not done is overdue', () => {
    expect(overdueMilestones(m(['2025-01-01', null], ['2025-09-01', null]), '2025-06-01')).toEqual(['design']);
    expect(overdueMilestones(m(['2025-01-01', '2025-01-05']), '2025-06-01')).toEqual([]);
  });

  it('segments follow the project: planned, in progress, done at gas-on', () => {
    expect(segmentStatusOf(m([null, null]), 0)).toBe('planned');
    expect(segmentStatusOf(m([null, null]), 10)).toBe('in_progress');
    expect(segmentStatusOf(m([null, '2025-01-01']), 0)).toBe('in_progress');
    const all = m([null, '2025-01-01'], [null, '2025-02-01'], [null, '2025-03-01'], [null, '2025-03-02']);
    expect(segmentStatusOf(all, 100)).toBe('done');
    expect(projectStatusOf(all.slice(0, 3), 100)).toBe('accepted');
  });
});
