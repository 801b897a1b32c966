import { type SQL, sql } from 'drizzle-orm';
import type { Permission } from '../../../domain/access/roles.ts';
import { checkItem } from '../../../domain/hazards/checklist.ts';
import {
  deadlineInRange,
  defaultDeadline,
  levelOnFinding,
  majorListing,
  needsInterimControl,
} from '../../../domain/hazards/deadlines.ts';
import { itemsFor, responsibleDepartment } from '../../../domain/hazards/evaluate.ts';
import { reboundOf } from '../../../domain/hazards/follow-up.ts';
import {
  type HazardEvent,
  type HazardEventRefusal,
  allowedEvents,
  checkHazardEvent,
  hazardEventTypes,
} from '../../../domain/hazards/hazard-state.ts';
import { type HazardLimits, defaultLimits } from '../../../domain/hazards/limits.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, can, requirePermission } from '../../platform/access.ts';
import { perActorStatement } from '../../platform/actor-statements.ts';
import { recordAuditEntry } from '../../platform/audit/audit.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { forbidden } from '../../platform/errors.ts';
import { chinaToday as todayInChina } from '../../../domain/dates.ts';
import { readableFileIds } from '../../platform/files/index.ts';
import { createVenuesService } from '../registry/index.ts';
import { inspectionFileReader } from '../inspections/index.ts';
import {
  type HazardScopeColumns,
  anyOf,
  eventPermissions,
  hazardFileReader,
  hazardReadScope,
  hazardScope,
} from './hazards.access.ts';
import {
  hazardClosed,
  hazardDatesInvalid,
  hazardDeadlineReasonRequired,
  hazardDepartmentNotFound,
  hazardEvidenceRequired,
  hazardFileNotFound,
  hazardInterimControlRequired,
  hazardItemNotApplicable,
  hazardItemNotFound,
  hazardMeasureRequired,
  hazardMethodRequired,
  hazardNotFound,
  hazardNotSuspendable,
  hazardObjectNotFound,
  hazardObjectOutsideScope,
  hazardPersonNotFound,
  hazardReasonRequired,
  hazardSeverityRequired,
  hazardSupplyResumeBlocked,
  hazardNotMajor,
  hazardOnSiteRequired,
  hazardTreatmentDeadlineInvalid,
  hazardTreatmentPlanRequired,
  hazardTransitionNotAllowed,
} from './hazards.errors.ts';
import { type LedgerObject, loadLedgerObject } from '../registry/index.ts';
import { presentEvent, presentHazard } from './hazards.presenter.ts';
import { type HazardInsert, type HazardRow, createHazardsRepository } from './hazards.repository.ts';
import type { CreateHazardInput, ListHazardsQuery, TreatmentPlanInput, UpdateHazardInput } from './hazards.schemas.ts';
import { treatmentPlansOf, upsertTreatmentPlan } from './hazards.treatment.ts';
import type { HazardSource } from './hazards.table.ts';

/** Who records a major hazard's treatment plan: the responsible party, or an officer managing the hazard. */
const treatmentPlanPermissions: readonly Permission[] = ['hazard.rectify', 'hazard.manage'];

export type HazardsServiceOptions = { db: Db; limits?: HazardLimits; today?: () => string };

const literal = (value: string | null, type: 'uuid' | 'text') => sql`${value}::${sql.raw(type)}`;

/** Would a hazard with these values lie within the actor's scope for the permission? */
export async function hazardValuesInScope(
  db: Db,
  actor: Actor,
  permission: Permission,
  v: {
    objectType: string;
    objectId: string;
    regionId: string;
    objectKind: string;
    ownerEnterpriseId: string | null;
    departmentId: string | null;
  },
  mode: 'read' | 'write' = 'write',
): Promise<boolean> {
  const cols: HazardScopeColumns = {
    objectType: literal(v.objectType, 'text'),
    objectId: literal(v.objectId, 'uuid'),
    regionId: literal(v.regionId, 'uuid'),
    objectKind: literal(v.objectKind, 'text'),
    ownerEnterpriseId: literal(v.ownerEnterpriseId, 'uuid'),
    // Reading about an object with no responsible department (its accountability review, an import's
    // match) goes by the object kinds the department answers for.
    departmentId: v.departmentId === null && mode === 'read' ? undefined : literal(v.departmentId, 'uuid'),
  };
  const result = (await db.execute(sql`select (${hazardScope(actor, permission, cols, mode)}) as ok`)) as unknown as {
    rows: { ok: boolean }[];
  };
  return result.rows[0]?.ok === true;
}

