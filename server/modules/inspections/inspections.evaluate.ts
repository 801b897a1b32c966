import {
  type BannedCatalogueEntry,
  type CheckItem,
  type ChecklistFacts,
  type InspectedObject,
  type TickedResult,
  checkItems,
  defaultLimits,
  evaluateItem,
  type HazardLimits,
  itemsFor,
  measureFields,
  mergeRegisteredFacts,
  type registerOnlyFactKeys,
  siteContradictsRegister,
} from '../../../domain/hazards/index.ts';
import type { RecordedResult } from '../../../domain/inspections/inspections.ts';
import { inspectionMeasureImpossible, inspectionMeasureInvalid, inspectionUnknownItem } from './inspections.errors.ts';
import type { RegisteredFacts } from '../registry/index.ts';

/** Facts an inspector may record on site (the union of the checklist's measure fields). */
export type MeasuredFacts = Partial<
  Omit<ChecklistFacts, 'object' | 'on' | 'answers' | 'bannedCatalogue' | (typeof registerOnlyFactKeys)[number]>
>;

export type ItemInput = {
  itemId: string;
  result?: TickedResult | undefined;
  measured?: MeasuredFacts | undefined;
  note?: string | undefined;
  photoIds?: string[] | undefined;
};

export type DecidedResult = {
  itemId: string;
  result: RecordedResult;
  computed: boolean;
  measured: Record<string, unknown> | null;
  reason: { zh: string; en: string } | null;
  note: string;
  photoIds: string[];
};

/**
 * The grade and citation a failed banned-products item carries into its hazard, read from the result's
 * `measured` (the entries found as they stood when decided); null for any other result.
 */
export function bannedFinding(measured: Record<string, unknown> | null | undefined) {
  const severity = measured?.severity;
  const basis = measured?.basis;
  if ((severity !== 'major' && severity !== 'general') || typeof basis !== 'string') return null;
  return { severity, basis } as const;
}

export type Decision = {
  results: DecidedResult[];
  /** Applicable items that still have no result (a computed item whose facts are missing, an unticked item). */
  missing: string[];
  facts: { registered: RegisteredFacts; measured: MeasuredFacts; discrepancies: string[] };
};

