/**
 * The field form's model, without React: which items the form shows and in which groups, the
 * facts the rules read, the instant verdict of each item (the domain's `evaluateItem`, the same
 * rule the server applies again on receipt, with the limits the server publishes), and the
 * submission built from a draft.
 */
import {
  type CheckItem,
  type ChecklistFacts,
  type CheckResult,
  checkItem,
  defaultLimits,
  type HazardLimits,
  type InspectedObject,
  type ItemEvaluation,
  evaluateItem,
  fixedByRegister,
  isRegisterAuthority,
  measureFields,
  mergeRegisteredFacts,
} from '../../../../domain/hazards/index.ts';
import type { InspectionObjectType } from '../../../../domain/inspections/inspections.ts';
import { planTaskSeeds } from '../../../../domain/plan/plan-data.ts';
import { chinaToday } from '../../../../domain/registry/pipelines-people-vehicles.ts';
import {
  type EnterpriseKind,
  inHighRiseBuilding,
  type VehicleKind,
  type VenueCategory,
} from '../../../../domain/registry/registry.ts';
import { type ItemResultBody, type MeasuredFacts, measuredFactKeys, type SubmissionBody } from '../inspections.api.ts';
import { type FieldDraft, LOCAL_PHOTO_PREFIX, SERVER_PHOTO_PREFIX } from '../offline/store.ts';

export type MeasuredKey = (typeof measuredFactKeys)[number];

/** Facts of the venue as a whole, asked once at the top of the form rather than under each item. */
export const objectLevelFacts: readonly MeasuredKey[] = [
  'floor',
  'lpgBelowGround',
  'highRiseBuilding',
  'gasSources',
  'hoseInUse',
];

/** Measurements the inspector takes on site each time (never prefilled from the register). */
const measuredEachVisit: readonly MeasuredKey[] = [
  'lpgBelowGround',
  'hoseLengthM',
  'detectorHeightM',
  'storedLpgKg',
  'longestDrivingHours',
  'detectorWorking',
  'shutoffValveWorking',
];

export function isMeasuredKey(key: string): key is MeasuredKey {
  return (measuredFactKeys as readonly string[]).includes(key);
}

/** Why a value recorded on site cannot be true (an i18n key), as the server refuses it too. */
export type FactProblem = 'field.factNegative' | 'field.factNotPositive' | 'field.factFuture';

const positiveFacts: readonly MeasuredKey[] = ['hoseLengthM', 'hoseMarkedLifeYears'];
const nonNegativeFacts: readonly MeasuredKey[] = ['storedLpgKg', 'detectorHeightM', 'longestDrivingHours'];
export const installationDateFacts: readonly MeasuredKey[] = [
  'hoseInstalledOn',
  'detectorInstalledOn',
  'shutoffValveInstalledOn',
  'regulatorInstalledOn',
  'sealRingInstalledOn',
];

/**
 * The recorded facts that cannot be true: a negative weight or height, a hose of 0 m or less, an
 * installation after the day of the visit. The form marks them and will not submit until corrected.
 */
export function factProblems(facts: MeasuredFacts, visitOn: string): Partial<Record<MeasuredKey, FactProblem>> {
  const out: Partial<Record<MeasuredKey, FactProblem>> = {};
  for (const key of positiveFacts) {
    const v = facts[key];
    if (typeof v === 'number' && !(v > 0)) out[key] = 'field.factNotPositive';
  }
  for (const key of nonNegativeFacts) {
    const v = facts[key];
    if (typeof v === 'number' && !(v >= 0)) out[key] = 'field.factNegative';
  }
  for (const key of installationDateFacts) {
    const v = facts[key];
    if (typeof v === 'string' && v !== '' && v > visitOn) out[key] = 'field.factFuture';
  }
  return out;
}

/** The facts of an item to ask: a hose's marked life only for a metal or long-life hose. */
export function factsToAsk(fields: readonly MeasuredKey[], facts: MeasuredFacts): MeasuredKey[] {
  return fields.filter(
    (f) => f !== 'hoseMarkedLifeYears' || (facts.hoseType !== undefined && facts.hoseType !== 'rubber'),
  );
}

