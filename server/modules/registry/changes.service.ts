import { type SQL, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type Actor, can, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { isUniqueViolation } from '../../platform/db-errors.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { actorsPassing } from '../../platform/scope.ts';
import type { TodoGroup } from '../../platform/todos.ts';
import {
  changeEditDirectly,
  changeNotDecider,
  changeNotFound,
  changeNotPending,
  changeNotProposer,
  changeNothing,
  changePendingExists,
  changeRegionNotFound,
  changeSubjectArchived,
  changeSubjectNotFound,
} from './changes.errors.ts';
import { type ChangeRow, changeDecideScope, changeReadScope, createChangesRepository } from './changes.repository.ts';
import { EnterpriseChange, type ProposeChangeInput, VenueChange } from './changes.schemas.ts';
import { PipelineSiteChange, VenueSiteChange } from './changes.corrections.ts';
import { registryChangeRequestsTable as t } from './changes.table.ts';
import { enterpriseManageScope, createEnterprisesService } from './enterprises.service.ts';
import { CreateLicenceBody, UpdateLicenceBody } from './licences.schemas.ts';
import { createLicencesService, licenceManageScope } from './licences.service.ts';
import { managesOnlyItself, registryFilter } from './registry.access.ts';
import { venuesTable } from './registry.table.ts';
import { createPipelinesService } from './pipelines.service.ts';
import { checkVenueState, createVenuesService } from './venues.service.ts';
import { venueRegulatorFields } from './venues.schemas.ts';

type Subject = {
  name: string;
  regionId: string;
  kind: string;
  enterpriseId: string | null;
  venueId: string | null;
  archived: boolean;
  values: Record<string, unknown>;
};

/** Whether a proposed value is the stored one (gas sources in any order, a numeric column as a number). */
function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b))
    return JSON.stringify([...((a as string[]) ?? [])].sort()) === JSON.stringify([...((b as string[]) ?? [])].sort());
  if (typeof a === 'number' && b !== null && b !== undefined) return a === Number(b);
  return (a ?? null) === (b ?? null);
}

/**
 * Proposals by a supervised party to change what puts it under supervision (issue 9.4), decided by the regulator
 * responsible. Approval makes the change in the regulator's name through the register's own use cases (their rules,
 * scope checks, history and audit entries), in the same transaction as the decision and its own audit entry.
 */
