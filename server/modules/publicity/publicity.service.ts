import { and } from 'drizzle-orm';
import type ExcelJS from 'exceljs';
import { chinaToday } from '../../../domain/dates.ts';
import {
  type ConversionKind,
  type ConversionTarget,
  type PublicityKind,
  conversionKindLabels,
  conversionTargetLabels,
  publicityKindLabels,
  publicityKinds,
} from '../../../domain/publicity/publicity.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { type ScopeDescriptor, scopeFilter } from '../../platform/scope.ts';
import { forbidden } from '../../platform/errors.ts';
import {
  publicityActivityNotFound,
  publicityConversionNotFound,
  publicityDateInvalid,
  publicityOutsideScope,
  publicityRegionInvalid,
  publicityRegionRequired,
} from './publicity.errors.ts';
import {
  type ActivityListRow,
  type ConversionListRow,
  activityConditions,
  conversionConditions,
  createPublicityRepository,
} from './publicity.repository.ts';
import type {
  CreateActivityInput,
  CreateConversionInput,
  PublicityFigures,
  PublicityFilterValues,
  UpdateActivityInput,
  UpdateConversionInput,
} from './publicity.schemas.ts';
import { gasConversionsTable, publicityActivitiesTable } from './publicity.table.ts';
import { loadExcelJS } from '../../platform/lazy-libs.ts';

const a = publicityActivitiesTable;
const c = gasConversionsTable;

/** Townships see and record theirs; a department the rows it recorded in its county; the office all. */
const activityDescriptor: ScopeDescriptor = {
  regionId: a.regionId,
  department: { namedId: a.departmentId, coordinatorsSeeAll: true },
};
const conversionDescriptor: ScopeDescriptor = {
  regionId: c.regionId,
  department: { namedId: c.departmentId, coordinatorsSeeAll: true },
};
type Perm = 'publicity.read' | 'publicity.manage';
const activityScope = (actor: Actor, p: Perm) => scopeFilter(actor, p, activityDescriptor);
const conversionScope = (actor: Actor, p: Perm) => scopeFilter(actor, p, conversionDescriptor);

const presentActivity = (r: ActivityListRow) => {
  const x = r.activity;
  return {
    id: x.id,
    kind: x.kind,
    title: x.title,
    heldOn: x.heldOn,
    place: x.place,
    region: { id: x.regionId, name: r.regionName },
    department: x.departmentId && r.departmentName !== null ? { id: x.departmentId, name: r.departmentName } : null,
    audienceCount: x.audienceCount,
    leafletCount: x.leafletCount,
    materials: x.materials,
    note: x.note,
    createdAt: x.createdAt.toISOString(),
    canManage: r.canManage,
  };
};
const presentConversion = (r: ConversionListRow) => {
  const x = r.conversion;
  return {
    id: x.id,
    kind: x.kind,
    target: x.target,
    region: { id: x.regionId, name: r.regionName },
    department: x.departmentId && r.departmentName !== null ? { id: x.departmentId, name: r.departmentName } : null,
    count: x.count,
    completedOn: x.completedOn,
    place: x.place,
    note: x.note,
    createdAt: x.createdAt.toISOString(),
    canManage: r.canManage,
  };
};

/** The fields a correction gives (undefined: unchanged; null clears an optional text). */
const given = <T extends Record<string, unknown>>(patch: T) =>
  Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;

const figureKey = (kind: ConversionKind, target: ConversionTarget) =>
  `${kind === 'bottle_to_pipe' ? 'bottleToPipe' : 'gasToElectric'}${target === 'household' ? 'Households' : 'Businesses'}` as const;
const emptyFigures = () => ({
  activities: 0,
  audience: 0,
  leaflets: 0,
  bottleToPipeHouseholds: 0,
  bottleToPipeBusinesses: 0,
  gasToElectricHouseholds: 0,
  gasToElectricBusinesses: 0,
});