/** Maps the domain's refusal to the API's error: a wrong state is a conflict, a missing payload a bad request. */
function refusalError(refusal: HazardEventRefusal, details: Record<string, unknown>) {
  switch (refusal) {
    case 'not_allowed_in_state':
      return hazardTransitionNotAllowed({ ...details, reason: refusal });
    case 'evidence_required':
      return hazardEvidenceRequired({ ...details, reason: refusal });
    case 'reason_required':
      return hazardReasonRequired({ ...details, reason: refusal });
    case 'measure_required':
      return hazardMeasureRequired({ ...details, reason: refusal });
    case 'method_required':
      return hazardMethodRequired({ ...details, reason: refusal });
  }
}

/**
 * Appends one event to a hazard's timeline with its audit entry (`hazard.<action>`, with the
 * hazard's region), inside the caller's transaction.
 */
export async function recordHazardEvent(
  tx: Db,
  {
    actor,
    hazard,
    event,
    action = event,
    from = hazard.status,
    to = hazard.status,
    note = null,
    photoIds = [],
    reason = null,
    details = null,
    before,
    after,
  }: {
    actor: Actor;
    hazard: Pick<HazardRow, 'id' | 'number' | 'regionId' | 'status'>;
    event: string;
    action?: string;
    from?: HazardRow['status'] | null;
    to?: HazardRow['status'] | null;
    note?: string | null;
    photoIds?: string[];
    reason?: string | null;
    details?: Record<string, unknown> | null;
    before?: unknown;
    after?: unknown;
  },
) {
  const audit = await recordAuditEntry(tx, {
    actor,
    action: `hazard.${action}`,
    subject: { type: 'hazard', id: hazard.id },
    regionId: hazard.regionId,
    before,
    after,
    details: { number: hazard.number, from, to, ...(reason ? { reason } : {}), ...(details ?? {}) },
  });
  // The live feed and other modules' handlers learn of it after commit (ids and states only).
  await publishEvent(tx, {
    type: `hazard.${event}`,
    subject: { type: 'hazard', id: hazard.id },
    regionId: hazard.regionId,
    payload: { number: hazard.number, event, from, to, ...(details?.level ? { level: details.level } : {}) },
  });
  return createHazardsRepository({ db: tx }).insertEvent({
    hazardId: hazard.id,
    event,
    fromStatus: from,
    toStatus: to,
    actorId: actor.type === 'user' ? actor.id : null,
    actorName: actor.name,
    note,
    photoIds,
    reason,
    details,
    auditSeq: audit.seq,
  });
}

/**
 * The closed hazard a new failure of this object and item rebounds from (改后反弹: the same item
 * fails again within the window after close-out), per the domain's `reboundOf`; null if none.
 * Used by hand-created, imported and inspection-raised hazards alike.
 */
export async function findReboundOrigin(
  tx: Db,
  failure: { objectType: string; objectId: string; itemId: string | null; foundOn: string },
  limits: HazardLimits = defaultLimits,
): Promise<string | null> {
  if (!failure.itemId) return null;
  const candidates = await createHazardsRepository({ db: tx }).closedOfObjectItem({
    objectType: failure.objectType,
    objectId: failure.objectId,
    itemId: failure.itemId,
  });
  const origin = reboundOf(
    { objectId: failure.objectId, itemId: failure.itemId, at: failure.foundOn },
    candidates.map((c) => ({ ...c, closedAt: c.closedAt })),
    { windowMonths: limits.reboundWindowMonths },
  );
  return origin?.id ?? null;
}

