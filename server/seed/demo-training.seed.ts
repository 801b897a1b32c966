import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { enterprisesTable, peopleTable, trainingRecordsTable } from '../modules/registry/index.ts';
import { trainingAttendeesTable, trainingSessionsTable } from '../modules/training/index.ts';
import { DEMO_IDS } from './demo-ids.ts';

/**
 * The training demo (issue 16): the demo operator's delivery workers' training (the records the
 * delivery demo gave them) as one session with its sign-in list, so the 安全培训 page shows a session
 * and the worker left untrained is visibly absent from it. Idempotent: a session on file is left alone.
 */
export async function seedDemoTraining(db: Db): Promise<{ sessions: number; attendees: number }> {
  const [any] = await db.select({ id: trainingSessionsTable.id }).from(trainingSessionsTable).limit(1);
  if (any) return { sessions: 0, attendees: 0 };
  const [operator] = await db
    .select({ id: enterprisesTable.id, name: enterprisesTable.name, regionId: enterprisesTable.regionId })
    .from(enterprisesTable)
    .where(eq(enterprisesTable.id, DEMO_IDS.bottledOperator));
  if (!operator) return { sessions: 0, attendees: 0 };
  const workers = await db
    .select({ id: peopleTable.id })
    .from(peopleTable)
    .where(and(eq(peopleTable.enterpriseId, operator.id), eq(peopleTable.kind, 'delivery_worker')));
  if (workers.length === 0) return { sessions: 0, attendees: 0 };
  const records = await db
    .select()
    .from(trainingRecordsTable)
    .where(
      inArray(
        trainingRecordsTable.personId,
        workers.map((w) => w.id),
      ),
    );
  const first = records
    .filter((r) => r.passed && r.validUntil !== null)
    .sort((a, b) => (a.trainedOn < b.trainedOn ? -1 : 1));
  const heldOn = first[0]?.trainedOn;
  if (!heldOn) return { sessions: 0, attendees: 0 };
  const same = first.filter((r) => r.trainedOn === heldOn);
  return db.transaction(async (tx) => {
    const [session] = await tx
      .insert(trainingSessionsTable)
      .values({
        topic: same[0]!.course,
        organiser: operator.name,
        trainer: '乌审旗住房和城乡建设局 燃气安全讲师',
        heldOn,
        place: '公司二楼会议室',
        regionId: operator.regionId,
        enterpriseId: operator.id,
        certificateValidUntil: same[0]!.validUntil!,
        note: null,
      })
      .returning();
    await tx.insert(trainingAttendeesTable).values(
      same.map((r, i) => ({
        sessionId: session!.id,
        personId: r.personId,
        result: 'passed' as const,
        score: 80 + ((i * 7) % 20),
        certificateNumber: `WS-PX-${heldOn.slice(0, 4)}-${String(i + 1).padStart(3, '0')}`,
        trainingRecordId: r.id,
      })),
    );
    return { sessions: 1, attendees: same.length };
  });
}
