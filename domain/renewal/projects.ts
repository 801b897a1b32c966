/**
 * Renewal projects (改造项目) of ageing pipelines and stations (plan 四(二)1–2, 国办发〔2022〕22号):
 * funds shared by enterprises, government and users, and special bonds (专项债); the milestones of
 * a project (design, works, acceptance, gas-on); the renewal status its segments follow.
 * Pure: dates are 'YYYY-MM-DD' strings, money is yuan.
 */
import type { RenewalStatus } from '../registry/registry.ts';

type Labels<T extends string> = Record<T, { zh: string; en: string }>;

/** 企业、政府、用户合理共担，专项债 (plan 四(二)2). */
export const fundSources = ['enterprise', 'government', 'users', 'special_bonds'] as const;
export type FundSource = (typeof fundSources)[number];
export const fundSourceLabels: Labels<FundSource> = {
  enterprise: { zh: '企业出资', en: 'Enterprise' },
  government: { zh: '政府补助', en: 'Government' },
  users: { zh: '用户出资', en: 'Users' },
  special_bonds: { zh: '专项债券', en: 'Special bonds' },
};

/** In this order: a milestone is done only after the one before it. */
export const milestones = ['design', 'works', 'acceptance', 'gas_on'] as const;
export type Milestone = (typeof milestones)[number];
export const milestoneLabels: Labels<Milestone> = {
  design: { zh: '设计', en: 'Design' },
  works: { zh: '施工', en: 'Works' },
  acceptance: { zh: '竣工验收', en: 'Acceptance' },
  gas_on: { zh: '通气投运', en: 'Gas on' },
};

export type MilestoneDates = { milestone: Milestone; plannedOn: string | null; doneOn: string | null };
export type Funds = { source: FundSource; plannedYuan: number; receivedYuan: number };

const round2 = (n: number) => Math.round(n * 100) / 100;

export function totalReceived(funds: readonly Funds[]): number {
  return round2(funds.reduce((s, f) => s + f.receivedYuan, 0));
}

export function totalPlanned(funds: readonly Funds[]): number {
  return round2(funds.reduce((s, f) => s + f.plannedYuan, 0));
}

/**
 * Received funds never exceed the budget without a recorded reason (a price rise, a wider scope
 * approved later): true when the project's funds need a reason it does not have.
 */
export function overBudgetWithoutReason(budgetYuan: number, funds: readonly Funds[], reason: string | null): boolean {
  return totalReceived(funds) > budgetYuan && !reason?.trim();
}

export type MilestoneProblem =
  | { kind: 'done_before_previous'; milestone: Milestone; previous: Milestone }
  | { kind: 'done_in_future'; milestone: Milestone };

/**
 * The milestones' done dates in order: a milestone done needs the one before it done, on or before
 * its own date; no done date lies after today. Returns the first problem, or null.
 */
export function milestoneProblem(dates: readonly MilestoneDates[], today: string): MilestoneProblem | null {
  const byKey = new Map(dates.map((d) => [d.milestone, d]));
  let previous: { milestone: Milestone; doneOn: string | null } | null = null;
  for (const m of milestones) {
    const doneOn = byKey.get(m)?.doneOn ?? null;
    if (doneOn && doneOn > today) return { kind: 'done_in_future', milestone: m };
    if (doneOn && previous && (!previous.doneOn || previous.doneOn > doneOn))
      return { kind: 'done_before_previous', milestone: m, previous: previous.milestone };
    previous = { milestone: m, doneOn };
  }
  return null;
}

/** The milestones planned on or before `today` and not done: the project is behind schedule when any. */
export function overdueMilestones(dates: readonly MilestoneDates[], today: string): Milestone[] {
  return milestones.filter((m) => {
    const d = dates.find((x) => x.milestone === m);
    return !!d?.plannedOn && d.plannedOn < today && !d.doneOn;
  });
}

/**
 * The renewal status a project gives its segments: done once gas is on again, in progress once the
 * design is done or progress is reported, planned before.
 */
export function segmentStatusOf(dates: readonly MilestoneDates[], progressPercent: number): RenewalStatus {
  const done = (m: Milestone) => !!dates.find((d) => d.milestone === m)?.doneOn;
  if (done('gas_on')) return 'done';
  if (done('design') || progressPercent > 0) return 'in_progress';
  return 'planned';
}

export const projectStatuses = ['planned', 'in_progress', 'accepted', 'done'] as const;
export type ProjectStatus = (typeof projectStatuses)[number];
export const projectStatusLabels: Labels<ProjectStatus> = {
  planned: { zh: '计划', en: 'Planned' },
  in_progress: { zh: '实施中', en: 'In progress' },
  accepted: { zh: '已验收', en: 'Accepted' },
  done: { zh: '已通气', en: 'Gas on' },
};

export function projectStatusOf(dates: readonly MilestoneDates[], progressPercent: number): ProjectStatus {
  const done = (m: Milestone) => !!dates.find((d) => d.milestone === m)?.doneOn;
  if (done('gas_on')) return 'done';
  if (done('acceptance')) return 'accepted';
  return segmentStatusOf(dates, progressPercent) === 'in_progress' ? 'in_progress' : 'planned';
}