/** The checklist for an object: the items of the current version that apply to its type and kind. */
export function checklistFor(object: InspectedObject): CheckItem[] {
  return itemsFor(object, checkItems);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const installationDates = [
  'hoseInstalledOn',
  'detectorInstalledOn',
  'shutoffValveInstalledOn',
  'regulatorInstalledOn',
  'sealRingInstalledOn',
] as const satisfies readonly (keyof MeasuredFacts)[];

/**
 * Decides every item of the object's checklist: computed items by the domain rule (evaluateItem)
 * over the register's and the measured facts, whatever the client ticked; other items by the tick.
 * Measured values given on an item must be fields that item's rule reads. Thresholds (hose length,
 * service lives, stored weight) are those of `limits`.
 */
export function decideResults({
  object,
  registered,
  facts: objectFacts,
  items,
  on,
  limits = defaultLimits,
  bannedCatalogue = [],
}: {
  object: InspectedObject;
  registered: RegisteredFacts;
  facts: MeasuredFacts | undefined;
  items: ItemInput[];
  on: string;
  limits?: HazardLimits;
  /** The banned-products catalogue (modules/rules), every entry; the verdict keeps those in force. */
  bannedCatalogue?: readonly BannedCatalogueEntry[];
}): Decision {
  const checklist = checklistFor(object);
  const byId = new Map(checklist.map((i) => [i.id, i]));
  const measured: Record<string, unknown> = { ...(objectFacts ?? {}) };
  const inputs = new Map<string, ItemInput>();
  for (const input of items) {
    const item = byId.get(input.itemId);
    if (!item) throw inspectionUnknownItem({ itemId: input.itemId, field: 'results' });
    inputs.set(input.itemId, input);
    for (const [key, value] of Object.entries(input.measured ?? {})) {
      if (value === undefined) continue;
      const allowed: string[] = item.measure ? measureFields(item.measure) : [];
      // Items for hose users also take whether a hose is used at all.
      if (item.appliesTo.some((t) => t.type === 'venue' && t.withHose)) allowed.push('hoseInUse');
      if (!allowed.includes(key)) throw inspectionMeasureInvalid({ itemId: item.id, field: key });
      if (key === 'bannedProductIds') {
        // One fact for the object: the entries named on each banned-products item together.
        const prior = (measured[key] as string[] | undefined) ?? [];
        measured[key] = [...new Set([...prior, ...(value as string[])])];
        continue;
      }
      if (key in measured && !same(measured[key], value)) {
        throw inspectionMeasureInvalid({ itemId: item.id, field: key, reason: 'recorded twice with different values' });
      }
      measured[key] = value;
    }
  }

  // A named entry must be one of the catalogue (a withdrawn one is accepted and does not fail the item).
  const named = measured.bannedProductIds as string[] | undefined;
  const unknownEntry = named?.find((id) => !bannedCatalogue.some((e) => e.id === id));
  if (unknownEntry) {
    throw inspectionMeasureInvalid({ field: 'bannedProductIds', reason: `no catalogue entry ${unknownEntry}` });
  }

  // Nothing is installed after the visit: such a date is a typing error, not a fact to judge by.
  for (const key of installationDates) {
    const value = measured[key];
    if (typeof value === 'string' && value > on) {
      throw inspectionMeasureImpossible({ field: key, value, visitedOn: on });
    }
  }

  // Site findings and the register are merged to the worse of the two where the register has a
  // value (domain REGISTER_AUTHORITY); a disagreement is kept in the record and reported.
  const { facts: merged, discrepancies } = mergeRegisteredFacts(registered, measured);

  const answers: Record<string, TickedResult> = {};
  for (const [id, input] of inputs) if (input.result) answers[id] = input.result;
  const facts: ChecklistFacts = { ...(merged as RegisteredFacts), object, on, answers, bannedCatalogue };

  const results: DecidedResult[] = [];
  const missing: string[] = [];
  for (const item of checklist) {
    const evaluation = evaluateItem(item, facts, limits);
    const contradicted = siteContradictsRegister(item, facts);
    if (contradicted && !discrepancies.includes(contradicted)) discrepancies.push(contradicted);
    const input = inputs.get(item.id);
    if (evaluation.result === 'unknown') {
      missing.push(item.id);
      continue;
    }
    // Decided by the register when its verdict stands against the tick (or without one).
    const computed = item.measure !== undefined || evaluation.byRegister === true;
    // A register-decided item keeps its reason; the register's facts are in the record's facts.registered.
    const used: Record<string, unknown> | null = item.measure
      ? Object.fromEntries(
          measureFields(item.measure)
            .map((k) => [k, (facts as Record<string, unknown>)[k]] as const)
            .filter(([, v]) => v !== undefined && v !== null),
        )
      : null;
    // A catalogue verdict keeps the entries it found, their grade and citation (the catalogue may change later).
    if (used && evaluation.found) {
      used.bannedProducts = evaluation.found.map(({ id, name, catalogue, documentNumber, severity }) => ({
        id,
        name,
        catalogue,
        documentNumber,
        severity,
      }));
      used.severity = evaluation.severity;
      used.basis = evaluation.basis;
    }
    results.push({
      itemId: item.id,
      result: evaluation.result,
      computed,
      measured: used && Object.keys(used).length ? used : null,
      reason: evaluation.reason ?? null,
      note: input?.note ?? '',
      photoIds: input?.photoIds ?? [],
    });
  }
  return {
    results,
    missing,
    facts: { registered, measured: measured as MeasuredFacts, discrepancies },
  };
}