/** One line of the form: the checklist item (undefined when this app does not know the id) and how it is decided. */
export type FormItem = {
  itemId: string;
  item: CheckItem | undefined;
  computed: boolean;
  /** Facts its rule reads. */
  fields: string[];
};

/** The object as the checklist rules see it, from the inspection's object type and kind. */
export function inspectedObject(type: InspectionObjectType, kind: string): InspectedObject {
  switch (type) {
    case 'venue':
      return { type: 'venue', category: kind as VenueCategory };
    case 'enterprise':
      return { type: 'enterprise', kind: kind as EnterpriseKind };
    case 'pipeline':
      return { type: 'pipeline' };
    case 'vehicle':
      return { type: 'vehicle', kind: kind as VehicleKind };
    case 'facility':
      // A facility is checked against its enterprise's items; its objectKind is the enterprise's kind.
      return { type: 'enterprise', kind: kind as EnterpriseKind };
  }
}

/** The form's items from the server's checklist for the inspection. */
export function formItems(checklist: { itemId: string; computed: boolean; measureFields: string[] }[]): FormItem[] {
  return checklist.map((c) => ({
    itemId: c.itemId,
    item: checkItem(c.itemId),
    computed: c.computed,
    fields: c.measureFields,
  }));
}

/** The form's items for an object without a plan, from the domain's checklist. */
export function formItemsFor(items: readonly CheckItem[]): FormItem[] {
  return items.map((item) => ({
    itemId: item.id,
    item,
    computed: Boolean(item.measure),
    fields: item.measure ? (measureFields(item.measure) as string[]) : [],
  }));
}

export type ItemGroup = { ref: string; title: string | null; items: FormItem[] };

/** Items grouped by plan clause, in the order they first appear. */
export function groupByClause(items: FormItem[], locale: 'zh' | 'en'): ItemGroup[] {
  const groups = new Map<string, ItemGroup>();
  for (const item of items) {
    const ref = item.item?.planRef ?? '';
    let group = groups.get(ref);
    if (!group) {
      const task = planTaskSeeds.find((p) => p.ref === ref);
      group = { ref, title: task ? (locale === 'en' ? task.titleEn : task.title) : null, items: [] };
      groups.set(ref, group);
    }
    group.items.push(item);
  }
  return [...groups.values()];
}

/** The register's facts as prefilled values of the draft (measurements taken each visit excluded). */
export function prefilledFacts(registered: Record<string, unknown> | null | undefined): MeasuredFacts {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(registered ?? {})) {
    if (!isMeasuredKey(key) || measuredEachVisit.includes(key) || isRegisterAuthority(key)) continue;
    if (value === null || value === undefined) continue;
    out[key] = value;
  }
  return out as MeasuredFacts;
}

/** The day of the visit in China, which the service lives and contracts are measured to. */
export function visitDay(visitedAt: string): string {
  const d = new Date(visitedAt);
  return Number.isNaN(d.getTime()) ? chinaToday() : chinaToday(d);
}

/**
 * Facts the register holds with authority (domain REGISTER_AUTHORITY, the rule the server applies):
 * a value recorded on site does not replace them, so the form shows them read-only when the
 * register has them.
 */
export { fixedByRegister };

/** Everything the rules read: register facts, then what was recorded on site, then the ticks. */
export function checklistFacts(
  object: InspectedObject,
  registered: Record<string, unknown> | null | undefined,
  draft: Pick<FieldDraft, 'facts' | 'answers' | 'visitedAt'>,
): ChecklistFacts {
  return {
    ...mergeRegisteredFacts(registered, draft.facts).facts,
    object,
    on: visitDay(draft.visitedAt),
    answers: draft.answers,
  } as ChecklistFacts;
}

/** An item decided from the register alone (licences, the supply contract): nothing to enter on site. */
export function decidedByRegister(formItem: FormItem): boolean {
  return formItem.computed && formItem.fields.length > 0 && formItem.fields.every((f) => !isMeasuredKey(f));
}

/**
 * The register's facts of the object, as the server's inspections.objects.ts reads them: from the
 * record once it has been recorded (facts.registered), else from the venue's register entry.
 */
