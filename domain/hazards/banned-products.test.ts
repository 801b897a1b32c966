/**
 * Banned hoses and appliances (issue 10.4): a verdict only from the banned-products catalogue. The item fails
 * when the inspector names an entry in force for it, with the entry's severity and citation; with no entry in
 * force it does not apply; an ordinary rubber hose is never "banned".
 */
import { describe, expect, it } from 'vitest';
import { CHECKLIST_VERSION, checkItem } from './checklist.ts';
import { type BannedCatalogueEntry, type ChecklistFacts, evaluateItem } from './evaluate.ts';

const entry = (over: Partial<BannedCatalogueEntry> = {}): BannedCatalogueEntry => ({
  id: '11111111-1111-4111-8111-111111111111',
  name: '测试目录所列淘汰软管',
  catalogue: '测试淘汰产品目录（2025年版）',
  documentNumber: '测试〔2025〕1号',
  effectiveOn: '2025-01-01',
  severity: 'general',
  checkItemId: 'venue.banned_hose',
  withdrawn: false,
  ...over,
});

const facts = (over: Partial<ChecklistFacts> = {}): ChecklistFacts => ({
  object: { type: 'venue', category: 'restaurant' },
  on: '2026-06-01',
  gasSources: ['bottled_lpg'],
  hoseType: 'rubber',
  ...over,
});

const hose = checkItem('venue.banned_hose')!;
const appliance = checkItem('venue.banned_appliance')!;

describe('banned hoses and appliances come from the catalogue', () => {
  it('is a new checklist version, decided (not ticked)', () => {
    expect(CHECKLIST_VERSION).toBe('2026.3');
    expect(hose.measure).toEqual({ kind: 'banned_product', checkItemId: 'venue.banned_hose' });
    expect(appliance.measure).toEqual({ kind: 'banned_product', checkItemId: 'venue.banned_appliance' });
  });

  it('does not apply without an entry in force for the item, whatever is ticked (a rubber hose is not banned)', () => {
    const ticked = { answers: { 'venue.banned_hose': 'fail' as const }, bannedProductIds: [] };
    expect(evaluateItem(hose, facts(ticked)).result).toBe('not_applicable');
    // An appliance entry does not make the hose item applicable.
    const other = entry({ checkItemId: 'venue.banned_appliance' });
    expect(evaluateItem(hose, facts({ ...ticked, bannedCatalogue: [other] })).result).toBe('not_applicable');
    // Withdrawn, or not yet in effect on the day.
    expect(evaluateItem(hose, facts({ ...ticked, bannedCatalogue: [entry({ withdrawn: true })] })).result).toBe(
      'not_applicable',
    );
    expect(
      evaluateItem(hose, facts({ ...ticked, bannedCatalogue: [entry({ effectiveOn: '2026-06-02' })] })).result,
    ).toBe('not_applicable');
  });

  it('is unknown until the inspector says what was found, and passes when nothing of the catalogue was', () => {
    expect(evaluateItem(hose, facts({ bannedCatalogue: [entry()] })).result).toBe('unknown');
    expect(evaluateItem(hose, facts({ bannedCatalogue: [entry()], bannedProductIds: [] })).result).toBe('pass');
  });

  it('fails on a named entry in force, with its severity and its catalogue and document number as basis', () => {
    const major = entry({ severity: 'major' });
    const v = evaluateItem(hose, facts({ bannedCatalogue: [major], bannedProductIds: [major.id] }));
    expect(v.result).toBe('fail');
    expect(v.severity).toBe('major');
    expect(v.basis).toBe('测试淘汰产品目录（2025年版）（测试〔2025〕1号）');
    expect(v.reason?.zh).toContain('测试目录所列淘汰软管');
    const general = evaluateItem(hose, facts({ bannedCatalogue: [entry()], bannedProductIds: [entry().id] }));
    expect(general.severity).toBe('general');
  });

  it('never fails on a withdrawn entry or one of another item, even when named', () => {
    const withdrawn = entry({ withdrawn: true });
    const live = entry({ id: '22222222-2222-4222-8222-222222222222' });
    const v = evaluateItem(hose, facts({ bannedCatalogue: [withdrawn, live], bannedProductIds: [withdrawn.id] }));
    expect(v.result).toBe('pass');
    const forAppliance = entry({ id: '33333333-3333-4333-8333-333333333333', checkItemId: 'venue.banned_appliance' });
    const w = evaluateItem(appliance, facts({ bannedCatalogue: [forAppliance, live], bannedProductIds: [live.id] }));
    expect(w.result).toBe('pass');
  });
});
