/**
 * Follow-up review (回头看, plan 五、工作安排(二)): re-inspect a share of the closed hazards to make
 * sure they stay fixed (防止久拖不改、改后反弹). Every major hazard is drawn; general ones are sampled
 * with a seeded generator, so the same seed over the same hazards draws the same sample (the
 * office can show how a sample was drawn, and a test can replay it).
 */
import { addMonths } from './dates.ts';
import { defaultLimits, type Severity } from './limits.ts';

/** A 32-bit hash of a string seed (FNV-1a), so a seed may be a readable label like '2024-03 回头看'. */
function hashSeed(seed: string | number): number {
  const text = String(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, well-distributed 32-bit PRNG; returns a function yielding [0, 1). */
export function seededRandom(seed: string | number): () => number {
  let a = hashSeed(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** How many of `count` general hazards are drawn at `share`: rounded up, so any share above 0 draws one at least. */
export function sampleSize(count: number, share: number): number {
  if (share <= 0 || count === 0) return 0;
  // The epsilon keeps float noise (0.2 × 15 = 3.0000000000000004) from drawing one more.
  return Math.min(count, Math.max(1, Math.ceil(count * share - 1e-9)));
}

/**
 * The closed hazards to schedule for follow-up review: all major ones and a reproducible sample of
 * the general ones. The result depends on the hazards' ids and the seed only, not on the order the
 * rows arrive in; it is returned in the input's order.
 */
export function selectForFollowUp<T extends { id: string; severity: Severity }>(
  closedHazards: readonly T[],
  { share = defaultLimits.followUpShare, seed }: { share?: number; seed: string | number },
): T[] {
  if (!(share >= 0 && share <= 1)) throw new RangeError(`share must be within [0, 1]: ${share}`);
  const general = closedHazards
    .filter((h) => h.severity !== 'major')
    .map((h) => h.id)
    .sort();
  // Fisher–Yates over the sorted ids, then the first k.
  const random = seededRandom(seed);
  const ids = [...new Set(general)];
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  const drawn = new Set(ids.slice(0, sampleSize(ids.length, share)));
  return closedHazards.filter((h) => h.severity === 'major' || drawn.has(h.id));
}

/**
 * 改后反弹: the same item fails again at the same object within `windowMonths` of the close-out
 * (from the close-out day to the same day `windowMonths` later, inclusive). Days are 'YYYY-MM-DD'.
 */
export function isRebound(
  {
    previous,
    failure,
  }: {
    previous: { objectId: string; itemId: string | null; closedAt: string };
    failure: { objectId: string; itemId: string | null; at: string };
  },
  { windowMonths = defaultLimits.reboundWindowMonths }: { windowMonths?: number } = {},
): boolean {
  if (previous.itemId === null || failure.itemId === null) return false;
  if (previous.objectId !== failure.objectId || previous.itemId !== failure.itemId) return false;
  return failure.at >= previous.closedAt && failure.at <= addMonths(previous.closedAt, windowMonths);
}

/**
 * The closed hazard a new failure rebounds from (the most recently closed match), or null; the
 * server links the new hazard to it.
 */
export function reboundOf<P extends { objectId: string; itemId: string | null; closedAt: string }>(
  failure: { objectId: string; itemId: string | null; at: string },
  closed: readonly P[],
  options: { windowMonths?: number } = {},
): P | null {
  let best: P | null = null;
  for (const previous of closed) {
    if (!isRebound({ previous, failure }, options)) continue;
    if (best === null || previous.closedAt > best.closedAt) best = previous;
  }
  return best;
}