export function createPublicityService({ db, today = chinaToday }: { db: Db; today?: () => string }) {
  const repo = createPublicityRepository({ db });

  /** The township and department of a new row: the given township (else the actor's own), the actor's department. */
  async function unitOf(tx: Db, actor: Actor, regionId: string | undefined) {
    const regionGrant = actor.grants.find((g) => g.scopeType === 'region' && g.regionId);
    const departmentGrant = actor.grants.find((g) => g.scopeType === 'department' && g.departmentId);
    const region = regionId ?? regionGrant?.regionId ?? undefined;
    if (!region) throw publicityRegionRequired({ field: 'regionId' });
    if (!(await createPublicityRepository({ db: tx }).regionExists({ id: region })))
      throw publicityRegionInvalid({ field: 'regionId' });
    return { regionId: region, departmentId: regionGrant ? null : (departmentGrant?.departmentId ?? null) };
  }

  /**
   * A row to correct or delete: 404 outside the actor's read scope (its existence is not told), 403 when the actor
   * reads it but does not record for its township or department.
   */
  async function activityToManage(tx: Db, actor: Actor, id: string) {
    const r = createPublicityRepository({ db: tx });
    const row = await r.activityWithin({ id, scope: activityScope(actor, 'publicity.read') });
    if (!row) throw publicityActivityNotFound();
    if (!(await r.activityInScope({ id, scope: activityScope(actor, 'publicity.manage') })))
      throw forbidden({ permission: 'publicity.manage' });
    return row;
  }
  async function conversionToManage(tx: Db, actor: Actor, id: string) {
    const r = createPublicityRepository({ db: tx });
    const row = await r.conversionWithin({ id, scope: conversionScope(actor, 'publicity.read') });
    if (!row) throw publicityConversionNotFound();
    if (!(await r.conversionInScope({ id, scope: conversionScope(actor, 'publicity.manage') })))
      throw forbidden({ permission: 'publicity.manage' });
    return row;
  }
  /** A township named by a correction exists (the scope is checked on the row written). */
  async function checkRegion(tx: Db, regionId: string | undefined) {
    if (regionId !== undefined && !(await createPublicityRepository({ db: tx }).regionExists({ id: regionId })))
      throw publicityRegionInvalid({ field: 'regionId' });
  }

  async function figures({ actor, ...f }: { actor: Actor } & PublicityFilterValues): Promise<PublicityFigures> {
    requirePermission(actor, 'publicity.read');
    if (f.from && f.to && f.to < f.from) throw publicityDateInvalid({ field: 'to' });
    const [acts, convs] = await Promise.all([
      repo.activityFigures({ where: and(activityScope(actor, 'publicity.read'), ...activityConditions(f)) }),
      repo.conversionFigures({ where: and(conversionScope(actor, 'publicity.read'), ...conversionConditions(f)) }),
    ]);
    const rows = new Map<
      string,
      ReturnType<typeof emptyFigures> & { region: { id: string; name: string }; code: string }
    >();
    const rowOf = (x: { regionId: string; regionName: string; regionCode: string }) => {
      let r = rows.get(x.regionId);
      if (!r) {
        r = { region: { id: x.regionId, name: x.regionName }, code: x.regionCode, ...emptyFigures() };
        rows.set(x.regionId, r);
      }
      return r;
    };
    const total = emptyFigures();
    const byKind = new Map<PublicityKind, { activities: number; audience: number }>();
    for (const x of acts) {
      const r = rowOf(x);
      r.activities += x.activities;
      r.audience += x.audience;
      r.leaflets += x.leaflets;
      total.activities += x.activities;
      total.audience += x.audience;
      total.leaflets += x.leaflets;
      const k = byKind.get(x.kind) ?? { activities: 0, audience: 0 };
      k.activities += x.activities;
      k.audience += x.audience;
      byKind.set(x.kind, k);
    }
    for (const x of convs) {
      const key = figureKey(x.kind, x.target);
      rowOf(x)[key] += x.converted;
      total[key] += x.converted;
    }
    return {
      from: f.from ?? null,
      to: f.to ?? null,
      byTownship: [...rows.values()].sort((p, q) => p.code.localeCompare(q.code)).map(({ code: _c, ...r }) => r),
      byKind: publicityKinds.filter((k) => byKind.has(k)).map((k) => ({ kind: k, ...byKind.get(k)! })),
      total,
    };
  }

  return {
    async listActivities({
      actor,
      page,
      pageSize,
      ...f
    }: { actor: Actor; page: number; pageSize: number; kind?: PublicityKind } & PublicityFilterValues) {
      requirePermission(actor, 'publicity.read');
      const where = and(activityScope(actor, 'publicity.read'), ...activityConditions(f));
      const manageScope = activityScope(actor, 'publicity.manage');
      const { items, total } = await repo.activities({
        where,
        manageScope,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      });
      return { items: items.map(presentActivity), total, page, pageSize };
    },

    async listConversions({
      actor,
      page,
      pageSize,
      ...f
    }: { actor: Actor; page: number; pageSize: number; kind?: ConversionKind } & PublicityFilterValues) {
      requirePermission(actor, 'publicity.read');
      const where = and(conversionScope(actor, 'publicity.read'), ...conversionConditions(f));
      const manageScope = conversionScope(actor, 'publicity.manage');
      const { items, total } = await repo.conversions({
        where,
        manageScope,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      });
      return { items: items.map(presentConversion), total, page, pageSize };
    },

    async createActivity({ actor, regionId, ...input }: { actor: Actor } & CreateActivityInput) {
      requirePermission(actor, 'publicity.manage');
      if (input.heldOn > today()) throw publicityDateInvalid({ field: 'heldOn' });
      return db.transaction(async (tx) => {
        const r = createPublicityRepository({ db: tx });
        const unit = await unitOf(tx, actor, regionId);
        const row = await r.insertActivity({
          ...input,
          ...unit,
          materials: input.materials ?? null,
          note: input.note ?? null,
          createdBy: actor.type === 'user' ? actor.id : null,
        });
        if (!(await r.activityInScope({ id: row.id, scope: activityScope(actor, 'publicity.manage') })))
          throw publicityOutsideScope({ field: 'regionId' });
        await recordAudit(tx, {
          actor,
          action: 'publicity.create_activity',
          subject: { type: 'publicity_activity', id: row.id },
          regionId: row.regionId,
          after: row,
        });
        return presentActivity(
          await r.activityRow({ id: row.id, manageScope: activityScope(actor, 'publicity.manage') }),
        );
      });
    },

    async createConversion({ actor, regionId, ...input }: { actor: Actor } & CreateConversionInput) {
      requirePermission(actor, 'publicity.manage');
      if (input.completedOn > today()) throw publicityDateInvalid({ field: 'completedOn' });
      return db.transaction(async (tx) => {
        const r = createPublicityRepository({ db: tx });
        const unit = await unitOf(tx, actor, regionId);
        const row = await r.insertConversion({
          ...input,
          ...unit,
          place: input.place ?? null,
          note: input.note ?? null,
          createdBy: actor.type === 'user' ? actor.id : null,
        });
        if (!(await r.conversionInScope({ id: row.id, scope: conversionScope(actor, 'publicity.manage') })))
          throw publicityOutsideScope({ field: 'regionId' });
        await recordAudit(tx, {
          actor,
          action: 'publicity.create_conversion',
          subject: { type: 'gas_conversion', id: row.id },
          regionId: row.regionId,
          after: row,
        });
        return presentConversion(
          await r.conversionRow({ id: row.id, manageScope: conversionScope(actor, 'publicity.manage') }),
        );
      });
    },

    /** Corrects an activity: same rules as recording it, the township within the actor's scope before and after. */
    async updateActivity({ actor, id, ...patch }: { actor: Actor; id: string } & UpdateActivityInput) {
      requirePermission(actor, 'publicity.manage');
      if (patch.heldOn !== undefined && patch.heldOn > today()) throw publicityDateInvalid({ field: 'heldOn' });
      return db.transaction(async (tx) => {
        const r = createPublicityRepository({ db: tx });
        const before = await activityToManage(tx, actor, id);
        await checkRegion(tx, patch.regionId);
        const values = given(patch);
        if (Object.keys(values).length === 0)
          return presentActivity(await r.activityRow({ id, manageScope: activityScope(actor, 'publicity.manage') }));
        const after = await r.updateActivity(id, values);
        if (!(await r.activityInScope({ id, scope: activityScope(actor, 'publicity.manage') })))
          throw publicityOutsideScope({ field: 'regionId' });
        await recordAudit(tx, {
          actor,
          action: 'publicity.update_activity',
          subject: { type: 'publicity_activity', id },
          regionId: after.regionId,
          before,
          after,
          details: { changed: Object.keys(values) },
        });
        return presentActivity(await r.activityRow({ id, manageScope: activityScope(actor, 'publicity.manage') }));
      });
    },

    /** Deletes an activity (a mistaken record); the audit entry keeps the row as it was. */
    async deleteActivity({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'publicity.manage');
      await db.transaction(async (tx) => {
        const before = await activityToManage(tx, actor, id);
        await createPublicityRepository({ db: tx }).deleteActivity({ id });
        await recordAudit(tx, {
          actor,
          action: 'publicity.delete_activity',
          subject: { type: 'publicity_activity', id },
          regionId: before.regionId,
          before,
          // The trail keeps digests only: the deleted row itself stays here, readable on the audit page.
          details: { deleted: before },
        });
      });
    },

    /** Corrects a conversion record, as `updateActivity`. */
    async updateConversion({ actor, id, ...patch }: { actor: Actor; id: string } & UpdateConversionInput) {
      requirePermission(actor, 'publicity.manage');
      if (patch.completedOn !== undefined && patch.completedOn > today())
        throw publicityDateInvalid({ field: 'completedOn' });
      return db.transaction(async (tx) => {
        const r = createPublicityRepository({ db: tx });
        const before = await conversionToManage(tx, actor, id);
        await checkRegion(tx, patch.regionId);
        const values = given(patch);
        if (Object.keys(values).length === 0)
          return presentConversion(
            await r.conversionRow({ id, manageScope: conversionScope(actor, 'publicity.manage') }),
          );
        const after = await r.updateConversion(id, values);
        if (!(await r.conversionInScope({ id, scope: conversionScope(actor, 'publicity.manage') })))
          throw publicityOutsideScope({ field: 'regionId' });
        await recordAudit(tx, {
          actor,
          action: 'publicity.update_conversion',
          subject: { type: 'gas_conversion', id },
          regionId: after.regionId,
          before,
          after,
          details: { changed: Object.keys(values) },
        });
        return presentConversion(
          await r.conversionRow({ id, manageScope: conversionScope(actor, 'publicity.manage') }),
        );
      });
    },

    /** Deletes a conversion record; the audit entry keeps the row as it was. */
    async deleteConversion({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'publicity.manage');
      await db.transaction(async (tx) => {
        const before = await conversionToManage(tx, actor, id);
        await createPublicityRepository({ db: tx }).deleteConversion({ id });
        await recordAudit(tx, {
          actor,
          action: 'publicity.delete_conversion',
          subject: { type: 'gas_conversion', id },
          regionId: before.regionId,
          before,
          // The trail keeps digests only: the deleted row itself stays here, readable on the audit page.
          details: { deleted: before },
        });
      });
    },

    figures,

    /** The figures by township, and the activities and conversions behind them, as one workbook for the returns. */
    async exportFigures({ actor, ...f }: { actor: Actor } & PublicityFilterValues) {
      const fig = await figures({ actor, ...f });
      const wb = new (await loadExcelJS()).Workbook();
      const period = `${fig.from ?? '—'} 至 ${fig.to ?? today()}`;
      const s1 = wb.addWorksheet('宣传与改造统计');
      s1.addRow([`燃气安全宣传与瓶改管、气改电统计（${period}）`]).font = { bold: true };
      s1.addRow([
        '苏木镇（街道）',
        '宣传活动（场次）',
        '受众（人次）',
        '发放宣传资料（份）',
        '瓶改管·居民户',
        '瓶改管·经营户',
        '气改电·居民户',
        '气改电·经营户',
      ]).font = { bold: true };
      const line = (name: string, r: typeof fig.total) =>
        s1.addRow([
          name,
          r.activities,
          r.audience,
          r.leaflets,
          r.bottleToPipeHouseholds,
          r.bottleToPipeBusinesses,
          r.gasToElectricHouseholds,
          r.gasToElectricBusinesses,
        ]);
      for (const r of fig.byTownship) line(r.region.name, r);
      line('合计', fig.total).font = { bold: true };
      for (const [i, w] of [18, 14, 12, 16, 14, 14, 14, 14].entries()) s1.getColumn(i + 1).width = w;

      const s2 = wb.addWorksheet('宣传活动');
      s2.addRow([
        '日期',
        '形式',
        '主题',
        '地点',
        '苏木镇（街道）',
        '组织部门',
        '受众（人次）',
        '发放资料（份）',
        '宣传材料',
      ]).font = { bold: true };
      const acts = await repo.activities({
        where: and(activityScope(actor, 'publicity.read'), ...activityConditions(f)),
        manageScope: activityScope(actor, 'publicity.manage'),
        limit: 10_000,
        offset: 0,
      });
      for (const { activity: x, regionName, departmentName } of acts.items)
        s2.addRow([
          x.heldOn,
          publicityKindLabels[x.kind].zh,
          x.title,
          x.place,
          regionName,
          departmentName ?? '',
          x.audienceCount,
          x.leafletCount,
          x.materials ?? '',
        ]);
      for (const [i, w] of [12, 16, 28, 20, 14, 16, 12, 12, 24].entries()) s2.getColumn(i + 1).width = w;

      const s3 = wb.addWorksheet('瓶改管气改电');
      s3.addRow(['完成日期', '类型', '对象', '数量（户）', '苏木镇（街道）', '地点', '备注']).font = { bold: true };
      const convs = await repo.conversions({
        where: and(conversionScope(actor, 'publicity.read'), ...conversionConditions(f)),
        manageScope: conversionScope(actor, 'publicity.manage'),
        limit: 10_000,
        offset: 0,
      });
      for (const { conversion: x, regionName } of convs.items)
        s3.addRow([
          x.completedOn,
          conversionKindLabels[x.kind].zh,
          conversionTargetLabels[x.target].zh,
          x.count,
          regionName,
          x.place ?? '',
          x.note ?? '',
        ]);
      for (const [i, w] of [12, 10, 16, 10, 14, 24, 24].entries()) s3.getColumn(i + 1).width = w;
      return Buffer.from(await wb.xlsx.writeBuffer());
    },
  };
}