/** Photos a hazard may name: the caller's own uploads or files it can already read (else 404-alike). */
async function checkPhotos(tx: Db, actor: Actor, ids: readonly string[], field: string) {
  const unique = [...new Set(ids)];
  const found = await readableFileIds(tx, actor, unique, [inspectionFileReader, hazardFileReader]);
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length) throw hazardFileNotFound({ field, missing });
}

export type CreateOptions = {
  source: HazardSource;
  sourceRef?: string | null;
  today: string;
  limits: HazardLimits;
  /** Already resolved (the import resolves objects itself). */
  object?: LedgerObject;
  /** For the import: the state and close-out the old ledger recorded. */
  imported?: { status: HazardRow['status']; closedAt: Date | null; rectification: string | null };
  auditDetails?: Record<string, unknown>;
  /** For an imported row without a check item: the plan clause the old ledger gave. */
  planRef?: string | null;
};

/**
 * Creates a hazard by hand (or from an imported row) inside the caller's transaction: the object
 * from the register, plan reference, severity and department from the check item, deadline from
 * the domain's default by severity, interim control required for a major hazard not fixed at once
 * (plan 五(一)4), rebound linked (改后反弹), audited and put on the timeline.
 */
export async function createHazardInTransaction(
  tx: Db,
  actor: Actor,
  input: CreateHazardInput,
  opts: CreateOptions,
): Promise<HazardRow> {
  const repo = createHazardsRepository({ db: tx });
  const object =
    opts.object ?? (await loadLedgerObject(tx, { type: input.objectType, id: input.objectId }, opts.today));
  if (!object) throw hazardObjectNotFound({ field: 'objectId' });

  const item = input.itemId ? checkItem(input.itemId) : undefined;
  if (input.itemId && !item) throw hazardItemNotFound({ field: 'itemId', itemId: input.itemId });
  if (item && itemsFor(object.checklistObject, [item]).length === 0)
    throw hazardItemNotApplicable({ field: 'itemId', itemId: item.id, objectType: object.type });
  const severity = input.severity ?? item?.severity;
  if (!severity) throw hazardSeverityRequired({ field: 'severity' });

  let departmentId: string | null = null;
  if (input.departmentId) {
    if (!(await repo.departmentById(input.departmentId))) throw hazardDepartmentNotFound({ field: 'departmentId' });
    departmentId = input.departmentId;
  } else if (item) {
    departmentId =
      (await repo.departmentByCode(responsibleDepartment(item, object.checklistObject), object.regionPath)) ?? null;
  }

  const inScope = await hazardValuesInScope(tx, actor, 'hazard.manage', {
    objectType: object.type,
    objectId: object.id,
    regionId: object.regionId,
    objectKind: object.objectKind,
    ownerEnterpriseId: object.ownerEnterpriseId,
    departmentId,
  });
  if (!inScope) throw hazardObjectOutsideScope({ field: 'objectId' });

  const foundOn = input.foundOn ?? opts.today;
  if (foundOn > opts.today) throw hazardDatesInvalid({ field: 'foundOn' });
  const deadline = input.deadline ?? defaultDeadline(severity, foundOn, opts.limits);
  if (!deadlineInRange(foundOn, deadline, opts.today, opts.limits.maxDeadlineDays))
    throw hazardDatesInvalid({ field: 'deadline' });

  const status = opts.imported?.status ?? 'open';
  const interimControl = input.interimControl?.trim() || null;
  if (
    !opts.imported &&
    !input.fixedOnSite &&
    !interimControl &&
    needsInterimControl({ severity, state: 'open' }, opts.limits)
  ) {
    throw hazardInterimControlRequired({ field: 'interimControl' });
  }
  await checkPhotos(tx, actor, [...input.photoIds, ...(input.fixedOnSite?.photoIds ?? [])], 'photoIds');

  // 整治责任人: as given, else the object's own responsible party from the register.
  const given = input.responsiblePersonId || input.responsiblePersonName || input.responsiblePhone;
  let personName = input.responsiblePersonName ?? (given ? null : object.responsible.personName);
  let phone = input.responsiblePhone ?? (given ? null : object.responsible.phone);
  const personId = input.responsiblePersonId ?? (given ? null : object.responsible.personId);
  if (input.responsiblePersonId) {
    const person = await repo.personById(input.responsiblePersonId);
    if (!person) throw hazardPersonNotFound({ field: 'responsiblePersonId' });
    personName ??= person.name;
    phone ??= person.phone;
  }

  const reboundOfHazardId = await findReboundOrigin(
    tx,
    { objectType: object.type, objectId: object.id, itemId: item?.id ?? null, foundOn },
    opts.limits,
  );
  const values: HazardInsert = {
    number: await repo.nextNumber(Number(foundOn.slice(0, 4))),
    objectType: object.type,
    objectId: object.id,
    regionId: object.regionId,
    objectKind: object.objectKind,
    ownerEnterpriseId: object.ownerEnterpriseId,
    objectName: object.name,
    objectAddress: object.address,
    source: opts.source,
    sourceRef: opts.sourceRef ?? null,
    itemId: item?.id ?? null,
    planRef: item?.planRef ?? opts.planRef ?? null,
    severity,
    description: input.description,
    photoIds: [...new Set(input.photoIds)],
    departmentId,
    responsibleParty: input.responsibleParty ?? object.responsible.party,
    responsiblePersonId: personId,
    responsiblePersonName: personName,
    responsiblePhone: phone,
    foundOn,
    deadline,
    interimControl,
    rectification: opts.imported?.rectification ?? null,
    status,
    closedAt: opts.imported?.closedAt ?? null,
    reboundOfHazardId,
    createdBy: actor.type === 'user' ? actor.id : null,
  };
  let row = await repo.insert(values);
  await recordHazardEvent(tx, {
    actor,
    hazard: row,
    event: 'created',
    action: 'create',
    from: null,
    to: row.status,
    note: row.description,
    photoIds: row.photoIds,
    details: { source: row.source, severity, itemId: row.itemId, deadline, ...(opts.auditDetails ?? {}) },
    after: row,
  });
  if (reboundOfHazardId) {
    await recordHazardEvent(tx, {
      actor,
      hazard: row,
      event: 'rebound_linked',
      action: 'rebound_link',
      details: { reboundOfHazardId, windowMonths: opts.limits.reboundWindowMonths },
    });
  }
  // Imported history keeps its own course; a hazard found now is listed at once when major.
  if (!opts.imported) row = await listMajorOnFinding(tx, actor, row);
  if (input.fixedOnSite) {
    row = await applyEvent(tx, actor, row, {
      type: 'submit',
      evidence: { note: input.fixedOnSite.note, photoIds: input.fixedOnSite.photoIds },
    });
  }
  return row;
}

