import { type SQL, and, asc, desc, eq, gte, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { DUPLICATE_WINDOW_HOURS } from '../../../domain/tips/tips.ts';
import type { Db } from '../../db/client.ts';
import { filesTable } from '../../platform/files/index.ts';
import { hazardsTable } from '../hazards/index.ts';
import { departmentsTable, regionsTable } from '../organisation/index.ts';
import { peopleTable } from '../registry/index.ts';
import { tipEventsTable, tipSettingsTable, tipsTable } from './tips.table.ts';

export type TipRow = typeof tipsTable.$inferSelect;
export type TipInsert = typeof tipsTable.$inferInsert;
export type TipWithNames = TipRow & { regionName: string | null; departmentName: string | null };

const withNames = {
  tip: tipsTable,
  regionName: regionsTable.name,
  departmentName: departmentsTable.shortName,
};

/** The only queries of the tips module, over the handle given (the transaction's). */
export function createTipsRepository({ db }: { db: Db }) {
  const flatten = (r: { tip: TipRow; regionName: string | null; departmentName: string | null }): TipWithNames => ({
    ...r.tip,
    regionName: r.regionName,
    departmentName: r.departmentName,
  });
  const joined = () =>
    db
      .select(withNames)
      .from(tipsTable)
      .leftJoin(regionsTable, eq(regionsTable.id, tipsTable.regionId))
      .leftJoin(departmentsTable, eq(departmentsTable.id, tipsTable.departmentId));

  return {
    async insert(values: TipInsert) {
      const [row] = await db.insert(tipsTable).values(values).returning();
      return row!;
    },
    async update(id: string, values: Partial<TipInsert>) {
      await db
        .update(tipsTable)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(tipsTable.id, id));
    },
    async byTrackingCode(code: string) {
      const [row] = await db.select().from(tipsTable).where(eq(tipsTable.trackingCode, code));
      return row;
    },
    async get(id: string, scope: SQL) {
      const [row] = await joined().where(and(eq(tipsTable.id, id), scope));
      return row ? flatten(row) : undefined;
    },
    async lock(id: string, scope: SQL) {
      const [row] = await db
        .select()
        .from(tipsTable)
        .where(and(eq(tipsTable.id, id), scope))
        .for('update');
      return row;
    },
    async list({ scope, where, limit, offset }: { scope: SQL; where: SQL[]; limit: number; offset: number }) {
      const cond = and(scope, ...where);
      const open = sql`${tipsTable.status} in ('received', 'accepted', 'verified')`;
      const rows = await joined()
        .where(cond)
        // Urgent open tips first (a smell of gas), then by deadline.
        .orderBy(desc(sql`(${tipsTable.urgent} and ${open})`), asc(tipsTable.dueAt), asc(tipsTable.id))
        .limit(limit)
        .offset(offset);
      const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(tipsTable).where(cond);
      return { rows: rows.map(flatten), total: count?.n ?? 0 };
    },
    async events(tipId: string) {
      return db.select().from(tipEventsTable).where(eq(tipEventsTable.tipId, tipId)).orderBy(asc(tipEventsTable.at));
    },
    async addEvent(values: typeof tipEventsTable.$inferInsert) {
      await db.insert(tipEventsTable).values(values);
    },
    /** Tips of the same category filed within the duplicate window of this one (not itself, not merged). */
    async nearbyCandidates(tip: TipRow, scope: SQL) {
      const windowMs = DUPLICATE_WINDOW_HOURS * 3_600_000;
      return db
        .select()
        .from(tipsTable)
        .where(
          and(
            scope,
            eq(tipsTable.category, tip.category),
            ne(tipsTable.id, tip.id),
            ne(tipsTable.status, 'merged'),
            gte(tipsTable.createdAt, new Date(tip.createdAt.getTime() - windowMs)),
            lte(tipsTable.createdAt, new Date(tip.createdAt.getTime() + windowMs)),
          ),
        )
        .orderBy(asc(tipsTable.createdAt))
        .limit(50);
    },
    async countWithoutProofSince(clientKey: string, since: Date) {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(tipsTable)
        .where(
          and(eq(tipsTable.clientKey, clientKey), isNull(tipsTable.powChallenge), gte(tipsTable.createdAt, since)),
        );
      return row?.n ?? 0;
    },
    async challengeSpent(challenge: string) {
      const [row] = await db.select({ id: tipsTable.id }).from(tipsTable).where(eq(tipsTable.powChallenge, challenge));
      return Boolean(row);
    },
    /** Of these photo ids: those uploaded through the public route (no uploader, an image) and named by no tip yet. */
    async freePublicPhotos(ids: string[]) {
      if (ids.length === 0) return new Set<string>();
      const rows = await db
        .select({ id: filesTable.id })
        .from(filesTable)
        .where(
          and(
            inArray(filesTable.id, ids),
            isNull(filesTable.uploadedBy),
            inArray(filesTable.contentType, ['image/jpeg', 'image/png', 'image/webp']),
            sql`not exists (select 1 from ${tipsTable} where ${tipsTable.photoIds} @> array[${filesTable.id}]::uuid[])`,
          ),
        );
      return new Set(rows.map((r) => r.id));
    },
    async insertPhoto(values: typeof filesTable.$inferInsert) {
      const [row] = await db.insert(filesTable).values(values).returning({ id: filesTable.id });
      return row!;
    },
    async settings() {
      const [row] = await db.select().from(tipSettingsTable).where(eq(tipSettingsTable.id, 'default'));
      return row;
    },
    async insertSettings(values: typeof tipSettingsTable.$inferInsert) {
      await db.insert(tipSettingsTable).values(values).onConflictDoNothing();
    },
    async updateSettings(values: Partial<typeof tipSettingsTable.$inferInsert>) {
      await db
        .update(tipSettingsTable)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(tipSettingsTable.id, 'default'));
    },
    /** The county (the region a tip lies in when no township holds its place). */
    async county() {
      const [row] = await db
        .select()
        .from(regionsTable)
        .where(eq(regionsTable.level, 'county'))
        .orderBy(asc(regionsTable.path))
        .limit(1);
      return row;
    },
    async regionByCode(code: string) {
      const [row] = await db.select().from(regionsTable).where(eq(regionsTable.code, code));
      return row;
    },
    async regionById(id: string) {
      const [row] = await db.select().from(regionsTable).where(eq(regionsTable.id, id));
      return row;
    },
    async departmentByCode(code: string, regionPath: string) {
      const [row] = await db
        .select({ id: departmentsTable.id })
        .from(departmentsTable)
        .innerJoin(regionsTable, eq(regionsTable.id, departmentsTable.regionId))
        .where(
          and(
            eq(departmentsTable.code, code),
            sql`${regionPath} like ${regionsTable.path} || '%'`,
            isNull(departmentsTable.archivedAt),
          ),
        )
        .limit(1);
      return row?.id ?? null;
    },
    async departmentById(id: string) {
      const [row] = await db.select().from(departmentsTable).where(eq(departmentsTable.id, id));
      return row;
    },
    async departmentCodes() {
      return new Set((await db.select({ code: departmentsTable.code }).from(departmentsTable)).map((r) => r.code));
    },
    /** A hazard by id within the caller's scope (for "already in the ledger"). */
    async hazard(id: string, scope: SQL) {
      const [row] = await db
        .select()
        .from(hazardsTable)
        .where(and(eq(hazardsTable.id, id), scope));
      return row;
    },
    /** An open hazard on the object recorded before the tip was filed: the tip told the ledger nothing new. */
    async openHazardBefore(objectType: string, objectId: string, before: Date, excludeId: string) {
      const [row] = await db
        .select({ id: hazardsTable.id })
        .from(hazardsTable)
        .where(
          and(
            eq(hazardsTable.objectType, objectType as 'venue'),
            eq(hazardsTable.objectId, objectId),
            ne(hazardsTable.status, 'closed'),
            lte(hazardsTable.createdAt, before),
            ne(hazardsTable.id, excludeId),
          ),
        )
        .limit(1);
      return Boolean(row);
    },
    /** Is this phone one of the duty holder's own staff (the enterprise's or the venue's people)? */
    async isStaffPhone(phone: string, owner: { enterpriseId: string | null; venueId: string | null }) {
      const parts: SQL[] = [];
      if (owner.enterpriseId) parts.push(eq(peopleTable.enterpriseId, owner.enterpriseId));
      if (owner.venueId) parts.push(eq(peopleTable.venueId, owner.venueId));
      if (parts.length === 0) return false;
      const digits = phone.replace(/[^0-9]/g, '');
      const [row] = await db
        .select({ id: peopleTable.id })
        .from(peopleTable)
        .where(and(or(...parts), sql`regexp_replace(${peopleTable.phone}, '[^0-9]', '', 'g') = ${digits}`))
        .limit(1);
      return Boolean(row);
    },
    async byIds(ids: string[]) {
      if (ids.length === 0) return [];
      return db.select().from(tipsTable).where(inArray(tipsTable.id, ids));
    },
  };
}
