import { sql } from 'drizzle-orm';
import { type FacilityKind, searchTokens } from '../../../domain/registry/registry.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, regionPathInScope, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { isUniqueViolation } from '../../platform/db-errors.ts';
import { createEnterprisesRepository } from './enterprises.repository.ts';
import {
  facilityArchived,
  facilityEnterpriseArchived,
  facilityEnterpriseNotFound,
  facilityNameTaken,
  facilityNotFound,
  facilityOutsideScope,
  facilityRegionNotFound,
} from './facilities.errors.ts';
import { facilitySnapshot, presentFacility } from './facilities.presenter.ts';
import { type FacilityRow, createFacilitiesRepository, facilityScopeColumns } from './facilities.repository.ts';
import type { CreateFacilityInput, FacilityFiltersInput, UpdateFacilityInput } from './facilities.schemas.ts';
import { registryFilter } from './registry.access.ts';
import { findRegionById } from './registry.helpers.ts';
import { enterprisesTable } from './registry.table.ts';

export const facilityReadScope = (actor: Actor) =>
  registryFilter(actor, 'registry.read', 'facility', facilityScopeColumns);
export const facilityManageScope = (actor: Actor) =>
  registryFilter(actor, 'registry.manage', 'facility', facilityScopeColumns);

const enterpriseCols = {
  regionId: enterprisesTable.regionId,
  enterpriseId: enterprisesTable.id,
  enterpriseRoles: enterprisesTable.roles,
};

export type FacilityValues = {
  kind: FacilityKind;
  name: string;
  regionId: string;
  address: string;
  lng: number | null;
  lat: number | null;
};

const valueKeys = ['kind', 'name', 'regionId', 'address', 'lng', 'lat'] as const;
const same = (a: FacilityValues, b: FacilityValues) => valueKeys.every((k) => a[k] === b[k]);
const valuesOf = (r: FacilityRow): FacilityValues => ({
  kind: r.kind,
  name: r.name,
  regionId: r.regionId,
  address: r.address,
  lng: r.lng,
  lat: r.lat,
});

