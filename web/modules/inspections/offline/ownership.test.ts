import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SubmissionBody } from '../inspections.api.ts';
import { claimRecord, dueEntries, legacyOwner, ownedBy, ownerRange, scopedKey, unsyncedOfOthers } from './ownership.ts';

const A = 'aaaaaaaa-0000-4000-8000-00000000000a';
const B = 'bbbbbbbb-0000-4000-8000-00000000000b';
const INSPECTION = '11111111-1111-4111-8111-111111111111';

// The store over an in-memory stand-in for IndexedDB (fake-indexeddb is not installed): the same
// operations idb.ts offers, on Maps, with IndexedDB's string key order for ranges.
const tables = new Map<string, Map<string, unknown>>();
const table = (name: string) => {
  const t = tables.get(name) ?? new Map<string, unknown>();
  tables.set(name, t);
  return t;
};
const clone = <T>(v: T): T => structuredClone(v);
vi.mock('./idb.ts', () => ({
  idb: {
    get: async (s: string, k: string) => clone(table(s).get(k)),
    put: async (s: string, k: string, v: unknown) => {
      table(s).set(k, clone(v));
      return k;
    },
    delete: async (s: string, k: string) => {
      table(s).delete(k);
    },
    all: async (s: string) =>
      [...table(s).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => clone(v)),
    range: async (s: string, lower: string, upper: string) =>
      [...table(s).entries()]
        .filter(([k]) => k >= lower && k <= upper)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, v]) => clone(v)),
    update: async (s: string, k: string, change: (v: unknown) => unknown) => {
      const next = change(clone(table(s).get(k)));
      if (next === undefined) table(s).delete(k);
      else table(s).set(k, clone(next));
      return next;
    },
    rewrite: async (
      stores: string[],
      change: (s: string, k: string, v: unknown) => { key: string; value: unknown } | null,
    ) => {
      let n = 0;
      for (const s of stores) {
        for (const [k, v] of [...table(s).entries()]) {
          const next = change(s, k, clone(v));
          if (!next) continue;
          n++;
          table(s).delete(k);
          table(s).set(next.key, clone(next.value));
        }
      }
      return n;
    },
  },
}));

const { fieldStore, queueDraft } = await import('./store.ts');

const blankDraft = (label: string) => () => ({
  inspectionId: INSPECTION,
  plan: null,
  label,
  visitedAt: '2026-03-01T02:00:00.000Z',
  location: null,
  notes: '',
  facts: {},
  answers: {},
  itemNotes: {},
  itemPhotos: {},
  writtenNoticeGiven: null,
  state: 'draft' as const,
});
const body = (clientId: string) =>
  ({
    clientId,
    inspectionId: INSPECTION,
    visitedAt: '2026-03-01T02:00:00.000Z',
    results: [],
  }) as unknown as SubmissionBody;

