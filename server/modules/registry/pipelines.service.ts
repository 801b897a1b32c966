import { and } from 'drizzle-orm';
import { chinaToday } from '../../../domain/registry/pipelines-people-vehicles.ts';
import { pipelineAge, searchTokens } from '../../../domain/registry/registry.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, can, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { isUniqueViolation } from '../../platform/db-errors.ts';
import { forbidden } from '../../platform/errors.ts';
import {
  pipelineArchived,
  pipelineCodeTaken,
  pipelineNotFound,
  pipelineOutsideScope,
  pipelineOwnerNotFound,
  pipelineOwnerNotOperator,
  pipelineRegionNotFound,
} from './pipelines.errors.ts';
import {
  type PipelineListRow,
  type PipelineRow,
  createPipelinesRepository,
  pipelineConditions,
} from './pipelines.repository.ts';
import type { CreatePipelineInput, PipelineFilters, UpdatePipelineInput } from './pipelines.schemas.ts';
import { registryFilter } from './registry.access.ts';
import { withinScope } from './registry.query.ts';
import { pipelineSegmentsTable } from './registry.table.ts';

/** Where a write came from, recorded in its audit entry. */
type Via = 'api' | 'import' | 'seed';

const t = pipelineSegmentsTable;
const scopeOf = (actor: Actor, permission: 'registry.read' | 'registry.manage') =>
  registryFilter(actor, permission, 'pipeline', { regionId: t.regionId, enterpriseId: t.ownerEnterpriseId });

