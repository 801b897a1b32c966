import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  CHECKLIST_VERSION,
  type CheckItem,
  type HazardState,
  type Severity,
  canonicalRecord,
  checkItem,
  defaultDeadline,
  defaultLimits,
  escalationLevel,
  levelOnFinding,
  escalationStartsOn,
  needsInterimControl,
  reboundOf,
} from '../../domain/hazards/index.ts';
import type { InspectionKind } from '../../domain/inspections/inspections.ts';
import { addDays, chinaToday } from '../../domain/registry/pipelines-people-vehicles.ts';
import { demoCampaignSchedule, demoPhaseOf } from './demo-calendar.ts';
import { departmentResponsibilities } from '../../domain/registry/registry.ts';
import type { Db } from '../db/client.ts';
import { allocateHazardNumbers, hazardNumber } from '../modules/hazards/hazards.from-inspection.ts';
import { hazardEventsTable, hazardTreatmentPlansTable, hazardsTable } from '../modules/hazards/hazards.table.ts';
import { checklistFor, decideResults } from '../modules/inspections/inspections.evaluate.ts';
import {
  type LedgerObject,
  enterpriseObject,
  licenceFactsOf,
  pipeFactsOf,
  venueObject,
} from '../modules/registry/registry.objects.ts';
import { recordContent } from '../modules/inspections/inspections.presenter.ts';
import type { InspectionRow, ResultRow } from '../modules/inspections/inspections.repository.ts';
import {
  inspectionInspectorsTable,
  inspectionResultsTable,
  inspectionSignaturesTable,
  inspectionsTable,
} from '../modules/inspections/inspections.table.ts';
import { departmentsTable, regionsTable } from '../modules/organisation/organisation.table.ts';
import { hasCurrentTraining } from '../modules/registry/people.repository.ts';
import {
  enterprisesTable,
  licencesTable,
  peopleTable,
  pipelineSegmentsTable,
  trainingRecordsTable,
  venuesTable,
} from '../modules/registry/registry.table.ts';
import { grantsTable, usersTable } from '../modules/users/users.table.ts';
import { hashPassword } from '../modules/auth/index.ts';
import { systemActor } from '../platform/access.ts';
import { recordAuditEntry, sha256 } from '../platform/audit/audit.ts';
import { DEMO_IDS, DEMO_PASSWORD } from './demo-ids.ts';
import { seededRandom } from './demo-venues.seed.ts';

/**
 * A campaign's worth of history for the hazard ledger (issue 4): inspections from the demo campaign's start
 * (a few months before today, demo-calendar.ts: a running campaign, not one frozen in 2023) to today
 * in every township, by departments, townships, joint and cross-inspection teams, signed by trained
 * inspectors; their failed items as hazards in every state (most closed, some overdue and escalated,
 * some major ones open under interim control, rebounds found by follow-up reviews); a few planned and
 * in-progress inspections for the demo accounts. Deterministic for a given day (seeded generator,
 * derived ids) and idempotent (skipped when its first inspection exists). Everything is written in
 * one transaction with batch inserts; the audit chain gets ONE summary event (`seed.demo_ledger`)
 * whose details carry a digest over every seeded record's content hash, and the seeded signatures
 * point at that event (rather than one audit entry per signature, which would take minutes).
 */

/** The campaign's phases (domain/plan campaignSeed): 集中攻坚, 全面巩固提升, then 长效机制. */
type PhaseCode = 'intensive' | 'consolidation' | 'long_term';

/** Items whose facts only the register holds (inspections.evaluate REGISTER_AUTHORITY): fixed only when the register changes. */
const REGISTER_DECIDED = new Set([
  'venue.lpg_basement',
  'venue.lpg_high_rise',
  'venue.two_gas_sources',
  'venue.industrial_fuel',
  'venue.supply_contract',
]);

