import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedEvents,
  checkHazardEvent,
  type HazardEvent,
  type HazardState,
  hazardStates,
  nextHazardState,
} from './hazard-state.ts';

const start: HazardEvent = { type: 'start_rectification' };
const submit: HazardEvent = { type: 'submit', evidence: { note: '已移出地下室', photoIds: ['p1'] } };
const verify: HazardEvent = { type: 'verify', method: 'on_site' };
const sendBack: HazardEvent = { type: 'send_back', reason: '照片不清晰' };
const control: HazardEvent = { type: 'add_interim_control', measure: '关闭总阀，停止使用' };
const events = [start, submit, verify, sendBack, control];

/** Every (state, event) pair and its expected outcome: the whole machine in one table. */
const table: Record<HazardState, Record<HazardEvent['type'], HazardState | null>> = {
  open: {
    start_rectification: 'rectifying',
    submit: 'submitted',
    verify: null,
    send_back: null,
    add_interim_control: 'open',
  },
  rectifying: {
    start_rectification: null,
    submit: 'submitted',
    verify: null,
    send_back: null,
    add_interim_control: 'rectifying',
  },
  submitted: {
    start_rectification: null,
    submit: null,
    verify: 'closed',
    send_back: 'rectifying',
    add_interim_control: null,
  },
  closed: { start_rectification: null, submit: null, verify: null, send_back: null, add_interim_control: null },
};

describe('nextHazardState', () => {
  for (const state of hazardStates) {
    for (const event of events) {
      const expected = table[state][event.type];
      it(`${state} + ${event.type} → ${expected ?? 'refused'}`, () => {
        expect(nextHazardState(state, event)).toBe(expected);
        if (expected === null) {
          expect(checkHazardEvent(state, event)).toEqual({ ok: false, refusal: 'not_allowed_in_state' });
        }
      });
    }
  }

  it('refuses a submission without evidence', () => {
    for (const evidence of [{}, { note: '  ' }, { photoIds: [] }, { note: null, photoIds: [''] }]) {
      expect(checkHazardEvent('rectifying', { type: 'submit', evidence })).toEqual({
        ok: false,
        refusal: 'evidence_required',
      });
    }
  });

  it('accepts a note alone or photos alone as evidence', () => {
    expect(nextHazardState('rectifying', { type: 'submit', evidence: { note: '已更换软管' } })).toBe('submitted');
    expect(nextHazardState('rectifying', { type: 'submit', evidence: { photoIds: ['p1'] } })).toBe('submitted');
  });

  it('refuses sending back without a reason', () => {
    expect(checkHazardEvent('submitted', { type: 'send_back', reason: ' ' })).toEqual({
      ok: false,
      refusal: 'reason_required',
    });
  });

  it('refuses an empty interim control measure', () => {
    expect(checkHazardEvent('open', { type: 'add_interim_control', measure: '' })).toEqual({
      ok: false,
      refusal: 'measure_required',
    });
  });

  it('verifies on site or from evidence only', () => {
    expect(nextHazardState('submitted', { type: 'verify', method: 'evidence' })).toBe('closed');
    expect(checkHazardEvent('submitted', { type: 'verify', method: 'phone' as 'on_site' })).toEqual({
      ok: false,
      refusal: 'method_required',
    });
  });

  it('reports the state refusal before a payload problem', () => {
    expect(checkHazardEvent('closed', { type: 'submit', evidence: {} })).toEqual({
      ok: false,
      refusal: 'not_allowed_in_state',
    });
  });
});

describe('allowedEvents', () => {
  it('lists exactly the events the table accepts', () => {
    for (const state of hazardStates) {
      const accepted = events.filter((e) => table[state][e.type] !== null).map((e) => e.type);
      expect(allowedEvents(state)).toEqual(accepted);
    }
  });

  it('leaves a closed hazard with nothing to do (no reopen)', () => {
    expect(allowedEvents('closed')).toEqual([]);
  });
});

describe('the closed loop', () => {
  const anyEvent = fc.constantFrom(
    ...events,
    { type: 'submit', evidence: {} } as HazardEvent,
    { type: 'send_back', reason: '' } as HazardEvent,
  );

  it('never reaches closed without passing through submitted, and stays closed', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 30 }), (sequence) => {
        let state: HazardState = 'open';
        let previous: HazardState | null = null;
        for (const event of sequence) {
          const next = nextHazardState(state, event);
          if (next === null) continue;
          if (next === 'closed' && state !== 'closed') expect(state).toBe('submitted');
          if (state === 'closed') expect(next).toBe('closed');
          previous = state;
          state = next;
        }
        if (state === 'closed') expect(previous).toBe('submitted');
      }),
    );
  });

  it('keeps the state when an interim control measure is added', () => {
    fc.assert(
      fc.property(fc.constantFrom<HazardState>('open', 'rectifying'), fc.string({ minLength: 1 }), (state, text) => {
        const next = nextHazardState(state, { type: 'add_interim_control', measure: `措施${text}` });
        expect(next).toBe(state);
      }),
    );
  });
});
