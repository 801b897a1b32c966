import { type SQL, and, asc, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/access.ts';
import type { TodoGroup, TodoKind } from '../../platform/todos.ts';
import { assignedToUser } from './inspections.repository.ts';
import { inspectionResultsTable, inspectionSignaturesTable, inspectionsTable as t } from './inspections.table.ts';

const hasResults = sql`exists (select 1 from ${inspectionResultsTable} where ${inspectionResultsTable.inspectionId} = ${t.id})`;

/**
 * The inspections the user must act on (issue 9.20), as the field list: those they are assigned to (谁检查、谁签字)
 * still to do (planned, or started without results), and those with results waiting for their signature.
 */
export async function inspectionTodos(db: Db, actor: Actor, today: string, limit = 20): Promise<TodoGroup[]> {
  if (actor.type !== 'user' || !actor.id) return [];
  const mine = assignedToUser(actor.id);
  const signedByMe = sql`exists (select 1 from ${inspectionSignaturesTable} where ${inspectionSignaturesTable.inspectionId} = ${t.id} and ${inspectionSignaturesTable.userId} = ${actor.id})`;
  const specs: { kind: TodoKind; where: SQL | undefined }[] = [
    {
      kind: 'inspection_do',
      where: and(mine, sql`(${t.status} = 'planned' or (${t.status} = 'in_progress' and not ${hasResults}))`),
    },
    {
      kind: 'inspection_sign',
      where: and(mine, eq(t.status, 'in_progress'), hasResults, sql`not ${signedByMe}`),
    },
  ];
  const groups: TodoGroup[] = [];
  for (const spec of specs) {
    const [{ n, late }] = (await db
      .select({ n: count(), late: sql<number>`count(*) filter (where ${t.plannedOn} < ${today})` })
      .from(t)
      .where(spec.where)) as [{ n: number; late: number }];
    const rows = await db
      .select({ id: t.id, objectName: t.objectName, plannedOn: t.plannedOn, status: t.status })
      .from(t)
      .where(spec.where)
      .orderBy(sql`${t.plannedOn} asc nulls last`, asc(t.id))
      .limit(limit);
    groups.push({
      kind: spec.kind,
      total: Number(n),
      overdue: Number(late),
      items: rows.map((r) => ({
        kind: spec.kind,
        subjectType: 'inspection',
        subjectId: r.id,
        title: r.objectName,
        number: null,
        due: r.plannedOn,
        overdue: r.plannedOn !== null && r.plannedOn < today,
        sentBack: false,
        link: spec.kind === 'inspection_do' ? `/inspections/${r.id}/do` : `/inspections/${r.id}`,
      })),
    });
  }
  return groups;
}
