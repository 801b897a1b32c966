import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { departmentsTable, regionsTable } from '../organisation/index.ts';

/** A required text, trimmed. */
export const Text = (max: number) => z.string().trim().min(1).max(max);

/** The regions and departments, to name the addressees (a few dozen rows: the county's organisation). */
export async function names(db: Db) {
  const regions = await db
    .select({ id: regionsTable.id, name: regionsTable.name, path: regionsTable.path })
    .from(regionsTable);
  const departments = await db
    .select({
      id: departmentsTable.id,
      name: departmentsTable.name,
      regionId: departmentsTable.regionId,
      code: departmentsTable.code,
    })
    .from(departmentsTable);
  return { regions, departments };
}
