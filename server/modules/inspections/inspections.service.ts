import { type SQL, and, eq, sql } from 'drizzle-orm';
import { type Permission, permissionsOf } from '../../../domain/access/roles.ts';
import {
  CHECKLIST_VERSION,
  addDays,
  canonicalJson,
  canonicalRecord,
  measureFields,
  signerStatement,
} from '../../../domain/hazards/index.ts';
import {
  type InspectionKind,
  VISIT_CLOCK_SKEW_MS,
  inspectionSerialOf,
  selfInspectionKinds,
} from '../../../domain/inspections/inspections.ts';
import { chinaToday } from '../../../domain/registry/pipelines-people-vehicles.ts';
import type { RananLimits } from '../../../domain/hazards/limits.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, can, regionPathInScope, requirePermission } from '../../platform/access.ts';
import { perActorStatement } from '../../platform/actor-statements.ts';
import { recordAudit, recordAuditEntry, sha256 } from '../../platform/audit/audit.ts';
import { isUniqueViolation } from '../../platform/db-errors.ts';
import { forbidden } from '../../platform/errors.ts';
import { confirmPassword } from '../auth/index.ts';
import { inRegionSubtree } from '../../platform/sql.ts';
import { ledgerScopeFilter } from './inspections.access.ts';
import {
  alreadySigned,
  followUpHazardInvalid,
  inspectionPlannedOnInvalid,
  inspectionVisitTimeInvalid,
  inspectionDepartmentNotFound,
  inspectionIncomplete,
  inspectionKindInvalid,
  inspectionNotFound,
  inspectionNotJoinable,
  inspectionNotSigned,
  inspectionObjectNotFound,
  inspectionPhotoNotFound,
  inspectionRegionInvalid,
  inspectionSignedImmutable,
  notAssignedRecorder,
  inspectionJoinNeedsDepartment,
  inspectorNotEligible,
  inspectorNotFound,
  inspectorUntrained,
  notAssignedInspector,
  signaturePasswordInvalid,
  submissionConflict,
  submissionTargetInvalid,
} from './inspections.errors.ts';
import { usersOverdueOf } from './inspections.cadence.ts';
import { bannedFinding, checklistFor, decideResults } from './inspections.evaluate.ts';
import { bannedCatalogue } from '../rules/index.ts';
import { type LedgerObject, loadLedgerObject } from '../registry/index.ts';
import {
  type Lookups,
  checklistObjectOf,
  presentInspectionSummary,
  presentResult,
  recordContent,
} from './inspections.presenter.ts';
import {
  type InspectionRow,
  type InspectionsRepository,
  assignedToUser,
  createInspectionsRepository,
  inspectionDay,
} from './inspections.repository.ts';
import type {
  InspectionFilters,
  PlanInspectionInput,
  RecordResultsInput,
  SubmissionInput,
} from './inspections.schemas.ts';
import { inspectionsTable } from './inspections.table.ts';

const t = inspectionsTable;
const columns = {
  regionId: t.regionId,
  objectType: t.objectType,
  objectId: t.objectId,
  objectKind: t.objectKind,
  ownerEnterpriseId: t.ownerEnterpriseId,
  departmentIds: t.departmentIds,
  inspectingRegionId: t.inspectingRegionId,
  inspectingEnterpriseId: t.inspectingEnterpriseId,
};
const scopeOf = (actor: Actor, permission: Permission) => ledgerScopeFilter(actor, permission, columns);

/** Kinds done by government inspectors; a 多头检查 overlap is among these. */
const governmentKinds: readonly InspectionKind[] = ['department', 'joint', 'follow_up', 'cross'];
const joinableKinds: readonly InspectionKind[] = ['department', 'joint'];
const operatorKinds = ['pipeline_operator', 'bottled_operator'];

/** The China calendar day of an instant. */
const dayOf = (d: Date) => chinaToday(d);

/** The actor's grants whose role carries the permission. */
function grantsWith(actor: Actor, permission: Permission) {
  return actor.grants.filter((g) => permissionsOf(g.role).includes(permission));
}

/** The departments an actor acts for with a permission (department grants). */
function departmentsOf(actor: Actor, permission: Permission): string[] {
  return [
    ...new Set(
      grantsWith(actor, permission)
        .filter((g) => g.scopeType === 'department' && g.departmentId)
        .map((g) => g.departmentId!),
    ),
  ];
}

type PlanExtra = { clientId?: string; submissionHash?: string };

/** A failed item of a record being signed, as the hazards raised from it need it. */
export type InspectionFailure = {
  itemId: string;
  note?: string | null;
  photoIds?: readonly string[] | null;
  /** The rule's reason for a computed failure. */
  reason?: { zh: string; en: string } | null;
  /** For a banned-products item: the grade and citation of the catalogue entries found (they replace the item's). */
  severity?: 'major' | 'general';
  basis?: string;
};

/**
 * What happens in the signing transaction once a record is fully signed: its failed items become
 * hazards. The hazards module provides it (app.ts wires it), so inspections import nothing of hazards.
 */
export type OnInspectionSigned = (
  tx: Db,
  inspection: InspectionRow,
  failures: readonly InspectionFailure[],
  actor: Actor,
) => Promise<unknown>;

