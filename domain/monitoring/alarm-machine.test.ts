import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ConditionRule, type Level, initialConditionState, run, step } from './alarm-machine.ts';
import { defaultKindRules, effectiveRules, valuePossible } from './rules.ts';

const manhole = defaultKindRules('manhole_methane').conditions[0]!;
const low = defaultKindRules('pipeline_pressure', 'low').conditions.find((c) => c.alarmKind === 'pressure_low')!;

/** Readings with strictly increasing times (gaps of 1–40 s) and %LEL values. */
const series = (values: fc.Arbitrary<number>) =>
  fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), values), { minLength: 1, maxLength: 80 }).map((xs) => {
    let t = Date.parse('2026-12-01T00:00:00Z');
    return xs.map(([gap, value]) => {
      t += gap * 1000;
      return { at: t, value };
    });
  });
const lel = fc.double({ min: 0, max: 100, noNaN: true });
const rank = (l: Level) => (l === 'alarm' ? 2 : l === 'warning' ? 1 : 0);

describe('alarm state machine (graded levels, hysteresis, minimum duration)', () => {
  it('raises a manhole warning at 10 %LEL and an alarm at 25 %LEL only after the minimum duration', () => {
    const t0 = Date.parse('2026-12-01T00:00:00Z');
    const at = (s: number, value: number) => ({ at: t0 + s * 1000, value });
    const { transitions, state } = run(manhole, initialConditionState(), [
      at(0, 12),
      at(10, 12),
      at(29, 12), // 29 s: not yet
      at(30, 12), // 30 s held: warning
      at(40, 30),
      at(60, 30),
      at(70, 30), // 30 s at ≥ 25: alarm
    ]);
    expect(transitions.map((t) => [t.from, t.to, (t.at - t0) / 1000])).toEqual([
      [null, 'warning', 30],
      ['warning', 'alarm', 70],
    ]);
    expect(state.level).toBe('alarm');
  });

  it('a short spike raises nothing', () => {
    const t0 = 0;
    const out = run(manhole, initialConditionState(), [
      { at: t0, value: 60 },
      { at: t0 + 20_000, value: 60 },
      { at: t0 + 25_000, value: 2 },
      { at: t0 + 90_000, value: 2 },
    ]);
    expect(out.transitions).toEqual([]);
  });

  it('judges by the readings’ own times: the same readings in any order give the same result', () => {
    fc.assert(
      fc.property(series(lel), fc.integer({ min: 0, max: 1000 }), (readings, seed) => {
        const shuffled = [...readings].sort((a, b) => ((a.at * 7919 + seed) % 101) - ((b.at * 7919 + seed) % 101));
        expect(run(manhole, initialConditionState(), shuffled)).toEqual(
          run(manhole, initialConditionState(), readings),
        );
      }),
    );
  });

  it('fed in batches, gives exactly what one pass gives (state carries across batches)', () => {
    fc.assert(
      fc.property(series(lel), fc.array(fc.integer({ min: 1, max: 20 }), { maxLength: 10 }), (readings, cuts) => {
        const whole = run(manhole, initialConditionState(), readings);
        let state = initialConditionState();
        const transitions = [];
        let i = 0;
        for (const size of [...cuts, readings.length]) {
          const out = run(manhole, state, readings.slice(i, i + size));
          state = out.state;
          transitions.push(...out.transitions);
          i += size;
          if (i >= readings.length) break;
        }
        expect({ state, transitions }).toEqual(whole);
      }),
    );
  });

  it('every raise was met on each reading for at least the minimum duration', () => {
    fc.assert(
      fc.property(series(lel), (readings) => {
        const { transitions } = run(manhole, initialConditionState(), readings);
        for (const tr of transitions.filter((x) => rank(x.to) > rank(x.from))) {
          const limit = tr.to === 'alarm' ? manhole.alarm!.raise : manhole.warning!.raise;
          // The run of readings ending at the transition, all at or above the raise level, lasted raiseSeconds.
          const upTo = readings.filter((r) => r.at <= tr.at);
          let start = upTo.length - 1;
          while (start > 0 && upTo[start - 1]!.value >= limit) start--;
          expect(upTo.slice(start).every((r) => r.value >= limit)).toBe(true);
          expect(tr.at - upTo[start]!.at).toBeGreaterThanOrEqual(manhole.raiseSeconds * 1000);
        }
      }),
    );
  });

  it('hysteresis: values between the clear and the raise level never change the level', () => {
    fc.assert(
      fc.property(series(fc.double({ min: 8.001, max: 9.999, noNaN: true })), (band) => {
        // Raised to warning first, then only values inside the warning band.
        const start = band[0]!.at - 100_000;
        const raised = run(manhole, initialConditionState(), [
          { at: start, value: 15 },
          { at: start + 40_000, value: 15 },
        ]);
        expect(raised.state.level).toBe('warning');
        expect(run(manhole, raised.state, band).transitions).toEqual([]);
        // And from none, the same values raise nothing.
        expect(run(manhole, initialConditionState(), band).transitions).toEqual([]);
      }),
    );
  });

  it('clears only after the value stays at or below the clear level for the clear duration', () => {
    const s = run(manhole, initialConditionState(), [
      { at: 0, value: 30 },
      { at: 30_000, value: 30 },
    ]).state;
    expect(s.level).toBe('alarm');
    const down = run(manhole, s, [
      { at: 40_000, value: 1 },
      { at: 90_000, value: 1 }, // 50 s below: not yet
      { at: 95_000, value: 22 }, // back above alarm.clear: the clearing starts again
      { at: 100_000, value: 1 },
      { at: 160_000, value: 1 },
    ]);
    expect(down.transitions.map((t) => [t.from, t.to, t.at])).toEqual([['alarm', null, 160_000]]);
  });

  it('a low-pressure condition is raised below its level and cleared above its clear level', () => {
    const out = run(low, initialConditionState(), [
      { at: 0, value: 0.4 },
      { at: 30_000, value: 0.4 },
      { at: 60_000, value: 3 },
      { at: 120_000, value: 3 },
    ]);
    expect(out.transitions.map((t) => [t.from, t.to])).toEqual([
      [null, 'alarm'],
      ['alarm', null],
    ]);
  });

  it('ignores a reading not after the last one fed', () => {
    const a = step(manhole, initialConditionState(), { at: 1000, value: 50 }).state;
    expect(step(manhole, a, { at: 1000, value: 0 }).state).toBe(a);
    expect(step(manhole, a, { at: 500, value: 0 }).state).toBe(a);
  });

  it('every level the machine holds is one the latest value allows with hysteresis, once durations are zero', () => {
    const instant: ConditionRule = { ...manhole, raiseSeconds: 0, clearSeconds: 0 };
    fc.assert(
      fc.property(series(lel), (readings) => {
        const { state } = run(instant, initialConditionState(), readings);
        const v = readings.at(-1)!.value;
        if (v >= 25) expect(state.level).toBe('alarm');
        else if (v >= 10) expect(rank(state.level)).toBeGreaterThanOrEqual(1);
        if (v <= 8) expect(state.level).toBeNull();
        if (v <= 20) expect(state.level).not.toBe('alarm');
      }),
    );
  });

  it('kitchen detectors: 25 / 50 %LEL per GB/T 50493-2019; overrides replace a kind’s numbers', () => {
    const k = defaultKindRules('kitchen_gas').conditions[0]!;
    expect([k.warning?.raise, k.alarm?.raise]).toEqual([25, 50]);
    const o = effectiveRules('kitchen_gas', null, [{ alarmKind: 'gas', alarm: { raise: 40, clear: 35 } }]);
    expect(o.conditions[0]!.alarm).toEqual({ raise: 40, clear: 35 });
    expect(o.conditions[0]!.warning).toEqual({ raise: 25, clear: 20 });
    expect(
      effectiveRules('flow', null, [{ alarmKind: 'flow_high', alarm: { raise: 9, clear: 8 } }]).conditions,
    ).toHaveLength(1);
  });

  it('refuses impossible values', () => {
    expect(valuePossible('kitchen_gas', 101)).toBe(false);
    expect(valuePossible('kitchen_gas', -1)).toBe(false);
    expect(valuePossible('pipeline_pressure', -200)).toBe(false);
    expect(valuePossible('valve_state', 0.5)).toBe(false);
    expect(valuePossible('valve_state', 1)).toBe(true);
  });
});