/**
 * Lists a newly found major hazard for supervision (挂牌督办) and reports it at once (domain `majorListing`):
 * escalation level 1, on the timeline, in the audit and on the live feed (`hazard.escalated`), in the
 * caller's transaction. Anything else is returned as it is.
 */
export async function listMajorOnFinding(tx: Db, actor: Actor, row: HazardRow): Promise<HazardRow> {
  return raiseToListed(tx, actor, row, { reason: 'major_found' });
}

/**
 * Lists an open major hazard for supervision because the office issued a 挂牌督办 order for it (supervision
 * orders, in the order's transaction): the hazard is locked and raised to the listing level (see
 * hazards.listing.ts: the one definition of "listed"), with the order's number on its timeline and in the
 * audit. A hazard already listed (or escalated further) is left as it is; a closed or general one is refused
 * by the caller before (`isMajorListed` tells it).
 */
export async function listMajorHazard(
  tx: Db,
  actor: Actor,
  hazardId: string,
  order: { number: string },
): Promise<HazardRow | undefined> {
  const row = await createHazardsRepository({ db: tx }).getForUpdate(hazardId, hazardReadScope(actor));
  if (!row) return undefined;
  return raiseToListed(tx, actor, row, { reason: 'supervision_order', orderNumber: order.number });
}

