import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import {
  type CylinderLimits,
  defaultCylinderLimits,
  normaliseCylinderModel,
} from '../../../domain/cylinders/cylinders.ts';
import { chinaToday } from '../../../domain/dates.ts';
import { coordinatesCampaign } from '../../platform/scope.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { readableFileIds } from '../../platform/files/index.ts';
import { scopeFilter } from '../../platform/scope.ts';
import { enterprisesTable, findRegionById } from '../registry/index.ts';
import { anomalyDescriptor, cylinderScope } from './cylinders.access.ts';
import {
  agencyNotFound,
  blacklistDatesInvalid,
  blacklistEntryNotFound,
  blacklistNotRegulator,
  blacklistRemoved,
  cylinderDatesInvalid,
  cylinderModelInvalid,
  cylinderNotFound,
  cylinderStateInvalid,
  notTheAgency,
  seizurePhotoNotFound,
  seizureRegionNotFound,
} from './cylinders.errors.ts';
import { appendCylinderEvents, eventRow } from './cylinders.log.ts';
import { type CylinderRow, presentBlacklistEntry, presentCylinder } from './cylinders.presenter.ts';
import type { BlacklistInput, SeizureInput } from './cylinders.schemas.ts';
import { checkedCode } from './cylinders.service.ts';
import { cylinderAnomaliesTable, cylinderBlacklistTable, cylindersTable } from './cylinders.table.ts';
import { getTableColumns } from 'drizzle-orm';

const c = cylindersTable;
const withOwner = {
  ...getTableColumns(c),
  ownerName: sql<string>`(select ${enterprisesTable.name} from ${enterprisesTable} where ${enterprisesTable.id} = ${c.ownerEnterpriseId})`,
};

/**
 * The field's part (plan 三(一)5, 三(二)1): seizure by a department, the inspection agency's
 * record (inspection, scrapping: the code is retired), the product blacklist and its recall, and
 * the anomalies for market regulation.
 */
