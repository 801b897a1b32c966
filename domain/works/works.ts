import type { PressureClass } from '../registry/registry.ts';

type Labels<T extends string> = Record<T, { zh: string; en: string }>;

/**
 * Third-party works near gas facilities (第三方施工, plan 三(三)1 and 三(五)8): where a works lies, which
 * pipeline segments are within their protection distance, and whether it needs a hazard.
 */

/**
 * 控制范围 of a buried gas pipeline by pressure class, metres each side of the pipe (CJJ 51-2016《城镇燃气
 * 设施运行、维护和抢修安全技术规程》3.1.3: low and medium pressure 5 m, sub-high 15 m, high 50 m). Works
 * inside it need the operator's protection agreement (安全保护协议) and its guardian on site.
 */
export const PROTECTION_DISTANCE_M: Record<PressureClass, number> = {
  low: 5,
  medium_b: 5,
  medium_a: 5,
  sub_high_b: 15,
  sub_high_a: 15,
  high_b: 50,
  high_a: 50,
};
export const PROTECTION_DISTANCE_BASIS = 'CJJ 51-2016 3.1.3';

export const worksKinds = ['excavation', 'piling', 'road', 'building', 'utility', 'other'] as const;
export type WorksKind = (typeof worksKinds)[number];
export const worksKindLabels: Labels<WorksKind> = {
  excavation: { zh: '开挖施工', en: 'Excavation' },
  piling: { zh: '打桩、钻探', en: 'Piling or drilling' },
  road: { zh: '道路施工', en: 'Road works' },
  building: { zh: '房屋建设', en: 'Building' },
  utility: { zh: '管线（水、电、通信）施工', en: 'Other utilities (water, power, telecom)' },
  other: { zh: '其他', en: 'Other' },
};

/** Where the segment list came from: computed from the map, or chosen by hand (segments without geometry). */
export const segmentMatches = ['computed', 'chosen'] as const;
export type SegmentMatch = (typeof segmentMatches)[number];
export const segmentMatchLabels: Labels<SegmentMatch> = {
  computed: { zh: '按位置计算', en: 'Computed from the map' },
  chosen: { zh: '人工选择', en: 'Chosen by hand' },
};

export type LngLat = [number, number];
/** A works' place: a point, or a polygon (ring of at least three corners, not closed). */
export type WorksPlace = { type: 'point'; point: LngLat } | { type: 'polygon'; ring: LngLat[] };

const R = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

/** Planar metres around a reference latitude (equirectangular; exact enough within a county). */
function projector(lat0: number) {
  const k = Math.cos(rad(lat0));
  return ([lng, lat]: LngLat): [number, number] => [rad(lng) * R * k, rad(lat) * R];
}

function pointSegment(p: [number, number], a: [number, number], b: [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

function cross(o: [number, number], a: [number, number], b: [number, number]) {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

function segmentsCross(a: [number, number], b: [number, number], c: [number, number], d: [number, number]) {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

function inside(p: [number, number], ring: [number, number][]) {
  let isIn = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) isIn = !isIn;
  }
  return isIn;
}

/**
 * Shortest distance in metres between a works' place and a pipeline (a polyline of [lng, lat]); 0 when the
 * pipe runs through the works' polygon.
 */
export function distanceToPipeline(place: WorksPlace, line: LngLat[]): number {
  if (line.length === 0) return Number.POSITIVE_INFINITY;
  const lat0 = place.type === 'point' ? place.point[1] : place.ring[0]![1];
  const proj = projector(lat0);
  const pipe = line.map(proj);
  const edges: [[number, number], [number, number]][] =
    pipe.length === 1 ? [[pipe[0]!, pipe[0]!]] : pipe.slice(1).map((b, i) => [pipe[i]!, b]);
  if (place.type === 'point') {
    const p = proj(place.point);
    return Math.min(...edges.map(([a, b]) => pointSegment(p, a, b)));
  }
  const ring = place.ring.map(proj);
  if (pipe.some((p) => inside(p, ring))) return 0;
  const sides = ring.map((a, i): [[number, number], [number, number]] => [a, ring[(i + 1) % ring.length]!]);
  let best = Number.POSITIVE_INFINITY;
  for (const [a, b] of edges)
    for (const [c, d] of sides) {
      if (segmentsCross(a, b, c, d)) return 0;
      best = Math.min(best, pointSegment(a, c, d), pointSegment(b, c, d), pointSegment(c, a, b), pointSegment(d, a, b));
    }
  return best;
}

/** The segments whose protection distance (by pressure class) the works' place reaches, with the distance. */
export function segmentsWithinProtection<S extends { geometry: LngLat[] | null; pressureClass: PressureClass }>(
  place: WorksPlace,
  segments: readonly S[],
): { segment: S; distanceM: number }[] {
  const out: { segment: S; distanceM: number }[] = [];
  for (const segment of segments) {
    if (!segment.geometry || segment.geometry.length === 0) continue;
    const distanceM = distanceToPipeline(place, segment.geometry);
    if (distanceM <= PROTECTION_DISTANCE_M[segment.pressureClass])
      out.push({ segment, distanceM: Math.round(distanceM * 10) / 10 });
  }
  return out;
}

/** A works has started (and needs its agreement) once its start day has come. */
export function worksStarted(startOn: string, today: string): boolean {
  return startOn <= today;
}

/**
 * Whether a works record needs a hazard against its builder (三(五)8: construction within the protection
 * distance of buried gas facilities without protection): started, near at least one segment, no agreement.
 */
export function needsWorksHazard(w: {
  startOn: string;
  agreementSigned: boolean;
  segmentCount: number;
  today: string;
}): boolean {
  return worksStarted(w.startOn, w.today) && !w.agreementSigned && w.segmentCount > 0;
}
