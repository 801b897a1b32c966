import { sql } from 'drizzle-orm';
import { type CylinderLimits, defaultCylinderLimits } from '../../../domain/cylinders/cylinders.ts';
import { chinaToday } from '../../../domain/dates.ts';
import type { Db } from '../../db/client.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { type JobRunner, dailyAt } from '../../platform/jobs/index.ts';
import { notSeenCutoff } from './cylinders.service.ts';
import { cylinderAnomaliesTable, cylindersTable } from './cylinders.table.ts';

export const notSeenJobName = 'cylinders.not_seen';

/** At most this many new anomalies per run (the next run takes the rest), so one run stays short. */
const NOT_SEEN_BATCH = 5_000;

/**
 * 长期未见 (issue 11, anomalies for market regulation): every cylinder in service whose last sighting —
 * its newest event, else its registration — is more than `cylinderNotSeenDays` days before today (China
 * time) becomes a `not_seen` anomaly, once per last sighting (`not_seen:<day>`): seen again and lost
 * again, it is a new one. Set-based: one insert … select per run. Returns the new anomalies.
 */
export async function findNotSeenCylinders(
  db: Db,
  { today = chinaToday(), limits = defaultCylinderLimits }: { today?: string; limits?: CylinderLimits } = {},
): Promise<{ id: string; code: string }[]> {
  const c = cylindersTable;
  const a = cylinderAnomaliesTable;
  const cutoff = notSeenCutoff(today, limits);
  const seen = sql`coalesce(${c.lastSeenAt}, ${c.createdAt})`;
  const seenDay = sql`to_char(${seen} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`;
  return db.transaction(async (tx) => {
    const result = (await tx.execute(sql`insert into ${a}
        (kind, cylinder_id, code, event_id, dedupe_key, region_id, owner_enterprise_id, details)
      select 'not_seen', ${c.id}, ${c.code}, null, 'not_seen:' || ${seenDay}, ${c.regionId}, ${c.ownerEnterpriseId},
        jsonb_build_object('lastSeenAt', ${seen}, 'lastSeenOn', ${seenDay}, 'limitDays', ${limits.cylinderNotSeenDays}::int,
          'locationType', ${c.locationType}, 'locationId', ${c.locationId})
      from ${c}
      where ${c.status} = 'in_service' and ${seen} < ${cutoff.toISOString()}::timestamptz
        and not exists (select 1 from ${a} x where x.kind = 'not_seen' and x.cylinder_id = ${c.id}
          and x.dedupe_key = 'not_seen:' || ${seenDay})
      order by ${seen}
      limit ${NOT_SEEN_BATCH}
      on conflict do nothing
      returning id, code, region_id`)) as unknown as { rows: { id: string; code: string; region_id: string | null }[] };
    for (const r of result.rows)
      await publishEvent(tx, {
        type: 'cylinder.anomaly',
        subject: { type: 'cylinder_anomaly', id: r.id },
        regionId: r.region_id,
        payload: { kind: 'not_seen', code: r.code },
      });
    return result.rows.map((r) => ({ id: r.id, code: r.code }));
  });
}

/** The not-seen sweep: daily at 00:40 China time, once across instances. */
export function registerCylinderJobs(
  jobs: Pick<JobRunner, 'define'>,
  { limits = defaultCylinderLimits }: { limits?: CylinderLimits } = {},
) {
  jobs.define({
    name: notSeenJobName,
    schedule: dailyAt(0, 40),
    maxAttempts: 3,
    run: async ({ db }) => ({ notSeen: (await findNotSeenCylinders(db, { limits })).length }),
  });
}
