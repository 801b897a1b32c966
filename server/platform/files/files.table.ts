import { customType, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** PostgreSQL `bytea` as a Node Buffer (node-postgres and PGlite both return bytea as bytes). */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
  toDriver: (value) => value,
});

/** The content types a file may have: photos and PDFs, recognised by their magic bytes. */
export const storedFileContentTypes = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;

/**
 * Uploaded files (inspection and rectification photos, scanned notices). The bytes live in the
 * database itself, so PGlite and PostgreSQL need no separate storage and a backup holds everything.
 * Files are never updated; who may read one is decided by what references it (files.service.ts).
 */
export const filesTable = pgTable(
  'files',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** SHA-256 of the bytes, hex: integrity check and evidence fingerprint. */
    sha256: text().notNull(),
    /** Decided from the magic bytes at upload, never the client's claim. */
    contentType: text({ enum: storedFileContentTypes }).notNull(),
    size: integer().notNull(),
    /** The client's file name, for display only. */
    name: text().notNull().default(''),
    data: bytea().notNull(),
    /**
     * The uploading user. The foreign key to users(id) is in the database (migration 0002) but not
     * declared here: the platform imports no module (migration 0011 keeps the constraint).
     */
    uploadedBy: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('files_uploaded_by_idx').on(t.uploadedBy, t.createdAt), index('files_sha256_idx').on(t.sha256)],
);