export function createCylinderFieldService({
  db,
  limits = defaultCylinderLimits,
  today = () => chinaToday(),
}: {
  db: Db;
  limits?: CylinderLimits;
  today?: () => string;
}) {
  async function load(tx: Db, actor: Actor, permission: 'cylinder.seize' | 'cylinder.inspect', code: string) {
    const [row] = await tx
      .select(withOwner)
      .from(c)
      .where(
        and(
          eq(c.code, checkedCode(code)),
          permission === 'cylinder.seize' ? cylinderScope(actor, 'cylinder.read') : sql`true`,
        ),
      )
      .for('update');
    if (!row) throw cylinderNotFound();
    return row as CylinderRow;
  }

  /** The agency holding the cylinder (its location), for an enterprise grant of that agency or a global grant. */
  function assertAgency(actor: Actor, row: CylinderRow) {
    if (actor.type === 'system' || actor.grants.some((g) => g.scopeType === 'global')) return;
    const agency = row.locationType === 'inspection_agency' ? row.locationId : null;
    if (!agency || !actor.grants.some((g) => g.scopeType === 'enterprise' && g.enterpriseId === agency))
      throw notTheAgency();
  }

  const blacklistKeeper = (actor: Actor) =>
    actor.type === 'system' ||
    actor.grants.some(
      (g) =>
        g.scopeType === 'global' ||
        (g.scopeType === 'department' &&
          (g.departmentCode === 'market_regulation' || coordinatesCampaign(g.departmentCode))),
    );

  return {
    /** 黑气瓶: a department seizes a cylinder (who, where, why, photos); without a code it is recorded under a generated one. */
    async seize({ actor, ...input }: { actor: Actor } & SeizureInput) {
      requirePermission(actor, 'cylinder.seize');
      return db.transaction(async (tx) => {
        const photos = [...new Set(input.photoFileIds ?? [])];
        const readable = await readableFileIds(tx, actor, photos, []);
        const missing = photos.filter((id) => !readable.has(id));
        if (missing.length > 0) throw seizurePhotoNotFound({ field: 'photoFileIds', missing });
        if (input.regionId && !(await findRegionById(tx, input.regionId)))
          throw seizureRegionNotFound({ field: 'regionId' });
        const row = input.code ? await load(tx, actor, 'cylinder.seize', input.code) : null;
        if (row && row.status !== 'in_service') throw cylinderStateInvalid({ status: row.status });
        const code =
          row?.code ??
          `UNCODED-${input.eventId
            .replace(/[^A-Za-z0-9]/g, '')
            .slice(0, 12)
            .toUpperCase()}`;
        await appendCylinderEvents(
          tx,
          [
            eventRow(
              {
                eventId: input.eventId,
                type: 'seized',
                code,
                occurredAt: new Date(input.occurredAt),
                lng: input.lng ?? null,
                lat: input.lat ?? null,
                reasons: input.grounds,
                note: input.note ?? null,
                details: { address: input.address, photoFileIds: photos, uncoded: !row },
              },
              {
                actor,
                cylinderId: row?.id ?? null,
                enterpriseId: row?.ownerEnterpriseId ?? null,
                regionId: input.regionId ?? row?.regionId ?? null,
              },
            ),
          ],
          limits,
        );
        await recordAudit(tx, {
          actor,
          action: 'cylinder.seize',
          subject: { type: 'cylinder', id: row?.id ?? null },
          regionId: input.regionId ?? row?.regionId ?? null,
          after: { ...input, code },
        });
        return { code };
      });
    },

    /** Sends a seized (or due) cylinder to an inspection agency: the owner or the seizing side. */
    async sendForInspection({
      actor,
      code,
      eventId,
      agencyEnterpriseId,
      occurredAt,
      note,
    }: {
      actor: Actor;
      code: string;
      eventId: string;
      agencyEnterpriseId: string;
      occurredAt: string;
      note?: string;
    }) {
      requirePermission(actor, 'cylinder.read');
      if (
        !actor.permissions.has('cylinder.seize') &&
        !actor.permissions.has('cylinder.manage') &&
        actor.type !== 'system'
      )
        requirePermission(actor, 'cylinder.seize');
      return db.transaction(async (tx) => {
        const row = await load(tx, actor, 'cylinder.seize', code);
        if (row.status === 'scrapped') throw cylinderStateInvalid({ status: row.status });
        const [agency] = await tx
          .select({ id: enterprisesTable.id })
          .from(enterprisesTable)
          .where(
            and(
              eq(enterprisesTable.id, agencyEnterpriseId),
              sql`${enterprisesTable.roles} @> array['inspection_agency']::text[]`,
            ),
          );
        if (!agency) throw agencyNotFound({ field: 'agencyEnterpriseId' });
        await appendCylinderEvents(
          tx,
          [
            eventRow(
              {
                eventId,
                type: 'sent_for_inspection',
                code: row.code,
                occurredAt: new Date(occurredAt),
                locationType: 'inspection_agency',
                locationId: agency.id,
                note: note ?? null,
              },
              { actor, cylinderId: row.id, enterpriseId: row.ownerEnterpriseId, regionId: row.regionId },
            ),
          ],
          limits,
        );
        await recordAudit(tx, {
          actor,
          action: 'cylinder.send_for_inspection',
          subject: { type: 'cylinder', id: row.id },
          regionId: row.regionId,
          after: { agencyEnterpriseId, eventId },
        });
        return presentCylinder((await load(tx, actor, 'cylinder.inspect', row.code)) as CylinderRow, today(), limits);
      });
    },

    /** The agency holding it records a periodic inspection (pass / fail, next due). */
    async inspect({
      actor,
      code,
      eventId,
      inspectedOn,
      passed,
      nextInspectionDue,
      note,
    }: {
      actor: Actor;
      code: string;
      eventId: string;
      inspectedOn: string;
      passed: boolean;
      nextInspectionDue?: string;
      note?: string;
    }) {
      requirePermission(actor, 'cylinder.inspect');
      return db.transaction(async (tx) => {
        const row = await load(tx, actor, 'cylinder.inspect', code);
        assertAgency(actor, row);
        if (row.status === 'scrapped') throw cylinderStateInvalid({ status: row.status });
        // The register's own rules for these dates (as at registration): not before it was made, not in
        // the future, and the next one after this one.
        if (inspectedOn > today() || inspectedOn < row.manufacturedOn)
          throw cylinderDatesInvalid({ field: 'inspectedOn' });
        if (nextInspectionDue && nextInspectionDue <= inspectedOn)
          throw cylinderDatesInvalid({ field: 'nextInspectionDue' });
        await appendCylinderEvents(
          tx,
          [
            eventRow(
              {
                eventId,
                type: 'inspected',
                code: row.code,
                occurredAt: new Date(),
                note: note ?? null,
                reasons: passed ? [] : ['FAILED_INSPECTION'],
                details: { inspectedOn, passed, nextInspectionDue: nextInspectionDue ?? null },
              },
              { actor, cylinderId: row.id, enterpriseId: row.locationId, regionId: row.regionId },
            ),
          ],
          limits,
        );
        await recordAudit(tx, {
          actor,
          action: 'cylinder.inspect',
          subject: { type: 'cylinder', id: row.id },
          regionId: row.regionId,
          after: { inspectedOn, passed, nextInspectionDue },
        });
        return presentCylinder((await load(tx, actor, 'cylinder.inspect', row.code)) as CylinderRow, today(), limits);
      });
    },

    /** The agency holding it scraps it: the code is retired for ever (the gate answers SCRAPPED). */
    async scrap({
      actor,
      code,
      eventId,
      occurredAt,
      note,
    }: {
      actor: Actor;
      code: string;
      eventId: string;
      occurredAt: string;
      note?: string;
    }) {
      requirePermission(actor, 'cylinder.inspect');
      return db.transaction(async (tx) => {
        const row = await load(tx, actor, 'cylinder.inspect', code);
        assertAgency(actor, row);
        if (row.status === 'scrapped') throw cylinderStateInvalid({ status: row.status });
        await appendCylinderEvents(
          tx,
          [
            eventRow(
              { eventId, type: 'scrapped', code: row.code, occurredAt: new Date(occurredAt), note: note ?? null },
              { actor, cylinderId: row.id, enterpriseId: row.locationId, regionId: row.regionId },
            ),
          ],
          limits,
        );
        await recordAudit(tx, {
          actor,
          action: 'cylinder.scrap',
          subject: { type: 'cylinder', id: row.id },
          regionId: row.regionId,
          after: { eventId },
        });
        return presentCylinder((await load(tx, actor, 'cylinder.inspect', row.code)) as CylinderRow, today(), limits);
      });
    },

    async listBlacklist({ actor }: { actor: Actor }) {
      requirePermission(actor, 'cylinder.read');
      const rows = await db.select().from(cylinderBlacklistTable).orderBy(desc(cylinderBlacklistTable.listedOn));
      return { items: rows.map((r) => presentBlacklistEntry(r, today())) };
    },

    async addToBlacklist({ actor, ...input }: { actor: Actor } & BlacklistInput) {
      requirePermission(actor, 'cylinder.blacklist');
      if (!blacklistKeeper(actor)) throw blacklistNotRegulator();
      const model = input.model ? normaliseCylinderModel(input.model) : null;
      if (input.model && !model) throw cylinderModelInvalid({ field: 'model' });
      if (input.producedFrom && input.producedTo && input.producedFrom > input.producedTo)
        throw blacklistDatesInvalid({ field: 'producedTo' });
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(cylinderBlacklistTable)
          .values({ ...input, model, batch: input.batch ?? null, createdBy: actor.type === 'user' ? actor.id : null })
          .returning();
        await recordAudit(tx, {
          actor,
          action: 'cylinder.blacklist_add',
          subject: { type: 'cylinder_blacklist', id: row!.id },
          after: input,
        });
        return presentBlacklistEntry(row!, today());
      });
    },

    async removeFromBlacklist({
      actor,
      id,
      removedOn,
      reason,
    }: {
      actor: Actor;
      id: string;
      removedOn: string;
      reason: string;
    }) {
      requirePermission(actor, 'cylinder.blacklist');
      if (!blacklistKeeper(actor)) throw blacklistNotRegulator();
      return db.transaction(async (tx) => {
        const [row] = await tx
          .select()
          .from(cylinderBlacklistTable)
          .where(eq(cylinderBlacklistTable.id, id))
          .for('update');
        if (!row) throw blacklistEntryNotFound();
        if (row.removedOn) throw blacklistRemoved();
        if (removedOn < row.listedOn) throw blacklistDatesInvalid({ field: 'removedOn' });
        const [after] = await tx
          .update(cylinderBlacklistTable)
          .set({ removedOn, removalReason: reason })
          .where(eq(cylinderBlacklistTable.id, id))
          .returning();
        await recordAudit(tx, {
          actor,
          action: 'cylinder.blacklist_remove',
          subject: { type: 'cylinder_blacklist', id },
          before: { removedOn: null },
          after: { removedOn, reason },
        });
        return presentBlacklistEntry(after!, today());
      });
    },

    /** Recall: every cylinder (in scope) matching the entry, with its last known place, owner and whether it is out of circulation. */
    async recall({ actor, id, page, pageSize }: { actor: Actor; id: string; page: number; pageSize: number }) {
      requirePermission(actor, 'cylinder.read');
      const [entry] = await db.select().from(cylinderBlacklistTable).where(eq(cylinderBlacklistTable.id, id));
      if (!entry) throw blacklistEntryNotFound();
      const matches = sql`${c.manufacturer} = ${entry.manufacturer}
        and (${entry.model}::text is null or ${c.model} = ${entry.model})
        and (${entry.batch}::text is null or ${c.batch} = ${entry.batch})
        and (${entry.producedFrom}::date is null or ${c.manufacturedOn} >= ${entry.producedFrom})
        and (${entry.producedTo}::date is null or ${c.manufacturedOn} <= ${entry.producedTo})`;
      const where = and(cylinderScope(actor, 'cylinder.read'), matches);
      const out = sql`(${c.status} <> 'in_service' or ${c.locationType} = 'inspection_agency')`;
      const [totals] = await db
        .select({ total: count(), recalled: sql<number>`count(*) filter (where ${out})`.mapWith(Number) })
        .from(c)
        .where(where);
      const rows = (await db
        .select(withOwner)
        .from(c)
        .where(where)
        .orderBy(sql`${out}`, asc(c.code))
        .limit(pageSize)
        .offset((page - 1) * pageSize)) as CylinderRow[];
      return {
        entry: presentBlacklistEntry(entry, today()),
        total: totals?.total ?? 0,
        recalled: totals?.recalled ?? 0,
        outstanding: (totals?.total ?? 0) - (totals?.recalled ?? 0),
        items: rows.map((r) => presentCylinder(r, today(), limits)),
        page,
        pageSize,
      };
    },

    async anomalies({
      actor,
      kind,
      page,
      pageSize,
    }: {
      actor: Actor;
      kind?: (typeof cylinderAnomaliesTable.$inferSelect)['kind'];
      page: number;
      pageSize: number;
    }) {
      requirePermission(actor, 'cylinder.read');
      const a = cylinderAnomaliesTable;
      const where = and(scopeFilter(actor, 'cylinder.read', anomalyDescriptor), kind ? eq(a.kind, kind) : undefined);
      const [rows, [total]] = await Promise.all([
        db
          .select()
          .from(a)
          .where(where)
          .orderBy(desc(a.detectedAt))
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        db.select({ n: count() }).from(a).where(where),
      ]);
      return {
        items: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          code: r.code,
          eventId: r.eventId,
          ownerEnterpriseId: r.ownerEnterpriseId,
          details: r.details,
          detectedAt: r.detectedAt.toISOString(),
        })),
        total: total?.n ?? 0,
        page,
        pageSize,
      };
    },
  };
}
