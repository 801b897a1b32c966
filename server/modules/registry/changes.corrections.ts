import { and, eq, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import { gasSources, venueFloors } from '../../../domain/registry/registry.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { IsoDate } from '../../platform/schemas.ts';
import { registryChangeRequestsTable as t } from './changes.table.ts';
import { pipelineSegmentsTable, venuesTable } from './registry.table.ts';

/**
 * The venue facts a site finding corrects in the register (issue 10.1): where the venue's gas is, the
 * building, the gas sources and the supply contract's end. Approving a correction writes them through the
 * venues use case (its rules, history and audit entry).
 */
export const VenueSiteChange = z.strictObject({
  floor: z.enum(venueFloors).optional(),
  highRiseBuilding: z.boolean().nullable().optional(),
  gasSources: z.array(z.enum(gasSources)).max(3).optional(),
  contractTo: IsoDate.nullable().optional(),
});
const correctable = Object.keys(VenueSiteChange.shape) as (keyof z.infer<typeof VenueSiteChange>)[];

/**
 * The pipeline segment's flags a site finding corrects (issue 10.1): built over within the protection zone, laid
 * through a confined space. The items network.encroached(_low_pressure) and network.through_confined_space read them
 * from the register; an inspector who finds the defect where the register records none fails the item (the worse
 * of register and site) and the contradiction (`facts.discrepancies` names the flag) proposes the flag set.
 */
export const PipelineSiteChange = z.strictObject({
  encroached: z.boolean().optional(),
  confinedSpace: z.boolean().optional(),
});
const pipeFlags = Object.keys(PipelineSiteChange.shape) as (keyof z.infer<typeof PipelineSiteChange>)[];

/** What the inspections module hands over of a signed record (no inspections type is imported here). */
export type SignedInspection = {
  id: string;
  /** The signed record this one corrects: its correction is not opened again. */
  correctsInspectionId?: string | null;
  objectType: string;
  objectId: string;
  facts: Record<string, unknown> | null;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Opens a register correction for the object of a signed inspection whose site findings contradict the
 * register's facts (`facts.discrepancies`), in the signing transaction: one proposal per inspection and
 * object holding the site value of each contradicted fact the register keeps for the object, addressed to
 * the regulator responsible for it (the change requests' decide scope), audited. A second signing of the
 * same record, or of a correction of it, opens none; nor does a fact pending with the same value. Facts the register already holds as found open nothing.
 * Venues' facts (VenueSiteChange) and pipeline segments' flags (PipelineSiteChange) are corrected; an enterprise's
 * register facts are its people's training and certificates, records of their own (corrected in the people
 * register), so its discrepancies stay in the record.
 */
export async function openSiteCorrections(tx: Db, inspection: SignedInspection, actor: Actor) {
  if (!actor.id) return null;
  if (inspection.objectType === 'pipeline') return openPipelineCorrection(tx, inspection, actor);
  if (inspection.objectType !== 'venue') return null;
  const facts = inspection.facts ?? {};
  const discrepancies = Array.isArray(facts.discrepancies) ? (facts.discrepancies as string[]) : [];
  const measured = (facts.measured ?? {}) as Record<string, unknown>;
  const [venue] = await tx.select().from(venuesTable).where(eq(venuesTable.id, inspection.objectId));
  if (!venue || venue.archivedAt) return null;
  const held = venue as unknown as Record<string, unknown>;
  // Facts already proposed for this venue by this record or the one it corrects (any decision), or pending
  // with the same site value from another record: not opened again.
  const already = await proposedAlready(tx, inspection, 'venue');
  const changes: Record<string, unknown> = {};
  const current: Record<string, unknown> = {};
  for (const key of correctable) {
    if (!discrepancies.includes(key) || !(key in measured)) continue;
    const site = measured[key];
    if (site === undefined || same(site, held[key]) || already(key, site)) continue;
    changes[key] = site;
    current[key] = held[key] ?? null;
  }
  const parsed = VenueSiteChange.safeParse(changes);
  if (Object.keys(changes).length === 0 || !parsed.success) return null;
  return propose(tx, inspection, actor, {
    subjectType: 'venue',
    subjectId: venue.id,
    subjectName: venue.name,
    venueId: venue.id,
    enterpriseId: null,
    regionId: venue.regionId,
    kind: venue.category,
    changes: parsed.data,
    current,
  });
}

/** A segment's flags the site found set where the register holds them unset (see PipelineSiteChange). */
async function openPipelineCorrection(tx: Db, inspection: SignedInspection, actor: Actor) {
  const facts = inspection.facts ?? {};
  const discrepancies = Array.isArray(facts.discrepancies) ? (facts.discrepancies as string[]) : [];
  const [segment] = await tx
    .select()
    .from(pipelineSegmentsTable)
    .where(eq(pipelineSegmentsTable.id, inspection.objectId));
  if (!segment || segment.archivedAt) return null;
  const already = await proposedAlready(tx, inspection, 'pipeline');
  const changes: Record<string, unknown> = {};
  const current: Record<string, unknown> = {};
  for (const flag of pipeFlags) {
    // The site found the defect (a failed item) where the register records none.
    if (!discrepancies.includes(flag) || segment[flag] === true || already(flag, true)) continue;
    changes[flag] = true;
    current[flag] = segment[flag];
  }
  const parsed = PipelineSiteChange.safeParse(changes);
  if (Object.keys(changes).length === 0 || !parsed.success) return null;
  return propose(tx, inspection, actor, {
    subjectType: 'pipeline',
    subjectId: segment.id,
    subjectName: `${segment.name}（${segment.code}）`,
    venueId: null,
    enterpriseId: segment.ownerEnterpriseId,
    regionId: segment.regionId,
    kind: 'pipeline',
    changes: parsed.data,
    current,
  });
}

/**
 * Whether a fact was already proposed for the object by this record or the one it corrects (any decision), or is
 * pending with the same site value from another record: not opened again.
 */
async function proposedAlready(tx: Db, inspection: SignedInspection, subjectType: 'venue' | 'pipeline') {
  const lineage = [inspection.id, inspection.correctsInspectionId].filter((x): x is string => !!x);
  const earlier = await tx
    .select({ source: t.sourceInspectionId, status: t.status, changes: t.changes })
    .from(t)
    .where(and(eq(t.subjectType, subjectType), eq(t.subjectId, inspection.objectId), isNotNull(t.sourceInspectionId)));
  return (key: string, site: unknown) =>
    earlier.some((r) => {
      const c = r.changes as Record<string, unknown>;
      if (!(key in c)) return false;
      return lineage.includes(r.source!) || (r.status === 'pending' && same(c[key], site));
    });
}

/** Inserts the correction (once per inspection and object), audited, and tells the regulators responsible. */
async function propose(
  tx: Db,
  inspection: SignedInspection,
  actor: Actor,
  subject: {
    subjectType: 'venue' | 'pipeline';
    subjectId: string;
    subjectName: string;
    venueId: string | null;
    enterpriseId: string | null;
    regionId: string;
    kind: string;
    changes: Record<string, unknown>;
    current: Record<string, unknown>;
  },
) {
  const { changes, current } = subject;
  const [row] = await tx
    .insert(t)
    .values({
      ...subject,
      reason: `现场检查与台账不符（${Object.keys(changes).join('、')}）`,
      proposedBy: actor.id!,
      proposedByName: actor.name,
      sourceInspectionId: inspection.id,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) return null;
  await recordAudit(tx, {
    actor,
    action: 'registry_change.site_correction',
    subject: { type: 'registry_change', id: row.id },
    regionId: row.regionId,
    details: {
      subjectType: row.subjectType,
      subjectId: row.subjectId,
      subjectName: row.subjectName,
      inspectionId: inspection.id,
      changes,
      current,
    },
  });
  await publishEvent(tx, {
    type: 'registry_change.proposed',
    subject: { type: 'registry_change', id: row.id },
    regionId: row.regionId,
    payload: { subjectType: row.subjectType, subjectName: row.subjectName, proposedBy: row.proposedBy },
  });
  return row;
}