async function raiseToListed(
  tx: Db,
  actor: Actor,
  row: HazardRow,
  why: { reason: 'major_found' } | { reason: 'supervision_order'; orderNumber: string },
): Promise<HazardRow> {
  const level = levelOnFinding(row.severity);
  if (level === 0 || row.status === 'closed' || row.escalationLevel >= level) return row;
  const updated = await createHazardsRepository({ db: tx }).update(row.id, {
    escalationLevel: level,
    escalatedAt: new Date(),
  });
  await recordHazardEvent(tx, {
    actor,
    hazard: updated,
    event: 'escalated',
    action: 'escalate',
    note: why.reason === 'major_found' ? majorListing.label.zh : `挂牌督办（督办单 ${why.orderNumber}）`,
    details: {
      fromLevel: row.escalationLevel,
      level,
      ...why,
      notify: ['township', 'responsible_department'],
      regionId: row.regionId,
      departmentId: row.departmentId,
      deadline: row.deadline,
    },
  });
  return updated;
}

/** Applies a checked event to a loaded (locked) hazard; throws the domain's refusal. */
async function applyEvent(
  tx: Db,
  actor: Actor,
  row: HazardRow,
  event: HazardEvent,
  extra: { note?: string | null } = {},
): Promise<HazardRow> {
  const check = checkHazardEvent(row.status, event);
  if (!check.ok) {
    throw refusalError(check.refusal, { event: event.type, from: row.status, allowed: allowedEvents(row.status) });
  }
  const repo = createHazardsRepository({ db: tx });
  const changes: Partial<HazardInsert> = { status: check.state };
  let note: string | null = extra.note?.trim() || null;
  let photoIds: string[] = [];
  let reason: string | null = null;
  let details: Record<string, unknown> | null = null;
  switch (event.type) {
    case 'submit': {
      photoIds = [...new Set((event.evidence.photoIds ?? []).filter((p) => p.trim() !== ''))];
      await checkPhotos(tx, actor, photoIds, 'photoIds');
      note = event.evidence.note?.trim() || null;
      changes.submittedAt = new Date();
      if (note) changes.rectification = note;
      break;
    }
    case 'verify':
      // 销号 of a major hazard (安全生产事故隐患排查治理暂行规定 art. 18): on site, with its treatment plan on file.
      if (row.severity === 'major') {
        if (event.method !== 'on_site') throw hazardOnSiteRequired({ field: 'method' });
        if (!(await treatmentPlansOf(tx, [row.id])).size) throw hazardTreatmentPlanRequired({ field: 'treatmentPlan' });
      }
      changes.closedAt = new Date();
      changes.closedBy = actor.type === 'user' ? actor.id : null;
      details = { method: event.method };
      break;
    case 'send_back':
      reason = event.reason.trim();
      break;
    case 'add_interim_control':
      changes.interimControl = event.measure.trim();
      note = changes.interimControl;
      break;
    case 'start_rectification':
      break;
  }
  const after = await repo.update(row.id, changes);
  await recordHazardEvent(tx, {
    actor,
    hazard: row,
    event: event.type,
    from: row.status,
    to: after.status,
    note,
    photoIds,
    reason,
    details,
  });
  return after;
}

