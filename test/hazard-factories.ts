import { randomBytes } from 'node:crypto';
import { CHECKLIST_VERSION } from '../domain/hazards/checklist.ts';
import type { Db } from '../server/db/client.ts';
import { hazardsTable } from '../server/modules/hazards/hazards.table.ts';
import {
  inspectionResultsTable,
  inspectionSignaturesTable,
  inspectionsTable,
} from '../server/modules/inspections/inspections.table.ts';
import { peopleTable } from '../server/modules/registry/registry.table.ts';
import { usersTable } from '../server/modules/users/users.table.ts';
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
  const { regionCode = '150626100', ...rest } = overrides;
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

/**
 * A signed inspection of an object with its results and one signer, inserted straight into the
 * inspection tables (the signature's audit fields are placeholders): for accountability, coverage
 * and notice tests.
 */
export async function buildSignedInspection(
  db: Db,
  {
    object,
    day,
    results = {},
    signerName = '张检查',
  }: {
    object: { type: 'venue' | 'enterprise'; id: string; regionId: string; kind: string; name: string };
    day: string;
    results?: Record<string, 'pass' | 'fail' | 'not_applicable'>;
    signerName?: string;
  },
) {
  const signedAt = new Date(`${day}T10:00:00+08:00`);
  const hash = randomBytes(32).toString('hex');
  const [inspection] = await db
    .insert(inspectionsTable)
    .values({
      kind: 'department',
      status: 'signed',
      objectType: object.type,
      objectId: object.id,
      regionId: object.regionId,
      objectKind: object.kind,
      objectName: object.name,
      checklistVersion: CHECKLIST_VERSION,
      visitedAt: signedAt,
      signedAt,
      contentHash: hash,
    })
    .returning();
  const entries = Object.entries(results);
  if (entries.length) {
    await db
      .insert(inspectionResultsTable)
      .values(entries.map(([itemId, result]) => ({ inspectionId: inspection!.id, itemId, result })));
  }
  const [person] = await db
    .insert(peopleTable)
    .values({
      name: signerName,
      kind: 'inspector',
      phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
      regionId: object.regionId,
    })
    .returning();
  const [user] = await db
    .insert(usersTable)
    .values({ username: `signer${randomBytes(4).toString('hex')}`, displayName: signerName, passwordHash: 'x' })
    .returning();
  await db.insert(inspectionSignaturesTable).values({
    inspectionId: inspection!.id,
    personId: person!.id,
    userId: user!.id,
    signedAt,
    contentHash: hash,
    auditSeq: 0,
    auditHash: '0'.repeat(64),
  });
  return inspection!;
}