/** Row → response: the only place a segment's fields are exposed; the age is computed here. */
export function presentPipeline(r: PipelineListRow, today: string) {
  const s = r.segment;
  return {
    id: s.id,
    code: s.code,
    name: s.name,
    ownerEnterpriseId: s.ownerEnterpriseId,
    ownerEnterprise:
      s.ownerEnterpriseId && r.ownerName !== null
        ? { id: s.ownerEnterpriseId, name: r.ownerName, creditCode: r.ownerCreditCode ?? '' }
        : null,
    regionId: s.regionId,
    region: { id: s.regionId, name: r.regionName },
    material: s.material,
    pressureClass: s.pressureClass,
    diameterMm: s.diameterMm,
    lengthM: s.lengthM === null ? null : Number(s.lengthM),
    installedYear: s.installedYear,
    ageYears: pipelineAge(s.installedYear, today),
    encroached: s.encroached,
    confinedSpace: s.confinedSpace,
    geometry: s.geometry ?? null,
    renewalStatus: s.renewalStatus,
    archived: s.archivedAt !== null,
    archivedAt: s.archivedAt?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

type Values = Omit<typeof t.$inferInsert, 'id' | 'createdAt' | 'updatedAt' | 'archivedAt' | 'searchTokens'>;

/** The fields an import or an edit compares to decide whether anything changed. */
const comparedFields = [
  'code',
  'name',
  'ownerEnterpriseId',
  'regionId',
  'material',
  'pressureClass',
  'diameterMm',
  'lengthM',
  'installedYear',
  'encroached',
  'confinedSpace',
  'geometry',
  'renewalStatus',
] as const;

function sameValues(row: PipelineRow, values: Partial<Values>): boolean {
  return comparedFields.every((k) => {
    if (!(k in values)) return true;
    const a = row[k] ?? null;
    const b = values[k] ?? null;
    return k === 'lengthM'
      ? (a === null ? null : Number(a)) === (b === null ? null : Number(b))
      : JSON.stringify(a) === JSON.stringify(b);
  });
}

function normalise(input: Partial<CreatePipelineInput>): Partial<Values> {
  const out: Partial<Values> = { ...input };
  if (input.lengthM != null) out.lengthM = Math.round(input.lengthM * 10) / 10;
  return out;
}

export function createPipelinesService({ db, today = chinaToday }: { db: Db; today?: () => string }) {
  const repo = createPipelinesRepository({ db });

  /** The owner must be a pipeline gas operator (plan 三(三)1 makes the operator answer for its network). */
  async function checkReferences(tx: Db, values: { regionId?: string; ownerEnterpriseId?: string | null }) {
    const r = createPipelinesRepository({ db: tx });
    if (values.regionId !== undefined) {
      const region = await r.region({ id: values.regionId });
      if (!region || region.archivedAt) throw pipelineRegionNotFound({ field: 'regionId' });
    }
    if (values.ownerEnterpriseId) {
      const owner = await r.enterprise({ id: values.ownerEnterpriseId });
      if (!owner || owner.archivedAt) throw pipelineOwnerNotFound({ field: 'ownerEnterpriseId' });
      if (owner.kind !== 'pipeline_operator')
        throw pipelineOwnerNotOperator({ field: 'ownerEnterpriseId', kind: owner.kind });
    }
  }

  async function checkTargetScope(
    tx: Db,
    actor: Actor,
    values: { regionId: string; ownerEnterpriseId: string | null },
  ) {
    const ok = await withinScope(tx, actor, 'registry.manage', 'pipeline', {
      regionId: values.regionId,
      enterpriseId: values.ownerEnterpriseId,
    });
    if (!ok) throw pipelineOutsideScope({ field: 'regionId' });
  }

  async function loadOne(tx: Db, actor: Actor, id: string) {
    const row = await createPipelinesRepository({ db: tx }).get({
      id,
      scope: scopeOf(actor, 'registry.read'),
      manageScope: scopeOf(actor, 'registry.manage'),
    });
    if (!row) throw pipelineNotFound();
    return row;
  }

  function detail(actor: Actor, row: PipelineListRow & { manageable: boolean }) {
    const live = row.segment.archivedAt === null;
    const manage = row.manageable === true && can(actor, 'registry.manage');
    return { ...presentPipeline(row, today()), abilities: { edit: manage && live, archive: manage && live } };
  }

  async function insert(tx: Db, actor: Actor, input: CreatePipelineInput, via: Via) {
    const r = createPipelinesRepository({ db: tx });
    const values = normalise(input) as Values;
    values.ownerEnterpriseId = input.ownerEnterpriseId ?? null;
    await checkReferences(tx, values);
    await checkTargetScope(tx, actor, {
      regionId: values.regionId,
      ownerEnterpriseId: values.ownerEnterpriseId ?? null,
    });
    if (await r.getByCode({ code: values.code })) throw pipelineCodeTaken({ field: 'code' });
    let row: PipelineRow;
    try {
      row = await r.insert({ ...values, searchTokens: searchTokens(values.code, values.name) });
    } catch (err) {
      if (isUniqueViolation(err)) throw pipelineCodeTaken({ field: 'code' });
      throw err;
    }
    await recordAudit(tx, {
      actor,
      action: 'pipeline.create',
      subject: { type: 'pipeline', id: row.id },
      regionId: row.regionId,
      after: row,
      details: { code: row.code, name: row.name, via },
    });
    return row;
  }

  async function change(tx: Db, actor: Actor, before: PipelineRow, changes: UpdatePipelineInput, via: Via) {
    if (before.archivedAt) throw pipelineArchived();
    const r = createPipelinesRepository({ db: tx });
    const values = normalise(changes);
    await checkReferences(tx, values);
    const regionId = values.regionId ?? before.regionId;
    const ownerEnterpriseId =
      values.ownerEnterpriseId === undefined ? before.ownerEnterpriseId : values.ownerEnterpriseId;
    if (regionId !== before.regionId || ownerEnterpriseId !== before.ownerEnterpriseId) {
      await checkTargetScope(tx, actor, { regionId, ownerEnterpriseId });
    }
    if (values.code && values.code !== before.code) {
      const other = await r.getByCode({ code: values.code });
      if (other && other.id !== before.id) throw pipelineCodeTaken({ field: 'code' });
    }
    const code = values.code ?? before.code;
    const name = values.name ?? before.name;
    let after: PipelineRow;
    try {
      after = await r.update({ id: before.id, ...values, searchTokens: searchTokens(code, name) });
    } catch (err) {
      if (isUniqueViolation(err)) throw pipelineCodeTaken({ field: 'code' });
      throw err;
    }
    await recordAudit(tx, {
      actor,
      action: 'pipeline.update',
      subject: { type: 'pipeline', id: before.id },
      regionId: after.regionId,
      before,
      after,
      details: { code: after.code, fields: Object.keys(changes), via },
    });
    return after;
  }

  return {
    /** Segments in the actor's scope, filtered (age, flags, region subtree, text) and paged by code. */
    async list({
      actor,
      page,
      pageSize,
      ...filters
    }: { actor: Actor; page: number; pageSize: number } & PipelineFilters) {
      requirePermission(actor, 'registry.read');
      const now = today();
      const where = and(scopeOf(actor, 'registry.read'), pipelineConditions(filters, Number(now.slice(0, 4))));
      const { rows, total } = await repo.list({ where, limit: pageSize, offset: (page - 1) * pageSize });
      return { items: rows.map((r) => presentPipeline(r, now)), total, page, pageSize };
    },

    /** Every segment matching the filters, in pages by code (export and map). */
    async *iterate({ actor, ...filters }: { actor: Actor } & PipelineFilters) {
      requirePermission(actor, 'registry.read');
      const now = today();
      const where = and(scopeOf(actor, 'registry.read'), pipelineConditions(filters, Number(now.slice(0, 4))));
      let after: string | null = null;
      for (;;) {
        const rows = await repo.listAfter({ where, afterCode: after, limit: 500 });
        for (const r of rows) yield presentPipeline(r, now);
        if (rows.length < 500) return;
        after = rows[rows.length - 1]!.segment.code;
      }
    },

    /** One segment with what the actor may do to it; outside the actor's scope it does not exist. */
    async get({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'registry.read');
      return detail(actor, await loadOne(db, actor, id));
    },

    /** Registers a segment; the owner must be a pipeline operator and the region within the actor's scope. */
    async create({ actor, ...input }: { actor: Actor } & CreatePipelineInput) {
      requirePermission(actor, 'registry.manage');
      const id = await db.transaction(async (tx) => (await insert(tx, actor, input, 'api')).id);
      return detail(actor, await loadOne(db, actor, id));
    },

    /** Edits a segment the actor manages; moving it (region, owner) must stay within scope. */
    async update({ actor, id, ...changes }: { actor: Actor; id: string } & UpdatePipelineInput) {
      requirePermission(actor, 'registry.manage');
      await db.transaction(async (tx) => {
        const before = await loadOne(tx, actor, id);
        if (!before.manageable) throw forbidden({ permission: 'registry.manage' });
        await change(tx, actor, before.segment, changes, 'api');
      });
      return detail(actor, await loadOne(db, actor, id));
    },

    /** Archives a segment (never deleted); it leaves the lists and the map but keeps its code. */
    async archive({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'registry.manage');
      await db.transaction(async (tx) => {
        const before = await loadOne(tx, actor, id);
        if (!before.manageable) throw forbidden({ permission: 'registry.manage' });
        if (before.segment.archivedAt) throw pipelineArchived();
        const after = await createPipelinesRepository({ db: tx }).update({ id, archivedAt: new Date() });
        await recordAudit(tx, {
          actor,
          action: 'pipeline.archive',
          subject: { type: 'pipeline', id },
          regionId: after.regionId,
          before: before.segment,
          after,
          details: { code: after.code },
        });
      });
      return detail(actor, await loadOne(db, actor, id));
    },

    /**
     * Import: inserts or updates by code, inside the caller's transaction. A segment that exists
     * but lies outside the actor's scope is refused as if the code were taken elsewhere.
     */
    async upsertByCode({ actor, value, via = 'import' }: { actor: Actor; value: CreatePipelineInput; via?: Via }) {
      requirePermission(actor, 'registry.manage');
      return db.transaction(async (tx) => {
        const existing = await createPipelinesRepository({ db: tx }).getByCode({ code: value.code });
        if (!existing) {
          await insert(tx, actor, value, via);
          return 'created' as const;
        }
        const inScope = await createPipelinesRepository({ db: tx }).get({
          id: existing.id,
          scope: scopeOf(actor, 'registry.manage'),
          manageScope: scopeOf(actor, 'registry.manage'),
        });
        if (!inScope) throw pipelineCodeTaken({ field: 'code' });
        const values = { ...value, ownerEnterpriseId: value.ownerEnterpriseId ?? null };
        if (existing.archivedAt) throw pipelineArchived({ field: 'code' });
        if (sameValues(existing, normalise(values))) return 'unchanged' as const;
        await change(tx, actor, existing, values, via);
        return 'updated' as const;
      });
    },
  };
}

export type PipelinesService = ReturnType<typeof createPipelinesService>;