describe('ownership rules', () => {
  it('scopes a shared key by owner, and an owner range holds only that owner', () => {
    const a = scopedKey(A, INSPECTION);
    const b = scopedKey(B, INSPECTION);
    expect(a).not.toBe(b);
    const { lower, upper } = ownerRange(A);
    const inRange = (k: string) => k >= lower && k <= upper;
    expect(inRange(a)).toBe(true);
    expect(inRange(scopedKey(A, `new:${B}`))).toBe(true);
    expect(inRange(b)).toBe(false);
    // A legacy key (no owner) and another owner whose id starts like A's are outside.
    expect(inRange(INSPECTION)).toBe(false);
    expect(inRange(scopedKey(`${A}0`, INSPECTION))).toBe(false);
    expect(() => scopedKey('', INSPECTION)).toThrow();
  });

  it('shows a person only their own records; a record without owner is nobody’s', () => {
    const records = [{ ownerId: A, n: 1 }, { ownerId: B, n: 2 }, { n: 3 }, { ownerId: null, n: 4 }];
    expect(ownedBy(records, A).map((r) => r.n)).toEqual([1]);
    expect(ownedBy(records, B).map((r) => r.n)).toEqual([2]);
    expect(ownedBy(records, null)).toEqual([]);
    expect(ownedBy(records, '')).toEqual([]);
  });

  it('counts the unsynced records of other accounts: drafts being filled and entries not accepted', () => {
    const at = '2026-03-01T01:00:00.000Z';
    const edited = { createdAt: at, updatedAt: '2026-03-01T01:05:00.000Z' };
    const drafts = [
      { ownerId: A, state: 'draft' as const, ...edited },
      { ownerId: B, state: 'draft' as const, ...edited },
      // Opened, never changed: nothing to lose.
      { ownerId: B, state: 'draft' as const, createdAt: at, updatedAt: at },
      // Queued: counted through its outbox entry, not twice.
      { ownerId: B, state: 'queued' as const, ...edited },
      { state: 'draft' as const, ...edited },
    ];
    const outbox = [
      { ownerId: A, state: 'pending' as const },
      { ownerId: B, state: 'pending' as const },
      { ownerId: B, state: 'failed' as const },
      { ownerId: B, state: 'conflict' as const },
      // A receipt, not waiting for anything.
      { ownerId: B, state: 'synced' as const },
    ];
    expect(unsyncedOfOthers(drafts, outbox, A)).toBe(1 + 1 + 3);
    expect(unsyncedOfOthers(drafts, outbox, B)).toBe(1 + 1 + 1);
    expect(unsyncedOfOthers([], [], A)).toBe(0);
  });

  it('gives legacy records to the person last signed in on the phone, else to the first to sign in', () => {
    expect(legacyOwner(A, B)).toBe(A);
    expect(legacyOwner(null, B)).toBe(B);
    expect(legacyOwner(undefined, B)).toBe(B);
  });

  it('claims an unowned record: drafts and cached inspections move to the scoped key, others keep theirs', () => {
    expect(claimRecord('drafts', INSPECTION, { key: INSPECTION, state: 'draft' }, A)).toEqual({
      key: scopedKey(A, INSPECTION),
      value: { key: INSPECTION, state: 'draft', ownerId: A },
    });
    expect(claimRecord('inspections', INSPECTION, { id: INSPECTION }, A)?.key).toBe(scopedKey(A, INSPECTION));
    expect(claimRecord('outbox', 'c-1', { clientId: 'c-1' }, A)).toEqual({
      key: 'c-1',
      value: { clientId: 'c-1', ownerId: A },
    });
    expect(claimRecord('photos', 'p-1', { id: 'p-1' }, A)?.key).toBe('p-1');
    // Somebody's record is never taken over.
    expect(claimRecord('drafts', scopedKey(B, INSPECTION), { ownerId: B }, A)).toBeNull();
    expect(claimRecord('outbox', 'c-2', { ownerId: B }, A)).toBeNull();
  });

  it('sends only the owner’s due entries, and nothing unless the owner is the one signed in on the phone', () => {
    const now = Date.parse('2026-03-01T10:00:00.000Z');
    const entry = (ownerId: string, queuedAt: string, state = 'pending', nextAttemptAt: string | null = null) => ({
      ownerId,
      queuedAt,
      state: state as 'pending',
      nextAttemptAt,
    });
    const entries = [
      entry(A, '2026-03-01T09:02:00.000Z'),
      entry(A, '2026-03-01T09:01:00.000Z'),
      entry(B, '2026-03-01T09:00:00.000Z'),
      entry(A, '2026-03-01T09:03:00.000Z', 'failed'),
      entry(A, '2026-03-01T09:04:00.000Z', 'pending', '2026-03-01T10:00:30.000Z'),
    ];
    const mine = dueEntries(entries, A, A, now, false);
    expect(mine.due.map((e) => e.queuedAt)).toEqual(['2026-03-01T09:01:00.000Z', '2026-03-01T09:02:00.000Z']);
    expect(mine.wakeInMs).toBe(30_000);
    expect(dueEntries(entries, A, A, now, true).due).toHaveLength(3);
    // B signed in on the phone (another tab) while this page is still A's: nothing goes.
    expect(dueEntries(entries, A, B, now, true)).toEqual({ due: [], wakeInMs: null });
    // Signed out: nobody's records go.
    expect(dueEntries(entries, A, null, now, true).due).toEqual([]);
    expect(dueEntries(entries, null, null, now, true).due).toEqual([]);
    expect(dueEntries(entries, B, B, now, false).due.map((e) => e.ownerId)).toEqual([B]);
  });
});

