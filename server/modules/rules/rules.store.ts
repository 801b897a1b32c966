import { chinaToday } from '../../../domain/dates.ts';
import { type RananLimits, defaultRananLimits } from '../../../domain/hazards/limits.ts';
import type { Db } from '../../db/client.ts';
import { type Events, publishEvent } from '../../platform/events/index.ts';
import { seedBannedProducts } from './rules.banned-products.ts';
import { createRulesRepository } from './rules.repository.ts';
import type { LimitVersionRow } from './rules.table.ts';

/** Published in the change's transaction; every instance reloads its versions when its tail reads it. */
export const LIMITS_CHANGED = 'rules.limits_changed';

export type LimitVersion = { row: LimitVersionRow; values: RananLimits };

/** A stored set over the defaults: a limit added after the version was made reads its default. */
export function valuesOf(row: LimitVersionRow): RananLimits {
  return { ...defaultRananLimits, ...(row.values as Partial<RananLimits>) };
}

/**
 * The limits in force, for one app (one database). Every version is kept in memory (one per change the office
 * makes); `current()` picks the one in force today: the latest `effectiveFrom` not after today, the later made
 * on a tie. The cache is loaded at start (seeding version 1 from the configuration, RANAN_LIMITS over the
 * defaults, when the table is empty), reloaded after this instance's change commits, and reloaded when another
 * instance's change reaches this one through the outbox (`follow`, as platform/actor-changes.ts does).
 *
 * `live` is a read-only view whose every property read answers from the version in force at that moment: the
 * modules given it (hazards, cylinders, delivery, tips, the register) read the limits in force at each use
 * without holding a copy.
 */
export type LimitsStore = ReturnType<typeof createLimitsStore>;

export function createLimitsStore({ db, seed }: { db: Db; seed: RananLimits }) {
  let versions: LimitVersion[] = [];
  let loading: Promise<void> | null = null;

  async function reload() {
    const rows = await createRulesRepository({ db }).listVersions();
    versions = rows.map((row) => ({ row, values: valuesOf(row) }));
  }

  function inForce(today = chinaToday()): LimitVersion {
    let found: LimitVersion | undefined;
    for (const v of versions) {
      if (v.row.effectiveFrom > today) continue;
      if (!found || v.row.effectiveFrom >= found.row.effectiveFrom) found = v;
    }
    // Versions are ordered by seq, so on a tie the later made wins. Before any version takes effect (only
    // when the first was seeded with a future date, which the seeding never does) the earliest applies.
    const first = versions[0];
    if (!found && !first) throw new Error('Limits not loaded: call load() before serving');
    return (found ?? first) as LimitVersion;
  }

  // Before the first load (code run outside a request, e.g. a test calling a service directly) the view answers
  // the configuration's values, which version 1 is seeded from.
  const valuesNow = (): Record<string | symbol, unknown> =>
    (versions.length ? inForce().values : seed) as unknown as Record<string | symbol, unknown>;
  const live = new Proxy({} as RananLimits, {
    get: (_t, key) => valuesNow()[key],
    has: (_t, key) => key in valuesNow(),
    ownKeys: () => Reflect.ownKeys(valuesNow()),
    getOwnPropertyDescriptor: (_t, key) => {
      const values = valuesNow();
      return key in values ? { value: values[key], enumerable: true, configurable: true, writable: false } : undefined;
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });

  return {
    /** The versions have been read (the app loads them before the first request, main.ts before its jobs). */
    loaded: () => versions.length > 0,
    /** Loads the versions, first seeding version 1 from the configuration when there is none. */
    async load() {
      loading ??= (async () => {
        const repo = createRulesRepository({ db });
        if ((await repo.lastSeq()) === 0) {
          await repo.insertVersion({
            seq: 1,
            effectiveFrom: chinaToday(),
            values: seed as unknown as Record<string, unknown>,
            reason: '初始版本：默认值与启动配置 RANAN_LIMITS',
            changedBy: null,
            changedByName: '系统',
          });
        }
        // The banned-products catalogue is seeded the same way, from the rules reference's entries.
        await seedBannedProducts(db);
        await reload();
      })().finally(() => {
        loading = null;
      });
      return loading;
    },
    /** Reloads after a change (this instance's, once committed, or another's heard through the outbox). */
    reload,
    /** The version in force today (or on `today`). */
    current: inForce,
    /** A version by id, from the cache or else the database (a version made on another instance a moment ago). */
    async byId(id: string): Promise<LimitVersion | undefined> {
      const cached = versions.find((v) => v.row.id === id);
      if (cached) return cached;
      const row = await createRulesRepository({ db }).getVersion(id);
      return row ? { row, values: valuesOf(row) } : undefined;
    },
    /** Every version, oldest first. */
    all: (): readonly LimitVersion[] => versions,
    live,
    /** Reloads when another instance's change reaches this one. Returns the unsubscribe. */
    follow(events: Events): () => void {
      return events.subscribe((list) => {
        if (list.some((e) => e.type === LIMITS_CHANGED)) void reload().catch(() => {});
      });
    },
  };
}

/** Writes the change into the outbox, in the change's own transaction. */
export async function publishLimitsChanged(tx: Db, versionId: string) {
  await publishEvent(tx, { type: LIMITS_CHANGED, subject: { type: 'limit_version', id: versionId } });
}