/** A stable UUID from a label, so the same seed run gives the same ids. */
export function demoLedgerUuid(label: string): string {
  const h = createHash('sha256').update(`ranan-demo-ledger:${label}`).digest('hex');
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const between = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
const at = (day: string, hour: number, minute: number) =>
  new Date(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`);
const minDay = (a: string, b: string) => (a < b ? a : b);
const chunks = <T>(rows: T[], size: number) =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

/** Departments that inspect a kind of venue (plan 三(四), 三(五)6-7 and the closing paragraph of 三). */
const venueDepartments: Record<string, string[]> = {
  restaurant: ['fire_rescue', 'industry_tech', 'market_regulation', 'housing', 'urban_enforcement'],
  school: ['education_sports', 'fire_rescue'],
  hospital: ['health', 'fire_rescue'],
  elderly_care: ['civil_affairs', 'fire_rescue'],
  civil_affairs_facility: ['civil_affairs', 'fire_rescue'],
  tourist_site: ['culture_tourism', 'fire_rescue'],
  hotel: ['culture_tourism', 'fire_rescue', 'market_regulation'],
  workplace_canteen: ['market_regulation', 'fire_rescue'],
  construction_canteen: ['housing', 'fire_rescue'],
  farmstay: ['culture_tourism', 'fire_rescue'],
  religious_site: ['fire_rescue'],
  farmers_market: ['market_regulation', 'fire_rescue'],
  mixed_building: ['housing', 'fire_rescue'],
  household: ['housing', 'urban_enforcement'],
  other: ['fire_rescue', 'housing'],
};
const enterpriseDepartment = (kind: string) =>
  ['pipeline_operator', 'bottled_operator'].includes(kind)
    ? 'housing'
    : kind === 'hazardous_carrier'
      ? 'transport'
      : ['lpg_producer', 'industrial_fuel_producer'].includes(kind)
        ? 'emergency'
        : 'market_regulation';

type Inspector = { id: string; name: string; departmentId: string | null; regionPath: string | null; userId: string };
type Target = { object: LedgerObject; lng: number | null; lat: number | null };

type Visit = {
  day: string;
  target: Target;
  kind: InspectionKind;
  followUpOf?: SimHazard;
  status: 'planned' | 'in_progress' | 'signed';
  inspectorIds?: string[];
  /** A finding for the demo's own accounts to work on: one ticked item fails. */
  forceFail?: boolean;
};

type SimEvent = {
  event: string;
  from: HazardState | null;
  to: HazardState | null;
  day: string;
  hour: number;
  note?: string;
  reason?: string;
  details?: Record<string, unknown>;
};

type SimHazard = {
  id: string;
  year: number;
  foundOn: string;
  objectId: string;
  itemId: string;
  item: CheckItem;
  closedOn: string | null;
  status: HazardState;
  values: Omit<typeof hazardsTable.$inferInsert, 'number'>;
  events: SimEvent[];
  /** A major hazard's treatment plan (治理方案), when one was reported. */
  plan?: typeof hazardTreatmentPlansTable.$inferInsert;
};

export type DemoLedgerCounts = {
  inspections: number;
  signed: number;
  hazards: number;
  closed: number;
  overdue: number;
  rebounds: number;
  accounts: number;
};

/** Seeds the ledger's history (see the module comment). Runs after the register's demo seed. */
export async function seedDemoLedger(
  db: Db,
  { today = chinaToday() }: { today?: string } = {},
): Promise<DemoLedgerCounts> {
  const none: DemoLedgerCounts = {
    inspections: 0,
    signed: 0,
    hazards: 0,
    closed: 0,
    overdue: 0,
    rebounds: 0,
    accounts: 0,
  };
  const [done] = await db
    .select({ id: inspectionsTable.id })
    .from(inspectionsTable)
    .where(eq(inspectionsTable.id, demoLedgerUuid('inspection:0')));
  if (done) return none;

  const rng = seededRandom(20_230_815);
  // The campaign runs: its history starts a few months before today (demo-calendar.ts).
  const schedule = demoCampaignSchedule(today);
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  return db.transaction(async (tx) => {
    // ---- What the register holds ----
    const regions = await tx.select().from(regionsTable);
    const regionById = new Map(regions.map((r) => [r.id, r]));
    const townships = regions.filter((r) => r.level === 'township' && !r.archivedAt);
    const townshipOf = (path: string) => townships.find((t) => path.startsWith(t.path));
    const departments = await tx.select().from(departmentsTable).where(isNull(departmentsTable.archivedAt));
    const deptByCode = new Map(departments.map((d) => [d.code, d]));

    const people = await tx
      .select({
        id: peopleTable.id,
        name: peopleTable.name,
        phone: peopleTable.phone,
        departmentId: peopleTable.departmentId,
        regionId: peopleTable.regionId,
        userId: peopleTable.userId,
      })
      .from(peopleTable)
      .where(and(eq(peopleTable.kind, 'inspector'), isNull(peopleTable.archivedAt), hasCurrentTraining(today)))
      .orderBy(asc(peopleTable.phone), asc(peopleTable.name));
    if (people.length === 0) return none;

    // 谁检查、谁签字: every seeded signer needs an account; trained inspectors without one get a demo account.
    let accounts = 0;
    const inspectors: Inspector[] = [];
    for (const p of people) {
      let userId = p.userId;
      if (!userId) {
        const username = `insp${p.phone.slice(-4)}`;
        const [existing] = await tx
          .select({ id: usersTable.id })
          .from(usersTable)
          .where(eq(usersTable.username, username));
        if (existing) userId = existing.id;
        else {
          const [u] = await tx
            .insert(usersTable)
            .values({ username, displayName: `排查员 ${p.name}`, passwordHash, phone: p.phone })
            .returning({ id: usersTable.id });
          userId = u!.id;
          await tx
            .insert(grantsTable)
            .values(
              p.departmentId
                ? { userId, role: 'inspector', scopeType: 'department', departmentId: p.departmentId }
                : { userId, role: 'inspector', scopeType: 'region', regionId: p.regionId },
            );
          accounts++;
        }
        await tx.update(peopleTable).set({ userId }).where(eq(peopleTable.id, p.id));
      }
      const region = p.departmentId ? null : regionById.get(p.regionId);
      inspectors.push({
        id: p.id,
        name: p.name,
        departmentId: p.departmentId,
        regionPath: region?.path ?? null,
        userId,
      });
    }
    // 先培训、后排查 over the whole history: a yearly training before each campaign year.
    const trainingYears: string[] = [];
    // Before the campaign starts, then yearly.
    for (let d = addDays(schedule.startsOn, -17); d <= today; d = addDays(d, 360)) trainingYears.push(d);
    const existingTraining = await tx
      .select({ personId: trainingRecordsTable.personId, trainedOn: trainingRecordsTable.trainedOn })
      .from(trainingRecordsTable)
      .where(
        inArray(
          trainingRecordsTable.personId,
          inspectors.map((i) => i.id),
        ),
      );
    const trained = new Set(existingTraining.map((t) => `${t.personId}/${t.trainedOn}`));
    const trainingRows = inspectors.flatMap((i) =>
      trainingYears
        .filter((d) => !trained.has(`${i.id}/${d}`))
        .map((d) => ({
          personId: i.id,
          course: '年度城镇燃气安全隐患排查培训',
          trainedOn: d,
          passed: true,
          validUntil: addDays(d, 364),
        })),
    );
    if (trainingRows.length) await tx.insert(trainingRecordsTable).values(trainingRows);

    const venues = await tx
      .select()
      .from(venuesTable)
      .where(isNull(venuesTable.archivedAt))
      .orderBy(asc(venuesTable.name), asc(venuesTable.address));
    const enterprises = await tx
      .select()
      .from(enterprisesTable)
      .where(isNull(enterprisesTable.archivedAt))
      .orderBy(asc(enterprisesTable.creditCode));
    const licences = await tx.select().from(licencesTable).where(isNull(licencesTable.archivedAt));
    const keyPeople = await tx
      .select({
        id: peopleTable.id,
        name: peopleTable.name,
        phone: peopleTable.phone,
        enterpriseId: peopleTable.enterpriseId,
        kind: peopleTable.kind,
      })
      .from(peopleTable)
      .where(and(inArray(peopleTable.kind, ['principal', 'safety_manager']), isNull(peopleTable.archivedAt)))
      .orderBy(asc(peopleTable.kind), asc(peopleTable.name));
    const pipelines = await tx
      .select()
      .from(pipelineSegmentsTable)
      .where(isNull(pipelineSegmentsTable.archivedAt))
      .orderBy(asc(pipelineSegmentsTable.code));

    const targets: Target[] = [];
    for (const v of venues) {
      const path = regionById.get(v.regionId)?.path;
      if (path) targets.push({ object: venueObject(v, path), lng: v.lng, lat: v.lat });
    }
    for (const e of enterprises) {
      const path = regionById.get(e.regionId)?.path;
      if (!path) continue;
      const person = keyPeople.find((p) => p.enterpriseId === e.id);
      const object = enterpriseObject(
        e,
        path,
        {
          licences: licenceFactsOf(
            licences.filter((l) => l.enterpriseId === e.id),
            today,
          ),
        },
        person,
      );
      targets.push({ object, lng: e.lng, lat: e.lat });
    }
    for (const p of pipelines) {
      const path = regionById.get(p.regionId)?.path;
      if (!path) continue;
      const owner = enterprises.find((e) => e.id === p.ownerEnterpriseId);
      const first = p.geometry?.[0];
      targets.push({
        object: {
          type: 'pipeline',
          id: p.id,
          regionId: p.regionId,
          regionPath: path,
          objectKind: 'pipeline',
          ownerEnterpriseId: p.ownerEnterpriseId,
          name: `${p.name}（${p.code}）`,
          address: '',
          checklistObject: { type: 'pipeline' },
          registered: { pipe: pipeFactsOf(p) },
          responsible: {
            party: owner?.name ?? '',
            personId: null,
            personName: null,
            phone: owner?.contactPhone ?? null,
          },
          supplierEnterpriseId: null,
        },
        lng: first?.[0] ?? null,
        lat: first?.[1] ?? null,
      });
    }
    if (targets.length === 0) return none;

    // ---- The visits, in time order ----
    const visits: Visit[] = [];
    const yesterday = addDays(today, -1);
    const dayIn = (from: string, to: string) => addDays(from, between(rng, 0, Math.max(0, daysBetween(from, to))));
    for (const target of targets) {
      // 集中攻坚: almost every object, 全覆盖.
      const intensiveTo = minDay(addDays(schedule.intensive.endsOn, -2), addDays(today, -6));
      if (rng() < 0.82)
        visits.push({
          day: dayIn(addDays(schedule.intensive.startsOn, 6), intensiveTo),
          target,
          kind: 'department',
          status: 'signed',
        });
      // 全面巩固提升: a second round for a share, up to a week ago while the phase runs.
      const consolidationFrom = addDays(schedule.consolidation.startsOn, 3);
      const consolidationTo = minDay(addDays(schedule.consolidation.endsOn, -2), addDays(today, -6));
      if (consolidationFrom <= consolidationTo && rng() < 0.22)
        visits.push({ day: dayIn(consolidationFrom, consolidationTo), target, kind: 'department', status: 'signed' });
      // 长效机制 (once the demo's calendar reaches it): about one visit every three years per object.
      for (let from = schedule.longTerm.startsOn; from <= addDays(today, -6); from = addDays(from, 365)) {
        const to = minDay(addDays(from, 360), addDays(today, -6));
        if (rng() < 0.2) visits.push({ day: dayIn(from, to), target, kind: 'department', status: 'signed' });
      }
    }
    // Work in hand: in progress in the last days, and planned for the coming two weeks.
    for (let i = 0; i < 8; i++) {
      visits.push({
        day: addDays(today, -between(rng, 0, 4)),
        target: pick(rng, targets),
        kind: 'department',
        status: 'in_progress',
      });
    }
    for (let i = 0; i < 14; i++) {
      visits.push({
        day: addDays(today, between(rng, 1, 14)),
        target: pick(rng, targets),
        kind: 'department',
        status: 'planned',
      });
    }
    const demoRestaurant = targets.find((t) => t.object.id === DEMO_IDS.restaurant);
    const zhaoLei = inspectors.find((i) => i.name === '赵磊');
    if (demoRestaurant && zhaoLei) {
      // The demo walk-through: 赵磊 (inspector1) inspects the demo restaurant tomorrow.
      visits.push({
        day: addDays(today, 1),
        target: demoRestaurant,
        kind: 'department',
        status: 'planned',
        inspectorIds: [zhaoLei.id],
      });
      // …and two more venues of his township in the coming two weeks: his field list (only what he is sent to do)
      // still has work once the walk-through's visit is done.
      const township = zhaoLei.regionPath;
      const nearby = targets.filter(
        (t) =>
          t.object.type === 'venue' &&
          t.object.id !== DEMO_IDS.restaurant &&
          township !== null &&
          t.object.regionPath.startsWith(township),
      );
      for (const [i, target] of nearby.slice(0, 2).entries()) {
        visits.push({
          day: addDays(today, 4 + 4 * i),
          target,
          kind: 'department',
          status: 'planned',
          inspectorIds: [zhaoLei.id],
        });
      }
    }
    // The demo's venue manager (venue1) and enterprise manager (enterprise1) each have a fresh finding of their own
    // to rectify: a department visited them days ago (at most 5, so the simulated loop leaves it open).
    for (const [id, daysAgo] of [
      [DEMO_IDS.restaurant, 3],
      [DEMO_IDS.bottledOperator, 5],
    ] as const) {
      const target = targets.find((t) => t.object.id === id);
      if (target)
        visits.push({ day: addDays(today, -daysAgo), target, kind: 'department', status: 'signed', forceFail: true });
    }
    const queue = visits.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    const enqueue = (v: Visit) => {
      let i = queue.length;
      while (i > 0 && queue[i - 1]!.day > v.day) i--;
      queue.splice(i, 0, v);
    };

    // ---- Simulation ----
    const inspectionRows: (typeof inspectionsTable.$inferInsert)[] = [];
    const inspectorRows: (typeof inspectionInspectorsTable.$inferInsert)[] = [];
    const resultRows: ResultRow[] = [];
    const signatureRows: Omit<typeof inspectionSignaturesTable.$inferInsert, 'auditSeq' | 'auditHash'>[] = [];
    const hazards: SimHazard[] = [];
    const foundAgain: { hazard: SimHazard; day: string; inspectionId: string }[] = [];
    const contentHashes: string[] = [];
    const byObjectItem = new Map<string, SimHazard[]>();

    const phaseOf = (day: string): PhaseCode => demoPhaseOf(schedule, day);
    const inspectorsOfDept = (code: string) => {
      const d = deptByCode.get(code);
      return d ? inspectors.filter((i) => i.departmentId === d.id) : [];
    };
    const inspectorsOfTownship = (path: string) => inspectors.filter((i) => i.regionPath?.startsWith(path));
    const otherTownshipTeams = (path: string) =>
      townships.filter((t) => !path.startsWith(t.path) && inspectorsOfTownship(t.path).length > 0);

    /**
     * The closed loop of one hazard, decided when it is found (deterministic). A demo account's fresh finding
     * (`fresh`) stays with its manager, open or in rectification, whatever the draw: it is theirs to submit.
     */
    function simulate(h: SimHazard, severity: Severity, registerDecided: boolean, fresh = false) {
      const deadline = h.values.deadline;
      const ageDays = daysBetween(h.foundOn, today);
      const days = daysBetween(h.foundOn, deadline);
      const events: SimEvent[] = [
        { event: 'created', from: null, to: 'open', day: h.foundOn, hour: 17, note: h.values.description },
      ];
      let state: HazardState = 'open';
      const step = (event: string, to: HazardState, day: string, extra: Partial<SimEvent> = {}) => {
        events.push({ event, from: state, to, day, hour: between(rng, 9, 17), ...extra });
        state = to;
      };
      if (needsInterimControl({ severity, state: 'open' })) {
        step('add_interim_control', 'open', h.foundOn, { note: '设置警示标识，暂停使用相关燃气设施，专人看护' });
        h.values.interimControl = '设置警示标识，暂停使用相关燃气设施，专人看护';
      }
      // 重大隐患治理方案 (暂行规定 art. 15): reported within days of the finding; a major hazard closes only with one.
      const planOn = addDays(h.foundOn, Math.min(between(rng, 1, 3), Math.max(ageDays - 1, 0)));
      const reportPlan = () => {
        h.plan = {
          hazardId: h.id,
          goals: `消除“${h.item.text.zh}”隐患`,
          measures: h.values.interimControl ? `${h.values.interimControl}；按要求整改并复核` : '按要求整改并复核',
          funds: `约${between(rng, 2, 30) * 1000}元，由责任单位自筹`,
          people: `${h.values.responsibleParty || '责任单位'}主要负责人牵头，安全管理人员落实`,
          deadline: deadline,
          emergencyMeasures: '整改完成前停止使用相关设施，落实专人看护，配备灭火器材，发生泄漏立即关阀、疏散并报警',
          reportedAt: at(planOn, 15, 0),
          updatedAt: at(planOn, 15, 0),
        };
        // Changes no state: from and to stay empty, as the day's place in the loop is set by the sort below.
        events.push({
          event: 'treatment_plan_reported',
          from: null,
          to: null,
          day: planOn,
          hour: 15,
          note: h.plan.measures,
          details: { revision: 1, deadline },
        });
      };
      if (severity === 'major' && ageDays >= 1 && (registerDecided || rng() < 0.85)) reportPlan();
      let closeOn: string | null = null;
      const pClose = registerDecided ? 0 : ageDays > days + 45 ? 0.94 : ageDays > days ? 0.8 : ageDays > 5 ? 0.35 : 0;
      if (rng() < pClose && !fresh && (severity !== 'major' || h.plan)) {
        // Mostly within the deadline; some late.
        const late = rng() < 0.18;
        const lo = Math.min(2, Math.max(ageDays - 1, 0));
        const span = late ? between(rng, days + 1, days + 40) : between(rng, lo, days);
        closeOn = addDays(h.foundOn, Math.min(span, Math.max(ageDays - 1, 0)));
        if (h.plan && closeOn < planOn) closeOn = planOn;
      }
      const startOn = addDays(h.foundOn, Math.min(between(rng, 1, 3), Math.max(ageDays, 0)));
      if (closeOn) {
        const fixedOnSpot = rng() < 0.15 && daysBetween(h.foundOn, closeOn) <= 2;
        if (!fixedOnSpot) step('start_rectification', 'rectifying', startOn < closeOn ? startOn : h.foundOn);
        if (rng() < 0.1 && daysBetween(h.foundOn, closeOn) > 6) {
          const firstSubmit = addDays(h.foundOn, Math.floor(daysBetween(h.foundOn, closeOn) / 2));
          step('submit', 'submitted', firstSubmit, { note: '已整改，附整改照片' });
          step('send_back', 'rectifying', addDays(firstSubmit, 1), { reason: '整改不彻底，软管仍有接头' });
        }
        h.values.rectification = fixedOnSpot ? '现场立行立改' : '已按要求完成整改';
        step('submit', 'submitted', closeOn, { note: h.values.rectification });
        // A major hazard is verified on site (暂行规定 art. 18); others on site or from the evidence.
        const method = severity === 'major' || rng() < 0.6 ? 'on_site' : 'evidence';
        step('verify', 'closed', closeOn, { details: { method } });
        h.values.submittedAt = at(closeOn, 10, 0);
        h.values.closedAt = at(closeOn, 16, between(rng, 0, 59));
      } else if (ageDays > 0) {
        const r = rng();
        if (r < 0.45 || ageDays < 2) {
          // Still open: nothing done yet.
        } else {
          step('start_rectification', 'rectifying', startOn);
          if (r > 0.8 && !registerDecided && !fresh) {
            h.values.rectification = '整改完成，申请复核';
            step('submit', 'submitted', addDays(startOn, Math.min(3, Math.max(ageDays - 3, 0))), {
              note: h.values.rectification,
            });
            h.values.submittedAt = at(addDays(startOn, Math.min(3, Math.max(ageDays - 3, 0))), 11, 0);
          }
        }
      }
      h.status = state;
      h.closedOn = closeOn;
      h.values.status = state;
      // Escalation (督办): the level reached today, or by the close-out (levels never go down).
      // A major hazard is listed (挂牌督办) the day it is found (levelOnFinding), overdue ones rise from there.
      const listed = levelOnFinding(severity);
      if (listed > 0) {
        h.values.escalatedAt = at(h.foundOn, 17, 0);
        events.push({
          event: 'escalated',
          from: 'open',
          to: 'open',
          day: h.foundOn,
          hour: 17,
          details: { level: listed, reason: 'major_found' },
        });
      }
      const level = Math.max(escalationLevel({ deadline, closedAt: closeOn, today }), listed);
      h.values.escalationLevel = level;
      if (level > listed) {
        const on = escalationStartsOn(deadline, level as 1 | 2);
        h.values.escalatedAt = at(on, 8, 0);
        events.push({ event: 'escalated', from: state, to: state, day: on, hour: 8, details: { level } });
      }
      // 回头看: all major and a share of general closed hazards are drawn for review.
      if (closeOn && (severity === 'major' || rng() < defaultLimits.followUpShare)) {
        const due = addDays(closeOn, 30);
        h.values.followUpDueOn = due;
        const on = addDays(closeOn, between(rng, 20, 45));
        if (on <= yesterday && rng() < 0.8)
          enqueue({ day: on, target: targetOf.get(h.objectId)!, kind: 'follow_up', followUpOf: h, status: 'signed' });
      }
      // In time order (a stable sort keeps the loop's order within a day), then hours within each day.
      events.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
      let last = '';
      let hour = 0;
      for (const e of events) {
        hour = e.day === last ? Math.min(hour + 1, 23) : e.day === h.foundOn ? 17 : e.event === 'escalated' ? 8 : 10;
        last = e.day;
        e.hour = hour;
      }
      h.events = events;
    }
    const targetOf = new Map(targets.map((t) => [t.object.id, t]));
    /** The latest close-out day of a hazard of this object and item on or before the day, or null. */
    const closedBefore = (objectId: string, itemId: string, day: string): string | null => {
      let latest: string | null = null;
      for (const h of byObjectItem.get(`${objectId}/${itemId}`) ?? []) {
        if (h.closedOn !== null && h.closedOn <= day && (latest === null || h.closedOn > latest)) latest = h.closedOn;
      }
      return latest;
    };

    let n = 0;
    for (let qi = 0; qi < queue.length; qi++) {
      const v = queue[qi]!;
      const object = v.target.object;
      const phase = phaseOf(v.day);
      const township = townshipOf(object.regionPath);

      // Who inspects.
      let kind: InspectionKind = v.kind;
      let departmentIds: string[] = [];
      let inspectingRegionId: string | null = null;
      let team: Inspector[] = [];
      const candidates =
        object.type === 'venue'
          ? (venueDepartments[object.objectKind] ?? ['fire_rescue'])
          : object.type === 'pipeline'
            ? ['housing']
            : [enterpriseDepartment(object.objectKind)];
      const staffed = candidates.filter((c) => inspectorsOfDept(c).length > 0 && departmentResponsibilities[c]);
      const local = township ? inspectorsOfTownship(township.path) : [];
      const roll = rng();
      if (v.inspectorIds) {
        team = inspectors.filter((i) => v.inspectorIds!.includes(i.id));
        inspectingRegionId = township?.id ?? null;
      } else if (kind !== 'follow_up' && roll < 0.08 && township && otherTownshipTeams(township.path).length) {
        // 交叉互检: another township's team.
        const other = pick(rng, otherTownshipTeams(township.path));
        kind = 'cross';
        inspectingRegionId = other.id;
        team = inspectorsOfTownship(other.path).slice(0, 2);
      } else if (kind !== 'follow_up' && roll < 0.22 && staffed.length >= 2) {
        // 联合检查: two departments in one visit (避免多头检查).
        const first = pick(rng, staffed);
        const second = pick(
          rng,
          staffed.filter((c) => c !== first),
        );
        kind = 'joint';
        departmentIds = [deptByCode.get(first)!.id, deptByCode.get(second)!.id];
        team = [pick(rng, inspectorsOfDept(first)), pick(rng, inspectorsOfDept(second))];
      } else if (roll < 0.55 && local.length) {
        // The township's own inspection.
        inspectingRegionId = township!.id;
        team = [pick(rng, local)];
        if (local.length > 1 && rng() < 0.5)
          team.push(
            pick(
              rng,
              local.filter((i) => i.id !== team[0]!.id),
            ),
          );
      } else if (staffed.length) {
        const code = pick(rng, staffed);
        departmentIds = [deptByCode.get(code)!.id];
        const pool = inspectorsOfDept(code);
        team = [pick(rng, pool)];
        if (pool.length > 1 && rng() < 0.4)
          team.push(
            pick(
              rng,
              pool.filter((i) => i.id !== team[0]!.id),
            ),
          );
      } else if (local.length) {
        inspectingRegionId = township!.id;
        team = [pick(rng, local)];
      } else {
        const anyDept = inspectors.filter((i) => i.departmentId);
        const one = pick(rng, anyDept.length ? anyDept : inspectors);
        team = [one];
        if (one.departmentId) departmentIds = [one.departmentId];
        else inspectingRegionId = townshipOf(one.regionPath ?? '')?.id ?? null;
      }
      if (team.length === 0) continue;
      if (departmentIds.length === 0 && !inspectingRegionId && township) inspectingRegionId = township.id;

      const id = demoLedgerUuid(`inspection:${n}`);
      n++;
      const visitedAt = v.status === 'planned' ? null : at(v.day, between(rng, 9, 16), between(rng, 0, 59));
      const row: typeof inspectionsTable.$inferInsert = {
        id,
        kind,
        status: v.status,
        objectType: object.type,
        objectId: object.id,
        regionId: object.regionId,
        objectKind: object.objectKind,
        ownerEnterpriseId: object.ownerEnterpriseId,
        objectName: object.name,
        objectAddress: object.address,
        departmentIds,
        inspectingRegionId,
        inspectingEnterpriseId: null,
        plannedOn: v.status === 'planned' ? v.day : addDays(v.day, -between(rng, 0, 10)),
        checklistVersion: CHECKLIST_VERSION,
        lng:
          visitedAt && v.target.lng !== null ? Math.round((v.target.lng + (rng() - 0.5) * 0.0004) * 1e6) / 1e6 : null,
        lat:
          visitedAt && v.target.lat !== null ? Math.round((v.target.lat + (rng() - 0.5) * 0.0004) * 1e6) / 1e6 : null,
        visitedAt,
        // The hazard itself is linked (followUpOfHazardId, 查看隐患 on the page): no id fragment in the text.
        notes: v.followUpOf ? '回头看：复查已销号隐患的整改情况' : '',
        writtenNoticeGiven: null,
        followUpOfHazardId: v.followUpOf?.id ?? null,
        correctsInspectionId: null,
        facts: null,
        createdAt: at(minDay(addDays(v.day, -between(rng, 1, 12)), today), 9, 0),
      };
      inspectorRows.push(...team.map((p) => ({ inspectionId: id, personId: p.id })));
      if (v.status === 'planned') {
        inspectionRows.push(row);
        continue;
      }

      // The record: ticks and measured facts; the computed items decided by the same rules as the API.
      const manual = checklistFor(object.checklistObject).filter((i) => !i.measure);
      const pFail = v.followUpOf ? 0.05 : phase === 'intensive' ? 0.55 : phase === 'consolidation' ? 0.32 : 0.2;
      const ticks = new Map<string, 'fail'>();
      // The demo accounts' own finding: a plan the restaurant lacks (未制定灭火和应急疏散预案), or the first item of
      // an enterprise's list — fixed, so the walk-throughs (and the browser tests) know what is already open.
      if (v.forceFail && manual.length) {
        ticks.set((manual.find((i) => i.id === 'venue.fire_plan') ?? manual[0]!).id, 'fail');
      }
      if (!v.forceFail && manual.length && rng() < pFail) {
        const count = between(rng, 1, Math.min(3, manual.length));
        for (let i = 0; i < count; i++) ticks.set(pick(rng, manual).id, 'fail');
      }
      if (v.followUpOf && rng() < 0.2 && manual.some((i) => i.id === v.followUpOf!.itemId)) {
        ticks.set(v.followUpOf.itemId, 'fail'); // 改后反弹
      }
      const hoseBad = !v.forceFail && object.type === 'venue' && rng() < (phase === 'intensive' ? 0.1 : 0.04);
      const detectorBroken = !v.forceFail && object.type === 'venue' && rng() < (phase === 'intensive' ? 0.06 : 0.02);
      const installed = addDays(v.day, -between(rng, 60, 500));
      // What was fixed stays fixed: a device replaced or a cylinder room built at a close-out is what
      // later visits measure. Before that, the register's dates (some past their service life) hold,
      // unless the inspector finds the device already replaced.
      const fixedOn = (itemId: string) => closedBefore(object.id, itemId, v.day);
      const deviceDate = (registered: string | null | undefined, itemId: string) =>
        // A device the register dates after this visit was not there yet: the one seen was older.
        fixedOn(itemId) ?? (registered && rng() < 0.6 && registered <= v.day ? registered : installed);
      const facts =
        object.type === 'venue'
          ? {
              // Where the cylinders are and the building are seen on site; the register's basement
              // or high-rise still fails (the worse of the two counts).
              lpgBelowGround: false,
              highRiseBuilding: object.registered.highRiseBuilding ?? false,
              storedLpgKg: object.registered.storedLpgKg ?? 0,
              hasCylinderRoom: (object.registered.hasCylinderRoom ?? false) || fixedOn('venue.cylinder_room') !== null,
              hoseInUse: true,
              hoseLengthM:
                hoseBad && !fixedOn('venue.hose_length')
                  ? Math.round((2.1 + rng() * 1.2) * 10) / 10
                  : Math.round((1.2 + rng() * 0.7) * 10) / 10,
              hoseInstalledOn: fixedOn('venue.hose_age') ?? installed,
              hoseType: object.registered.hoseType ?? 'rubber',
              ...(object.registered.hoseType && object.registered.hoseType !== 'rubber'
                ? { hoseMarkedLifeYears: 8 }
                : {}),
              regulatorInstalledOn: fixedOn('venue.regulator_expired') ?? installed,
              sealRingInstalledOn: fixedOn('venue.seal_ring_expired') ?? installed,
              detectorInstalled: true,
              detectorHeightM: 0.3,
              detectorWorking: !detectorBroken || fixedOn('venue.detector') !== null,
              detectorInstalledOn: deviceDate(object.registered.detectorInstalledOn, 'venue.detector_expired'),
              shutoffValveInstalled: true,
              shutoffValveWorking: true,
              shutoffValveInstalledOn: deviceDate(
                object.registered.shutoffValveInstalledOn,
                'venue.shutoff_valve_expired',
              ),
            }
          : {};
      const decision = decideResults({
        object: object.checklistObject,
        registered: object.registered,
        facts,
        items: manual.map((i) => ({
          itemId: i.id,
          result: ticks.get(i.id) ?? 'pass',
          note: ticks.has(i.id) ? pick(rng, ['现场检查发现', '检查时发现该问题，已当场告知', '负责人在场确认']) : '',
        })),
        on: v.day,
      });
      if (decision.missing.length)
        throw new Error(`demo ledger: ${object.type} ${object.id} misses ${decision.missing.join(', ')}`);
      const results: ResultRow[] = decision.results.map((r) => ({ ...r, inspectionId: id }));
      resultRows.push(...results);
      row.facts = decision.facts as unknown as Record<string, unknown>;
      if (v.status === 'in_progress') {
        inspectionRows.push(row);
        continue;
      }

      // Signed by every inspector of the team, a little after the visit.
      const signedAt = new Date(visitedAt!.getTime() + between(rng, 40, 240) * 60_000);
      const content = recordContent(
        { ...row, lng: row.lng ?? null, lat: row.lat ?? null } as InspectionRow,
        team.map((p) => p.id),
        results,
      );
      const contentHash = sha256(canonicalRecord(content));
      row.contentHash = contentHash;
      row.signedAt = signedAt;
      inspectionRows.push(row);
      contentHashes.push(`${id}:${contentHash}`);
      for (const [i, p] of team.entries()) {
        signatureRows.push({
          inspectionId: id,
          personId: p.id,
          userId: p.userId,
          signedAt: new Date(signedAt.getTime() - (team.length - 1 - i) * 60_000),
          contentHash,
        });
      }

      // Failed items become hazards (as createHazardsFromInspection does).
      for (const r of decision.results.filter((x) => x.result === 'fail')) {
        const item = checkItem(r.itemId);
        if (!item) continue;
        const key = `${object.id}/${item.id}`;
        const earlier = byObjectItem.get(key) ?? [];
        const stillOpen = earlier.find((h) => h.foundOn <= v.day && (h.closedOn === null || h.closedOn > v.day));
        if (stillOpen) {
          foundAgain.push({ hazard: stillOpen, day: v.day, inspectionId: id });
          continue;
        }
        const closedBefore = earlier
          .filter((h) => h.closedOn !== null && h.closedOn <= v.day)
          .map((h) => ({ objectId: h.objectId, itemId: h.itemId, closedAt: h.closedOn!, h }));
        const rebound = reboundOf({ objectId: object.id, itemId: item.id, at: v.day }, closedBefore)?.h ?? null;
        const department = departments.find(
          (d) =>
            d.code === item.department && object.regionPath.startsWith(regionById.get(d.regionId)?.path ?? '\u0000'),
        );
        const description = [item.text.zh, r.reason?.zh ? `：${r.reason.zh}` : '', r.note ? `（${r.note}）` : ''].join(
          '',
        );
        const h: SimHazard = {
          id: demoLedgerUuid(`hazard:${hazards.length}`),
          year: Number(v.day.slice(0, 4)),
          foundOn: v.day,
          objectId: object.id,
          itemId: item.id,
          item,
          closedOn: null,
          status: 'open',
          events: [],
          values: {
            objectType: object.type,
            objectId: object.id,
            regionId: object.regionId,
            objectKind: object.objectKind,
            ownerEnterpriseId: object.ownerEnterpriseId,
            objectName: object.name,
            objectAddress: object.address,
            source: 'inspection',
            sourceInspectionId: id,
            itemId: item.id,
            planRef: item.planRef,
            severity: item.severity,
            description,
            departmentId: department?.id ?? null,
            responsibleParty: object.responsible.party,
            responsiblePersonId: object.responsible.personId,
            responsiblePersonName: object.responsible.personName,
            responsiblePhone: object.responsible.phone,
            foundOn: v.day,
            deadline: defaultDeadline(item.severity, v.day),
            reboundOfHazardId: rebound?.id ?? null,
            createdAt: signedAt,
          },
        };
        simulate(h, item.severity, REGISTER_DECIDED.has(item.id) || item.measure?.kind === 'licence', v.forceFail);
        hazards.push(h);
        earlier.push(h);
        byObjectItem.set(key, earlier);
      }
    }

    // ---- Write ----
    const audit = await recordAuditEntry(tx, {
      actor: systemActor,
      action: 'seed.demo_ledger',
      subject: { type: 'deployment' },
      details: {
        inspections: inspectionRows.length,
        signed: contentHashes.length,
        hazards: hazards.length,
        accounts,
        // Every seeded signature points at this entry; this digest binds it to each record's content hash.
        contentDigest: sha256(contentHashes.sort().join('\n')),
      },
    });
    // Inspections and hazards reference each other (a hazard's source, a follow-up's hazard): the
    // follow-up links are set once the hazards exist.
    for (const c of chunks(inspectionRows, 400)) {
      await tx.insert(inspectionsTable).values(c.map((r) => ({ ...r, followUpOfHazardId: null })));
    }
    for (const c of chunks(inspectorRows, 2000))
      await tx.insert(inspectionInspectorsTable).values(c).onConflictDoNothing();
    // Rows as one JSON parameter (jsonb_to_recordset): tens of thousands of results insert in a fraction
    // of the time a multi-row VALUES with a parameter per cell takes on PGlite.
    for (const c of chunks(resultRows, 5000)) {
      const json = JSON.stringify(
        c.map((r) => ({
          inspection_id: r.inspectionId,
          item_id: r.itemId,
          result: r.result,
          computed: r.computed,
          measured: r.measured,
          reason: r.reason,
          note: r.note,
        })),
      );
      await tx.execute(sql`insert into ${inspectionResultsTable} (inspection_id, item_id, result, computed, measured, reason, note)
        select inspection_id, item_id, result, computed, measured, reason, note
        from jsonb_to_recordset(${json}::jsonb) as x(inspection_id uuid, item_id text, result text, computed boolean, measured jsonb, reason jsonb, note text)`);
    }
    for (const c of chunks(signatureRows, 2000)) {
      await tx
        .insert(inspectionSignaturesTable)
        .values(c.map((s) => ({ ...s, auditSeq: audit.seq, auditHash: audit.hash })));
    }

    // Numbers in the order found, per year.
    const byYear = new Map<number, SimHazard[]>();
    for (const h of [...hazards].sort((a, b) => (a.foundOn < b.foundOn ? -1 : a.foundOn > b.foundOn ? 1 : 0))) {
      byYear.set(h.year, [...(byYear.get(h.year) ?? []), h]);
    }
    const numbered: (typeof hazardsTable.$inferInsert)[] = [];
    for (const [year, list] of byYear) {
      const first = await allocateHazardNumbers(tx, year, list.length);
      for (const [i, h] of list.entries()) {
        numbered.push({
          ...h.values,
          id: h.id,
          number: hazardNumber(year, first + i),
          // The last change: its latest timeline event (an as-of figure reads the timeline of what changed after).
          updatedAt: h.events.reduce<Date>(
            (last, e) => {
              const t = at(e.day, e.hour, 0);
              return t > last ? t : last;
            },
            (h.values.closedAt ?? h.values.createdAt) as Date,
          ),
        });
      }
    }
    for (const c of chunks(numbered, 300)) await tx.insert(hazardsTable).values(c);
    const plans = hazards.flatMap((h) => (h.plan ? [h.plan] : []));
    for (const c of chunks(plans, 500)) await tx.insert(hazardTreatmentPlansTable).values(c);
    const followUps = inspectionRows.filter((r) => r.followUpOfHazardId);
    for (const c of chunks(followUps, 500)) {
      const pairs = sql.join(
        c.map((r) => sql`(${r.id}::uuid, ${r.followUpOfHazardId}::uuid)`),
        sql`, `,
      );
      await tx.execute(
        sql`update ${inspectionsTable} set follow_up_of_hazard_id = v.hazard_id from (values ${pairs}) as v(id, hazard_id) where ${inspectionsTable.id} = v.id`,
      );
    }
    const eventRows: (typeof hazardEventsTable.$inferInsert)[] = [];
    for (const h of hazards) {
      for (const e of h.events) {
        eventRows.push({
          hazardId: h.id,
          event: e.event,
          fromStatus: e.from,
          toStatus: e.to,
          actorId: null,
          actorName:
            e.event === 'verify' || e.event === 'send_back'
              ? '复核人员'
              : e.event === 'escalated'
                ? 'system'
                : h.values.responsibleParty || 'system',
          note: e.note ?? null,
          reason: e.reason ?? null,
          details: e.details ?? null,
          auditSeq: audit.seq,
          at: at(e.day, e.hour, 0),
        });
      }
    }
    for (const f of foundAgain) {
      eventRows.push({
        hazardId: f.hazard.id,
        event: 'found_again',
        fromStatus: null,
        toStatus: null,
        actorId: null,
        actorName: 'system',
        details: { inspectionId: f.inspectionId },
        auditSeq: audit.seq,
        at: at(f.day, 17, 30),
      });
    }
    for (const c of chunks(eventRows, 5000)) {
      const json = JSON.stringify(
        c.map((e) => ({
          hazard_id: e.hazardId,
          event: e.event,
          from_status: e.fromStatus,
          to_status: e.toStatus,
          actor_name: e.actorName,
          note: e.note ?? null,
          reason: e.reason ?? null,
          details: e.details ?? null,
          audit_seq: e.auditSeq,
          at: (e.at as Date).toISOString(),
        })),
      );
      await tx.execute(sql`insert into ${hazardEventsTable} (hazard_id, event, from_status, to_status, actor_name, note, reason, details, audit_seq, at)
        select hazard_id, event, from_status, to_status, actor_name, note, reason, details, audit_seq, at
        from jsonb_to_recordset(${json}::jsonb) as x(hazard_id uuid, event text, from_status text, to_status text, actor_name text, note text, reason text, details jsonb, audit_seq bigint, at timestamptz)`);
    }

    return {
      inspections: inspectionRows.length,
      signed: contentHashes.length,
      hazards: hazards.length,
      closed: hazards.filter((h) => h.closedOn !== null).length,
      overdue: hazards.filter((h) => h.closedOn === null && h.values.deadline < today).length,
      rebounds: hazards.filter((h) => h.values.reboundOfHazardId).length,
      accounts,
    };
  });
}
