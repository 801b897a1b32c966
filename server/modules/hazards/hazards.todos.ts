import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type Actor, can } from '../../platform/access.ts';
import { actorsPassing } from '../../platform/scope.ts';
import type { TodoGroup } from '../../platform/todos.ts';
import { anyOf, eventPermissions, hazardReadScope } from './hazards.access.ts';
import { hazardEventsTable, hazardsTable as h } from './hazards.table.ts';

// Qualified by hand: inside the subquery an unqualified "id" would be the event's.
const sentBack = sql<boolean>`exists (select 1 from ${hazardEventsTable} he where he.hazard_id = "hazards"."id" and he.event = 'send_back')`;

/**
 * The hazards the actor must act on (issue 9.20): to rectify (open or rectifying, where the actor may start or
 * submit the rectification — the responsible party or an officer on its behalf) and to verify (submitted, where
 * the actor may verify or send back). Most urgent first: overdue, then by deadline.
 */
export async function hazardTodos(db: Db, actor: Actor, today: string, limit = 20): Promise<TodoGroup[]> {
  const groups: TodoGroup[] = [];
  const specs = [
    { kind: 'hazard_rectify' as const, states: ['open', 'rectifying'] as const, perms: eventPermissions.submit },
    { kind: 'hazard_verify' as const, states: ['submitted'] as const, perms: eventPermissions.verify },
  ];
  for (const spec of specs) {
    if (!spec.perms.some((p) => can(actor, p))) continue;
    const where = and(inArray(h.status, [...spec.states]), anyOf(actor, spec.perms));
    const [{ n, late }] = (await db
      .select({ n: count(), late: sql<number>`count(*) filter (where ${h.deadline} < ${today})` })
      .from(h)
      .where(where)) as [{ n: number; late: number }];
    const rows = await db
      .select({
        id: h.id,
        number: h.number,
        description: h.description,
        objectName: h.objectName,
        deadline: h.deadline,
        sentBack,
      })
      .from(h)
      .where(where)
      .orderBy(asc(h.deadline), asc(h.id))
      .limit(limit);
    groups.push({
      kind: spec.kind,
      total: Number(n),
      overdue: Number(late),
      items: rows.map((r) => ({
        kind: spec.kind,
        subjectType: 'hazard',
        subjectId: r.id,
        title: `${r.objectName}：${r.description}`,
        number: r.number,
        due: r.deadline,
        overdue: r.deadline < today,
        sentBack: spec.kind === 'hazard_rectify' && r.sentBack === true,
        link: `/hazards/${r.id}`,
      })),
    });
  }
  return groups;
}

/** Those among `actors` who may read the hazard (who hear of it: the live feed's rule). */
export async function hazardAudience(tx: Db, hazardId: string, actors: Actor[]): Promise<Actor[]> {
  return actorsPassing(
    tx,
    h,
    eq(h.id, hazardId),
    actors.filter((a) => can(a, 'hazard.read')),
    hazardReadScope,
  );
}

/** The open hazards whose deadline falls within [from, to] (the deadline reminder), id and number. */
export async function hazardsDueBetween(tx: Db, from: string, to: string) {
  return tx
    .select({ id: h.id, number: h.number, objectName: h.objectName, deadline: h.deadline, regionId: h.regionId })
    .from(h)
    .where(and(inArray(h.status, ['open', 'rectifying']), sql`${h.deadline} between ${from} and ${to}`));
}