export function createRegistryChangesService({ db }: { db: Db }) {
  async function subjectOf(tx: Db, actor: Actor, input: ProposeChangeInput): Promise<Subject> {
    const repo = createChangesRepository({ db: tx });
    switch (input.subjectType) {
      case 'venue': {
        const v = await repo.venue({
          id: input.subjectId,
          scope: registryFilter(actor, 'registry.manage', 'venue', {
            regionId: venuesTable.regionId,
            venueId: venuesTable.id,
            venueCategory: venuesTable.category,
          }),
        });
        if (!v) throw changeSubjectNotFound({ field: 'subjectId' });
        return {
          name: v.name,
          regionId: v.regionId,
          kind: v.category,
          enterpriseId: null,
          venueId: v.id,
          archived: v.archivedAt !== null,
          values: Object.fromEntries(venueRegulatorFields.map((f) => [f, v[f]])),
        };
      }
      case 'enterprise':
      case 'new_licence': {
        const e = await repo.enterprise({ id: input.subjectId, scope: enterpriseManageScope(actor) });
        if (!e) throw changeSubjectNotFound({ field: 'subjectId' });
        return {
          name: e.name,
          regionId: e.regionId,
          kind: e.kind,
          enterpriseId: e.id,
          venueId: null,
          archived: e.archivedAt !== null,
          values: {
            name: e.name,
            creditCode: e.creditCode,
            regionId: e.regionId,
            kind: e.kind,
            sellerChannel: e.sellerChannel,
          },
        };
      }
      case 'licence': {
        const r = await repo.licence({ id: input.subjectId, scope: licenceManageScope(actor) });
        if (!r) throw changeSubjectNotFound({ field: 'subjectId' });
        const l = r.licence;
        return {
          name: `${r.enterprise.name} ${l.number}`,
          regionId: r.enterprise.regionId,
          kind: r.enterprise.kind,
          enterpriseId: r.enterprise.id,
          venueId: null,
          archived: l.archivedAt !== null,
          values: {
            kind: l.kind,
            number: l.number,
            scope: l.scope,
            issuingBody: l.issuingBody,
            validFrom: l.validFrom,
            validTo: l.validTo,
          },
        };
      }
    }
  }

  async function present(tx: Db, actor: Actor, items: { row: ChangeRow; canDecide: boolean }[]) {
    const ids = new Set<string>();
    for (const { row } of items) {
      ids.add(row.regionId);
      for (const v of [row.changes, row.current] as Record<string, unknown>[])
        if (typeof v.regionId === 'string') ids.add(v.regionId);
    }
    const names = await createChangesRepository({ db: tx }).regionNames([...ids]);
    return items.map(({ row, canDecide }) => {
      const regionNames: Record<string, string> = {};
      for (const v of [row.changes, row.current] as Record<string, unknown>[])
        if (typeof v.regionId === 'string') regionNames[v.regionId] = names.get(v.regionId) ?? '';
      const pending = row.status === 'pending';
      return {
        id: row.id,
        subjectType: row.subjectType,
        subjectId: row.subjectId,
        subjectName: row.subjectName,
        regionId: row.regionId,
        regionName: names.get(row.regionId) ?? '',
        changes: row.changes as Record<string, unknown>,
        current: row.current as Record<string, unknown>,
        regionNames,
        reason: row.reason,
        status: row.status,
        proposedBy: { id: row.proposedBy, name: row.proposedByName },
        proposedAt: row.proposedAt.toISOString(),
        decidedBy: row.decidedBy ? { id: row.decidedBy, name: row.decidedByName ?? '' } : null,
        decidedAt: row.decidedAt?.toISOString() ?? null,
        decisionNote: row.decisionNote,
        sourceInspectionId: row.sourceInspectionId,
        abilities: { decide: pending && canDecide === true, withdraw: pending && row.proposedBy === actor.id },
        link: subjectPage(row),
      };
    });
  }

  async function one(tx: Db, actor: Actor, id: string) {
    const r = await createChangesRepository({ db: tx }).get({
      id,
      scope: changeReadScope(actor),
      decide: changeDecideScope(actor),
    });
    if (!r) throw changeNotFound();
    return (await present(tx, actor, [r]))[0]!;
  }

  /** Applies an approved proposal in the regulator's name through the register's own use cases. */
  async function apply(tx: Db, actor: Actor, row: ChangeRow) {
    switch (row.subjectType) {
      case 'venue':
        // A correction opened by an inspection carries site facts; a party's proposal its regulator fields.
        await createVenuesService({ db: tx }).update({
          actor,
          id: row.subjectId,
          changes: row.sourceInspectionId ? VenueSiteChange.parse(row.changes) : VenueChange.parse(row.changes),
        });
        return;
      case 'enterprise':
        await createEnterprisesService({ db: tx }).update({
          actor,
          id: row.subjectId,
          ...EnterpriseChange.parse(row.changes),
        });
        return;
      case 'licence':
        await createLicencesService({ db: tx }).update({
          actor,
          id: row.subjectId,
          ...UpdateLicenceBody.parse(row.changes),
        });
        return;
      case 'new_licence':
        await createLicencesService({ db: tx }).create({
          actor,
          enterpriseId: row.subjectId,
          ...CreateLicenceBody.parse(row.changes),
        });
        return;
      case 'pipeline':
        // Only a site correction has a pipeline subject (no party proposes one): its flags, through the segments' rules.
        await createPipelinesService({ db: tx }).update({
          actor,
          id: row.subjectId,
          ...PipelineSiteChange.parse(row.changes),
        });
        return;
    }
  }

  async function decision(
    actor: Actor,
    id: string,
    status: 'approved' | 'rejected' | 'withdrawn',
    note: string | null,
    audit: { action: string },
  ) {
    requirePermission(actor, 'registry.manage');
    return db.transaction(async (tx) => {
      const repo = createChangesRepository({ db: tx });
      const found = await repo.get({
        id,
        scope: changeReadScope(actor),
        decide: changeDecideScope(actor),
        lock: true,
      });
      if (!found) throw changeNotFound();
      const { row, canDecide } = found;
      if (row.status !== 'pending') throw changeNotPending({ status: row.status });
      if (status === 'withdrawn' ? row.proposedBy !== actor.id : !canDecide)
        throw status === 'withdrawn' ? changeNotProposer() : changeNotDecider();
      if (status === 'approved') await apply(tx, actor, row);
      await repo.decide({ id, status, actor, note });
      await recordAudit(tx, {
        actor,
        action: audit.action,
        subject: { type: 'registry_change', id },
        regionId: row.regionId,
        details: {
          subjectType: row.subjectType,
          subjectId: row.subjectId,
          subjectName: row.subjectName,
          changes: row.changes,
          ...(note ? { note } : {}),
        },
      });
      await publishEvent(tx, {
        type: `registry_change.${status}`,
        subject: { type: 'registry_change', id },
        regionId: row.regionId,
        payload: { subjectType: row.subjectType, subjectName: row.subjectName, proposedBy: row.proposedBy },
      });
      return one(tx, actor, id);
    });
  }

  return {
    /** A supervised party proposes a change of its regulator fields (a regulator edits directly: 400 registry_changes.edit_directly). */
    async propose({ actor, input }: { actor: Actor; input: ProposeChangeInput }) {
      requirePermission(actor, 'registry.manage');
      if (!managesOnlyItself(actor)) throw changeEditDirectly();
      return db.transaction(async (tx) => {
        const repo = createChangesRepository({ db: tx });
        const subject = await subjectOf(tx, actor, input);
        if (subject.archived) throw changeSubjectArchived();
        const proposed = Object.fromEntries(Object.entries(input.changes).filter(([, v]) => v !== undefined));
        const changed =
          input.subjectType === 'new_licence'
            ? Object.keys(proposed)
            : Object.keys(proposed).filter((k) => !same(proposed[k], subject.values[k]));
        if (changed.length === 0 || (input.subjectType === 'enterprise' && !changed.some((k) => k !== 'sellerChannel')))
          throw changeNothing({ field: 'changes' });
        const changes =
          input.subjectType === 'new_licence' ? proposed : Object.fromEntries(changed.map((k) => [k, proposed[k]]));
        // A venue's facts as they would be: its own rules hold now, not only when the regulator approves.
        if (input.subjectType === 'venue') {
          const merged: Record<string, unknown> = { ...subject.values, ...changes };
          for (const [device, day] of [
            ['detectorInstalled', 'detectorInstalledOn'],
            ['shutoffValveInstalled', 'shutoffValveInstalledOn'],
          ] as const)
            if (changes[device] === false && changes[day] === undefined) merged[day] = null;
          checkVenueState(merged as Parameters<typeof checkVenueState>[0]);
        }
        if (typeof changes.regionId === 'string' && !(await repo.regionExists(changes.regionId)))
          throw changeRegionNotFound({ field: 'changes.regionId' });
        const current = Object.fromEntries(Object.keys(changes).map((k) => [k, subject.values[k] ?? null]));
        if (await repo.pendingFor(input)) throw changePendingExists();
        let row: ChangeRow;
        try {
          row = await tx.transaction((sp) =>
            createChangesRepository({ db: sp }).insert({
              subjectType: input.subjectType,
              subjectId: input.subjectId,
              subjectName: subject.name,
              enterpriseId: subject.enterpriseId,
              venueId: subject.venueId,
              regionId: subject.regionId,
              kind: subject.kind,
              changes,
              current,
              reason: input.reason,
              proposedBy: actor.id!,
              proposedByName: actor.name,
            }),
          );
        } catch (err) {
          if (isUniqueViolation(err)) throw changePendingExists();
          throw err;
        }
        await recordAudit(tx, {
          actor,
          action: 'registry_change.propose',
          subject: { type: 'registry_change', id: row.id },
          regionId: row.regionId,
          details: {
            subjectType: row.subjectType,
            subjectId: row.subjectId,
            subjectName: row.subjectName,
            changes,
            reason: input.reason,
          },
        });
        await publishEvent(tx, {
          type: 'registry_change.proposed',
          subject: { type: 'registry_change', id: row.id },
          regionId: row.regionId,
          payload: { subjectType: row.subjectType, subjectName: row.subjectName, proposedBy: row.proposedBy },
        });
        return one(tx, actor, row.id);
      });
    },

    /** The regions a proposal may name (the whole county: a party moving its object needs the others too). */
    async regionChoices({ actor }: { actor: Actor }) {
      requirePermission(actor, 'registry.manage');
      return createChangesRepository({ db }).regionChoices();
    },

    async get({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'registry.read');
      return one(db, actor, id);
    },

    async list({
      actor,
      status,
      subjectType,
      subjectId,
      enterpriseId,
      sourceInspectionId,
      toDecide,
      page,
      pageSize,
    }: {
      actor: Actor;
      status?: ChangeRow['status'];
      subjectType?: ChangeRow['subjectType'];
      subjectId?: string;
      enterpriseId?: string;
      sourceInspectionId?: string;
      toDecide?: 'true' | 'false';
      page: number;
      pageSize: number;
    }) {
      requirePermission(actor, 'registry.read');
      const decide = changeDecideScope(actor);
      const where: (SQL | undefined)[] = [
        status ? eq(t.status, status) : undefined,
        subjectType ? eq(t.subjectType, subjectType) : undefined,
        subjectId ? eq(t.subjectId, subjectId) : undefined,
        enterpriseId ? eq(t.enterpriseId, enterpriseId) : undefined,
        sourceInspectionId ? eq(t.sourceInspectionId, sourceInspectionId) : undefined,
        toDecide === 'true' ? decide : undefined,
        toDecide === 'true' ? eq(t.status, 'pending') : undefined,
      ];
      const { rows, total } = await createChangesRepository({ db }).list({
        scope: changeReadScope(actor),
        decide,
        where,
        page,
        pageSize,
      });
      return { items: await present(db, actor, rows), total, page, pageSize };
    },

    approve: ({ actor, id, note }: { actor: Actor; id: string; note?: string }) =>
      decision(actor, id, 'approved', note ?? null, { action: 'registry_change.approve' }),
    reject: ({ actor, id, note }: { actor: Actor; id: string; note: string }) =>
      decision(actor, id, 'rejected', note, { action: 'registry_change.reject' }),
    withdraw: ({ actor, id }: { actor: Actor; id: string }) =>
      decision(actor, id, 'withdrawn', null, { action: 'registry_change.withdraw' }),
  };
}

