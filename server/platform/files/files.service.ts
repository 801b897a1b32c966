import { createHash } from 'node:crypto';
import { type SQL, and, eq, inArray, sql } from 'drizzle-orm';
import type { Permission } from '../../../domain/access/roles.ts';
import type { Db } from '../../db/client.ts';
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
  // The door check's photos (随瓶安检).
  'delivery.deliver',
  'hazard.verify',
  'hazard.manage',
  // A third-party works' protection agreement (第三方施工).
  'works.record',
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
 * How a module says who may read the files its records reference: given the actor and the file as a
 * one-element uuid[] (`array[files.id]`), SQL that is true when the actor may read a record of the
 * module that references the file. Modules export theirs from index.ts (inspections: results;
 * hazards: hazards and their events) and the app passes them here, so the platform imports no module.
 */
export type FileReader = (actor: Actor, file: SQL) => SQL;

/**
 * Who may read a file (SQL over files.id): its uploader, or anyone who may read a record that
 * references it, as its module's reader says. A file nobody can see through these answers 404, like
 * any object outside one's scope.
 */
export function readableBy(actor: Actor, readers: readonly FileReader[]): SQL {
  if (actor.type === 'system') return sql`true`;
  const file = sql`array[${filesTable.id}]::uuid[]`;
  return sql`(${sql.join(
    [actor.id ? eq(filesTable.uploadedBy, actor.id) : sql`false`, ...readers.map((r) => r(actor, file))],
    sql` or `,
  )})`;
}

/**
 * Of these file ids, those the actor may reference in a record: files it uploaded or can already read.
 * Naming a file in a hazard or an inspection result makes it readable to the record's readers, so a
 * reference to any other file would be a way to read it (or to show it to others).
 */
export async function readableFileIds(
  db: Db,
  actor: Actor,
  ids: readonly string[],
  readers: readonly FileReader[],
): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Set();
  const rows = await db
    .select({ id: filesTable.id })
    .from(filesTable)
    .where(and(inArray(filesTable.id, unique), readableBy(actor, readers)));
  return new Set(rows.map((r) => r.id));
}

export function createFilesService({ db, readers = [] }: { db: Db; readers?: readonly FileReader[] }) {
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
        .where(and(eq(filesTable.id, id), readableBy(actor, readers)));
      if (!row) throw fileNotFound();
      return row;
    },
  };
}
