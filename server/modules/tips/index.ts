// Public tips' surface (issue 14): routes, the file reader for tip photos, the contracts for enforcement.
import { type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/access.ts';
import { tipScope } from './tips.access.ts';
import { tipsTable } from './tips.table.ts';

export { tipsRoutes } from './tips.routes.ts';
export { tipDescriptor, tipScope } from './tips.access.ts';
export { loadTip, recordCaseForTip } from './tips.service.ts';
export { registerTipEvents } from './tips.events.ts';
export * from './tips.table.ts';

/** Who may read a tip's photos: whoever may read the tip (the files platform's reader). */
export function tipFileReader(actor: Actor, file: SQL): SQL {
  return sql`exists (select 1 from ${tipsTable} where ${tipsTable.photoIds} @> ${file} and ${tipScope(actor, 'tip.read')})`;
}
/** Read contracts for supervision: tips handled on time (bulletins), tips about an object (risk). */
export { type CountsByUnit, type FigureWindow, tipTimeliness, tipsByHazardSince } from './tips.figures.ts';
