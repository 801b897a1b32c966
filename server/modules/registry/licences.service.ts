import type { RananLimits } from '../../../domain/hazards/limits.ts';
import { type SQL, sql } from 'drizzle-orm';
import {
  LICENCE_EXPIRY_WARNING_DAYS,
  type LicenceKind,
  type StoredLicenceStatus,
  type GasOperationCategory,
  gasOperationCategories,
} from '../../../domain/registry/registry.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { isUniqueViolation } from '../../platform/db-errors.ts';
import { enterpriseNotFound } from './enterprises.errors.ts';
import { createEnterprisesRepository } from './enterprises.repository.ts';
import {
  licenceArchived,
  licenceCategoriesInvalid,
  licenceDatesInvalid,
  licenceEnterpriseArchived,
  licenceInvalidTransition,
  licenceNotFound,
  licenceNumberTaken,
  licenceOutsideScope,
  licenceStatusChangeForbidden,
} from './licences.errors.ts';
import { licenceSnapshot, presentLicence } from './licences.presenter.ts';
import { type LicenceRow, createLicencesRepository, licenceScopeColumns } from './licences.repository.ts';
import type { CreateLicenceInput, LicenceFiltersInput, UpdateLicenceInput } from './licences.schemas.ts';
import { checkRegulatorFields, managesOnlyItself, registryFilter } from './registry.access.ts';
import { todayInChina } from './registry.helpers.ts';
import { enterprisesTable } from './registry.table.ts';

export const licenceReadScope = (actor: Actor) =>
  registryFilter(actor, 'registry.read', 'licence', licenceScopeColumns);
export const licenceManageScope = (actor: Actor) =>
  registryFilter(actor, 'registry.manage', 'licence', licenceScopeColumns);

/**
 * Suspending, revoking and reinstating a licence are acts of the supervising authority: an
 * enterprise may keep its own licences' particulars up to date, but not change their status.
 */
const asRegulator = (actor: Actor): Actor => ({
  ...actor,
  grants: actor.grants.filter((g) => g.scopeType !== 'enterprise' && g.scopeType !== 'venue'),
});
const licenceStatusScope = (actor: Actor) =>
  registryFilter(asRegulator(actor), 'registry.manage', 'licence', licenceScopeColumns);

/** A licence lies where its enterprise lies: the same rules evaluated over the enterprise row (for a licence not yet written). */
const onEnterprise = {
  regionId: enterprisesTable.regionId,
  enterpriseId: enterprisesTable.id,
  enterpriseRoles: enterprisesTable.roles,
};
const enterpriseFlags = (actor: Actor): { read: SQL; manage: SQL } => ({
  read: registryFilter(actor, 'registry.read', 'licence', onEnterprise),
  manage: registryFilter(actor, 'registry.manage', 'licence', onEnterprise),
});

export type LicenceValues = {
  kind: LicenceKind;
  number: string;
  scope: string;
  issuingBody: string;
  validFrom: string | null;
  validTo: string | null;
  /** 经营类别 of a gas operation licence (issue 11: they give the holder its roles); absent (an import): kept. */
  categories?: GasOperationCategory[];
};

const valueKeys = ['kind', 'number', 'scope', 'issuingBody', 'validFrom', 'validTo', 'categories'] as const;
const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

export type StatusAction = 'suspend' | 'revoke' | 'reinstate';

/** The stored status a transition leads to from the current one, or null when it is not allowed. */
export function nextLicenceStatus(from: StoredLicenceStatus, action: StatusAction): StoredLicenceStatus | null {
  switch (action) {
    case 'suspend':
      return from === 'valid' ? 'suspended' : null;
    case 'revoke':
      // Revocation (吊销) is final: a revoked licence is never reinstated, a new one is issued.
      return from === 'valid' || from === 'suspended' ? 'revoked' : null;
    case 'reinstate':
      return from === 'suspended' ? 'valid' : null;
  }
}

function checkDates(v: { validFrom: string | null; validTo: string | null }) {
  if (v.validFrom && v.validTo && v.validFrom > v.validTo) throw licenceDatesInvalid({ field: 'validTo' });
}

/** Categories (经营类别) belong to gas operation licences only; each once, in the catalogue's order. */
function checkCategories(v: LicenceValues): LicenceValues {
  const categories = gasOperationCategories.filter((c) => (v.categories ?? []).includes(c));
  if (v.kind !== 'gas_operation' && categories.length > 0) throw licenceCategoriesInvalid({ field: 'categories' });
  return { ...v, categories };
}