export function createFacilitiesService({ db }: { db: Db }) {
  /** Inserts or updates a facility in `tx`; the written row must lie within what the actor manages. */
  async function write(tx: Db, actor: Actor, enterpriseId: string, before: FacilityRow | null, values: FacilityValues) {
    const repo = createFacilitiesRepository({ db: tx });
    const region = await findRegionById(tx, values.regionId);
    if (!region) throw facilityRegionNotFound({ field: 'regionId' });
    const holder = await repo.findByEnterpriseName({ enterpriseId, name: values.name });
    if (holder && holder.id !== before?.id) throw facilityNameTaken({ field: 'name' });
    const row = { ...values, searchTokens: searchTokens(values.name, values.address) };
    let id: string;
    try {
      if (before) {
        await repo.update({ id: before.id, ...row });
        id = before.id;
      } else {
        ({ id } = await repo.insert({ ...row, enterpriseId }));
      }
    } catch (err) {
      if (isUniqueViolation(err)) throw facilityNameTaken({ field: 'name' });
      throw err;
    }
    if (!(await repo.within({ id, scope: facilityManageScope(actor) }))) {
      throw facilityOutsideScope({
        field: regionPathInScope(actor, 'registry.manage', region.path) ? 'enterpriseId' : 'regionId',
      });
    }
    const after = (await repo.getById({ id }))!;
    await recordAudit(tx, {
      actor,
      action: before ? 'facility.update' : 'facility.create',
      subject: { type: 'facility', id },
      regionId: after.regionId,
      before: before ? facilitySnapshot(before) : undefined,
      after: facilitySnapshot(after),
      details: {
        name: after.name,
        enterpriseId,
        fields: before ? valueKeys.filter((k) => before[k] !== after[k]) : undefined,
      },
    });
    return after;
  }

  async function detail(tx: Db, actor: Actor, id: string) {
    const row = await createFacilitiesRepository({ db: tx }).get({
      id,
      scope: facilityReadScope(actor),
      manageScope: facilityManageScope(actor),
    });
    if (!row) throw facilityNotFound();
    const manage = row.canManage && row.archivedAt === null;
    return { ...presentFacility(row), abilities: { edit: manage, archive: manage } };
  }

  async function loadForManage(tx: Db, actor: Actor, id: string) {
    const row = await createFacilitiesRepository({ db: tx }).get({
      id,
      scope: facilityManageScope(actor),
      manageScope: sql`true`,
    });
    if (!row) throw facilityNotFound();
    if (row.archivedAt) throw facilityArchived();
    return row;
  }

  return {
    /** Facilities in the actor's scope, filtered (enterprise, region subtree, kind, Chinese text) and paged. */
    async list({
      actor,
      page,
      pageSize,
      ...filters
    }: { actor: Actor; page: number; pageSize: number } & FacilityFiltersInput) {
      requirePermission(actor, 'registry.read');
      const { rows, total } = await createFacilitiesRepository({ db }).list({
        scope: facilityReadScope(actor),
        filters,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      });
      return { items: rows.map(presentFacility), total, page, pageSize };
    },

    /** One facility with the actor's abilities; 404 outside scope. */
    async get({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'registry.read');
      return detail(db, actor, id);
    },

    /** Registers a facility (filling station, storage station, bottle shop…) of an enterprise; (enterprise, name) is its natural key. */
    async create({ actor, enterpriseId, ...input }: { actor: Actor } & CreateFacilityInput) {
      requirePermission(actor, 'registry.manage');
      return db.transaction(async (tx) => {
        const e = await createEnterprisesRepository({ db: tx }).getWithFlags({
          id: enterpriseId,
          read: registryFilter(actor, 'registry.read', 'enterprise', enterpriseCols),
          manage: sql`true`,
        });
        if (!e?.canRead) throw facilityEnterpriseNotFound({ field: 'enterpriseId' });
        if (e.archivedAt) throw facilityEnterpriseArchived({ field: 'enterpriseId' });
        const row = await write(tx, actor, enterpriseId, null, {
          kind: input.kind,
          name: input.name,
          regionId: input.regionId,
          address: input.address ?? '',
          lng: input.lng ?? null,
          lat: input.lat ?? null,
        });
        return detail(tx, actor, row.id);
      });
    },

    /** Edits a facility in the actor's scope (it stays with its enterprise). */
    async update({ actor, id, ...patch }: { actor: Actor; id: string } & UpdateFacilityInput) {
      requirePermission(actor, 'registry.manage');
      return db.transaction(async (tx) => {
        const before = await loadForManage(tx, actor, id);
        const current = valuesOf(before);
        const next: FacilityValues = { ...current };
        for (const k of valueKeys) {
          const v = patch[k];
          if (v !== undefined) (next as Record<string, unknown>)[k] = v;
        }
        if (!same(current, next)) await write(tx, actor, before.enterpriseId, before, next);
        return detail(tx, actor, id);
      });
    },

    /** Archives (never deletes) a facility. */
    async archive({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'registry.manage');
      return db.transaction(async (tx) => {
        const before = await loadForManage(tx, actor, id);
        const repo = createFacilitiesRepository({ db: tx });
        await repo.update({ id, archivedAt: new Date() });
        const after = (await repo.getById({ id }))!;
        await recordAudit(tx, {
          actor,
          action: 'facility.archive',
          subject: { type: 'facility', id },
          regionId: after.regionId,
          before: facilitySnapshot(before),
          after: facilitySnapshot(after),
          details: { name: after.name, enterpriseId: after.enterpriseId },
        });
        return detail(tx, actor, id);
      });
    },

    /** Import: inserts or updates by (enterprise credit code, name) inside the import's transaction. */
    async upsert({
      actor,
      tx,
      enterpriseCreditCode,
      values,
    }: {
      actor: Actor;
      tx: Db;
      enterpriseCreditCode: string;
      values: FacilityValues;
    }): Promise<'created' | 'updated' | 'unchanged' | { refused: string; column: string }> {
      requirePermission(actor, 'registry.manage');
      const e = await createEnterprisesRepository({ db: tx }).getByCreditCodeWithFlags({
        creditCode: enterpriseCreditCode,
        read: registryFilter(actor, 'registry.read', 'enterprise', enterpriseCols),
        manage: sql`true`,
      });
      if (!e?.canRead)
        return {
          refused: `未找到统一社会信用代码为 ${enterpriseCreditCode} 的企业，请先登记或导入该企业`,
          column: 'enterpriseCreditCode',
        };
      const repo = createFacilitiesRepository({ db: tx });
      const existing = await repo.findByEnterpriseName({ enterpriseId: e.id, name: values.name });
      if (!existing) {
        if (e.archivedAt) return { refused: '该企业已归档，不能新增设施', column: 'enterpriseCreditCode' };
        await write(tx, actor, e.id, null, values);
        return 'created';
      }
      if (!(await repo.within({ id: existing.id, scope: facilityManageScope(actor) })))
        return { refused: '该设施不在您的管理范围内', column: 'name' };
      if (same(valuesOf(existing), values)) return 'unchanged';
      if (existing.archivedAt) return { refused: '该设施已归档，不能通过导入修改', column: 'name' };
      await write(tx, actor, e.id, existing, values);
      return 'updated';
    },

    /** The export's rows in name order, in batches, within the actor's scope. */
    async *exportRows({ actor, filters }: { actor: Actor; filters: FacilityFiltersInput }) {
      requirePermission(actor, 'registry.read');
      const repo = createFacilitiesRepository({ db });
      const scope = facilityReadScope(actor);
      let after: { name: string; id: string } | null = null;
      for (;;) {
        const rows = await repo.exportBatch({ scope, filters, after, limit: 500 });
        if (rows.length === 0) return;
        yield* rows;
        const last = rows.at(-1)!;
        after = { name: last.name, id: last.id };
      }
    },
  };
}

export type FacilitiesService = ReturnType<typeof createFacilitiesService>;
