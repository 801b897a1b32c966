import { type SQL, and, asc, count, eq, ilike, inArray, isNull, ne, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { escapeLike } from '../../platform/sql.ts';
import {
  campaignPhasesTable,
  campaignsTable,
  departmentsTable,
  planTaskDepartmentsTable,
  planTasksTable,
  type RegionOutlineGeometry,
  regionOutlinesTable,
  regionsTable,
} from './organisation.table.ts';

export function createOrganisationRepository({ db }: { db: Db }) {
  return {
    async listRegions({ scope, includeArchived = false, q }: { scope: SQL; includeArchived?: boolean; q?: string }) {
      return db
        .select()
        .from(regionsTable)
        .where(
          and(
            scope,
            includeArchived ? undefined : isNull(regionsTable.archivedAt),
            q
              ? or(ilike(regionsTable.name, `%${escapeLike(q)}%`), ilike(regionsTable.code, `%${escapeLike(q)}%`))
              : undefined,
          ),
        )
        .orderBy(asc(regionsTable.path));
    },

    async countRegions({ scope }: { scope: SQL }) {
      const [row] = await db
        .select({ n: count() })
        .from(regionsTable)
        .where(and(scope, isNull(regionsTable.archivedAt)));
      return row?.n ?? 0;
    },

    async getRegion({ id, scope }: { id: string; scope?: SQL }) {
      const [row] = await db
        .select()
        .from(regionsTable)
        .where(and(eq(regionsTable.id, id), scope));
      return row;
    },

    async getRegionByCode({ code }: { code: string }) {
      const [row] = await db.select().from(regionsTable).where(eq(regionsTable.code, code));
      return row;
    },

    /** Whether another live region under the same parent has this name (names tell siblings apart in pickers). */
    async siblingNamed({ parentId, name, exceptId }: { parentId: string | null; name: string; exceptId?: string }) {
      const [row] = await db
        .select({ id: regionsTable.id })
        .from(regionsTable)
        .where(
          and(
            parentId ? eq(regionsTable.parentId, parentId) : isNull(regionsTable.parentId),
            eq(regionsTable.name, name),
            isNull(regionsTable.archivedAt),
            exceptId ? ne(regionsTable.id, exceptId) : undefined,
          ),
        )
        .limit(1);
      return row !== undefined;
    },

    async countChildren({ id }: { id: string }) {
      const [row] = await db
        .select({ n: count() })
        .from(regionsTable)
        .where(and(eq(regionsTable.parentId, id), isNull(regionsTable.archivedAt)));
      return row?.n ?? 0;
    },

    /** Inserts regions whose code is not there yet (a county set up again keeps its ids); returns the new ones. */
    async insertMissingRegions(values: (typeof regionsTable.$inferInsert)[]) {
      if (values.length === 0) return [];
      return db.insert(regionsTable).values(values).onConflictDoNothing({ target: regionsTable.code }).returning();
    },

    async regionsByCodes({ codes }: { codes: string[] }) {
      if (codes.length === 0) return [];
      return db.select().from(regionsTable).where(inArray(regionsTable.code, codes));
    },

    async getOutline({ regionId }: { regionId: string }) {
      const [row] = await db.select().from(regionOutlinesTable).where(eq(regionOutlinesTable.regionId, regionId));
      return row;
    },

    async putOutline({
      regionId,
      geometry,
      source,
    }: {
      regionId: string;
      geometry: RegionOutlineGeometry;
      source: string;
    }) {
      await db
        .insert(regionOutlinesTable)
        .values({ regionId, geometry, source })
        .onConflictDoUpdate({ target: regionOutlinesTable.regionId, set: { geometry, source, updatedAt: new Date() } });
    },

    async insertRegion(values: typeof regionsTable.$inferInsert) {
      const [row] = await db.insert(regionsTable).values(values).returning();
      return row!;
    },

    async updateRegion({ id, ...values }: { id: string } & Partial<typeof regionsTable.$inferInsert>) {
      const [row] = await db
        .update(regionsTable)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(regionsTable.id, id))
        .returning();
      return row!;
    },

    async listDepartments() {
      return db
        .select()
        .from(departmentsTable)
        .where(isNull(departmentsTable.archivedAt))
        .orderBy(asc(departmentsTable.sort), asc(departmentsTable.name));
    },

    async getDepartment({ id }: { id: string }) {
      const [row] = await db.select().from(departmentsTable).where(eq(departmentsTable.id, id));
      return row;
    },

    async insertDepartment(values: typeof departmentsTable.$inferInsert) {
      const [row] = await db.insert(departmentsTable).values(values).returning();
      return row!;
    },

    async listCampaigns() {
      return db.select().from(campaignsTable).orderBy(asc(campaignsTable.createdAt));
    },

    async getCampaign({ id }: { id: string }) {
      const [row] = await db.select().from(campaignsTable).where(eq(campaignsTable.id, id));
      return row;
    },

    async insertCampaign(values: typeof campaignsTable.$inferInsert) {
      const [row] = await db.insert(campaignsTable).values(values).returning();
      return row!;
    },

    async updateCampaign({ id, ...values }: { id: string } & Partial<typeof campaignsTable.$inferInsert>) {
      const [row] = await db
        .update(campaignsTable)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(campaignsTable.id, id))
        .returning();
      return row!;
    },

    async phasesOf({ campaignIds }: { campaignIds: string[] }) {
      if (campaignIds.length === 0) return [];
      return db
        .select()
        .from(campaignPhasesTable)
        .where(inArray(campaignPhasesTable.campaignId, campaignIds))
        .orderBy(asc(campaignPhasesTable.sort));
    },

    async upsertPhase(values: typeof campaignPhasesTable.$inferInsert) {
      const [row] = await db
        .insert(campaignPhasesTable)
        .values(values)
        .onConflictDoUpdate({
          target: [campaignPhasesTable.campaignId, campaignPhasesTable.code],
          set: {
            name: values.name,
            nameEn: values.nameEn,
            startsOn: values.startsOn,
            endsOn: values.endsOn,
            sort: values.sort,
          },
        })
        .returning();
      return row!;
    },

    async listTasks({ campaignId, section }: { campaignId?: string; section?: string }) {
      return db
        .select()
        .from(planTasksTable)
        .where(
          and(
            campaignId ? eq(planTasksTable.campaignId, campaignId) : undefined,
            section ? eq(planTasksTable.section, section) : undefined,
          ),
        )
        .orderBy(asc(planTasksTable.sort));
    },

    async countTasks() {
      const [row] = await db.select({ n: count() }).from(planTasksTable);
      return row?.n ?? 0;
    },

    async countDepartments() {
      const [row] = await db.select({ n: count() }).from(departmentsTable).where(isNull(departmentsTable.archivedAt));
      return row?.n ?? 0;
    },

    /** The departments of many tasks in one query. */
    async departmentsOfTasks({ taskIds }: { taskIds: string[] }) {
      if (taskIds.length === 0) return [];
      return db
        .select({
          taskId: planTaskDepartmentsTable.taskId,
          role: planTaskDepartmentsTable.role,
          id: departmentsTable.id,
          code: departmentsTable.code,
          name: departmentsTable.name,
          shortName: departmentsTable.shortName,
          nameEn: departmentsTable.nameEn,
          sort: departmentsTable.sort,
        })
        .from(planTaskDepartmentsTable)
        .innerJoin(departmentsTable, eq(departmentsTable.id, planTaskDepartmentsTable.departmentId))
        .where(inArray(planTaskDepartmentsTable.taskId, taskIds))
        .orderBy(asc(departmentsTable.sort));
    },

    async insertTask(values: typeof planTasksTable.$inferInsert) {
      const [row] = await db.insert(planTasksTable).values(values).returning();
      return row!;
    },

    async insertTaskDepartments(rows: (typeof planTaskDepartmentsTable.$inferInsert)[]) {
      if (rows.length) await db.insert(planTaskDepartmentsTable).values(rows);
    },
  };
}

export type OrganisationRepository = ReturnType<typeof createOrganisationRepository>;
