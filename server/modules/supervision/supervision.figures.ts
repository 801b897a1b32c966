import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { hazardsTable } from '../hazards/index.ts';
import { cylinderAnomaliesByEnterpriseSince } from '../cylinders/index.ts';
import { casesBySubjectSince, casesOpened } from '../enforcement/index.ts';
import { alarmsClosedOnTime, openAlarmsByObject } from '../monitoring/index.ts';
import { tipTimeliness, tipsByHazardSince } from '../tips/index.ts';
import type { RiskSignalSource } from './supervision.risk.ts';

/**
 * A figure a bulletin carries beside the ledger's (rebounds here; tips handled, cases, alarms from
 * the modules that bring them: app.ts passes their sources to the supervision routes and jobs).
 * `count` answers per region id (folded to the township by the bulletin) and per responsible
 * department id, as of the bulletin's day and within the phase's dates when there is one.
 */
export type BulletinFigureSource = {
  key: string;
  label: { zh: string; en: string };
  count(
    db: Db,
    q: { asOf: string; from?: string; to?: string | null },
  ): Promise<{ byRegionId: Map<string, number>; byDepartmentId: Map<string, number> }>;
};

type Row = Record<string, unknown>;
const rowsOf = async (db: Db, q: ReturnType<typeof sql>) => ((await db.execute(q)) as unknown as { rows: Row[] }).rows;

/** 改后反弹: hazards found (by asOf) that repeat an earlier closed one of the same object and item. */
export const reboundsSource: BulletinFigureSource = {
  key: 'rebounds',
  label: { zh: '反弹隐患', en: 'Rebounds' },
  async count(db, { asOf, from, to }) {
    const h = hazardsTable;
    const cond = sql`${h.reboundOfHazardId} is not null and ${h.foundOn} <= ${asOf}::date
      ${from ? sql`and ${h.foundOn} >= ${from}::date` : sql``} ${to ? sql`and ${h.foundOn} <= ${to}::date` : sql``}`;
    const byRegion = await rowsOf(
      db,
      sql`select ${h.regionId} as k, count(*)::int as n from ${h} where ${cond} group by 1`,
    );
    const byDept = await rowsOf(
      db,
      sql`select ${h.departmentId} as k, count(*)::int as n from ${h} where ${cond} and ${h.departmentId} is not null group by 1`,
    );
    const m = (rows: Row[]) => new Map(rows.map((r) => [String(r.k), Number(r.n)]));
    return { byRegionId: m(byRegion), byDepartmentId: m(byDept) };
  },
};

// The other modules' figures, read through their index.ts contracts (never their tables).
const none = () => new Map<string, number>();

/** 举报按期办结: tips whose deadline fell by the bulletin's day, and those closed by their deadline. */
export const tipsDueSource: BulletinFigureSource = {
  key: 'tipsDue',
  label: { zh: '到期举报', en: 'Tips due' },
  async count(db, q) {
    return (await tipTimeliness(db, q)).due;
  },
};
export const tipsOnTimeSource: BulletinFigureSource = {
  key: 'tipsOnTime',
  label: { zh: '按期办结举报', en: 'Tips handled on time' },
  async count(db, q) {
    return (await tipTimeliness(db, q)).onTime;
  },
};
/** 执法立案: cases opened, by the case's region and the department that opened it. */
export const casesSource: BulletinFigureSource = {
  key: 'cases',
  label: { zh: '立案查处', en: 'Cases opened' },
  count: (db, q) => casesOpened(db, q),
};
/** 报警处置: alarms closed, and those closed without escalation (acknowledged in time); by region only. */
export const alarmsClosedSource: BulletinFigureSource = {
  key: 'alarmsClosed',
  label: { zh: '已处置报警', en: 'Alarms closed' },
  async count(db, q) {
    return { byRegionId: (await alarmsClosedOnTime(db, q)).closed, byDepartmentId: none() };
  },
};
export const alarmsOnTimeSource: BulletinFigureSource = {
  key: 'alarmsOnTime',
  label: { zh: '按时处置报警', en: 'Alarms handled in time' },
  async count(db, q) {
    return { byRegionId: (await alarmsClosedOnTime(db, q)).onTime, byDepartmentId: none() };
  },
};

/** The bulletins' figures beside the ledger's: rebounds, tips, cases, alarms. */
export const bulletinFigureSources: BulletinFigureSource[] = [
  reboundsSource,
  tipsDueSource,
  tipsOnTimeSource,
  casesSource,
  alarmsClosedSource,
  alarmsOnTimeSource,
];

/** The signals risk grading adds from the other modules (weights: `RiskWeights.signals`). */
export const riskSignalSources: RiskSignalSource[] = [
  {
    key: 'tips',
    label: { zh: '相关举报', en: 'Tips about it' },
    relation: (since) => sql`(select h.object_type::text as object_type, h.object_id, t.n
      from ${tipsByHazardSince(since)} t join ${hazardsTable} h on h.id = t.hazard_id)`,
  },
  { key: 'alarms', label: { zh: '未关闭报警', en: 'Open alarms' }, relation: (since) => openAlarmsByObject(since) },
  { key: 'cases', label: { zh: '执法案件', en: 'Enforcement cases' }, relation: (since) => casesBySubjectSince(since) },
  {
    key: 'cylinderAnomalies',
    label: { zh: '气瓶异常', en: 'Cylinder anomalies' },
    relation: (since) => cylinderAnomaliesByEnterpriseSince(since),
  },
];
