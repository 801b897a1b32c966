/**
 * Delivery zones and vehicle tracks (plan 四(三)3 固定配送范围、定位监管; 三(五)4 speeding and fatigue):
 * point-in-polygon, the checks a position must pass before it is stored, and the flags of a track.
 */

/** A GeoJSON Polygon or MultiPolygon ([lng, lat] positions; the first ring is the outline, others holes). */
export type ZoneGeometry =
  | { type: 'Polygon'; coordinates: [number, number][][] }
  | { type: 'MultiPolygon'; coordinates: [number, number][][][] };

function inRing(lng: number, lat: number, ring: [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(lng: number, lat: number, rings: [number, number][][]): boolean {
  if (rings.length === 0 || !inRing(lng, lat, rings[0]!)) return false;
  return !rings.slice(1).some((hole) => inRing(lng, lat, hole));
}

/** Whether the point lies in the zone (ray casting; a point on an edge may fall either way). */
export function pointInZone(lng: number, lat: number, g: ZoneGeometry): boolean {
  return g.type === 'Polygon' ? inPolygon(lng, lat, g.coordinates) : g.coordinates.some((p) => inPolygon(lng, lat, p));
}

export function inAnyZone(lng: number, lat: number, zones: readonly ZoneGeometry[]): boolean {
  return zones.some((z) => pointInZone(lng, lat, z));
}

/** Problems of a zone's geometry: rings must close, have ≥ 4 positions and lie in China. */
export function zoneGeometryProblem(g: ZoneGeometry): string | null {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  if (polygons.length === 0) return 'empty';
  for (const rings of polygons) {
    if (rings.length === 0) return 'empty';
    for (const ring of rings) {
      if (ring.length < 4) return 'ring_too_short';
      const [a, b] = [ring[0]!, ring[ring.length - 1]!];
      if (a[0] !== b[0] || a[1] !== b[1]) return 'ring_not_closed';
      if (ring.some(([lng, lat]) => !inChina(lat, lng))) return 'outside_china';
    }
  }
  return null;
}

/**
 * Whether a zone lies within the county's outline: every corner of its outer rings inside the outline
 * (a zone is drawn corner by corner on the county's map; a corner outside is a slip of the pen).
 */
export function zoneWithinOutline(g: ZoneGeometry, outline: ZoneGeometry, toleranceM = 100): boolean {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const edges = (outline.type === 'Polygon' ? [outline.coordinates] : outline.coordinates).flatMap((rings) =>
    rings.flatMap((ring) => ring.slice(1).map((b, i) => [ring[i]!, b] as const)),
  );
  // A corner on the outline's line (a township cell's corner is) may fall either way: within the tolerance it is in.
  const near = (p: [number, number]) => edges.some(([a, b]) => segmentDistanceM(p, a, b) <= toleranceM);
  return polygons.every((rings) => (rings[0] ?? []).every((p) => pointInZone(p[0], p[1], outline) || near(p)));
}

/** Metres from a point to a segment ([lng, lat]; a local flat projection, fine at a county's scale). */
function segmentDistanceM(p: [number, number], a: [number, number], b: [number, number]): number {
  const kx = Math.cos((p[1] * Math.PI) / 180) * 111_320;
  const ky = 110_574;
  const [ax, ay, bx, by] = [(a[0] - p[0]) * kx, (a[1] - p[1]) * ky, (b[0] - p[0]) * kx, (b[1] - p[1]) * ky];
  const [dx, dy] = [bx - ax, by - ay];
  const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

/** China's bounding box (WGS-84/GCJ-02 alike): a position outside it is a bad fix. */
export const CHINA_BOUNDS = { minLat: 3.8, maxLat: 53.6, minLng: 73.5, maxLng: 135.1 } as const;
export function inChina(lat: number, lng: number): boolean {
  return (
    lat >= CHINA_BOUNDS.minLat && lat <= CHINA_BOUNDS.maxLat && lng >= CHINA_BOUNDS.minLng && lng <= CHINA_BOUNDS.maxLng
  );
}

/** A road vehicle cannot move faster than this between two fixes (nor report it), km/h. */
export const MAX_PLAUSIBLE_SPEED_KMH = 200;
/** A fix may be ahead of the server's clock by at most this (terminal clocks drift), ms. */
export const POSITION_CLOCK_SKEW_MS = 60_000;

/** Great-circle distance, metres. */
export function distanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const R = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

export type Fix = { at: Date; lat: number; lng: number; speedKmh: number };
export type PositionProblem = 'outside_china' | 'impossible_speed' | 'future_time';

/**
 * Why a vehicle's fixes may not be stored: a fix outside China, ahead of the clock, reporting or
 * implying (from the previous fix, the last stored one or the one before in the batch) a speed no road
 * vehicle reaches. Fixes are judged in time order; `index` is the fix's place in `fixes`.
 */
export function positionProblems(
  fixes: readonly Fix[],
  previous: Fix | null,
  now: Date,
): { index: number; problem: PositionProblem }[] {
  const out: { index: number; problem: PositionProblem }[] = [];
  // Places in time order (a terminal sends in time order: then no sort).
  let order: number[] | null = null;
  if (!inTimeOrder(fixes))
    order = Array.from(fixes, (_, i) => i).sort((a, b) => fixes[a]!.at.getTime() - fixes[b]!.at.getTime());
  const latest = now.getTime() + POSITION_CLOCK_SKEW_MS;
  let last = previous;
  for (let k = 0; k < fixes.length; k++) {
    const index = order ? order[k]! : k;
    const f = fixes[index]!;
    if (!inChina(f.lat, f.lng)) out.push({ index, problem: 'outside_china' });
    else if (f.at.getTime() > latest) out.push({ index, problem: 'future_time' });
    else if (f.speedKmh > MAX_PLAUSIBLE_SPEED_KMH || impliedSpeedKmh(last, f) > MAX_PLAUSIBLE_SPEED_KMH)
      out.push({ index, problem: 'impossible_speed' });
    else last = f;
  }
  return out.sort((a, b) => a.index - b.index);
}

function impliedSpeedKmh(a: Fix | null, b: Fix): number {
  if (!a) return 0;
  const seconds = Math.abs(b.at.getTime() - a.at.getTime()) / 1000;
  const m = distanceM(a, b);
  if (seconds === 0) return m > 50 ? Number.POSITIVE_INFINITY : 0;
  // Short gaps: allow GPS scatter of 50 m before judging.
  return (Math.max(0, m - 50) / seconds) * 3.6;
}

// ---- Flags of a track ----

export const flagKinds = ['left_zone', 'speeding', 'fatigue'] as const;
export type FlagKind = (typeof flagKinds)[number];
export const flagKindLabels: Record<FlagKind, { zh: string; en: string }> = {
  left_zone: { zh: '驶出固定配送范围', en: 'Left the delivery zones' },
  speeding: { zh: '超速行驶', en: 'Speeding' },
  fatigue: { zh: '疲劳驾驶（连续驾驶超4小时未休息20分钟）', en: 'Fatigue driving (over 4 h without a 20-min rest)' },
};

export type TrackLimits = { speedLimitKmh: number; fatigueDrivingHours: number; fatigueRestMinutes: number };
export type TrackFlag = { kind: FlagKind; startedAt: Date; endedAt: Date; maxSpeedKmh: number | null };

/** A vehicle is moving at this speed or more, km/h; slower (or the same place) counts as standing. */
export const MOVING_SPEED_KMH = 5;

/**
 * Where a track's flag computation stands after its last fix: the stretches still open and the
 * driving-time counters. Stored per vehicle and day, so a batch of new fixes continues from it
 * instead of reading the whole day again; plain JSON (times in ms).
 */
export type TrackState = {
  lastAt: number | null;
  open: Partial<Record<'left_zone' | 'speeding', { startedAt: number; endedAt: number; maxSpeedKmh: number }>>;
  driveStart: number | null;
  lastMoving: number | null;
  standingSince: number | null;
  fatigue: { startedAt: number; endedAt: number } | null;
};

export const emptyTrackState = (): TrackState => ({
  lastAt: null,
  open: {},
  driveStart: null,
  lastMoving: null,
  standingSince: null,
  fatigue: null,
});

/**
 * Continues a track's flags with fixes that all come after `state.lastAt`: returns the flags opened,
 * extended or still open (each keyed by kind and start, so storing them again updates the same
 * flag) and the state after the last fix. `trackFlags` is this from the empty state.
 */
export function continueTrackFlags(
  state: TrackState,
  fixes: readonly Fix[],
  zones: readonly ZoneGeometry[],
  limits: TrackLimits,
): { flags: TrackFlag[]; state: TrackState } {
  const flags: TrackFlag[] = [];
  const sorted = inTimeOrder(fixes) ? fixes : [...fixes].sort((a, b) => a.at.getTime() - b.at.getTime());
  const next: TrackState = structuredClone(state);
  // Read once: the server passes its rules' live view, where each read looks up the version in force.
  const { speedLimitKmh, fatigueRestMinutes, fatigueDrivingHours } = limits;
  const stretch = (kind: 'left_zone' | 'speeding', test: (f: Fix) => boolean) => {
    const resumed = next.open[kind];
    let open: TrackFlag | null = resumed
      ? {
          kind,
          startedAt: new Date(resumed.startedAt),
          endedAt: new Date(resumed.endedAt),
          maxSpeedKmh: resumed.maxSpeedKmh,
        }
      : null;
    for (const f of sorted) {
      if (test(f)) {
        if (open) {
          open.endedAt = f.at;
          open.maxSpeedKmh = Math.max(open.maxSpeedKmh ?? 0, f.speedKmh);
        } else open = { kind, startedAt: f.at, endedAt: f.at, maxSpeedKmh: f.speedKmh };
      } else if (open) {
        flags.push(open);
        open = null;
      }
    }
    if (open) flags.push(open);
    next.open[kind] = open
      ? { startedAt: open.startedAt.getTime(), endedAt: open.endedAt.getTime(), maxSpeedKmh: open.maxSpeedKmh ?? 0 }
      : undefined;
    if (!open) delete next.open[kind];
  };
  if (zones.length > 0) stretch('left_zone', (f) => !inAnyZone(f.lng, f.lat, zones));
  stretch('speeding', (f) => f.speedKmh > speedLimitKmh);

  // Fatigue: driving time accumulates while moving; a standstill of restMinutes or more resets it.
  const restMs = fatigueRestMinutes * 60_000;
  const limitMs = fatigueDrivingHours * 3_600_000;
  let flagged: TrackFlag | null = next.fatigue
    ? {
        kind: 'fatigue',
        startedAt: new Date(next.fatigue.startedAt),
        endedAt: new Date(next.fatigue.endedAt),
        maxSpeedKmh: null,
      }
    : null;
  let flaggedListed = false;
  for (const f of sorted) {
    const at = f.at.getTime();
    const moving = f.speedKmh >= MOVING_SPEED_KMH;
    if (moving) {
      // A standstill, or no fix at all (the terminal switched off), of the rest's length ends the stretch.
      const restedSince = next.standingSince ?? next.lastMoving;
      if (restedSince !== null && at - restedSince >= restMs) {
        next.driveStart = null;
        flagged = null;
        flaggedListed = false;
      }
      next.standingSince = null;
      next.driveStart ??= at;
      next.lastMoving = at;
      if (at - next.driveStart > limitMs) {
        if (flagged) flagged.endedAt = f.at;
        else flagged = { kind: 'fatigue', startedAt: new Date(next.driveStart), endedAt: f.at, maxSpeedKmh: null };
        if (!flaggedListed) {
          flags.push(flagged);
          flaggedListed = true;
        }
      }
    } else {
      next.standingSince ??= next.lastMoving ?? at;
    }
  }
  next.fatigue = flagged ? { startedAt: flagged.startedAt.getTime(), endedAt: flagged.endedAt.getTime() } : null;
  const last = sorted[sorted.length - 1];
  if (last) next.lastAt = last.at.getTime();
  return { flags, state: next };
}

/** Whether fixes are already in time order (a terminal's batch is): no copy to sort. */
function inTimeOrder(fixes: readonly Fix[]): boolean {
  for (let i = 1; i < fixes.length; i++) if (fixes[i]!.at.getTime() < fixes[i - 1]!.at.getTime()) return false;
  return true;
}

/**
 * The flags of one vehicle's fixes (in time order): each stretch outside every zone (when the operator
 * has zones), each stretch above the speed limit, and each stretch of driving longer than the fatigue
 * limit without a rest of the given minutes (道路交通安全法实施条例 art. 62(7)). A flag is keyed by its kind
 * and start, so computing the day again finds the same flags.
 */
export function trackFlags(fixes: readonly Fix[], zones: readonly ZoneGeometry[], limits: TrackLimits): TrackFlag[] {
  return continueTrackFlags(emptyTrackState(), fixes, zones, limits).flags;
}
