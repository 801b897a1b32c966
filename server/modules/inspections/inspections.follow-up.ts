import { CHECKLIST_VERSION } from '../../../domain/hazards/checklist.ts';
import type { Db } from '../../db/client.ts';
import { type InspectionInsert, createInspectionsRepository } from './inspections.repository.ts';

/**
 * Plans a 回头看 inspection of a closed hazard's object (the hazards module draws them): a planned
 * `follow_up` record on the current checklist, inserted in the caller's transaction (which audits it
 * with the hazard's event).
 */
export function planFollowUpInspection(
  tx: Db,
  input: Omit<InspectionInsert, 'kind' | 'status' | 'checklistVersion'> & { followUpOfHazardId: string },
) {
  return createInspectionsRepository({ db: tx }).insert({
    ...input,
    kind: 'follow_up',
    status: 'planned',
    checklistVersion: CHECKLIST_VERSION,
  });
}