describe('the field store, per person', () => {
  beforeEach(() => tables.clear());

  it('keeps one draft per person for the same inspection, and lists only the person’s own', async () => {
    const a = await fieldStore.openDraft(A, INSPECTION, blankDraft('A 的草稿'));
    const b = await fieldStore.openDraft(B, INSPECTION, blankDraft('B 的草稿'));
    expect(a.clientId).not.toBe(b.clientId);
    expect(a.ownerId).toBe(A);
    await fieldStore.saveDraft({ ...a, notes: 'A 填写的内容' });
    expect((await fieldStore.draft(A, INSPECTION))?.notes).toBe('A 填写的内容');
    expect((await fieldStore.draft(B, INSPECTION))?.notes).toBe('');
    expect((await fieldStore.drafts(B)).map((d) => d.label)).toEqual(['B 的草稿']);
    // Opening again returns the person's existing draft, never the other's.
    expect((await fieldStore.openDraft(A, INSPECTION, blankDraft('x'))).clientId).toBe(a.clientId);
    await fieldStore.discardDraft(B, INSPECTION);
    expect(await fieldStore.draft(B, INSPECTION)).toBeUndefined();
    expect(await fieldStore.draft(A, INSPECTION)).toBeDefined();
  });

  it('queues under the draft’s owner; another person sees neither the entry nor its photos, only a count', async () => {
    const a = await fieldStore.openDraft(A, INSPECTION, blankDraft('草原人家'));
    await fieldStore.savePhoto({
      id: 'p-1',
      ownerId: A,
      draftKey: INSPECTION,
      itemId: 'venue.hose_length',
      blob: new Blob(['x']),
      width: 1,
      height: 1,
      takenAt: '2026-03-01T02:00:00.000Z',
      fileId: null,
    });
    const withPhoto = await fieldStore.saveDraft({ ...a, itemPhotos: { 'venue.hose_length': ['p-1'] } });
    const entry = await queueDraft(withPhoto, body(a.clientId));
    expect(entry.ownerId).toBe(A);
    expect(entry.localPhotoIds).toEqual(['p-1']);
    // Queued twice: the first stays.
    expect((await queueDraft(withPhoto, body(a.clientId))).queuedAt).toBe(entry.queuedAt);

    expect((await fieldStore.outbox(A)).map((e) => e.clientId)).toEqual([a.clientId]);
    expect(await fieldStore.outbox(B)).toEqual([]);
    expect(await fieldStore.outboxEntry(B, a.clientId)).toBeUndefined();
    expect(await fieldStore.photo(B, 'p-1')).toBeUndefined();
    expect((await fieldStore.photo(A, 'p-1'))?.id).toBe('p-1');
    expect(await fieldStore.unsyncedOfOthers(B)).toBe(1);
    expect(await fieldStore.unsyncedOfOthers(A)).toBe(0);
    // B's own draft adds nothing to B's count of others; once B changed it, it counts for A.
    const b = await fieldStore.openDraft(B, 'new:x', blankDraft('B'));
    expect(await fieldStore.unsyncedOfOthers(A)).toBe(0);
    await new Promise((r) => setTimeout(r, 2));
    await fieldStore.saveDraft({ ...b, notes: 'B 的记录' });
    expect(await fieldStore.unsyncedOfOthers(B)).toBe(1);
    expect(await fieldStore.unsyncedOfOthers(A)).toBe(1);
  });

  it('keeps cached inspections per person', async () => {
    const detail = { id: INSPECTION, status: 'planned', abilities: { record: true } } as never;
    await fieldStore.cacheInspection(A, detail, { floor: 'ground' });
    expect((await fieldStore.cachedInspection(A, INSPECTION))?.registeredFacts).toEqual({ floor: 'ground' });
    expect(await fieldStore.cachedInspection(B, INSPECTION)).toBeUndefined();
    expect(await fieldStore.cachedInspections(B)).toEqual([]);
    expect((await fieldStore.cachedInspections(A)).map((c) => c.ownerId)).toEqual([A]);
  });

  it('migrates records kept before owners were to one person, losing nothing', async () => {
    // As the previous version stored them: drafts and inspections under their own key, no owner.
    const times = { createdAt: '2026-03-01T01:00:00.000Z', updatedAt: '2026-03-01T01:05:00.000Z' };
    table('drafts').set(INSPECTION, { ...blankDraft('旧草稿')(), ...times, key: INSPECTION, clientId: 'c-old' });
    table('inspections').set(INSPECTION, { id: INSPECTION, registeredFacts: null, cachedAt: 'x' });
    table('outbox').set('c-queued', { clientId: 'c-queued', state: 'pending', queuedAt: 'x', localPhotoIds: ['p'] });
    table('photos').set('p', { id: 'p', draftKey: INSPECTION });
    table('drafts').set(scopedKey(B, 'new:b'), { ...blankDraft('B')(), ...times, key: 'new:b', ownerId: B });
    // Unowned, they are nobody's: not shown, counted as waiting.
    expect(await fieldStore.drafts(A)).toEqual([]);
    expect(await fieldStore.unsyncedOfOthers(A)).toBe(1 + 1 + 1);

    expect(await fieldStore.claimUnowned(A)).toBe(4);
    expect((await fieldStore.draft(A, INSPECTION))?.clientId).toBe('c-old');
    expect((await fieldStore.cachedInspection(A, INSPECTION))?.id).toBe(INSPECTION);
    expect((await fieldStore.outbox(A)).map((e) => e.clientId)).toEqual(['c-queued']);
    expect((await fieldStore.photo(A, 'p'))?.id).toBe('p');
    expect(await fieldStore.draft(A, 'new:b')).toBeUndefined();
    expect((await fieldStore.drafts(B)).map((d) => d.key)).toEqual(['new:b']);
    // Nothing left to claim, nothing lost.
    expect(await fieldStore.claimUnowned(B)).toBe(0);
    expect([...tables.values()].reduce((n, t) => n + t.size, 0)).toBe(5);
  });
});
