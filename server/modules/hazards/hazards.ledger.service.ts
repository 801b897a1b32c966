import type { InspectionObjectType } from '../../../domain/inspections/inspections.ts';
import { type HazardLimits, defaultLimits } from '../../../domain/hazards/limits.ts';
import { chinaToday as todayInChina } from '../../../domain/dates.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { accountabilityReview } from './hazards.accountability.ts';
import { hazardScope } from './hazards.access.ts';
import {
  hazardNotice,
  hazardNoticeData,
  inspectionNotice,
  inspectionNoticeData,
  streamLedgerExport,
} from './hazards.documents.ts';
import { runDailyEscalation } from './hazards.escalation.ts';
import { type ScheduleFollowUpInput, scheduleFollowUps } from './hazards.follow-up.ts';
import { importLedger } from './hazards.import.ts';
import { type ProgressQuery, progressSummary } from './hazards.progress.ts';
import type { HazardFilterValues, HazardSort } from './hazards.schemas.ts';

/**
 * The ledger's work as a whole (issue 4), beside `createHazardsService` (one hazard's closed loop):
 * the .xlsx export and import, the escalation run by hand, follow-up reviews (回头看), progress,
 * accountability review and the rectification notices. Each use case checks the permission and
 * builds its scope itself from the actor (hazards.access.ts); the routes only call these. A separate
 * factory because those use cases build on hazards.service.ts (events, scope checks), which must not
 * import them back (no import cycle).
 */
export function createHazardLedgerService({
  db,
  limits = defaultLimits,
  today = () => todayInChina(),
}: {
  db: Db;
  limits?: HazardLimits;
  today?: () => string;
}) {
  return {
    /** The ledger for any filter as a streamed .xlsx (台账). */
    exportLedger({ actor, filters, sort }: { actor: Actor; filters: HazardFilterValues; sort: HazardSort }) {
      return streamLedgerExport(db, actor, { filters, sort }, today());
    },

    /** An .xlsx ledger in, each row through the same use case as a hand-entered hazard. */
    importLedger({
      actor,
      file,
      mode,
      dryRun,
    }: {
      actor: Actor;
      file: { bytes: Buffer; filename: string; mimetype: string };
      mode: 'strict' | 'clean_only';
      dryRun: boolean;
    }) {
      return importLedger(db, actor, file, { mode, dryRun, limits, today: today() });
    },

    /** The daily escalation run, by hand (督办): over the hazards the actor manages, in the actor's name. */
    runEscalation({ actor }: { actor: Actor }) {
      requirePermission(actor, 'hazard.manage');
      return runDailyEscalation(db, today(), { limits, actor, scope: hazardScope(actor, 'hazard.manage') });
    },

    /** Plans follow-up reviews (回头看) of hazards closed in a period. */
    scheduleFollowUps({ actor, input }: { actor: Actor; input: ScheduleFollowUpInput }) {
      return scheduleFollowUps(db, actor, input, { limits, today: today() });
    },

    /** Coverage and progress by region, department, object kind or phase, in the actor's scope. */
    progress({ actor, query }: { actor: Actor; query: ProgressQuery }) {
      return progressSummary(db, actor, query, today);
    },

    /** An object's hazards and the inspections that missed them (谁检查、谁签字、谁负责). */
    accountability({
      actor,
      objectType,
      objectId,
      windowDays,
    }: {
      actor: Actor;
      objectType: InspectionObjectType;
      objectId: string;
      windowDays: number;
    }) {
      return accountabilityReview(db, actor, { objectType, objectId, windowDays }, today());
    },

    /** A hazard's rectification notice, as data or as its PDF. */
    hazardNotice({ actor, id }: { actor: Actor; id: string }) {
      return hazardNoticeData(db, actor, id, today());
    },
    hazardNoticePdf({ actor, id }: { actor: Actor; id: string }) {
      return hazardNotice(db, actor, id, today());
    },

    /** An inspection's rectification notice (its hazards together), as data or as its PDF. */
    inspectionNotice({ actor, id }: { actor: Actor; id: string }) {
      return inspectionNoticeData(db, actor, id, today());
    },
    inspectionNoticePdf({ actor, id }: { actor: Actor; id: string }) {
      return inspectionNotice(db, actor, id, today());
    },
  };
}
