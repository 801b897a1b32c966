import { addDays, chinaToday } from '../domain/registry/pipelines-people-vehicles.ts';
import { type TestContext, login } from './app.ts';
import { TOWNSHIPS, buildUser } from './factories.ts';
import { buildPerson, recordAll } from './ledger-factories.ts';
import { buildVenue } from './registry-factories.ts';

/** A request sender with a signed-in session (test/app.ts `login`). */
export type Send = Awaited<ReturnType<typeof login>>;

/** A township inspector account linked to a person of the register. */
export type InspectorAccount = {
  user: Awaited<ReturnType<typeof buildUser>>;
  person: Awaited<ReturnType<typeof buildPerson>>;
  send: Send;
};

type VenueOverrides = Parameters<typeof buildVenue>[1];
type Ticks = Parameters<typeof recordAll>[2];

/**
 * The steps the inspection tests are written in (plan, record, sign over HTTP), over a test app
 * that a file creates in `beforeAll`: pass a getter for it.
 */
export function inspectionScenarios(context: () => TestContext) {
  const db = () => context().database.db;

  /** A township inspector account linked to a trained (or untrained, or expired) person of the register. */
  async function inspectorAccount(
    regionCode: string = TOWNSHIPS.galutu,
    trained: boolean | 'expired' = true,
  ): Promise<InspectorAccount> {
    const user = await buildUser(db(), 'inspector', { region: regionCode });
    const person = await buildPerson(db(), { regionCode, userId: user.id, trained });
    return { user, person, send: await login(context().app, user.username, user.password) };
  }

  async function officer(role: 'department_officer', department: string): Promise<Send>;
  async function officer(role: 'township_officer', regionCode: string): Promise<Send>;
  async function officer(role: 'department_officer' | 'township_officer', scope: string): Promise<Send> {
    const u =
      role === 'department_officer'
        ? await buildUser(db(), role, { department: scope })
        : await buildUser(db(), role, { region: scope });
    return login(context().app, u.username, u.password);
  }

  /** A restaurant on piped gas with a detector, a valve and a contract: every registered fact passes. */
  async function goodVenue(overrides: VenueOverrides = {}) {
    return buildVenue(db(), {
      detectorInstalled: true,
      detectorInstalledOn: addDays(chinaToday(), -100),
      shutoffValveInstalled: true,
      shutoffValveInstalledOn: addDays(chinaToday(), -100),
      contractNumber: 'HT-001',
      contractTo: addDays(chinaToday(), 300),
      ...overrides,
    });
  }

  /** POST /api/v1/inspections. */
  function plan(send: Send, body: Record<string, unknown>) {
    return send({ method: 'POST', url: '/api/v1/inspections', payload: body });
  }

  /** GET /api/v1/inspections/:id, the detail (asserting 200). */
  async function detailOf(send: Send, id: string) {
    const res = await send({ method: 'GET', url: `/api/v1/inspections/${id}` });
    if (res.statusCode !== 200) throw new Error(`detail failed: ${res.statusCode} ${res.body}`);
    return res.json();
  }

  /** GET /api/v1/inspections/overlaps for a venue (the raw answer). */
  function overlapsOf(send: Send, venue: { id: string }) {
    return send({ method: 'GET', url: `/api/v1/inspections/overlaps?objectType=venue&objectId=${venue.id}` });
  }

  /** POST /api/v1/inspections of a department inspection of the venue by these people (the raw answer). */
  function planVenue(send: Send, venue: { id: string }, inspectorIds: string[], body: Record<string, unknown> = {}) {
    return plan(send, { kind: 'department', object: { type: 'venue', id: venue.id }, inspectorIds, ...body });
  }

  /** A department inspection of the venue by the inspectors, planned by `planner`; the planned detail. */
  async function planVisit(
    planner: Send,
    venue: { id: string },
    inspectors: Pick<InspectorAccount, 'person'>[],
    body: Record<string, unknown> = {},
  ) {
    const res = await planVenue(
      planner,
      venue,
      inspectors.map((i) => i.person.id),
      body,
    );
    if (res.statusCode !== 201) throw new Error(`planning failed: ${res.statusCode} ${res.body}`);
    return res.json();
  }

  /**
   * The usual start of a scenario: a housing-department officer plans a visit of a good venue (or
   * one with `venue` overrides) for one new inspector account.
   */
  async function plannedVisit(venueOverrides: VenueOverrides = {}) {
    const planner = await officer('department_officer', 'housing');
    const venue = await goodVenue(venueOverrides);
    const inspector = await inspectorAccount();
    const inspection = await planVisit(planner, venue, [inspector]);
    return { planner, venue, inspector, inspection };
  }

  /** PUT /api/v1/inspections/:id/results with the body as given (the raw answer). */
  function putResults(send: Send, id: string, body: Record<string, unknown>) {
    return send({ method: 'PUT', url: `/api/v1/inspections/${id}/results`, payload: body });
  }

  /** POST /api/v1/inspections/submissions (an offline submission; the raw answer). */
  function submit(send: Send, payload: Record<string, unknown>) {
    return send({ method: 'POST', url: '/api/v1/inspections/submissions', payload });
  }

  /** POST …/corrections: a new record correcting a signed one (the raw answer). */
  function correct(send: Send, id: string, reason: string) {
    return send({ method: 'POST', url: `/api/v1/inspections/${id}/corrections`, payload: { reason } });
  }

  /** POST …/sign with the inspector's own password (or the one given). */
  function sign(inspector: { send: Send; user: { password: string } }, id: string, password = inspector.user.password) {
    return inspector.send({ method: 'POST', url: `/api/v1/inspections/${id}/sign`, payload: { password } });
  }

  /** Plans a visit of the venue, records it complete (with the failures given) and signs it; the signed detail. */
  async function inspectAndSign(planner: Send, venue: { id: string }, inspector: InspectorAccount, record: Ticks = {}) {
    const planned = await planVisit(planner, venue, [inspector]);
    await recordAll(inspector.send, planned.id, record);
    return (await sign(inspector, planned.id)).json();
  }

  return {
    db,
    inspectorAccount,
    officer,
    goodVenue,
    plan,
    detailOf,
    overlapsOf,
    planVenue,
    planVisit,
    plannedVisit,
    putResults,
    submit,
    correct,
    sign,
    inspectAndSign,
  };
}