export function createLicencesService({
  db,
  limits = { licenceExpiryWarningDays: LICENCE_EXPIRY_WARNING_DAYS },
}: {
  db: Db;
  /** The limits in force (规则参数), read at each use. */
  limits?: Pick<RananLimits, 'licenceExpiryWarningDays'>;
}) {
  /** Appends the licence's history row and the audit entry, in the caller's transaction. */
  async function record(
    tx: Db,
    actor: Actor,
    action: string,
    before: LicenceRow | null,
    after: LicenceRow,
    details: Record<string, unknown> = {},
  ) {
    const repo = createLicencesRepository({ db: tx });
    await repo.insertHistory({
      licenceId: after.id,
      action,
      before: before ? licenceSnapshot(before) : null,
      after: licenceSnapshot(after),
      actorName: actor.name,
    });
    await recordAudit(tx, {
      actor,
      action: `licence.${action}`,
      subject: { type: 'licence', id: after.id },
      regionId: after.regionId,
      before: before ? licenceSnapshot(before) : undefined,
      after: licenceSnapshot(after),
      details: { number: after.number, kind: after.kind, enterpriseId: after.enterpriseId, ...details },
    });
  }

  async function detail(tx: Db, actor: Actor, id: string) {
    const repo = createLicencesRepository({ db: tx });
    const row = await repo.get({ id, scope: licenceReadScope(actor), manageScope: licenceManageScope(actor) });
    if (!row) throw licenceNotFound();
    // Every licence field is the regulator's: the licensee reads its licences but edits none of them.
    const manage = row.canManage && row.archivedAt === null && !managesOnlyItself(actor);
    const regulate = manage && (await repo.within({ id, scope: licenceStatusScope(actor) }));
    return {
      ...presentLicence(row, todayInChina()),
      abilities: {
        edit: manage,
        suspend: regulate && nextLicenceStatus(row.status, 'suspend') !== null,
        revoke: regulate && nextLicenceStatus(row.status, 'revoke') !== null,
        reinstate: regulate && nextLicenceStatus(row.status, 'reinstate') !== null,
        archive: manage,
      },
    };
  }

  async function loadForManage(tx: Db, actor: Actor, id: string) {
    const row = await createLicencesRepository({ db: tx }).get({
      id,
      scope: licenceManageScope(actor),
      manageScope: sql`true`,
    });
    if (!row) throw licenceNotFound();
    if (row.archivedAt) throw licenceArchived();
    return row;
  }

  /** The enterprise a new licence is for: 404 when the actor cannot see it, 403 when it cannot manage it. */
  async function enterpriseForCreate(tx: Db, actor: Actor, enterpriseId: string) {
    const e = await createEnterprisesRepository({ db: tx }).getWithFlags({
      id: enterpriseId,
      ...enterpriseFlags(actor),
    });
    if (!e?.canRead) throw enterpriseNotFound();
    if (!e.canManage) throw licenceOutsideScope({ field: 'enterpriseId' });
    if (e.archivedAt) throw licenceEnterpriseArchived();
    return e;
  }

  async function insert(tx: Db, actor: Actor, enterpriseId: string, given: LicenceValues) {
    checkDates(given);
    const values = checkCategories(given);
    const repo = createLicencesRepository({ db: tx });
    if (await repo.findByKindNumber({ kind: values.kind, number: values.number }))
      throw licenceNumberTaken({ field: 'number' });
    let id: string;
    try {
      ({ id } = await repo.insert({ ...values, enterpriseId, status: 'valid' }));
    } catch (err) {
      if (isUniqueViolation(err)) throw licenceNumberTaken({ field: 'number' });
      throw err;
    }
    const after = (await repo.getById({ id }))!;
    await record(tx, actor, 'create', null, after);
    return after;
  }

  async function change(tx: Db, actor: Actor, before: LicenceRow, given: LicenceValues) {
    checkDates(given);
    const values = checkCategories({ ...given, categories: given.categories ?? before.categories });
    const repo = createLicencesRepository({ db: tx });
    const holder = await repo.findByKindNumber({ kind: values.kind, number: values.number });
    if (holder && holder.id !== before.id) throw licenceNumberTaken({ field: 'number' });
    try {
      await repo.update({ id: before.id, ...values });
    } catch (err) {
      if (isUniqueViolation(err)) throw licenceNumberTaken({ field: 'number' });
      throw err;
    }
    const after = (await repo.getById({ id: before.id }))!;
    await record(tx, actor, 'update', before, after, {
      fields: valueKeys.filter((k) => !sameValue(before[k], after[k])),
    });
    return after;
  }

  const valuesOf = (r: LicenceRow): LicenceValues => ({
    kind: r.kind,
    number: r.number,
    scope: r.scope,
    issuingBody: r.issuingBody,
    validFrom: r.validFrom,
    validTo: r.validTo,
    categories: r.categories,
  });
  const same = (a: LicenceValues, b: LicenceValues) =>
    valueKeys.every((k) => (k === 'categories' && a[k] === undefined) || b[k] === undefined || sameValue(a[k], b[k]));

  return {
    /** Licences in the actor's scope with filters; `status` filters on the computed status (expired from the dates, in SQL). */
    async list({
      actor,
      page,
      pageSize,
      ...filters
    }: { actor: Actor; page: number; pageSize: number } & LicenceFiltersInput) {
      requirePermission(actor, 'registry.read');
      const today = todayInChina();
      const { rows, total } = await createLicencesRepository({ db }).list({
        scope: licenceReadScope(actor),
        filters,
        today,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      });
      return { items: rows.map((r) => presentLicence(r, today)), total, page, pageSize };
    },

    /**
     * Valid licences whose validTo falls within the next `days` days (issue 3: listed for the
     * responsible department), soonest first, in the actor's scope — a department sees those of the
     * enterprise kinds it answers for.
     */
    async expiring({ actor, days, page, pageSize }: { actor: Actor; days?: number; page: number; pageSize: number }) {
      return this.list({ actor, page, pageSize, expiringWithinDays: days ?? limits.licenceExpiryWarningDays });
    },

    /** One licence with the actor's abilities; 404 outside scope. */
    async get({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'registry.read');
      return detail(db, actor, id);
    },

    /** The licences of an enterprise the actor can see (404 otherwise). */
    async ofEnterprise({ actor, enterpriseId }: { actor: Actor; enterpriseId: string }) {
      requirePermission(actor, 'registry.read');
      const e = await createEnterprisesRepository({ db }).getWithFlags({ id: enterpriseId, ...enterpriseFlags(actor) });
      if (!e?.canRead) throw enterpriseNotFound();
      const today = todayInChina();
      return (await createLicencesRepository({ db }).byEnterprise({ enterpriseId })).map((r) =>
        presentLicence(r, today),
      );
    },

    /** Registers a licence of an enterprise the actor manages; (kind, number) is its natural key. */
    async create({ actor, enterpriseId, ...input }: { actor: Actor; enterpriseId: string } & CreateLicenceInput) {
      requirePermission(actor, 'registry.manage');
      // A licence is issued by its authority and registered by the regulator, not by the licensee.
      checkRegulatorFields(
        actor,
        ['kind', 'number', 'validFrom', 'validTo'].filter((f) => f in input),
      );
      return db.transaction(async (tx) => {
        await enterpriseForCreate(tx, actor, enterpriseId);
        const row = await insert(tx, actor, enterpriseId, {
          kind: input.kind,
          number: input.number,
          scope: input.scope ?? '',
          issuingBody: input.issuingBody ?? '',
          validFrom: input.validFrom ?? null,
          validTo: input.validTo,
          categories: input.categories ?? [],
        });
        return detail(tx, actor, row.id);
      });
    },

    /** Edits a licence's particulars (status changes go through suspend / revoke / reinstate). */
    async update({ actor, id, ...patch }: { actor: Actor; id: string } & UpdateLicenceInput) {
      requirePermission(actor, 'registry.manage');
      return db.transaction(async (tx) => {
        const before = await loadForManage(tx, actor, id);
        const current = valuesOf(before);
        const next: LicenceValues = { ...current };
        for (const k of valueKeys) {
          const v = patch[k];
          if (v !== undefined) (next as Record<string, unknown>)[k] = v;
        }
        checkRegulatorFields(
          actor,
          valueKeys.filter((k) => !sameValue(next[k], current[k])),
        );
        if (!same(current, next)) await change(tx, actor, before, next);
        return detail(tx, actor, id);
      });
    },

    /** Suspends (暂停), revokes (吊销) or reinstates (恢复) a licence, with the reason kept in its history. */
    async changeStatus({
      actor,
      id,
      action,
      reason,
    }: {
      actor: Actor;
      id: string;
      action: StatusAction;
      reason: string;
    }) {
      requirePermission(actor, 'registry.manage');
      return db.transaction(async (tx) => {
        const before = await loadForManage(tx, actor, id);
        if (!(await createLicencesRepository({ db: tx }).within({ id, scope: licenceStatusScope(actor) })))
          throw licenceStatusChangeForbidden();
        const status = nextLicenceStatus(before.status, action);
        if (!status) throw licenceInvalidTransition({ from: before.status, action });
        const repo = createLicencesRepository({ db: tx });
        await repo.update({ id, status, statusReason: reason });
        const after = (await repo.getById({ id }))!;
        await record(tx, actor, action, before, after, { reason });
        return detail(tx, actor, id);
      });
    },

    /** Archives (never deletes) a licence. */
    async archive({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'registry.manage');
      return db.transaction(async (tx) => {
        const before = await loadForManage(tx, actor, id);
        checkRegulatorFields(actor, ['archivedAt']);
        const repo = createLicencesRepository({ db: tx });
        await repo.update({ id, archivedAt: new Date() });
        await record(tx, actor, 'archive', before, (await repo.getById({ id }))!);
        return detail(tx, actor, id);
      });
    },

    /** Every change of a licence, newest first (before/after snapshots and who made it). */
    async history({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'registry.read');
      const repo = createLicencesRepository({ db });
      const row = await repo.get({ id, scope: licenceReadScope(actor), manageScope: sql`false` });
      if (!row) throw licenceNotFound();
      return (await repo.history({ licenceId: id })).map((h) => ({
        id: h.id,
        action: h.action,
        before: h.before ?? null,
        after: h.after,
        actorName: h.actorName,
        at: h.at.toISOString(),
      }));
    },

    /**
     * Import: inserts or updates by (kind, number) for the enterprise named by credit code. Rows
     * the actor may not manage, or a number registered to another enterprise, are refused.
     */
    async upsert({
      actor,
      tx,
      enterpriseCreditCode,
      values,
    }: {
      actor: Actor;
      tx: Db;
      enterpriseCreditCode: string;
      values: LicenceValues;
    }): Promise<'created' | 'updated' | 'unchanged' | { refused: string; column: string }> {
      requirePermission(actor, 'registry.manage');
      const e = await createEnterprisesRepository({ db: tx }).getByCreditCodeWithFlags({
        creditCode: enterpriseCreditCode,
        ...enterpriseFlags(actor),
      });
      if (!e?.canRead)
        return {
          refused: `未找到统一社会信用代码为 ${enterpriseCreditCode} 的企业，请先登记或导入该企业`,
          column: 'enterpriseCreditCode',
        };
      if (!e.canManage) return { refused: '该企业不在您的管理范围内', column: 'enterpriseCreditCode' };
      const repo = createLicencesRepository({ db: tx });
      const existing = await repo.findByKindNumber({ kind: values.kind, number: values.number });
      // Every licence field is the regulator's (issue 9.4): a licensee's file registers or changes none.
      const regulatorOnly = {
        refused: '许可证由监管部门登记和变更，不能通过导入新增或修改；请在企业详情中提交变更申请',
        column: 'number',
      };
      if (!existing) {
        if (managesOnlyItself(actor)) return regulatorOnly;
        if (e.archivedAt) return { refused: '该企业已归档，不能新增许可证', column: 'enterpriseCreditCode' };
        await insert(tx, actor, e.id, values);
        return 'created';
      }
      if (existing.enterpriseId !== e.id) return { refused: '该编号的许可证已登记在其他企业名下', column: 'number' };
      if (same(valuesOf(existing), values)) return 'unchanged';
      if (existing.archivedAt) return { refused: '该许可证已归档，不能通过导入修改', column: 'number' };
      if (managesOnlyItself(actor)) return regulatorOnly;
      await change(tx, actor, existing, values);
      return 'updated';
    },

    /** The export's rows (enterprise name, number order), in batches, within the actor's scope. */
    async *exportRows({ actor, filters }: { actor: Actor; filters: LicenceFiltersInput }) {
      requirePermission(actor, 'registry.read');
      const repo = createLicencesRepository({ db });
      const scope = licenceReadScope(actor);
      const today = todayInChina();
      let after: { name: string; number: string; id: string } | null = null;
      for (;;) {
        const rows = await repo.exportBatch({ scope, filters, today, after, limit: 500 });
        if (rows.length === 0) return;
        for (const r of rows) yield presentLicence(r, today);
        const last = rows.at(-1)!;
        after = { name: last.enterpriseName, number: last.number, id: last.id };
      }
    },
  };
}

export type LicencesService = ReturnType<typeof createLicencesService>;