export function registeredFactsOf(
  recorded: Record<string, unknown> | null | undefined,
  venue: VenueFacts | null | undefined,
): Record<string, unknown> | null {
  const fromRecord = recorded?.registered;
  if (fromRecord && typeof fromRecord === 'object') return fromRecord as Record<string, unknown>;
  if (!venue) return null;
  return {
    floor: venue.floor,
    highRiseBuilding: inHighRiseBuilding(venue),
    gasSources: venue.gasSources,
    storedLpgKg: venue.storedLpgKg,
    hasCylinderRoom: venue.hasCylinderRoom,
    hoseType: venue.hoseType ?? null,
    detectorInstalled: venue.detectorInstalled,
    detectorInstalledOn: venue.detectorInstalledOn,
    shutoffValveInstalled: venue.shutoffValveInstalled,
    shutoffValveInstalledOn: venue.shutoffValveInstalledOn,
    hasSupplyContract: venue.contractNumber !== null && venue.contractNumber !== '',
    contractTo: venue.contractTo,
  };
}

/** The fields of a venue in the register (GET /api/v1/venues/:id) that the checklist reads. */
export type VenueFacts = {
  floor: string;
  /** Absent from a venue cached by an older version of the app. */
  highRiseBuilding?: boolean | null;
  gasSources: string[];
  storedLpgKg: number | null;
  hasCylinderRoom: boolean;
  hoseType?: string | null;
  detectorInstalled: boolean;
  detectorInstalledOn: string | null;
  shutoffValveInstalled: boolean;
  shutoffValveInstalledOn: string | null;
  contractNumber: string | null;
  contractTo: string | null;
};

/**
 * The limits the form judges with: the first one known of those given (the inspection's own, as
 * the server sent it with the record; the last the server published to this person), else the
 * defaults. A copy kept by an older version may lack a key: the default stands in for it.
 */
export function limitsFor(...known: (Partial<HazardLimits> | null | undefined)[]): HazardLimits {
  const first = known.find((l): l is Partial<HazardLimits> => l !== null && l !== undefined);
  if (!first) return defaultLimits;
  const out: Record<string, unknown> = { ...defaultLimits };
  for (const [key, value] of Object.entries(first)) {
    if (key in defaultLimits && value !== null && value !== undefined) out[key] = value;
  }
  return out as HazardLimits;
}

/**
 * The instant verdict of an item. The server decides again from the same facts with its configured
 * limits (RANAN_LIMITS), so `limits` should be those it published (`limitsFor`).
 */
export function evaluate(formItem: FormItem, facts: ChecklistFacts, limits: HazardLimits): ItemEvaluation {
  if (!formItem.item) {
    const ticked = facts.answers?.[formItem.itemId];
    return { result: ticked ?? 'unknown' };
  }
  return evaluateItem(formItem.item, facts, limits);
}

export function countResults(results: CheckResult[]): { done: number; failed: number; unknown: number } {
  return {
    done: results.filter((r) => r !== 'unknown').length,
    failed: results.filter((r) => r === 'fail').length,
    unknown: results.filter((r) => r === 'unknown').length,
  };
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  ) as Partial<T>;
}

/**
 * The submission for a finished draft. Computed items carry the facts their rule reads (the
 * server decides them); other items carry the tick. Photos are named by their local ids
 * (`local:<id>`) until the sync queue has uploaded them.
 */