/** A list search (issue 9.23): a readable number (JC-2026-000123 or its digits) finds that one; other text, by object name. */
function inspectionSearch(q: string): SQL {
  const serial = inspectionSerialOf(q);
  const name = sql`${t.objectName} ilike ${`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`;
  return serial !== null ? sql`${t.serial} = ${serial}` : name;
}

/**
 * The limits in force and a version by id (规则参数, modules/rules passed in by app.ts): results are decided
 * under the version in force and keep its id, so a signed record re-reads with the limits it was decided under.
 */
export type InspectionLimits = {
  current(): { row: { id: string }; values: RananLimits };
  byId(id: string): Promise<{ row: { id: string }; values: RananLimits } | undefined>;
};

export function createInspectionsService({
  db,
  config,
  limits,
  onSigned,
}: {
  db: Db;
  config: Config;
  limits: InspectionLimits;
  onSigned: OnInspectionSigned;
}) {
  /**
   * The limits of a record: a signed one's are those its results were decided under (its version; none for a
   * record signed before versions existed); an unsigned one's are those in force, which its next save decides under.
   */
  async function limitsOf(row: InspectionRow) {
    if (row.status !== 'signed') return limits.current();
    return row.limitsVersionId ? await limits.byId(row.limitsVersionId) : undefined;
  }
  /** Names for the ids a list or detail shows, in a few set-based queries. */
  async function lookups(
    repo: InspectionsRepository,
    rows: InspectionRow[],
  ): Promise<Lookups & { assigned: Awaited<ReturnType<InspectionsRepository['inspectorsOf']>> }> {
    const departmentIds = [...new Set(rows.flatMap((r) => r.departmentIds))];
    const regionIds = [...new Set(rows.flatMap((r) => [r.regionId, r.inspectingRegionId].filter((x) => x !== null)))];
    const enterpriseIds = [...new Set(rows.map((r) => r.inspectingEnterpriseId).filter((x) => x !== null))];
    const [departments, regions, enterprises, inspectors] = await Promise.all([
      repo.departments({ ids: departmentIds }),
      repo.regions({ ids: regionIds }),
      repo.enterprises({ ids: enterpriseIds }),
      repo.inspectorsOf({ inspectionIds: rows.map((r) => r.id) }),
    ]);
    const byInspection = new Map<string, { id: string; name: string; signed: boolean }[]>();
    for (const p of inspectors) {
      const list = byInspection.get(p.inspectionId) ?? [];
      list.push({ id: p.personId, name: p.name, signed: p.signed });
      byInspection.set(p.inspectionId, list);
    }
    return {
      departments: new Map(departments.map((d) => [d.id, d.name])),
      regions: new Map(regions.map((r) => [r.id, r.name])),
      enterprises: new Map(enterprises.map((e) => [e.id, e.name])),
      inspectors: byInspection,
      assigned: inspectors,
    };
  }

  /**
   * 先培训、后排查 (plan 五、工作安排(一)1: 未经培训不得担任排查岗位): every assigned person needs a
   * passed, unexpired training. Government inspections take registered inspectors; a self- or
   * household inspection takes the staff of the enterprise doing it; a venue's monthly
   * self-inspection takes the venue's own registered staff (每月一次全面自查, plan 五(一)2).
   */
  async function checkInspectors(
    repo: InspectionsRepository,
    {
      kind,
      inspectingEnterpriseId,
      venueId = null,
      personIds,
      today,
    }: {
      kind: InspectionKind;
      inspectingEnterpriseId: string | null;
      /** The venue of a monthly self-inspection. */
      venueId?: string | null;
      personIds: string[];
      today: string;
    },
  ) {
    const ids = [...new Set(personIds)];
    const people = await repo.peopleForAssignment({ ids, today });
    const found = new Map(people.map((p) => [p.id, p]));
    const missing = ids.filter((id) => !found.has(id) || found.get(id)!.archived);
    if (missing.length) throw inspectorNotFound({ field: 'inspectorIds', personIds: missing });
    const untrained = people.filter((p) => !p.trained);
    if (untrained.length) {
      throw inspectorUntrained({
        field: 'inspectorIds',
        personId: untrained[0]!.id,
        name: untrained[0]!.name,
        people: untrained.map((p) => ({ id: p.id, name: p.name })),
      });
    }
    for (const p of people) {
      if ((kind === 'self' || kind === 'household') && p.enterpriseId !== inspectingEnterpriseId) {
        throw inspectorNotEligible({
          field: 'inspectorIds',
          personId: p.id,
          name: p.name,
          reason: 'not_staff_of_inspecting_enterprise',
        });
      }
      if (kind === 'monthly_self' && (venueId === null || p.venueId !== venueId)) {
        throw inspectorNotEligible({
          field: 'inspectorIds',
          personId: p.id,
          name: p.name,
          reason: 'not_staff_of_venue',
        });
      }
      if (!selfInspectionKinds.includes(kind) && p.kind !== 'inspector') {
        throw inspectorNotEligible({ field: 'inspectorIds', personId: p.id, name: p.name, reason: 'not_an_inspector' });
      }
    }
  }

  /** Government inspections of the object by other departments within the overlap window (避免多头检查). */
  async function overlapsFor(
    repo: InspectionsRepository,
    actor: Actor,
    { objectType, objectId, on, excludeId }: { objectType: string; objectId: string; on: string; excludeId?: string },
  ) {
    const mine = departmentsOf(actor, 'inspection.plan');
    const rows = (
      await repo.ofObjectBetween({
        objectType,
        objectId,
        from: addDays(on, -limits.current().values.overlapWindowDays),
        to: addDays(on, limits.current().values.overlapWindowDays),
        excludeId,
        kinds: governmentKinds,
      })
    ).filter((r) => !r.departmentIds.some((d) => mine.includes(d)));
    const l = await lookups(repo, rows);
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      plannedOn: r.plannedOn,
      visitedAt: r.visitedAt?.toISOString() ?? null,
      departments: r.departmentIds.map((id) => ({ id, name: l.departments.get(id) ?? '' })),
      inspectingRegion: r.inspectingRegionId
        ? { id: r.inspectingRegionId, name: l.regions.get(r.inspectingRegionId) ?? '' }
        : null,
      joinable: r.status === 'planned' && joinableKinds.includes(r.kind) && mine.length > 0,
    }));
  }

  /** The applicable items without a result, and the household notice when not yet recorded. */
  async function missingOf(repo: InspectionsRepository, row: InspectionRow) {
    const results = await repo.resultsOf({ inspectionId: row.id });
    const have = new Set(results.map((r) => r.itemId));
    const missing = checklistFor(checklistObjectOf(row))
      .map((i) => i.id)
      .filter((id) => !have.has(id));
    if (row.kind === 'household' && row.inspectingEnterpriseId && row.writtenNoticeGiven === null) {
      missing.push('writtenNoticeGiven');
    }
    return { results, missing };
  }

  async function inScope(repo: InspectionsRepository, actor: Actor, id: string, permission: Permission) {
    if (!can(actor, permission)) return false;
    return (await repo.idsInScope({ ids: [id], scope: scopeOf(actor, permission) })).has(id);
  }

  /**
   * What the register holds now about the object of a record still to be done (planned or in
   * progress): the facts the server will decide computed items from when results are recorded, so a
   * form (the field app, offline) can show and preview them without reading the register itself.
   * A signed record has none: its facts.registered are those it was decided from. Null when the
   * object has been archived.
   */
  async function registeredFactsOf(row: InspectionRow) {
    if (row.status === 'signed') return null;
    const object = await loadLedgerObject(db, { type: row.objectType, id: row.objectId }, chinaToday());
    return object ? withLedgerFacts(db, object) : null;
  }

  /**
   * The register's facts and what the ledger itself knows of the object: for a pipeline operator, how many of
   * its users are overdue for their household inspection (the periodic-inspection item is computed from it).
   */
  async function withLedgerFacts(tx: Db, object: LedgerObject) {
    const o = object.checklistObject;
    const operator =
      o.type === 'enterprise' && (o.kind === 'pipeline_operator' || o.roles?.includes('pipeline_operator'));
    if (!operator || !object.ownerEnterpriseId) return object.registered;
    const usersOverdue = await usersOverdueOf(tx, object.ownerEnterpriseId, limits.current().values, chinaToday());
    return { ...object.registered, usersOverdue };
  }

  // The point read's row and the actor's three abilities on it in one statement per actor's grants: building the
  // scopes' SQL cost more than running it.
  const mayOn = (actor: Actor, permission: Permission) =>
    can(actor, permission) ? scopeOf(actor, permission) : sql`false`;
  const pointRead = perActorStatement((actor) =>
    createInspectionsRepository({ db }).prepareGetWithFlags(scopeOf(actor, 'inspection.read'), {
      record: mayOn(actor, 'inspection.record'),
      sign: mayOn(actor, 'inspection.sign'),
      plan: mayOn(actor, 'inspection.plan'),
    }),
  );

  /** The full record with the actor's abilities (`may`: whether the actor may record, sign, plan it, when known). */
  async function detail(
    repo: InspectionsRepository,
    actor: Actor,
    row: InspectionRow,
    may?: { record: boolean; sign: boolean; plan: boolean },
  ) {
    const [l, { results, missing }, signatures, hazards, correctedBy, registeredFacts] = await Promise.all([
      lookups(repo, [row]),
      missingOf(repo, row),
      repo.signaturesOf({ inspectionId: row.id }),
      repo.hazardsOf({ inspectionId: row.id }),
      repo.correctionsOf({ inspectionId: row.id }),
      registeredFactsOf(row),
    ]);
    const inspectors = l.inspectors.get(row.id) ?? [];
    // The record's inspectors, read once with the names (lookups) and used for the abilities and the digest.
    const assigned = l.assigned;
    const linked = assigned.filter((p) => actor.type === 'user' && p.userId === actor.id && !p.signed);
    // The digest a signer confirms (谁检查、谁签字、谁负责): fixed once signed, else that of the record as it stands.
    const recordHash =
      row.contentHash ??
      (row.status === 'planned' || missing.length
        ? null
        : sha256(
            canonicalRecord(
              recordContent(
                row,
                assigned.map((p) => p.personId),
                results,
              ),
            ),
          ));
    const isAssigned = actor.type === 'user' && assigned.some((p) => p.userId === actor.id);
    const [mayRecord, maySign, mayPlan] = may
      ? [may.record, may.sign, may.plan]
      : await Promise.all([
          inScope(repo, actor, row.id, 'inspection.record'),
          inScope(repo, actor, row.id, 'inspection.sign'),
          inScope(repo, actor, row.id, 'inspection.plan'),
        ]);
    const editable = row.status !== 'signed' && signatures.length === 0;
    const myDepartments = departmentsOf(actor, 'inspection.plan');
    const byItem = new Map(results.map((r) => [r.itemId, r]));
    const overlaps =
      row.status === 'signed'
        ? []
        : await overlapsFor(repo, actor, {
            objectType: row.objectType,
            objectId: row.objectId,
            on: row.plannedOn ?? chinaToday(),
            excludeId: row.id,
          });
    const recordLimits = await limitsOf(row);
    return {
      ...presentInspectionSummary(row, results.filter((r) => r.result === 'fail').length, l),
      inspectors,
      checklistVersion: row.checklistVersion,
      location: row.lng !== null && row.lat !== null ? { lng: row.lng, lat: row.lat } : null,
      notes: row.notes,
      planNotes: row.planNotes,
      writtenNoticeGiven: row.writtenNoticeGiven,
      facts: row.facts ?? null,
      registeredFacts,
      limits: recordLimits?.values ?? null,
      limitsVersionId: recordLimits?.row.id ?? null,
      checklist: checklistFor(checklistObjectOf(row)).map((item) => ({
        itemId: item.id,
        computed: item.measure !== undefined,
        measureFields: item.measure ? measureFields(item.measure) : [],
        result: byItem.get(item.id)?.result ?? null,
      })),
      results: results.map(presentResult),
      missing,
      signatures: signatures.map((s) => ({
        personId: s.signature.personId,
        name: s.name,
        userId: s.signature.userId,
        signedAt: s.signature.signedAt.toISOString(),
        contentHash: s.signature.contentHash,
        auditSeq: s.signature.auditSeq,
        auditHash: s.signature.auditHash,
      })),
      contentHash: row.contentHash,
      recordHash,
      hazards,
      correctedBy,
      overlaps,
      abilities: {
        record: editable && mayRecord && isAssigned,
        sign: row.status !== 'signed' && maySign && linked.length > 0,
        correct: row.status === 'signed' && (mayRecord || mayPlan) && isAssigned,
        join:
          row.status === 'planned' &&
          joinableKinds.includes(row.kind) &&
          mayPlan &&
          myDepartments.some((d) => !row.departmentIds.includes(d)),
      },
    };
  }

  /**
   * 谁检查、谁签字、谁负责 (plan 五、工作安排(一)3) holds for recording as for signing: only an inspector
   * assigned to the record, linked to the actor's account, records, submits or corrects it. So the
   * inspected party cannot write the department's findings about itself (a venue records only its own
   * monthly self-inspection, an enterprise its own self- and household inspections: those its staff
   * are assigned to), nor can an inspector who was not sent.
   */
  async function assertAssignedRecorder(repo: InspectionsRepository, actor: Actor, inspectionId: string) {
    if (actor.type === 'system') return;
    const assigned = await repo.inspectorsOf({ inspectionIds: [inspectionId] });
    if (actor.type !== 'user' || !assigned.some((p) => p.userId === actor.id)) {
      throw notAssignedRecorder({ inspectionId });
    }
  }

  /** Refuses any change to a record that is signed, or that an inspector has begun to sign. */
  async function assertEditable(repo: InspectionsRepository, row: InspectionRow) {
    if (row.status === 'signed') throw inspectionSignedImmutable({ inspectionId: row.id });
    const signatures = await repo.signaturesOf({ inspectionId: row.id });
    if (signatures.length) throw inspectionSignedImmutable({ inspectionId: row.id, partiallySigned: true });
  }

  /** Validates a plan and inserts the inspection with its inspectors (in the caller's transaction). */
  async function planIn(tx: Db, actor: Actor, input: PlanInspectionInput, extra: PlanExtra = {}) {
    const repo = createInspectionsRepository({ db: tx });
    const today = chinaToday();
    const kind = input.kind;
    const planGrants = grantsWith(actor, 'inspection.plan');
    const onlyOwnScope =
      actor.type !== 'system' && planGrants.every((g) => g.scopeType === 'enterprise' || g.scopeType === 'venue');
    if (onlyOwnScope && !selfInspectionKinds.includes(kind)) {
      throw inspectionKindInvalid({ field: 'kind', reason: 'own_inspections_only' });
    }

    // The object: a follow-up review takes its hazard's.
    let ref = input.object;
    if (kind === 'follow_up') {
      if (!input.followUpOfHazardId) throw followUpHazardInvalid({ field: 'followUpOfHazardId' });
      const hazard = await repo.hazard({ id: input.followUpOfHazardId });
      if (hazard?.status !== 'closed') throw followUpHazardInvalid({ field: 'followUpOfHazardId' });
      if (ref && (ref.type !== hazard.objectType || ref.id !== hazard.objectId)) {
        throw followUpHazardInvalid({ field: 'object' });
      }
      ref = { type: hazard.objectType, id: hazard.objectId };
    } else if (input.followUpOfHazardId) {
      throw inspectionKindInvalid({ field: 'followUpOfHazardId', reason: 'follow_up_only' });
    }
    if (!ref) throw inspectionKindInvalid({ field: 'object', reason: 'object_required' });

    // Cross-inspection: the object lies in another township, so it is looked up without the planner's scope.
    let object: LedgerObject | undefined;
    let inspectingRegionId: string | null = null;
    const regionGrants = planGrants.filter((g) => g.scopeType === 'region' && g.regionId);
    if (kind === 'cross') {
      object = await loadLedgerObject(tx, ref, today);
      if (!object) throw inspectionObjectNotFound({ field: 'object' });
      inspectingRegionId = input.inspectingRegionId ?? (regionGrants.length === 1 ? regionGrants[0]!.regionId : null);
      if (!inspectingRegionId) throw inspectionRegionInvalid({ field: 'inspectingRegionId', reason: 'required' });
      const [region] = await repo.regions({ ids: [inspectingRegionId] });
      if (
        region?.level !== 'township' ||
        !regionPathInScope(actor, 'inspection.plan', region.path) ||
        object.regionPath.startsWith(region.path)
      ) {
        throw inspectionRegionInvalid({ field: 'inspectingRegionId' });
      }
    } else {
      object = await loadLedgerObject(tx, ref, today, { actor, permission: 'inspection.plan' });
      if (!object) throw inspectionObjectNotFound({ field: 'object' });
      if (input.inspectingRegionId) {
        const [region] = await repo.regions({ ids: [input.inspectingRegionId] });
        if (!region || !regionPathInScope(actor, 'inspection.plan', region.path)) {
          throw inspectionRegionInvalid({ field: 'inspectingRegionId' });
        }
        inspectingRegionId = region.id;
      } else if (governmentKinds.includes(kind) && regionGrants.length === 1) {
        inspectingRegionId = regionGrants[0]!.regionId;
      }
    }

    // Who inspects.
    let departmentIds: string[] = [];
    let inspectingEnterpriseId: string | null = null;
    if (selfInspectionKinds.includes(kind)) {
      if (input.departmentIds?.length)
        throw inspectionKindInvalid({ field: 'departmentIds', reason: 'self_inspection' });
      inspectingRegionId = null;
      if (kind === 'self') {
        if (object.type === 'venue' || !object.ownerEnterpriseId) {
          throw inspectionKindInvalid({ field: 'kind', reason: 'self_inspection_of_enterprise_objects' });
        }
        inspectingEnterpriseId = object.ownerEnterpriseId;
      } else if (kind === 'household') {
        if (object.type !== 'venue') throw inspectionKindInvalid({ field: 'kind', reason: 'household_of_venues' });
        inspectingEnterpriseId = input.inspectingEnterpriseId ?? object.supplierEnterpriseId;
        const [operator] = inspectingEnterpriseId ? await repo.enterprises({ ids: [inspectingEnterpriseId] }) : [];
        if (!operator || !operatorKinds.includes(operator.kind)) {
          throw inspectionKindInvalid({ field: 'inspectingEnterpriseId', reason: 'operator_required' });
        }
      } else if (object.type !== 'venue') {
        throw inspectionKindInvalid({ field: 'kind', reason: 'monthly_self_of_venues' });
      }
      // An enterprise plans its own inspections only.
      const ownEnterprises = planGrants.filter((g) => g.scopeType === 'enterprise').map((g) => g.enterpriseId);
      if (onlyOwnScope && ownEnterprises.length && !ownEnterprises.includes(inspectingEnterpriseId)) {
        throw inspectionKindInvalid({ field: 'inspectingEnterpriseId', reason: 'own_enterprise_only' });
      }
    } else {
      departmentIds = [...new Set(input.departmentIds ?? departmentsOf(actor, 'inspection.plan'))];
      if (departmentIds.length) {
        const found = await repo.departments({ ids: departmentIds });
        if (found.length !== departmentIds.length) {
          throw inspectionDepartmentNotFound({
            field: 'departmentIds',
            departmentIds: departmentIds.filter((id) => !found.some((d) => d.id === id)),
          });
        }
      }
      if (kind === 'joint' && departmentIds.length < 2) {
        throw inspectionKindInvalid({ field: 'departmentIds', reason: 'joint_needs_two_departments' });
      }
      if (kind === 'department' && departmentIds.length > 1) {
        throw inspectionKindInvalid({ field: 'kind', reason: 'several_departments_make_a_joint_inspection' });
      }
      if (departmentIds.length === 0 && !inspectingRegionId) {
        throw inspectionKindInvalid({ field: 'departmentIds', reason: 'inspecting_party_required' });
      }
    }

    await checkInspectors(repo, {
      kind,
      inspectingEnterpriseId,
      venueId: kind === 'monthly_self' ? object.id : null,
      personIds: input.inspectorIds,
      today,
    });

    const row = await repo.insert({
      clientId: extra.clientId ?? null,
      submissionHash: extra.submissionHash ?? null,
      kind,
      status: 'planned',
      objectType: object.type,
      objectId: object.id,
      regionId: object.regionId,
      objectKind: object.objectKind,
      ownerEnterpriseId: object.ownerEnterpriseId,
      objectName: object.name,
      objectAddress: object.address,
      departmentIds,
      inspectingRegionId,
      inspectingEnterpriseId,
      plannedOn: input.plannedOn ?? today,
      checklistVersion: CHECKLIST_VERSION,
      // The planner's note is not the overall result (总体情况) the inspectors write at the visit.
      planNotes: input.notes ?? '',
      followUpOfHazardId: kind === 'follow_up' ? (input.followUpOfHazardId ?? null) : null,
      createdBy: actor.type === 'user' ? actor.id : null,
    });
    await repo.addInspectors({ inspectionId: row.id, personIds: [...new Set(input.inspectorIds)] });
    await recordAudit(tx, {
      actor,
      action: 'inspection.plan',
      subject: { type: 'inspection', id: row.id },
      regionId: row.regionId,
      after: row,
      details: {
        kind,
        object: { type: row.objectType, id: row.objectId },
        departmentIds,
        inspectorIds: input.inspectorIds,
        plannedOn: row.plannedOn,
        clientId: row.clientId,
      },
    });
    return row;
  }

  /** Decides and stores the results of a record that is still editable (in the caller's transaction). */
  async function recordIn(tx: Db, actor: Actor, row: InspectionRow, input: RecordResultsInput) {
    const repo = createInspectionsRepository({ db: tx });
    await assertAssignedRecorder(repo, actor, row.id);
    const today = chinaToday();
    const object = await loadLedgerObject(tx, { type: row.objectType, id: row.objectId }, today);
    if (!object) throw inspectionObjectNotFound({ inspectionId: row.id });
    if (input.writtenNoticeGiven !== undefined && row.kind !== 'household') {
      throw inspectionKindInvalid({ field: 'writtenNoticeGiven', reason: 'household_inspections_only' });
    }
    const visitedAt = input.visitedAt ? new Date(input.visitedAt) : (row.visitedAt ?? new Date());
    if (visitedAt.getTime() > Date.now() + VISIT_CLOCK_SKEW_MS)
      throw inspectionVisitTimeInvalid({ field: 'visitedAt' });
    // Decided under the limits in force now; the record keeps the version (re-read and signed with it).
    const inForce = limits.current();
    const decision = decideResults({
      object: object.checklistObject,
      registered: await withLedgerFacts(tx, object),
      facts: input.facts,
      items: input.results,
      on: dayOf(visitedAt),
      limits: inForce.values,
      bannedCatalogue: await bannedCatalogue(tx),
    });
    const photoIds = [...new Set(decision.results.flatMap((r) => r.photoIds))];
    const usable = await repo.usableFileIds({ ids: photoIds, userId: actor.id, inspectionId: row.id });
    const unusable = photoIds.find((id) => !usable.has(id));
    if (unusable) throw inspectionPhotoNotFound({ field: 'results', photoId: unusable });

    await repo.replaceResults({ inspectionId: row.id, results: decision.results });
    const updated = await repo.update({
      id: row.id,
      status: 'in_progress',
      visitedAt,
      lng: input.location === undefined ? row.lng : (input.location?.lng ?? null),
      lat: input.location === undefined ? row.lat : (input.location?.lat ?? null),
      notes: input.notes ?? row.notes,
      facts: decision.facts as unknown as Record<string, unknown>,
      writtenNoticeGiven: input.writtenNoticeGiven ?? row.writtenNoticeGiven,
      checklistVersion: CHECKLIST_VERSION,
      limitsVersionId: inForce.row.id,
    });
    await recordAudit(tx, {
      actor,
      action: 'inspection.record',
      subject: { type: 'inspection', id: row.id },
      regionId: row.regionId,
      before: row,
      after: updated,
      details: {
        results: decision.results.length,
        failed: decision.results.filter((r) => r.result === 'fail').map((r) => r.itemId),
        missing: decision.missing.length,
        discrepancies: decision.facts.discrepancies,
      },
    });
    return updated;
  }

  /** Whether a stored submission is this one (same hash) — else the client id is taken by another. */
  async function replay(repo: InspectionsRepository, actor: Actor, clientId: string, hash: string) {
    const existing = await repo.getByClientId({ clientId });
    if (!existing) return undefined;
    const visible = (await repo.idsInScope({ ids: [existing.id], scope: scopeOf(actor, 'inspection.read') })).has(
      existing.id,
    );
    if (existing.submissionHash !== hash || !visible) throw submissionConflict({ clientId, field: 'clientId' });
    return existing;
  }

  return {
    /** Lists inspections in the actor's scope, newest visit or plan first. */
    async list({ actor, page, pageSize, ...f }: InspectionFilters & { actor: Actor }) {
      requirePermission(actor, 'inspection.read');
      const repo = createInspectionsRepository({ db });
      const where = and(
        scopeOf(actor, 'inspection.read'),
        f.kind ? eq(t.kind, f.kind) : undefined,
        f.status ? eq(t.status, f.status) : undefined,
        f.objectType ? eq(t.objectType, f.objectType) : undefined,
        f.objectId ? eq(t.objectId, f.objectId) : undefined,
        f.q ? inspectionSearch(f.q) : undefined,
        f.regionId ? inRegionSubtree(t.regionId, f.regionId) : undefined,
        f.departmentId ? sql`${t.departmentIds} @> array[${f.departmentId}]::uuid[]` : undefined,
        f.from ? sql`${inspectionDay} >= ${f.from}` : undefined,
        f.to ? sql`${inspectionDay} <= ${f.to}` : undefined,
        f.assignedToMe ? (actor.type === 'user' && actor.id ? assignedToUser(actor.id) : sql`false`) : undefined,
      );
      const { rows, total } = await repo.list({ where, limit: pageSize, offset: (page - 1) * pageSize });
      const l = await lookups(
        repo,
        rows.map((r) => r.inspection),
      );
      return {
        items: rows.map((r) => presentInspectionSummary(r.inspection, r.failedCount, l)),
        total,
        page,
        pageSize,
      };
    },

    /** One inspection with its results, signatures, hazards raised and the actor's abilities. */
    async get({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'inspection.read');
      const [found] = await pointRead(actor).execute({ id });
      if (!found) throw inspectionNotFound();
      return detail(createInspectionsRepository({ db }), actor, found.inspection, found.flags);
    },

    /**
     * Plans an inspection (plan 五、工作安排(一)1): the object, the inspecting departments or
     * township, the day and the trained inspectors; the answer lists overlapping inspections.
     */
    async plan({ actor, ...input }: PlanInspectionInput & { actor: Actor }) {
      requirePermission(actor, 'inspection.plan');
      // A plan is for today or later (a visit already made is recorded in the field app), and
      // within a year: 2099 or 2013 typed by mistake would sit among the plans for good. One day
      // of slack before today: a browser outside China's time zone may still be on yesterday.
      const today = chinaToday();
      if (
        input.plannedOn &&
        (input.plannedOn < addDays(today, -1) ||
          input.plannedOn > addDays(today, limits.current().values.planAheadDays))
      ) {
        throw inspectionPlannedOnInvalid({ field: 'plannedOn' });
      }
      const row = await db.transaction((tx) => planIn(tx, actor, input));
      return detail(createInspectionsRepository({ db }), actor, row);
    },

    /** Other departments' inspections of an object within the overlap window, to join instead (避免多头检查). */
    async overlaps({
      actor,
      objectType,
      objectId,
      on,
    }: {
      actor: Actor;
      objectType: LedgerObject['type'];
      objectId: string;
      on?: string;
    }) {
      requirePermission(actor, 'inspection.plan');
      const today = chinaToday();
      const object = await loadLedgerObject(db, { type: objectType, id: objectId }, today, {
        actor,
        permission: 'inspection.plan',
      });
      if (!object) throw inspectionObjectNotFound({ field: 'objectId' });
      const repo = createInspectionsRepository({ db });
      return {
        items: await overlapsFor(repo, actor, { objectType, objectId, on: on ?? today }),
        windowDays: limits.current().values.overlapWindowDays,
      };
    },

    /** Adds the actor's department (and inspectors) to a planned inspection: it becomes a joint inspection. */
    async join({ actor, id, inspectorIds }: { actor: Actor; id: string; inspectorIds?: string[] }) {
      requirePermission(actor, 'inspection.plan');
      const [departmentId] = departmentsOf(actor, 'inspection.plan');
      if (!departmentId) throw inspectionJoinNeedsDepartment();
      const row = await db.transaction(async (tx) => {
        const repo = createInspectionsRepository({ db: tx });
        const current = await repo.getById({ id, lock: true });
        if (!current) throw inspectionNotFound();
        const object = await loadLedgerObject(tx, { type: current.objectType, id: current.objectId }, chinaToday(), {
          actor,
          permission: 'inspection.plan',
        });
        if (!object) throw inspectionNotFound();
        if (current.status !== 'planned' || !joinableKinds.includes(current.kind)) {
          throw inspectionNotJoinable({ status: current.status, kind: current.kind });
        }
        const added = inspectorIds ?? [];
        await checkInspectors(repo, {
          kind: current.kind,
          inspectingEnterpriseId: null,
          personIds: added,
          today: chinaToday(),
        });
        const departmentIds = current.departmentIds.includes(departmentId)
          ? current.departmentIds
          : [...current.departmentIds, departmentId];
        // Joint once two parties inspect together: two departments, or a department and the
        // township that planned it (a township's own plan has no department of its own).
        const parties = departmentIds.length + (current.inspectingRegionId ? 1 : 0);
        const updated = await repo.update({
          id,
          departmentIds,
          kind: parties > 1 ? 'joint' : current.kind,
        });
        await repo.addInspectors({ inspectionId: id, personIds: added });
        await recordAudit(tx, {
          actor,
          action: 'inspection.join',
          subject: { type: 'inspection', id },
          regionId: current.regionId,
          before: current,
          after: updated,
          details: { departmentId, inspectorIds: added },
        });
        return updated;
      });
      return detail(createInspectionsRepository({ db }), actor, row);
    },

    /**
     * Records the results of a visit: computed items are decided on the server from the facts
     * (domain evaluateItem), other items take the inspector's tick. Refused once anyone has signed.
     */
    async recordResults({ actor, id, ...input }: RecordResultsInput & { actor: Actor; id: string }) {
      requirePermission(actor, 'inspection.record');
      const row = await db.transaction(async (tx) => {
        const repo = createInspectionsRepository({ db: tx });
        const current = await repo.getById({ id, scope: scopeOf(actor, 'inspection.record'), lock: true });
        if (!current) throw inspectionNotFound();
        await assertEditable(repo, current);
        return recordIn(tx, actor, current, input);
      });
      return detail(createInspectionsRepository({ db }), actor, row);
    },

    /**
     * Stores an offline submission once (as ODK Central does): the same client id with the same
     * canonical payload answers the stored inspection; with another payload, 409.
     */
    async submit({ actor, ...input }: SubmissionInput & { actor: Actor }) {
      requirePermission(actor, 'inspection.record');
      const hash = sha256(canonicalJson(input));
      const repo = createInspectionsRepository({ db });
      const stored = await replay(repo, actor, input.clientId, hash);
      if (stored) return { created: false, inspection: await detail(repo, actor, stored) };
      if (Boolean(input.inspectionId) === Boolean(input.plan)) {
        throw submissionTargetInvalid({ field: input.plan ? 'plan' : 'inspectionId' });
      }
      const { clientId, inspectionId, plan, ...record } = input;
      let row: InspectionRow;
      try {
        const outcome = await db.transaction(async (tx) => {
          const txRepo = createInspectionsRepository({ db: tx });
          let target: InspectionRow;
          if (inspectionId) {
            const current = await txRepo.getById({
              id: inspectionId,
              scope: scopeOf(actor, 'inspection.record'),
              lock: true,
            });
            if (!current) throw inspectionNotFound();
            // Checked again under the record's lock: copies of one submission sent at once wait here for
            // the first, then find it stored and are answered with it instead of being processed again.
            const stored = await replay(txRepo, actor, clientId, hash);
            if (stored) return { replayed: stored as InspectionRow };
            if (current.clientId && current.clientId !== clientId) {
              throw submissionConflict({ clientId, field: 'inspectionId', reason: 'already_submitted' });
            }
            await assertEditable(txRepo, current);
            target = await txRepo.update({ id: current.id, clientId, submissionHash: hash });
          } else {
            requirePermission(actor, 'inspection.plan');
            target = await planIn(tx, actor, plan!, { clientId, submissionHash: hash });
          }
          return { recorded: await recordIn(tx, actor, target, record) };
        });
        if (outcome.replayed) return { created: false, inspection: await detail(repo, actor, outcome.replayed) };
        row = outcome.recorded!;
      } catch (err) {
        // Two copies of one submission racing: the loser finds the winner's row.
        if (isUniqueViolation(err)) {
          const winner = await replay(repo, actor, clientId, hash);
          if (winner) return { created: false, inspection: await detail(repo, actor, winner) };
        }
        throw err;
      }
      return { created: true, inspection: await detail(repo, actor, row) };
    },

    /**
     * 谁检查、谁签字、谁负责 (plan 五、工作安排(一)3): an assigned inspector linked to the signed-in
     * user confirms with the password; the signature is bound to the record's content hash and entered
     * in the audit chain. With the last signature the record is signed, immutable, and its failed
     * items become hazards.
     */
    async sign({ actor, id, password, personId }: { actor: Actor; id: string; password: string; personId?: string }) {
      requirePermission(actor, 'inspection.sign');
      const repo = createInspectionsRepository({ db });
      const visible = await repo.getById({ id, scope: scopeOf(actor, 'inspection.sign') });
      if (!visible) throw inspectionNotFound();
      if (actor.type !== 'user' || !actor.id) throw notAssignedInspector();
      const assigned = (await repo.inspectorsOf({ inspectionIds: [id] })).filter(
        (p) => p.userId === actor.id && (!personId || p.personId === personId),
      );
      if (assigned.length === 0) throw notAssignedInspector();

      // The signer's authenticated confirmation: the password again, counted like a sign-in (auth's check).
      const user = await repo.user({ id: actor.id });
      if (user?.status !== 'active') throw notAssignedInspector();
      const confirmed = await confirmPassword(db, config, { actor: { ...actor, id: actor.id }, password });
      if (!confirmed) throw signaturePasswordInvalid({ field: 'password' });

      const row = await db.transaction(async (tx) => {
        const txRepo = createInspectionsRepository({ db: tx });
        const current = await txRepo.getById({ id, lock: true });
        if (!current) throw inspectionNotFound();
        if (current.status === 'signed') throw inspectionSignedImmutable({ inspectionId: id });
        const inspectors = await txRepo.inspectorsOf({ inspectionIds: [id] });
        const signer = inspectors.find(
          (p) => p.userId === actor.id && !p.signed && (!personId || p.personId === personId),
        );
        if (!signer) throw alreadySigned();
        const { results, missing } = await missingOf(txRepo, current);
        if (current.status === 'planned' || missing.length) throw inspectionIncomplete({ missing });
        const [person] = await txRepo.peopleForAssignment({ ids: [signer.personId], today: chinaToday() });
        if (!person?.trained) throw inspectorUntrained({ personId: signer.personId, name: signer.name });

        const content = recordContent(
          current,
          inspectors.map((p) => p.personId),
          results,
        );
        const contentHash = sha256(canonicalRecord(content));
        const earlier = await txRepo.signaturesOf({ inspectionId: id });
        if (earlier.some((s) => s.signature.contentHash !== contentHash)) {
          throw inspectionSignedImmutable({ inspectionId: id, reason: 'content_changed_since_first_signature' });
        }
        const signedAt = new Date();
        const statement = signerStatement({
          recordId: id,
          recordHash: contentHash,
          signer: { userId: actor.id!, name: signer.name },
          role: 'inspector',
          signedAt: signedAt.toISOString(),
        });
        const last = inspectors.every((p) => p.signed || p.personId === signer.personId);
        const audit = await recordAuditEntry(tx, {
          actor,
          action: 'inspection.sign',
          subject: { type: 'inspection', id },
          regionId: current.regionId,
          details: {
            contentHash,
            personId: signer.personId,
            statementHash: sha256(statement),
            signedAt: signedAt.toISOString(),
            complete: last,
          },
        });
        await txRepo.insertSignature({
          inspectionId: id,
          personId: signer.personId,
          userId: actor.id!,
          signedAt,
          contentHash,
          auditSeq: audit.seq,
          auditHash: audit.hash,
        });
        if (!last) return current;
        const signed = await txRepo.update({ id, status: 'signed', contentHash, signedAt });
        const failures = results
          .filter((r) => r.result === 'fail')
          .map((r) => ({
            itemId: r.itemId,
            note: r.note,
            photoIds: r.photoIds,
            reason: r.reason,
            ...bannedFinding(r.measured),
          }));
        await onSigned(tx, signed, failures, actor);
        return signed;
      });
      return detail(createInspectionsRepository({ db }), actor, row);
    },

    /** A correction of a signed record: a new record referencing it, starting from its content. */
    async correct({ actor, id, reason }: { actor: Actor; id: string; reason: string }) {
      if (!can(actor, 'inspection.record') && !can(actor, 'inspection.plan')) {
        throw forbidden({ permission: 'inspection.record' });
      }
      const scope: SQL = sql`(${scopeOf(actor, 'inspection.record')} or ${scopeOf(actor, 'inspection.plan')})`;
      const row = await db.transaction(async (tx) => {
        const repo = createInspectionsRepository({ db: tx });
        const original = await repo.getById({ id, scope, lock: true });
        if (!original) throw inspectionNotFound();
        if (original.status !== 'signed') throw inspectionNotSigned({ inspectionId: id });
        // The copy keeps the original's inspectors, who record and sign it again: a correction is theirs.
        await assertAssignedRecorder(repo, actor, id);
        const {
          id: _id,
          clientId: _c,
          submissionHash: _s,
          contentHash: _h,
          signedAt: _a,
          createdAt: _ca,
          updatedAt: _ua,
          // A correction is a record of its own, with a number of its own.
          serial: _sn,
          ...content
        } = original;
        const copy = await repo.insert({
          ...content,
          status: 'in_progress',
          correctsInspectionId: original.id,
          createdBy: actor.type === 'user' ? actor.id : null,
        });
        const inspectors = await repo.inspectorsOf({ inspectionIds: [id] });
        await repo.addInspectors({ inspectionId: copy.id, personIds: inspectors.map((p) => p.personId) });
        const results = await repo.resultsOf({ inspectionId: id });
        await repo.replaceResults({
          inspectionId: copy.id,
          results: results.map(({ inspectionId: _i, ...r }) => r),
        });
        await recordAudit(tx, {
          actor,
          action: 'inspection.correct',
          subject: { type: 'inspection', id: copy.id },
          regionId: copy.regionId,
          after: copy,
          details: { correctsInspectionId: id, reason },
        });
        return copy;
      });
      return detail(createInspectionsRepository({ db }), actor, row);
    },
  };
}

export type InspectionsService = ReturnType<typeof createInspectionsService>;
