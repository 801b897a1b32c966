/**
 * The alarm state machine of one condition of one sensor (plan 四(三)1: 及时预警), pure.
 *
 *            v ≥ warning.raise for raiseSeconds          v ≥ alarm.raise for raiseSeconds
 *   none ───────────────────────────────────▶ warning ─────────────────────────────────▶ alarm
 *        ◀─────────────────────────────────          ◀─────────────────────────────────
 *            v ≤ warning.clear for clearSeconds          v ≤ alarm.clear for clearSeconds
 *
 * (a `low` condition mirrors it: raised at or below `raise`, cleared at or above `clear`). A level may be
 * reached directly (none → alarm) and left directly (alarm → none). Hysteresis: between the clear and
 * the raise level nothing changes. Minimum duration: the condition must hold on every reading from
 * the first one that met it to one at least `raiseSeconds` later — times are the readings' own, so a
 * late or resent batch is judged as it happened, whatever the server's clock. Readings must be fed in
 * time order; a reading not after the last one fed is ignored (`stale`).
 */

export const alarmLevels = ['warning', 'alarm'] as const;
export type AlarmLevel = (typeof alarmLevels)[number];
export type Level = AlarmLevel | null;

export type Threshold = { raise: number; clear: number };

export type ConditionRule = {
  direction: 'high' | 'low';
  warning?: Threshold | null;
  alarm?: Threshold | null;
  raiseSeconds: number;
  clearSeconds: number;
};

export type ConditionState = {
  level: Level;
  /** Since when (ms) the reading has met each level above the current one, without a break. */
  upSince: { warning: number | null; alarm: number | null };
  /** Since when (ms) the reading has been below the current level (by its clear value), without a break. */
  downSince: number | null;
  /** The last reading's time fed (ms), or null. */
  lastAt: number | null;
};

export type Transition = { from: Level; to: Level; at: number; value: number };

export const initialConditionState = (): ConditionState => ({
  level: null,
  upSince: { warning: null, alarm: null },
  downSince: null,
  lastAt: null,
});

const rank = (l: Level) => (l === 'alarm' ? 2 : l === 'warning' ? 1 : 0);

const meets = (rule: ConditionRule, v: number, limit: number) => (rule.direction === 'high' ? v >= limit : v <= limit);
const beyondClear = (rule: ConditionRule, v: number, limit: number) =>
  rule.direction === 'high' ? v > limit : v < limit;

/**
 * The level the value calls for given the current level (hysteresis): a level is entered at its raise
 * value and kept until the value passes its clear value.
 */
export function wantedLevel(rule: ConditionRule, current: Level, v: number): Level {
  const { alarm, warning } = rule;
  if (alarm && (meets(rule, v, alarm.raise) || (current === 'alarm' && beyondClear(rule, v, alarm.clear))))
    return 'alarm';
  if (warning && (meets(rule, v, warning.raise) || (rank(current) >= 1 && beyondClear(rule, v, warning.clear))))
    return 'warning';
  // No warning level: an alarm being cleared falls to none.
  return null;
}

/** Feeds one reading; returns the new state and the transition it caused, if any. */
export function step(
  rule: ConditionRule,
  state: ConditionState,
  reading: { at: number; value: number },
): { state: ConditionState; transition: Transition | null } {
  const { at: t, value: v } = reading;
  if (state.lastAt !== null && t <= state.lastAt) return { state, transition: null };
  const want = wantedLevel(rule, state.level, v);
  const upSince = {
    warning: rank(want) >= 1 ? (state.upSince.warning ?? t) : null,
    alarm: rank(want) >= 2 ? (state.upSince.alarm ?? t) : null,
  };
  let downSince = rank(want) < rank(state.level) ? (state.downSince ?? t) : null;
  let level = state.level;
  const raiseMs = rule.raiseSeconds * 1000;
  const clearMs = rule.clearSeconds * 1000;
  if (upSince.alarm !== null && rank(level) < 2 && t - upSince.alarm >= raiseMs) level = 'alarm';
  else if (upSince.warning !== null && rank(level) < 1 && t - upSince.warning >= raiseMs) level = 'warning';
  else if (downSince !== null && t - downSince >= clearMs) level = want;
  if (level !== state.level && rank(level) < rank(state.level)) downSince = null;
  const next: ConditionState = { level, upSince, downSince, lastAt: t };
  return {
    state: next,
    transition: level !== state.level ? { from: state.level, to: level, at: t, value: v } : null,
  };
}

/** Feeds readings in time order (sorts a copy); the transitions in the order they happened. */
export function run(
  rule: ConditionRule,
  state: ConditionState,
  readings: readonly { at: number; value: number }[],
): { state: ConditionState; transitions: Transition[] } {
  const sorted = [...readings].sort((a, b) => a.at - b.at);
  const transitions: Transition[] = [];
  let s = state;
  for (const r of sorted) {
    const out = step(rule, s, r);
    s = out.state;
    if (out.transition) transitions.push(out.transition);
  }
  return { state: s, transitions };
}

/** Whether a state (from storage) has the expected shape; anything else starts afresh. */
export function parseConditionState(value: unknown): ConditionState {
  const v = value as Partial<ConditionState> | null;
  if (!v || typeof v !== 'object' || !v.upSince) return initialConditionState();
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
  const level = v.level === 'warning' || v.level === 'alarm' ? v.level : null;
  return {
    level,
    upSince: { warning: num(v.upSince.warning), alarm: num(v.upSince.alarm) },
    downSince: num(v.downSince),
    lastAt: num(v.lastAt),
  };
}