export function createHazardsService({
  db,
  limits = defaultLimits,
  today = () => todayInChina(),
}: HazardsServiceOptions) {
  const repo = createHazardsRepository({ db });

  // The detail's row and abilities in one statement per actor's grants: building their SQL (the read scope and eight
  // ability conditions) cost more than running it.
  const detailRead = perActorStatement((actor) => {
    const flagConds: Record<string, SQL> = {
      edit: hazardScope(actor, 'hazard.manage'),
      suspend: sql`(${hazardScope(actor, 'hazard.manage')}) and ${can(actor, 'registry.manage')}`,
      plan: anyOf(actor, treatmentPlanPermissions),
    };
    for (const type of hazardEventTypes) flagConds[type] = anyOf(actor, eventPermissions[type]);
    return repo.prepareGetWithFlags(hazardReadScope(actor), flagConds);
  });

  async function detail(actor: Actor, id: string) {
    const [found] = await detailRead(actor).execute({ id });
    if (!found) throw hazardNotFound();
    const { hazard: row, flags } = found;
    const [named] = await repo.withNames([row]);
    const events = await repo.events(id);
    const allowed = new Set(allowedEvents(row.status));
    const live = row.status !== 'closed';
    return {
      ...presentHazard(named!, today()),
      timeline: events.map(presentEvent),
      treatmentPlan: (await treatmentPlansOf(db, [id])).get(id) ?? null,
      abilities: {
        ...(Object.fromEntries(hazardEventTypes.map((t) => [t, allowed.has(t) && flags[t] === true])) as Record<
          (typeof hazardEventTypes)[number],
          boolean
        >),
        edit: live && flags.edit === true,
        suspendSupply: live && row.objectType === 'venue' && flags.suspend === true,
        treatmentPlan: live && row.severity === 'major' && flags.plan === true,
      },
    };
  }

  /** Loads and locks a hazard the actor may see; 404 outside the read scope. */
  async function lockVisible(tx: Db, actor: Actor, id: string) {
    const row = await createHazardsRepository({ db: tx }).getForUpdate(id, hazardReadScope(actor));
    if (!row) throw hazardNotFound();
    return row;
  }

  async function mayAct(tx: Db, actor: Actor, id: string, perms: readonly Permission[]) {
    const { ok } = await createHazardsRepository({ db: tx }).flags(id, { ok: anyOf(actor, perms) });
    if (!ok) throw forbidden({ permission: perms.join('|') });
  }

  /** Sends one closed-loop event, checked by the domain's state machine, audited and on the timeline. */
  async function send(actor: Actor, id: string, event: HazardEvent, extra: { note?: string | null } = {}) {
    const perms = eventPermissions[event.type];
    if (!perms.some((p) => can(actor, p))) throw forbidden({ permission: perms.join('|') });
    await db.transaction(async (tx) => {
      const row = await lockVisible(tx, actor, id);
      await mayAct(tx, actor, id, perms);
      await applyEvent(tx, actor, row, event, extra);
    });
    return detail(actor, id);
  }

  return {
    /** One hazard in scope with its timeline and the events the actor may send now; 404 outside the scope. */
    async get({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'hazard.read');
      return detail(actor, id);
    },

    /** A page of the ledger in the actor's scope (filters, sort, keyset or offset paging). */
    async list({ actor, query, extra }: { actor: Actor; query: ListHazardsQuery; extra?: SQL }) {
      requirePermission(actor, 'hazard.read');
      const { sort, cursor, page, pageSize, ...filters } = query;
      const scope = extra ? sql`(${hazardReadScope(actor)}) and (${extra})` : hazardReadScope(actor);
      const now = today();
      const result = await repo.list({ scope, filters, sort, cursor, page, pageSize, today: now });
      return {
        items: result.rows.map((r) => presentHazard(r, now)),
        nextCursor: result.nextCursor,
        total: result.total,
        page: cursor ? null : (page ?? null),
        pageSize,
      };
    },

    /** Creates a hazard by hand (source 'manual'). */
    async create({ actor, input }: { actor: Actor; input: CreateHazardInput }) {
      requirePermission(actor, 'hazard.manage');
      const row = await db.transaction((tx) =>
        createHazardInTransaction(tx, actor, input, { source: 'manual', today: today(), limits }),
      );
      return detail(actor, row.id);
    },

    startRectification: ({ actor, id, note }: { actor: Actor; id: string; note?: string }) =>
      send(actor, id, { type: 'start_rectification' }, { note }),
    submit: ({ actor, id, note, photoIds }: { actor: Actor; id: string; note?: string; photoIds?: string[] }) =>
      send(actor, id, { type: 'submit', evidence: { note, photoIds } }),
    verify: ({
      actor,
      id,
      method,
      note,
    }: {
      actor: Actor;
      id: string;
      method: 'on_site' | 'evidence';
      note?: string;
    }) => send(actor, id, { type: 'verify', method }, { note }),
    sendBack: ({ actor, id, reason }: { actor: Actor; id: string; reason?: string }) =>
      send(actor, id, { type: 'send_back', reason: reason ?? '' }),
    addInterimControl: ({ actor, id, measure }: { actor: Actor; id: string; measure?: string }) =>
      send(actor, id, { type: 'add_interim_control', measure: measure ?? '' }),

    /** Edits the responsible party/person/phone or the deadline (a moved deadline needs a reason); audited. */
    async update({ actor, id, changes }: { actor: Actor; id: string; changes: UpdateHazardInput }) {
      requirePermission(actor, 'hazard.manage');
      await db.transaction(async (tx) => {
        const r = createHazardsRepository({ db: tx });
        const row = await lockVisible(tx, actor, id);
        await mayAct(tx, actor, id, ['hazard.manage']);
        if (row.status === 'closed') throw hazardClosed();
        const next: Partial<HazardInsert> = {};
        if (changes.responsibleParty !== undefined) next.responsibleParty = changes.responsibleParty;
        if (changes.responsiblePersonId !== undefined) {
          if (changes.responsiblePersonId !== null) {
            const person = await r.personById(changes.responsiblePersonId);
            if (!person) throw hazardPersonNotFound({ field: 'responsiblePersonId' });
            next.responsiblePersonName = changes.responsiblePersonName ?? person.name;
            next.responsiblePhone = changes.responsiblePhone ?? person.phone;
          }
          next.responsiblePersonId = changes.responsiblePersonId;
        }
        if (changes.responsiblePersonName !== undefined) next.responsiblePersonName = changes.responsiblePersonName;
        if (changes.responsiblePhone !== undefined) next.responsiblePhone = changes.responsiblePhone;
        const moved = changes.deadline !== undefined && changes.deadline !== row.deadline;
        if (moved) {
          if (!changes.reason?.trim()) throw hazardDeadlineReasonRequired({ field: 'reason' });
          if (!deadlineInRange(row.foundOn, changes.deadline!, today(), limits.maxDeadlineDays))
            throw hazardDatesInvalid({ field: 'deadline' });
          next.deadline = changes.deadline!;
        }
        const fields = Object.keys(next);
        if (fields.length === 0) return;
        const before = Object.fromEntries(fields.map((f) => [f, row[f as keyof HazardRow]]));
        await r.update(id, next);
        await recordHazardEvent(tx, {
          actor,
          hazard: row,
          event: moved ? 'deadline_moved' : 'updated',
          action: 'update',
          reason: moved ? changes.reason!.trim() : (changes.reason?.trim() ?? null),
          details: { fields, before, after: next },
          before,
          after: next,
        });
      });
      return detail(actor, id);
    },

    /**
     * 未整改完毕暂停供气 (plan 五(一)2): suspends the venue's gas supply through the venues module, in
     * the same transaction, for an open hazard that is major or whose venue refuses rectification.
     */
    async suspendSupply({
      actor,
      id,
      reason,
      refusesRectification,
    }: {
      actor: Actor;
      id: string;
      reason: string;
      refusesRectification: boolean;
    }) {
      requirePermission(actor, 'hazard.manage');
      await db.transaction(async (tx) => {
        const row = await lockVisible(tx, actor, id);
        await mayAct(tx, actor, id, ['hazard.manage']);
        if (
          row.objectType !== 'venue' ||
          row.status === 'closed' ||
          !(row.severity === 'major' || refusesRectification)
        )
          throw hazardNotSuspendable({ objectType: row.objectType, status: row.status, severity: row.severity });
        const fullReason = `${row.number}：${reason}`;
        await createVenuesService({ db: tx }).suspendSupply({ actor, id: row.objectId, reason: fullReason });
        await recordHazardEvent(tx, {
          actor,
          hazard: row,
          event: 'supply_suspended',
          action: 'suspend_supply',
          reason,
          details: { venueId: row.objectId, refusesRectification },
        });
      });
      return detail(actor, id);
    },

    /**
     * Records or revises a major hazard's treatment plan (治理方案, 安全生产事故隐患排查治理暂行规定 art. 15;
     * 安全生产法 art. 41), by the responsible party or an officer managing the hazard: on the timeline, audited,
     * and published at once (the regulators' live feed and the supervision list learn of it).
     */
    async setTreatmentPlan({ actor, id, plan }: { actor: Actor; id: string; plan: TreatmentPlanInput }) {
      if (!treatmentPlanPermissions.some((p) => can(actor, p)))
        throw forbidden({ permission: treatmentPlanPermissions.join('|') });
      await db.transaction(async (tx) => {
        const row = await lockVisible(tx, actor, id);
        await mayAct(tx, actor, id, treatmentPlanPermissions);
        if (row.severity !== 'major' || row.status === 'closed')
          throw hazardNotMajor({ severity: row.severity, status: row.status });
        if (plan.deadline < row.foundOn || plan.deadline > row.deadline)
          throw hazardTreatmentDeadlineInvalid({
            field: 'deadline',
            foundOn: row.foundOn,
            hazardDeadline: row.deadline,
          });
        const { row: stored, created } = await upsertTreatmentPlan(
          tx,
          id,
          plan,
          actor.type === 'user' ? actor.id : null,
        );
        await recordHazardEvent(tx, {
          actor,
          hazard: row,
          event: created ? 'treatment_plan_reported' : 'treatment_plan_revised',
          action: created ? 'report_treatment_plan' : 'revise_treatment_plan',
          note: plan.measures,
          details: { revision: stored.revision, deadline: plan.deadline },
          after: plan,
        });
      });
      return detail(actor, id);
    },

    /**
     * Resumes a venue's gas supply (plan 五(一)2 未整改完毕暂停供气): only when the hazards that stopped it are
     * closed — those whose suspension is on their timeline, and any open major hazard of the venue (plan 三(一)3:
     * no supply to an unsafe user) — or by the campaign office (campaign.manage) with a recorded reason.
     */
    async resumeSupply({ actor, venueId, overrideReason }: { actor: Actor; venueId: string; overrideReason?: string }) {
      requirePermission(actor, 'registry.manage');
      if (overrideReason && !can(actor, 'campaign.manage')) throw forbidden({ permission: 'campaign.manage' });
      return db.transaction(async (tx) => {
        const venues = createVenuesService({ db: tx });
        // 404 outside the venue's scope before anything about its hazards is said.
        await venues.get({ actor, id: venueId });
        const blocking = await createHazardsRepository({ db: tx }).blockingSupply(venueId);
        if (blocking.length && !overrideReason) {
          throw hazardSupplyResumeBlocked({
            field: 'overrideReason',
            hazards: blocking.map((h) => h.number),
          });
        }
        const override = blocking.length
          ? { overrideReason: overrideReason!, openHazards: blocking.map((h) => h.number) }
          : undefined;
        const venue = await venues.resumeSupply({ actor, id: venueId, override });
        if (override) {
          for (const hazard of blocking) {
            await recordHazardEvent(tx, {
              actor,
              hazard,
              event: 'supply_resumed_by_override',
              action: 'resume_supply_override',
              reason: override.overrideReason,
              details: { venueId },
            });
          }
        }
        return venue;
      });
    },
  };
}

