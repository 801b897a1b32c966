/**
 * SCHEMATIC boundaries of 乌审旗 and its seven township-level regions, for the offline map (一张图).
 * The map itself draws the banner's REAL outline (taken from the national county outlines when the
 * county is set up, see server/seed/county-outline.ts) and the townships' cells within it
 * (townshipCellsWithin); the hand-drawn outline below only serves where no real outline is stored
 * (and for townshipAt, which places a tip's location).
 *
 * We have no surveyed boundary data and no internet, so these are NOT the real administrative
 * lines: the banner's outline is a hand-drawn approximation of its shape and extent (about
 * 108.2–109.7°E, 37.6–39.4°N), and each township's area is the part of that outline nearer to
 * its seat than to any other seat (a Voronoi partition, distances measured with longitude scaled by
 * cos(latitude)). Good enough to place and filter objects by township on a map; replace with
 * real GeoJSON (same region codes) when a deployment has it.
 */

export type LngLat = [number, number];

/** The banner's outline, clockwise from the north (schematic). */
export const bannerOutline: LngLat[] = [
  [108.95, 39.38],
  [109.25, 39.35],
  [109.55, 39.22],
  [109.68, 39.05],
  [109.62, 38.85],
  [109.42, 38.7],
  [109.25, 38.55],
  [109.15, 38.35],
  [109.05, 38.1],
  [108.98, 37.88],
  [108.9, 37.68],
  [108.7, 37.62],
  [108.5, 37.7],
  [108.42, 37.9],
  [108.45, 38.15],
  [108.3, 38.4],
  [108.18, 38.65],
  [108.2, 38.92],
  [108.35, 39.1],
  [108.6, 39.22],
  [108.78, 39.33],
];

/** The seat (approximate centre) of each township-level region, keyed by region code. */
export const townshipSeats: Record<string, { name: string; seat: LngLat }> = {
  '150626410': { name: '苏里格经济开发区', seat: [108.95, 38.75] },
  '150626100': { name: '嘎鲁图镇', seat: [108.84, 38.6] },
  '150626101': { name: '乌审召镇', seat: [109.05, 39.08] },
  '150626102': { name: '图克镇', seat: [109.35, 38.95] },
  '150626103': { name: '乌兰陶勒盖镇', seat: [108.75, 38.25] },
  '150626104': { name: '无定河镇', seat: [108.65, 37.85] },
  '150626200': { name: '苏力德苏木', seat: [108.55, 38.9] },
};

export const BANNER_CODE = '150626';

const K = Math.cos((38.6 * Math.PI) / 180);

/** Keeps the part of a polygon on the side of the bisector nearer to `a` than to `b` (Sutherland–Hodgman, one half-plane). */
function clipNearer(poly: LngLat[], a: LngLat, b: LngLat): LngLat[] {
  // f(p) <= 0  ⇔  p is at least as near to a as to b (in scaled coordinates).
  const nx = (b[0] - a[0]) * K * K;
  const ny = b[1] - a[1];
  const mx = (a[0] + b[0]) / 2;
  const my = (a[1] + b[1]) / 2;
  const f = (p: LngLat) => nx * (p[0] - mx) + ny * (p[1] - my);
  const out: LngLat[] = [];
  for (let i = 0; i < poly.length; i++) {
    const p = poly[i]!;
    const q = poly[(i + 1) % poly.length]!;
    const fp = f(p);
    const fq = f(q);
    if (fp <= 0) out.push(p);
    if ((fp < 0 && fq > 0) || (fp > 0 && fq < 0)) {
      const t = fp / (fp - fq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return out;
}

const round = (p: LngLat): LngLat => [Math.round(p[0] * 10_000) / 10_000, Math.round(p[1] * 10_000) / 10_000];

function townshipPolygon(code: string, outline: LngLat[] = bannerOutline): LngLat[] {
  const own = townshipSeats[code]!.seat;
  let poly = outline;
  for (const [other, { seat }] of Object.entries(townshipSeats)) {
    if (other !== code) poly = clipNearer(poly, own, seat);
  }
  return poly.map(round);
}

/**
 * Schematic township areas inside a given county outline (the real one, when the county was set up
 * from the national data): each township gets the part of the outline nearer to its seat than to
 * any other seat. Closed rings; a township whose cell is empty is left out.
 */
export function townshipCellsWithin(outline: LngLat[]): Record<string, LngLat[]> {
  const open =
    outline.length > 1 && outline[0]![0] === outline.at(-1)![0] && outline[0]![1] === outline.at(-1)![1]
      ? outline.slice(0, -1)
      : outline;
  const out: Record<string, LngLat[]> = {};
  for (const code of Object.keys(townshipSeats)) {
    const ring = townshipPolygon(code, open);
    if (ring.length >= 3) out[code] = [...ring, ring[0]!];
  }
  return out;
}

/** Region code → closed outer ring ([lng, lat], first point repeated last), for the banner and each township. */
export const wushenBoundaries: Record<string, LngLat[]> = Object.fromEntries([
  [BANNER_CODE, [...bannerOutline, bannerOutline[0]!]],
  ...Object.keys(townshipSeats).map((code) => {
    const ring = townshipPolygon(code);
    return [code, [...ring, ring[0]!]];
  }),
]);

/** Ray casting: is the point inside the ring? */
export function pointInRing(p: LngLat, ring: LngLat[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The township whose schematic area holds the point, or null outside the banner. */
export function townshipAt(p: LngLat): string | null {
  for (const code of Object.keys(townshipSeats)) if (pointInRing(p, wushenBoundaries[code]!)) return code;
  return null;
}
