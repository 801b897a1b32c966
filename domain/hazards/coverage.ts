/**
 * Coverage and progress figures (plan 五、工作安排(一)3-4: 全覆盖、底数清; 限期办结、动态清零), as
 * pure aggregations over plain rows. The server computes them in SQL for large sets; these are the
 * definitions its queries must agree with (tests compare the two), and serve small sets directly.
 */
import { daysToClose, isOpenOn, isOverdue, median } from './deadlines.ts';
import type { Severity } from './limits.ts';

export type Coverage = {
  /** Objects in the register. */
  registered: number;
  /** Of those, objects with at least one signed inspection (with or without hazards found). */
  inspected: number;
  /** inspected / registered, or null with no objects. */
  rate: number | null;
  /** The rate in per cent, one decimal place (half up). */
  percent: number | null;
};

/** Rows grouped by key, groups in key order. */
function groupBy<T>(rows: readonly T[], key: (row: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const percentOf = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

/**
 * Objects inspected over objects registered. `inspections` are the signed inspection records of the
 * period; an inspection of an object not in `objects` (outside the scope) is ignored, and several
 * inspections of one object count it once.
 */
export function coverage({
  objects,
  inspections,
}: {
  objects: readonly { id: string }[];
  inspections: readonly { objectId: string }[];
}): Coverage {
  const ids = new Set(objects.map((o) => o.id));
  const inspected = new Set(inspections.map((i) => i.objectId).filter((id) => ids.has(id)));
  const rate = ids.size === 0 ? null : inspected.size / ids.size;
  return { registered: ids.size, inspected: inspected.size, rate, percent: percentOf(rate) };
}

/** Coverage per group; the key function reads the object (its region, kind, department…). */
export function coverageBy<O extends { id: string }>(
  { objects, inspections }: { objects: readonly O[]; inspections: readonly { objectId: string }[] },
  key: (object: O) => string,
): Record<string, Coverage> {
  const out: Record<string, Coverage> = {};
  for (const [k, group] of groupBy(objects, key)) {
    out[k] = coverage({ objects: group, inspections });
  }
  return out;
}

export type HazardRow = {
  severity: Severity;
  /** Day found, 'YYYY-MM-DD'. */
  foundOn: string;
  deadline: string;
  /** Day closed out, or null. */
  closedAt: string | null;
};

export type Progress = {
  /** Hazards found by `today`. */
  found: number;
  /** Of those, closed by `today`. */
  closed: number;
  open: number;
  /** Open and past their deadline on `today`. */
  overdue: number;
  majorOpen: number;
  /** closed / found, or null when none found. */
  closureRate: number | null;
  /** Median calendar days from finding to close-out of the closed ones, or null. */
  medianDaysToClose: number | null;
};

/**
 * The ledger's progress as of `today` ('YYYY-MM-DD'): hazards found later are left out and
 * close-outs after `today` do not count yet, so a past day gives that day's snapshot.
 */
export function progress(hazards: readonly HazardRow[], today: string): Progress {
  const found = hazards.filter((h) => h.foundOn <= today);
  const open = found.filter((h) => isOpenOn(h, today));
  const closed = found.filter((h) => !isOpenOn(h, today));
  return {
    found: found.length,
    closed: closed.length,
    open: open.length,
    overdue: open.filter((h) => isOverdue(h, today)).length,
    majorOpen: open.filter((h) => h.severity === 'major').length,
    closureRate: found.length === 0 ? null : closed.length / found.length,
    medianDaysToClose: median(closed.map((h) => daysToClose(h)!)),
  };
}

/** Progress per group (region, department, object kind, campaign phase…). */
export function progressBy<H extends HazardRow>(
  hazards: readonly H[],
  today: string,
  key: (hazard: H) => string,
): Record<string, Progress> {
  const out: Record<string, Progress> = {};
  for (const [k, group] of groupBy(hazards, key)) {
    out[k] = progress(group, today);
  }
  return out;
}
