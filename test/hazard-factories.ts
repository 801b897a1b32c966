import { randomBytes } from 'node:crypto';
import type { Db } from '../server/db/client.ts';
import { hazardsTable } from '../server/modules/hazards/hazards.table.ts';
import { regionByCode } from './factories.ts';

type HazardRow = typeof hazardsTable.$inferSelect;

/**
 * A hazard inserted straight into the ledger (no audit, no timeline): for scope, escalation,
 * progress and export tests that need many rows in a given state. Default: an open general hazard
 * of a made-up venue in 嘎鲁图镇, found 2024-03-01, due 2024-03-16.
 */
export async function buildHazard(
  db: Db,
  overrides: Partial<typeof hazardsTable.$inferInsert> & { regionCode?: string } = {},
): Promise<HazardRow> {
  const { regionCode = '150626101', ...rest } = overrides;
  const regionId = rest.regionId ?? (await regionByCode(db, regionCode)).id;
  const [row] = await db
    .insert(hazardsTable)
    .values({
      number: `YH-T-${randomBytes(6).toString('hex')}`,
      objectType: 'venue',
      objectId: rest.objectId ?? crypto.randomUUID(),
      objectKind: 'restaurant',
      objectName: '测试饭店',
      source: 'manual',
      severity: 'general',
      description: '测试隐患',
      foundOn: '2024-03-01',
      deadline: '2024-03-16',
      status: rest.closedAt ? 'closed' : 'open',
      ...rest,
      regionId,
    })
    .returning();
  return row!;
}
