import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { installationFactsTable } from './installation.table.ts';

export { installationFactsTable };

/** Records that demo data (with its public password) is loaded; called by the demo seed. */
export async function recordDemoLoaded(db: Db): Promise<void> {
  await db
    .insert(installationFactsTable)
    .values({ key: 'demo', value: { loaded: true } })
    .onConflictDoUpdate({
      target: installationFactsTable.key,
      set: { value: { loaded: true }, recordedAt: sql`now()` },
    });
}

/** Whether demo data has been loaded into this database. */
export async function demoLoaded(db: Db): Promise<boolean> {
  const [row] = await db
    .select({ value: installationFactsTable.value })
    .from(installationFactsTable)
    .where(eq(installationFactsTable.key, 'demo'));
  return (row?.value as { loaded?: boolean } | undefined)?.loaded === true;
}