export type RegistryChangesService = ReturnType<typeof createRegistryChangesService>;

/** The change requests the actor decides (issue 9.20 to-do list): pending, oldest first. */
export async function registryChangeTodos(db: Db, actor: Actor, limit = 20): Promise<TodoGroup[]> {
  if (managesOnlyItself(actor) || !can(actor, 'registry.manage')) return [];
  const { rows, total } = await createChangesRepository({ db }).list({
    scope: changeReadScope(actor),
    decide: changeDecideScope(actor),
    where: [changeDecideScope(actor), eq(t.status, 'pending')],
    page: 1,
    pageSize: limit,
  });
  return [
    {
      kind: 'registry_change_decide',
      total,
      overdue: 0,
      items: rows.map(({ row }) => ({
        kind: 'registry_change_decide' as const,
        subjectType: 'registry_change',
        subjectId: row.id,
        title: row.subjectName,
        number: null,
        due: null,
        overdue: false,
        sentBack: false,
        link: subjectPage(row),
      })),
    },
  ];
}

/** The web page of a change's subject, where its requests and corrections are listed (ChangeRequestsCard). */
function subjectPage(row: Pick<ChangeRow, 'subjectType' | 'subjectId' | 'enterpriseId'>): string {
  switch (row.subjectType) {
    case 'venue':
      return `/registry/venues/${row.subjectId}`;
    case 'pipeline':
      return `/registry/pipelines/${row.subjectId}`;
    default:
      return `/registry/enterprises/${row.enterpriseId ?? row.subjectId}`;
  }
}

/** The web page where change request `id` is seen and decided (its subject's page), for notifications' links. */
export async function registryChangeLink(tx: Db, id: string): Promise<string> {
  const [row] = await tx
    .select({ subjectType: t.subjectType, subjectId: t.subjectId, enterpriseId: t.enterpriseId })
    .from(t)
    .where(eq(t.id, id));
  return row ? subjectPage(row) : '/todos';
}

/** Those among `actors` who decide a change request (its notification goes to them). */
export async function registryChangeDeciders(tx: Db, id: string, actors: Actor[]): Promise<Actor[]> {
  return actorsPassing(
    tx,
    t,
    eq(t.id, id),
    actors.filter((a) => !managesOnlyItself(a) && can(a, 'registry.manage')),
    changeDecideScope,
  );
}
