import { and, eq, isNull } from 'drizzle-orm';
import { fillingOperatorGaps } from '../../../domain/cylinders/cylinders.ts';
import type { Db } from '../../db/client.ts';
import { peopleTable, trainingRecordsTable } from '../registry/index.ts';
import { operatorNotFound, operatorUntrained } from './cylinders.errors.ts';

/**
 * The filling operator of a fill (充装人员): a person of the register, of kind `filling_operator`,
 * employed by the station's enterprise and not archived (else 400 `cylinders.operator_not_found`),
 * with a valid training and a valid certificate (else 409 `cylinders.operator_untrained` with what is
 * missing: 先培训、后上岗, plan 五(一)1). Read in the fill's transaction; nothing is written.
 */
export async function checkedFillingOperator(
  tx: Db,
  { personId, enterpriseId, today }: { personId: string; enterpriseId: string; today: string },
): Promise<{ id: string; name: string }> {
  const p = peopleTable;
  const [person] = await tx
    .select({
      id: p.id,
      name: p.name,
      certificateNumber: p.certificateNumber,
      certificateExpiresOn: p.certificateExpiresOn,
    })
    .from(p)
    .where(
      and(eq(p.id, personId), eq(p.enterpriseId, enterpriseId), eq(p.kind, 'filling_operator'), isNull(p.archivedAt)),
    );
  if (!person) throw operatorNotFound({ field: 'operatorPersonId' });
  const training = await tx
    .select({ passed: trainingRecordsTable.passed, validUntil: trainingRecordsTable.validUntil })
    .from(trainingRecordsTable)
    .where(eq(trainingRecordsTable.personId, personId));
  const missing = fillingOperatorGaps({ ...person, training }, today);
  if (missing.length > 0) throw operatorUntrained({ field: 'operatorPersonId', personId, missing });
  return { id: person.id, name: person.name };
}
