import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { searchTokens } from '../domain/registry/registry.ts';
import type { PersonKind } from '../domain/registry/registry.ts';
import type { Db } from '../server/db/client.ts';
import { peopleTable, trainingRecordsTable } from '../server/modules/registry/registry.table.ts';
import { regionByCode, uniqueName } from './factories.ts';

/**
 * Factories for the hazard ledger's tests (inspections, hazards, files). Add functions; do not
 * rewrite others'.
 */

type PersonRow = typeof peopleTable.$inferSelect;

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/**
 * A person of the register (default: an inspector in 嘎鲁图镇 with a passed training valid for a
 * year). `trained: false` gives no training; `trained: 'expired'` a passed training that has ended.
 */
export async function buildPerson(
  db: Db,
  overrides: Partial<typeof peopleTable.$inferInsert> & {
    regionCode?: string;
    trained?: boolean | 'expired';
  } = {},
): Promise<PersonRow> {
  const { regionCode = '150626100', trained = true, ...rest } = overrides;
  const regionId = rest.regionId ?? (await regionByCode(db, regionCode)).id;
  const name = rest.name ?? uniqueName('排查员');
  const [row] = await db
    .insert(peopleTable)
    .values({
      kind: 'inspector' as PersonKind,
      phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
      ...rest,
      name,
      regionId,
      searchTokens: searchTokens(name),
    })
    .returning();
  if (trained) {
    await db.insert(trainingRecordsTable).values({
      personId: row!.id,
      course: '城镇燃气安全隐患排查培训',
      trainedOn: isoDay(trained === 'expired' ? -800 : -30),
      passed: true,
      validUntil: isoDay(trained === 'expired' ? -435 : 335),
    });
  }
  return row!;
}

type Send = (opts: InjectOptions) => Promise<LightMyRequestResponse>;

type ChecklistEntry = { itemId: string; computed: boolean; measureFields: string[] };

/** On-site facts under which every computed venue item passes (a short, new hose; working devices). */
export const passingVenueFacts = {
  lpgBelowGround: false,
  highRiseBuilding: false,
  storedLpgKg: 0,
  hasCylinderRoom: false,
  hoseInUse: true,
  hoseType: 'rubber',
  hoseLengthM: 1.5,
  hoseInstalledOn: isoDay(-100),
  detectorInstalled: true,
  detectorWorking: true,
  detectorInstalledOn: isoDay(-100),
  detectorHeightM: 0.2,
  regulatorInstalledOn: isoDay(-100),
  sealRingInstalledOn: isoDay(-100),
  shutoffValveInstalled: true,
  shutoffValveWorking: true,
  shutoffValveInstalledOn: isoDay(-100),
};

/** A results body ticking every non-computed item of the checklist 'pass' unless `ticks` says otherwise. */
export function resultsFor(
  checklist: ChecklistEntry[],
  ticks: Record<string, 'pass' | 'fail' | 'not_applicable'> = {},
  extra: Record<string, { measured?: Record<string, unknown>; note?: string; photoIds?: string[] }> = {},
) {
  return checklist.map((c) => ({
    itemId: c.itemId,
    ...(c.computed ? {} : { result: ticks[c.itemId] ?? 'pass' }),
    ...(extra[c.itemId] ?? {}),
  }));
}

/** Records a complete passing record (with the given failures) on a planned inspection and returns the detail. */
export async function recordAll(
  send: Send,
  inspectionId: string,
  {
    ticks = {},
    extra = {},
    facts = passingVenueFacts,
    body = {},
  }: {
    ticks?: Record<string, 'pass' | 'fail' | 'not_applicable'>;
    extra?: Record<string, { measured?: Record<string, unknown>; note?: string; photoIds?: string[] }>;
    facts?: Record<string, unknown>;
    body?: Record<string, unknown>;
  } = {},
) {
  const detail = (await send({ method: 'GET', url: `/api/v1/inspections/${inspectionId}` })).json();
  const res = await send({
    method: 'PUT',
    url: `/api/v1/inspections/${inspectionId}/results`,
    payload: { results: resultsFor(detail.checklist, ticks, extra), facts, ...body },
  });
  return res;
}

/** A tiny valid PNG (1×1). */
export const PNG_BYTES = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);