export function buildSubmission(
  draft: FieldDraft,
  items: FormItem[],
  registered: Record<string, unknown> | null | undefined,
  object: InspectedObject,
  limits: HazardLimits,
): SubmissionBody {
  const facts = checklistFacts(object, registered, draft);
  const recordedFacts = defined(
    Object.fromEntries(
      measuredFactKeys.filter((k) => !fixedByRegister(k, registered)).map((k) => [k, draft.facts[k]]),
    ) as MeasuredFacts,
  ) as MeasuredFacts;
  const results: ItemResultBody[] = [];
  for (const formItem of items) {
    const id = formItem.itemId;
    const note = draft.itemNotes[id]?.trim();
    const photos = (draft.itemPhotos[id] ?? []).map((p) =>
      p.startsWith(SERVER_PHOTO_PREFIX) ? p.slice(SERVER_PHOTO_PREFIX.length) : `${LOCAL_PHOTO_PREFIX}${p}`,
    );
    const entry: ItemResultBody = { itemId: id };
    if (formItem.computed) {
      const measured = defined(
        Object.fromEntries(formItem.fields.filter(isMeasuredKey).map((k) => [k, recordedFacts[k]])) as MeasuredFacts,
      ) as MeasuredFacts;
      if (Object.keys(measured).length > 0) entry.measured = measured;
    } else {
      const verdict = evaluate(formItem, facts, limits).result;
      const tick = draft.answers[id] ?? (verdict === 'not_applicable' ? 'not_applicable' : undefined);
      if (tick) entry.result = verdict === 'not_applicable' ? 'not_applicable' : tick;
    }
    if (note) entry.note = note;
    if (photos.length > 0) entry.photoIds = photos;
    if (entry.result || entry.measured || entry.note || entry.photoIds || formItem.computed) results.push(entry);
  }
  const body: SubmissionBody = {
    clientId: draft.clientId,
    results,
    facts: recordedFacts,
    visitedAt: new Date(draft.visitedAt).toISOString(),
  };
  if (draft.inspectionId) body.inspectionId = draft.inspectionId;
  if (draft.plan) body.plan = draft.plan;
  if (draft.location) body.location = { lng: draft.location.lng, lat: draft.location.lat };
  if (draft.notes.trim()) body.notes = draft.notes.trim();
  if (draft.writtenNoticeGiven !== null) body.writtenNoticeGiven = draft.writtenNoticeGiven;
  return body;
}

/** The server accepts locations within China only; anything else is left out rather than refused. */
export function inChina(lng: number, lat: number): boolean {
  return lng >= 73 && lng <= 136 && lat >= 3 && lat <= 54;
}

/** A `datetime-local` input's value for an ISO instant, in the phone's time zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The ISO instant of a `datetime-local` value (read in the phone's time zone). */
export function fromLocalInput(value: string): string | null {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** What a new draft starts from when the inspection already holds recorded results (re-recording before signing). */
export function prefillFromRecord(detail: {
  results: { itemId: string; result: string; computed: boolean; note: string; photoIds: string[] }[];
  facts: Record<string, unknown> | null;
  visitedAt: string | null;
  notes: string;
  location: { lng: number; lat: number } | null;
  writtenNoticeGiven: boolean | null;
}): Partial<FieldDraft> {
  const answers: FieldDraft['answers'] = {};
  const itemNotes: FieldDraft['itemNotes'] = {};
  const itemPhotos: FieldDraft['itemPhotos'] = {};
  for (const r of detail.results) {
    if (!r.computed && (r.result === 'pass' || r.result === 'fail' || r.result === 'not_applicable'))
      answers[r.itemId] = r.result;
    if (r.note) itemNotes[r.itemId] = r.note;
    if (r.photoIds.length) itemPhotos[r.itemId] = r.photoIds.map((p) => `${SERVER_PHOTO_PREFIX}${p}`);
  }
  const measured = (detail.facts?.measured ?? {}) as Record<string, unknown>;
  const facts = Object.fromEntries(Object.entries(measured).filter(([k]) => isMeasuredKey(k))) as MeasuredFacts;
  const out: Partial<FieldDraft> = { answers, itemNotes, itemPhotos, facts, notes: detail.notes };
  if (detail.visitedAt) out.visitedAt = detail.visitedAt;
  if (detail.location) out.location = { ...detail.location, accuracy: null };
  if (detail.writtenNoticeGiven !== null) out.writtenNoticeGiven = detail.writtenNoticeGiven;
  return out;
}

/**
 * The field list's order (issue 9.23): the inspections already started first (to be finished), then the planned ones
 * soonest first; an unplanned date last. The server lists plans newest first, which put next week above today.
 */
export function orderFieldTasks<T extends { status: string; plannedOn: string | null }>(tasks: T[]): T[] {
  const rank = (x: T) => (x.status === 'in_progress' ? 0 : 1);
  return [...tasks].sort(
    (a, b) => rank(a) - rank(b) || (a.plannedOn ?? '9999-12-31').localeCompare(b.plannedOn ?? '9999-12-31'),
  );
}

/** The task button's text key: 继续检查 for one already started, else 开始检查. */
export function fieldTaskAction(status: string): 'field.continue' | 'field.start' {
  return status === 'in_progress' ? 'field.continue' : 'field.start';
}