export type HazardsService = ReturnType<typeof createHazardsService>;

/**
 * The hazards' contract for the modules that find hazards (alarms, failed delivery checks, founded tips, cases):
 * raises one hazard on a register object in the caller's transaction, with its timeline entry and audit entry,
 * under the same rules as a hazard entered by hand (the actor's scope, the check item's severity, plan clause and
 * responsible department, the deadline by severity). `source` says where it came from and `sourceRef` which alarm,
 * tip or case it was. The object is `{ type, id }`, or the register object already loaded (`loadRegisterObject`).
 */
export function raiseHazard({
  tx,
  actor,
  object,
  source,
  sourceRef = null,
  limits = defaultLimits,
  today = todayInChina(),
  ...input
}: {
  tx: Db;
  actor: Actor;
  object: { type: LedgerObject['type']; id: string } | LedgerObject;
  source: Exclude<HazardSource, 'inspection' | 'import'>;
  sourceRef?: string | null;
  limits?: HazardLimits;
  today?: string;
} & Omit<CreateHazardInput, 'objectType' | 'objectId' | 'photoIds'> & { photoIds?: string[] }): Promise<HazardRow> {
  const loaded = 'checklistObject' in object ? object : undefined;
  return createHazardInTransaction(
    tx,
    actor,
    { objectType: object.type, objectId: object.id, photoIds: [], ...input },
    { source, sourceRef, today, limits, object: loaded },
  );
}
