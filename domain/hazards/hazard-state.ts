/**
 * The closed loop of a hazard (plan 五、工作安排(一)3-4: 明确整治责任人、完成时限，限期办结、动态清零):
 *
 *   open ──start_rectification──▶ rectifying ──submit──▶ submitted ──verify──▶ closed
 *     │                              ▲                       │
 *     └────────────submit────────────┼───────────────────────┘ (open → submitted: 立行立改)
 *                                    └──────send_back────────┘
 *
 * - `submit` carries evidence (a note and/or photo ids). It is allowed from `open` as well, for a
 *   hazard fixed on the spot (立行立改); the inspector still verifies it.
 * - `verify` is the close-out (复核销号), by an inspector on site or from the evidence; it is the
 *   only way into `closed`, and only from `submitted`.
 * - `send_back` needs a reason and returns the hazard to `rectifying`.
 * - `add_interim_control` (管控措施, 五(一)4) records a measure while the hazard is open or being
 *   rectified; it leaves the state unchanged.
 * - There is no reopen: `closed` is final, so close-out dates and closure rates stay true. A
 *   defect found again later is a new hazard, linked to the old one as a rebound (follow-up.ts).
 *
 * Who may send which event (the responsible party submits, an inspector verifies) is the server's
 * access rule, not this machine's.
 */
export const hazardStates = ['open', 'rectifying', 'submitted', 'closed'] as const;
export type HazardState = (typeof hazardStates)[number];
export const hazardStateLabels: Record<HazardState, { zh: string; en: string }> = {
  open: { zh: '待整改', en: 'Open' },
  rectifying: { zh: '整改中', en: 'Rectifying' },
  submitted: { zh: '待复核', en: 'Submitted for verification' },
  closed: { zh: '已销号', en: 'Closed' },
};

export const hazardEventTypes = [
  'start_rectification',
  'submit',
  'verify',
  'send_back',
  'add_interim_control',
] as const;
export type HazardEventType = (typeof hazardEventTypes)[number];

export const verificationMethods = ['on_site', 'evidence'] as const;
export type VerificationMethod = (typeof verificationMethods)[number];

export type HazardEvent =
  | { type: 'start_rectification' }
  | { type: 'submit'; evidence: { note?: string | null; photoIds?: readonly string[] | null } }
  | { type: 'verify'; method: VerificationMethod }
  | { type: 'send_back'; reason: string }
  | { type: 'add_interim_control'; measure: string };

const transitions: Record<HazardState, Partial<Record<HazardEventType, HazardState>>> = {
  open: { start_rectification: 'rectifying', submit: 'submitted', add_interim_control: 'open' },
  rectifying: { submit: 'submitted', add_interim_control: 'rectifying' },
  submitted: { verify: 'closed', send_back: 'rectifying' },
  closed: {},
};

/** Why an event is refused: the state does not allow it, or its payload is missing something. */
export type HazardEventRefusal =
  | 'not_allowed_in_state'
  | 'evidence_required'
  | 'reason_required'
  | 'measure_required'
  | 'method_required';

export type HazardEventCheck = { ok: true; state: HazardState } | { ok: false; refusal: HazardEventRefusal };

const blank = (s: string | null | undefined) => !s || s.trim() === '';

/** The state after the event, or why the event is refused. */
export function checkHazardEvent(state: HazardState, event: HazardEvent): HazardEventCheck {
  const next = transitions[state][event.type];
  if (next === undefined) return { ok: false, refusal: 'not_allowed_in_state' };
  if (event.type === 'submit') {
    const { note, photoIds } = event.evidence;
    const photos = (photoIds ?? []).filter((id) => !blank(id));
    if (blank(note) && photos.length === 0) return { ok: false, refusal: 'evidence_required' };
  }
  if (event.type === 'send_back' && blank(event.reason)) return { ok: false, refusal: 'reason_required' };
  if (event.type === 'add_interim_control' && blank(event.measure)) return { ok: false, refusal: 'measure_required' };
  if (event.type === 'verify' && !(verificationMethods as readonly string[]).includes(event.method)) {
    return { ok: false, refusal: 'method_required' };
  }
  return { ok: true, state: next };
}

/** The state after the event, or null when the event is refused. */
export function nextHazardState(state: HazardState, event: HazardEvent): HazardState | null {
  const check = checkHazardEvent(state, event);
  return check.ok ? check.state : null;
}

/** The events a hazard in this state accepts (given a complete payload). */
export function allowedEvents(state: HazardState): HazardEventType[] {
  return hazardEventTypes.filter((type) => transitions[state][type] !== undefined);
}

/** Open count (动态清零): every state but closed. */
export function isOpenState(state: HazardState): boolean {
  return state !== 'closed';
}
