/**
 * 调度通报 (plan 五、保障措施(二)): how a bulletin ranks the townships and departments and what its
 * generated commentary says. Pure rules shared by the server (which stores the bulletin) and the web.
 */

/** The figures a bulletin row carries, named as GET /api/v1/progress names them. */
export type BulletinFigures = {
  registered: number;
  inspected: number;
  coverageRate: number | null;
  found: number;
  closed: number;
  open: number;
  overdue: number;
  majorOpen: number;
  closureRate: number | null;
  /** Figures other modules add (rebounds, tips handled, cases…), by key. */
  extra?: Record<string, number>;
};

/**
 * The ranking score, 0–100 (higher is better), documented in docs/RULES.md (调度通报排名):
 * 35 × coverage (objects inspected / registered) + 35 × closure (closed / found)
 * + 15 × (1 − overdue / open) + 5 × tips handled on time (tipsOnTime / tipsDue)
 * + 5 × alarms handled in time (alarmsOnTime / alarmsClosed) + 5 × enforcement (cases / overdue, at most 1).
 * A unit with nothing registered has coverage 0. A term without its denominator (no hazard found, none
 * open, no tip due, no alarm closed, nothing overdue) takes the coverage's value: having nothing to
 * handle counts only as far as the unit has inspected, so a township that has done nothing does not
 * rank above one at work.
 */
export const bulletinWeights = {
  coverage: 35,
  closure: 35,
  timeliness: 15,
  tips: 5,
  alarms: 5,
  enforcement: 5,
} as const;

export function bulletinScore(f: BulletinFigures): number {
  const x = f.extra ?? {};
  const coverage = f.registered > 0 ? Math.min(1, f.inspected / f.registered) : 0;
  const closure = f.found > 0 ? f.closed / f.found : coverage;
  const timeliness = f.open > 0 ? 1 - f.overdue / f.open : coverage;
  const tips = (x.tipsDue ?? 0) > 0 ? Math.min(1, (x.tipsOnTime ?? 0) / x.tipsDue!) : coverage;
  const alarms = (x.alarmsClosed ?? 0) > 0 ? Math.min(1, (x.alarmsOnTime ?? 0) / x.alarmsClosed!) : coverage;
  const enforcement = f.overdue > 0 ? Math.min(1, (x.cases ?? 0) / f.overdue) : coverage;
  const w = bulletinWeights;
  const s =
    w.coverage * coverage +
    w.closure * closure +
    w.timeliness * timeliness +
    w.tips * tips +
    w.alarms * alarms +
    w.enforcement * enforcement;
  return Math.round(s * 10) / 10;
}

export type Ranked<T> = T & { score: number; rank: number };

/** Ranks rows by score (ties: fewer overdue, then more inspected, then name); equal scores share no rank. */
export function rankRows<T extends BulletinFigures & { name: string }>(rows: readonly T[]): Ranked<T>[] {
  return rows
    .map((r) => ({ ...r, score: bulletinScore(r) }))
    .sort(
      (a, b) =>
        b.score - a.score || a.overdue - b.overdue || b.inspected - a.inspected || a.name.localeCompare(b.name, 'zh'),
    )
    .map((r, i) => ({ ...r, rank: i + 1 }));
}

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);

/**
 * A short commentary naming the best and the slowest unit and the largest overdue backlog, in the
 * office's words. `previousRank` (by name) adds the largest climb since the last bulletin.
 */
export function bulletinCommentary(
  label: string,
  rows: readonly Ranked<BulletinFigures & { name: string; rankChange?: number | null }>[],
): string {
  if (rows.length === 0) return `${label}：本期无数据。`;
  const best = rows[0]!;
  const worst = rows[rows.length - 1]!;
  const parts = [
    `${label}综合排名第一的是${best.name}（排查覆盖率${pct(best.coverageRate)}，整改率${pct(best.closureRate)}）`,
  ];
  if (rows.length > 1)
    parts.push(
      `排名末位的是${worst.name}（排查覆盖率${pct(worst.coverageRate)}，整改率${pct(worst.closureRate)}，逾期未整改${worst.overdue}条）`,
    );
  const mostOverdue = [...rows].sort((a, b) => b.overdue - a.overdue)[0]!;
  if (mostOverdue.overdue > 0 && mostOverdue !== worst)
    parts.push(`逾期隐患最多的是${mostOverdue.name}（${mostOverdue.overdue}条）`);
  const climbs = rows.filter((r) => (r.rankChange ?? 0) > 0).sort((a, b) => (b.rankChange ?? 0) - (a.rankChange ?? 0));
  if (climbs[0]) parts.push(`较上期进步最大的是${climbs[0].name}（上升${climbs[0].rankChange}位）`);
  const slow = rows.filter((r) => r.majorOpen > 0);
  if (slow.length) parts.push(`${slow.map((r) => r.name).join('、')}仍有重大隐患未整改，须挂牌督办`);
  return `${parts.join('；')}。`;
}
