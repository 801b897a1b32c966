import { createHash } from 'node:crypto';
import { type SQL, and, eq, inArray, sql } from 'drizzle-orm';
import type { Permission } from '../../../domain/access/roles.ts';
import type { Db } from '../../db/client.ts';
import { hazardEventsTable, hazardsTable } from '../../modules/hazards/hazards.table.ts';
import { ledgerScopeFilter } from '../../modules/inspections/inspections.access.ts';
import { inspectionResultsTable, inspectionsTable } from '../../modules/inspections/inspections.table.ts';
import { type Actor, can } from '../access.ts';
import { recordAudit } from '../audit/audit.ts';
import { forbidden } from '../errors.ts';
import { fileEmpty, fileNotFound, fileTooLarge, fileUnsupportedType } from './files.errors.ts';
import { FILE_LIMITS, sniffContentType } from './files.magic.ts';
import { filesTable } from './files.table.ts';

/** Whoever records inspections or works on hazards uploads their photos and documents. */
const uploadPermissions: Permission[] = [
  'inspection.record',
  'inspection.plan',
  'hazard.rectify',
  'hazard.verify',
  'hazard.manage',
];

export function presentFile(f: Omit<typeof filesTable.$inferSelect, 'data'>) {
  return {
    id: f.id,
    sha256: f.sha256,
    contentType: f.contentType,
    size: f.size,
    name: f.name,
    createdAt: f.createdAt.toISOString(),
  };
}

/**
 * Who may read a file (SQL over files.id): its uploader, or anyone who may read an inspection whose
 * results reference it, or a hazard (or a hazard event: rectification evidence) that references it.
 * A file nobody can see through these answers 404, like any object outside one's scope.
 */
function readableBy(actor: Actor): SQL {
  if (actor.type === 'system') return sql`true`;
  const r = inspectionResultsTable;
  const i = inspectionsTable;
  const h = hazardsTable;
  const e = hazardEventsTable;
  const inspectionScope = ledgerScopeFilter(actor, 'inspection.read', {
    regionId: i.regionId,
    objectType: i.objectType,
    objectId: i.objectId,
    objectKind: i.objectKind,
    ownerEnterpriseId: i.ownerEnterpriseId,
    departmentIds: i.departmentIds,
    inspectingRegionId: i.inspectingRegionId,
    inspectingEnterpriseId: i.inspectingEnterpriseId,
  });
  // The same rule as a hazard's readers (modules/hazards/hazards.access.ts hazardReadScope).
  const hazardScope = ledgerScopeFilter(actor, 'hazard.read', {
    regionId: h.regionId,
    objectType: h.objectType,
    objectId: h.objectId,
    objectKind: h.objectKind,
    ownerEnterpriseId: h.ownerEnterpriseId,
    departmentId: h.departmentId,
  });
  const byId = sql`array[${filesTable.id}]::uuid[]`;
  return sql`(
    ${actor.id ? eq(filesTable.uploadedBy, actor.id) : sql`false`}
    or exists (select 1 from ${r} join ${i} on ${i.id} = ${r.inspectionId} where ${r.photoIds} @> ${byId} and ${inspectionScope})
    or exists (select 1 from ${h} where ${h.photoIds} @> ${byId} and ${hazardScope})
    or exists (select 1 from ${e} join ${h} on ${h.id} = ${e.hazardId} where ${e.photoIds} @> ${byId} and ${hazardScope})
  )`;
}

/**
 * Of these file ids, those the actor may reference in a record: files it uploaded or can already read.
 * Naming a file in a hazard or an inspection result makes it readable to the record's readers, so a
 * reference to any other file would be a way to read it (or to show it to others).
 */
export async function readableFileIds(db: Db, actor: Actor, ids: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Set();
  const rows = await db
    .select({ id: filesTable.id })
    .from(filesTable)
    .where(and(inArray(filesTable.id, unique), readableBy(actor)));
  return new Set(rows.map((r) => r.id));
}

export function createFilesService({ db }: { db: Db }) {
  return {
    /** Stores an uploaded photo or PDF after checking its real type by magic bytes and its size. */
    async upload({ actor, bytes, name }: { actor: Actor; bytes: Buffer; name: string }) {
      if (!uploadPermissions.some((p) => can(actor, p))) throw forbidden({ permission: 'inspection.record' });
      if (bytes.length === 0) throw fileEmpty();
      if (bytes.length > FILE_LIMITS.maxBytes) throw fileTooLarge({ limitBytes: FILE_LIMITS.maxBytes });
      const contentType = sniffContentType(bytes);
      if (!contentType)
        throw fileUnsupportedType({ accepted: ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] });
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(filesTable)
          .values({
            sha256,
            contentType,
            size: bytes.length,
            name: name.slice(0, 200),
            data: bytes,
            uploadedBy: actor.type === 'user' ? actor.id : null,
          })
          .returning({
            id: filesTable.id,
            sha256: filesTable.sha256,
            contentType: filesTable.contentType,
            size: filesTable.size,
            name: filesTable.name,
            uploadedBy: filesTable.uploadedBy,
            createdAt: filesTable.createdAt,
          });
        await recordAudit(tx, {
          actor,
          action: 'file.upload',
          subject: { type: 'file', id: row!.id },
          details: { sha256, contentType, size: bytes.length },
        });
        return presentFile(row!);
      });
    },

    /** A file's bytes, for its uploader or a reader of a record that references it (404 otherwise). */
    async get({ actor, id }: { actor: Actor; id: string }) {
      const [row] = await db
        .select()
        .from(filesTable)
        .where(and(eq(filesTable.id, id), readableBy(actor)));
      if (!row) throw fileNotFound();
      return row;
    },
  };
}
