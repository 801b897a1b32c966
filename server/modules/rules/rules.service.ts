import { chinaToday } from '../../../domain/dates.ts';
import type { RananLimits } from '../../../domain/hazards/limits.ts';
import {
  type LimitKey,
  checkLimitSet,
  limitChanges,
  limitDefinitions,
  limitValueError,
} from '../../../domain/rules/limit-definitions.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { limitValueInvalid, limitsEffectiveFromInvalid, limitsUnchanged } from './rules.errors.ts';
import { createRulesRepository } from './rules.repository.ts';
import type { CreateLimitVersionInput } from './rules.schemas.ts';
import { type LimitVersion, type LimitsStore, publishLimitsChanged, valuesOf } from './rules.store.ts';

function present(v: LimitVersion, before: LimitVersion | undefined, inForceId: string) {
  return {
    id: v.row.id,
    seq: v.row.seq,
    effectiveFrom: v.row.effectiveFrom,
    reason: v.row.reason,
    changedByName: v.row.changedByName,
    createdAt: v.row.createdAt.toISOString(),
    inForce: v.row.id === inForceId,
    values: v.values as unknown as Record<string, unknown>,
    changes: limitChanges(before?.values ?? null, v.values),
  };
}

/** 规则参数: the limits in force, their history, and the office's changes (a new version each). */
export function createRulesService({ db, store }: { db: Db; store: LimitsStore }) {
  return {
    /** The version in force and every version with its diff, newest first. Any signed-in staff member reads them. */
    overview({ actor }: { actor: Actor }) {
      requirePermission(actor, 'overview.read');
      const all = store.all();
      const current = store.current();
      const presented = all.map((v, i) => present(v, all[i - 1], current.row.id));
      return {
        current: presented.find((p) => p.id === current.row.id) ?? present(current, undefined, current.row.id),
        versions: presented.reverse(),
      };
    },

    /**
     * A new version: the latest version's values with `changes` applied, each checked against its definition
     * (400 `rules.limit_invalid` with the field) and the set against the rules between limits. Only the office
     * (`rules.manage`). Audited; the other instances hear of it through the outbox.
     */
    async createVersion({ actor, input }: { actor: Actor; input: CreateLimitVersionInput }) {
      requirePermission(actor, 'rules.manage');
      for (const [key, value] of Object.entries(input.changes)) {
        if (!Object.hasOwn(limitDefinitions, key))
          throw limitValueInvalid({ field: `changes.${key}`, reason: 'unknown_limit' });
        const reason = limitValueError(key as LimitKey, value);
        if (reason)
          throw limitValueInvalid({ field: `changes.${key}`, reason, definition: limitDefinitions[key as LimitKey] });
      }
      const today = chinaToday();
      const created = await db.transaction(async (tx) => {
        const repo = createRulesRepository({ db: tx });
        await repo.lockForChange();
        const rows = await repo.listVersions();
        const latest = rows.at(-1);
        if (!latest) throw new Error('Limits not seeded');
        const effectiveFrom = input.effectiveFrom ?? today;
        if (effectiveFrom < today || effectiveFrom < latest.effectiveFrom)
          throw limitsEffectiveFromInvalid({
            field: 'effectiveFrom',
            earliest: [latest.effectiveFrom, today].sort().at(-1),
          });
        const before = valuesOf(latest);
        const values = { ...before, ...input.changes } as RananLimits;
        const faults = checkLimitSet(values);
        const fault = faults[0];
        if (fault) throw limitValueInvalid({ field: `changes.${fault.key}`, reason: fault.reason });
        const changes = limitChanges(before, values);
        if (changes.length === 0) throw limitsUnchanged({ field: 'changes' });
        const row = await repo.insertVersion({
          seq: latest.seq + 1,
          effectiveFrom,
          values: values as unknown as Record<string, unknown>,
          reason: input.reason,
          changedBy: actor.type === 'user' ? actor.id : null,
          changedByName: actor.name,
        });
        if (!row) throw new Error('limit_versions: seq taken under the lock');
        await recordAudit(tx, {
          actor,
          action: 'rules.limits_change',
          subject: { type: 'limit_version', id: row.id },
          after: row,
          details: { seq: row.seq, effectiveFrom, reason: input.reason, changes },
        });
        await publishLimitsChanged(tx, row.id);
        return row;
      });
      // This instance at once; the others when their tail reads the event.
      await store.reload();
      const all = store.all();
      const index = all.findIndex((v) => v.row.id === created.id);
      const version = all[index] ?? { row: created, values: valuesOf(created) };
      return present(version, all[index - 1], store.current().row.id);
    },
  };
}
