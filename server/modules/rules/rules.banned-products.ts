import type { BannedCatalogueEntry } from '../../../domain/hazards/evaluate.ts';
import { bannedProductSeeds } from '../../../domain/rules/banned-products.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { bannedProductNotFound } from './rules.errors.ts';
import { createRulesRepository } from './rules.repository.ts';
import type { CreateBannedProductInput, UpdateBannedProductInput } from './rules.schemas.ts';
import type { BannedProductRow } from './rules.table.ts';

function present(r: BannedProductRow) {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    catalogue: r.catalogue,
    documentNumber: r.documentNumber,
    effectiveOn: r.effectiveOn,
    severity: r.severity,
    checkItemId: r.checkItemId as CreateBannedProductInput['checkItemId'],
    note: r.note,
    withdrawn: r.withdrawnAt !== null,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/**
 * The whole catalogue (withdrawn entries too) as the inspections' verdict reads it (issue 10.4): the items
 * venue.banned_hose and venue.banned_appliance fail only on an entry in force that the inspector names.
 */
export async function bannedCatalogue(db: Db): Promise<BannedCatalogueEntry[]> {
  const rows = await createRulesRepository({ db }).listBannedProducts();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    catalogue: r.catalogue,
    documentNumber: r.documentNumber,
    effectiveOn: r.effectiveOn,
    severity: r.severity,
    checkItemId: r.checkItemId,
    withdrawn: r.withdrawnAt !== null,
  }));
}

/** Seeds the catalogue from the rules reference's entries when it holds none (entries are withdrawn, never deleted). */
export async function seedBannedProducts(db: Db) {
  await db.transaction(async (tx) => {
    const repo = createRulesRepository({ db: tx });
    await repo.lockForChange('banned_products');
    if ((await repo.countBannedProducts()) > 0) return;
    await repo.insertBannedProducts(bannedProductSeeds.map((s) => ({ ...s })));
  });
}

/**
 * 淘汰/禁用产品目录 (issue 10.4): the banned and obsolete products, each citing the official catalogue or standard
 * that bans it; read by staff, changed by the office (`rules.manage`), every change audited.
 */
export function createBannedProductsService({ db }: { db: Db }) {
  return {
    async list({ actor }: { actor: Actor }) {
      requirePermission(actor, 'overview.read');
      return { items: (await createRulesRepository({ db }).listBannedProducts()).map(present) };
    },

    async create({ actor, input }: { actor: Actor; input: CreateBannedProductInput }) {
      requirePermission(actor, 'rules.manage');
      return db.transaction(async (tx) => {
        const [row] = await createRulesRepository({ db: tx }).insertBannedProducts([input]);
        await recordAudit(tx, {
          actor,
          action: 'rules.banned_product_create',
          subject: { type: 'banned_product', id: row!.id },
          after: row,
          details: { name: input.name, documentNumber: input.documentNumber, checkItemId: input.checkItemId },
        });
        return present(row!);
      });
    },

    /** Edits an entry or withdraws it (`withdrawn: true`) or puts it back in force. */
    async update({ actor, id, input }: { actor: Actor; id: string; input: UpdateBannedProductInput }) {
      requirePermission(actor, 'rules.manage');
      return db.transaction(async (tx) => {
        const repo = createRulesRepository({ db: tx });
        const before = await repo.getBannedProduct(id);
        if (!before) throw bannedProductNotFound();
        const { withdrawn, ...fields } = input;
        const values: Partial<BannedProductRow> = Object.fromEntries(
          Object.entries(fields).filter(([, v]) => v !== undefined),
        );
        if (withdrawn !== undefined && withdrawn !== (before.withdrawnAt !== null))
          values.withdrawnAt = withdrawn ? new Date() : null;
        const row = await repo.updateBannedProduct(id, values);
        await recordAudit(tx, {
          actor,
          action: 'rules.banned_product_update',
          subject: { type: 'banned_product', id },
          before,
          after: row,
          details: { fields: Object.keys(values), withdrawn: row.withdrawnAt !== null },
        });
        return present(row);
      });
    },
  };
}
