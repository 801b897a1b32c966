import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday, addDays, addYears } from '../../../domain/dates.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import {
  type Send,
  buildFiller,
  cylinderPayload,
  issueLineToken,
  registerCylinder,
  signIn,
} from '../../../test/cylinder-factories.ts';
import { buildUser, uniqueName } from '../../../test/factories.ts';
import { buildEnterprise, buildFillingOperator, buildScopedUser } from '../../../test/registry-factories.ts';
import {
  cylinderAnomaliesTable,
  cylinderBlacklistTable,
  cylinderEventsTable,
  cylinderFillsTable,
  cylindersTable,
} from './cylinders.table.ts';

const today = chinaToday();

describe('cylinders: the register and the filling gate (issue 11)', () => {
  let ctx: TestContext;
  let office: Send;
  let fillerA: Send;
  let fillerB: Send;
  let market: Send;
  let housing: Send;
  let a: { id: string; regionId: string };
  let stationA: string;
  let stationB: string;
  let stationC: string;
  let operatorA: string;
  let lineToken: { authorization: string };

  const code = () => uniqueName('RA').toUpperCase();

  /**
   * Registers a cylinder of A through the contract, with overrides. Inspection facts are the regulator's
   * to state (an owner may not declare them), so a payload with them goes through the office.
   */
  async function register(overrides: Record<string, unknown> = {}, send?: Send) {
    const payload = cylinderPayload(a.id, { code: code(), ...overrides });
    const declared = ['lastInspectedOn', 'lastInspectionPassed', 'nextInspectionDue'].some(
      (k) => payload[k as keyof typeof payload] !== undefined,
    );
    return registerCylinder(send ?? (declared ? office : fillerA), payload);
  }
  const check = (send: Send, cylinderCode: string, stationId = stationA) =>
    send({ method: 'POST', url: '/api/v1/filling/check', payload: { cylinderCode, stationId } });
  const reasonsOf = async (cylinderCode: string, stationId = stationA) => {
    const res = await check(office, cylinderCode, stationId);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { allowed: boolean; reasons: { code: string; message: string }[] };
    expect(body.allowed).toBe(body.reasons.length === 0);
    return body.reasons.map((r) => r.code);
  };

  beforeAll(async () => {
    ctx = await createTestApp({ logLevel: process.env.CYL_LOG ?? 'silent' });
    const db = ctx.database.db;
    const fillerOfA = await buildFiller(db);
    a = fillerOfA.enterprise;
    stationA = fillerOfA.station.id;
    operatorA = (await buildFillingOperator(db, a)).id;
    const b = await buildFiller(db);
    stationB = b.station.id;
    // C fills without a valid licence (expired last month).
    stationC = (await buildFiller(db, { validFrom: addYears(today, -4), validTo: addDays(today, -30) })).station.id;
    office = await signIn(ctx.app, await buildUser(db, 'office_admin', 'global'));
    fillerA = await signIn(ctx.app, await buildScopedUser(db, { enterpriseId: a.id }));
    fillerB = await signIn(ctx.app, await buildScopedUser(db, { enterpriseId: b.enterprise.id }));
    market = await signIn(ctx.app, await buildUser(db, 'department_officer', { department: 'market_regulation' }));
    housing = await signIn(ctx.app, await buildUser(db, 'department_officer', { department: 'housing' }));
    lineToken = await issueLineToken(office, stationA, '充装线1');
  });
  afterAll(() => ctx.close());

  describe('POST /api/v1/cylinders and GET /api/v1/cylinders/:code', () => {
    it('registers a cylinder with its code normalised and a common model name, and reads it back', async () => {
      const raw = ` ra-${randomUUID().slice(0, 8)} `;
      const created = await register({ code: raw, model: 'YSP-15' });
      expect(created.code).toBe(raw.trim().toUpperCase());
      const res = await fillerA({ method: 'GET', url: `/api/v1/cylinders/${encodeURIComponent(raw.trim())}` });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        model: 'YSP35.5',
        status: 'in_service',
        ownerEnterpriseId: a.id,
        inspectionOverdue: false,
      });
      const timeline = await office({ method: 'GET', url: `/api/v1/cylinders/${created.code}/events` });
      expect(timeline.json().items.map((e: { type: string }) => e.type)).toEqual(['registered']);
    });

    it('refuses a duplicate code (409), an unknown model and a bad code (400 with the field)', async () => {
      const { code: taken } = await register();
      const dup = await fillerA({
        method: 'POST',
        url: '/api/v1/cylinders',
        payload: {
          code: taken.toLowerCase(),
          ownerEnterpriseId: a.id,
          model: 'YSP12',
          manufacturer: 'x',
          serialNumber: 'y',
          manufacturedOn: '2020-01-01',
        },
      });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.code).toBe('cylinders.code_taken');
      const model = await fillerA({
        method: 'POST',
        url: '/api/v1/cylinders',
        payload: {
          code: code(),
          ownerEnterpriseId: a.id,
          model: 'YSP-99',
          manufacturer: 'x',
          serialNumber: 'y',
          manufacturedOn: '2020-01-01',
        },
      });
      expect(model.statusCode).toBe(400);
      expect(model.json().error).toMatchObject({ code: 'cylinders.model_invalid', details: { field: 'model' } });
      const bad = await fillerA({
        method: 'POST',
        url: '/api/v1/cylinders',
        payload: {
          code: '!!',
          ownerEnterpriseId: a.id,
          model: 'YSP12',
          manufacturer: 'x',
          serialNumber: 'y',
          manufacturedOn: '2020-01-01',
        },
      });
      expect(bad.json().error).toMatchObject({ code: 'cylinders.code_invalid', details: { field: 'code' } });
      const schema = await fillerA({ method: 'POST', url: '/api/v1/cylinders', payload: { code: code() } });
      expect(schema.statusCode).toBe(400);
      expect(schema.json().error.code).toBe('validation.failed');
    });

    it("refuses an owner's own word on inspection (403 with the field); the regulator states it, the agency records it", async () => {
      const base = {
        ownerEnterpriseId: a.id,
        model: 'YSP12',
        manufacturer: '测试气瓶厂',
        serialNumber: uniqueName('SN'),
        manufacturedOn: addYears(today, -2),
      };
      for (const [fact, value] of [
        ['lastInspectedOn', addYears(today, -1)],
        ['lastInspectionPassed', true],
        ['nextInspectionDue', addYears(today, 3)],
      ] as const) {
        const c = code();
        const res = await fillerA({
          method: 'POST',
          url: '/api/v1/cylinders',
          payload: { ...base, code: c, [fact]: value },
        });
        expect(res.statusCode, res.body).toBe(403);
        expect(res.json().error).toMatchObject({
          code: 'cylinders.inspection_not_declarable',
          details: { field: fact },
        });
        expect((await office({ method: 'GET', url: `/api/v1/cylinders/${c}` })).statusCode).toBe(404);
      }
      // A bad date is still 400 with its field (for the regulator); the owner registers without the facts.
      const bad = await office({
        method: 'POST',
        url: '/api/v1/cylinders',
        payload: { ...base, code: code(), lastInspectedOn: addDays(today, 5) },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error).toMatchObject({
        code: 'cylinders.dates_invalid',
        details: { field: 'lastInspectedOn' },
      });
      const own = await fillerA({ method: 'POST', url: '/api/v1/cylinders', payload: { ...base, code: code() } });
      expect(own.statusCode, own.body).toBe(201);
      // Without a record the next inspection falls due the interval after manufacture.
      expect(own.json()).toMatchObject({
        lastInspectedOn: null,
        lastInspectionPassed: null,
        nextInspectionDue: addYears(addYears(today, -2), 4),
      });
      const stated = await office({
        method: 'POST',
        url: '/api/v1/cylinders',
        payload: { ...base, code: code(), lastInspectedOn: addYears(today, -1), lastInspectionPassed: true },
      });
      expect(stated.statusCode, stated.body).toBe(201);
      expect(stated.json()).toMatchObject({ lastInspectedOn: addYears(today, -1), lastInspectionPassed: true });
    });

    it('lets an enterprise register only its own cylinders and read only its own (404 elsewhere)', async () => {
      const other = await fillerB({
        method: 'POST',
        url: '/api/v1/cylinders',
        payload: {
          code: code(),
          ownerEnterpriseId: a.id,
          model: 'YSP12',
          manufacturer: 'x',
          serialNumber: 'y',
          manufacturedOn: '2020-01-01',
        },
      });
      expect(other.statusCode).toBe(403);
      expect(other.json().error.code).toBe('cylinders.owner_outside_scope');
      const { code: mine } = await register();
      expect((await fillerB({ method: 'GET', url: `/api/v1/cylinders/${mine}` })).statusCode).toBe(404);
      expect((await market({ method: 'GET', url: `/api/v1/cylinders/${mine}` })).statusCode).toBe(200);
      // Housing answers for operators, not for fillers: the cylinder of a filler is outside its scope.
      expect((await housing({ method: 'GET', url: `/api/v1/cylinders/${mine}` })).statusCode).toBe(404);
      expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/cylinders/${mine}` })).statusCode).toBe(401);
      const list = await fillerB({ method: 'GET', url: '/api/v1/cylinders?pageSize=200' });
      expect(list.json().items.some((c: { code: string }) => c.code === mine)).toBe(false);
    });
  });

  describe('POST /api/v1/filling/check: every reason alone and combined', () => {
    it('allows an owned, in-date, sound cylinder at its licensed station', async () => {
      const { code: ok } = await register();
      expect(await reasonsOf(ok)).toEqual([]);
    });

    it('CYLINDER_UNKNOWN', async () => {
      expect(await reasonsOf('UNKNOWN-0000')).toEqual(['CYLINDER_UNKNOWN']);
    });
    it('NOT_OWNED', async () => {
      const { code: x } = await register();
      expect(await reasonsOf(x, stationB)).toEqual(['NOT_OWNED']);
    });
    it('INSPECTION_OVERDUE', async () => {
      const { code: x } = await register({ nextInspectionDue: addDays(today, -1) });
      expect(await reasonsOf(x)).toEqual(['INSPECTION_OVERDUE']);
    });
    it('SERVICE_LIFE_EXCEEDED (stamped life)', async () => {
      const { code: x } = await register({
        manufacturedOn: addYears(today, -9),
        designLifeYears: 8,
        lastInspectedOn: addYears(today, -1),
        nextInspectionDue: addYears(today, 1),
      });
      expect(await reasonsOf(x)).toEqual(['SERVICE_LIFE_EXCEEDED']);
    });
    it('FAILED_INSPECTION', async () => {
      const { code: x } = await register({ lastInspectionPassed: false, nextInspectionDue: addYears(today, 1) });
      expect(await reasonsOf(x)).toEqual(['FAILED_INSPECTION']);
    });
    it('REFURBISHED', async () => {
      const { code: x } = await register({ refurbished: true });
      expect(await reasonsOf(x)).toEqual(['REFURBISHED']);
    });
    it('SEIZED and SCRAPPED', async () => {
      const { code: s } = await register();
      await ctx.database.db.update(cylindersTable).set({ status: 'seized' }).where(eq(cylindersTable.code, s));
      expect(await reasonsOf(s)).toEqual(['SEIZED']);
      const { code: x } = await register();
      await ctx.database.db.update(cylindersTable).set({ status: 'scrapped' }).where(eq(cylindersTable.code, x));
      expect(await reasonsOf(x)).toEqual(['SCRAPPED']);
    });
    it('BLACKLISTED (maker and batch), and not once the entry is removed', async () => {
      const maker = uniqueName('黑名单厂');
      const { code: x } = await register({ manufacturer: maker, batch: 'B-7' });
      const { code: y } = await register({ manufacturer: maker, batch: 'B-8' });
      const [entry] = await ctx.database.db
        .insert(cylinderBlacklistTable)
        .values({ manufacturer: maker, batch: 'B-7', basis: '抽检不合格', listedOn: addDays(today, -1) })
        .returning();
      expect(await reasonsOf(x)).toEqual(['BLACKLISTED']);
      expect(await reasonsOf(y)).toEqual([]);
      await ctx.database.db
        .update(cylinderBlacklistTable)
        .set({ removedOn: today })
        .where(eq(cylinderBlacklistTable.id, entry!.id));
      expect(await reasonsOf(x)).toEqual([]);
    });
    it('STATION_NOT_LICENSED (expired filling licence), with an unknown code too', async () => {
      expect(await reasonsOf('UNKNOWN-0001', stationC)).toEqual(['CYLINDER_UNKNOWN', 'STATION_NOT_LICENSED']);
    });
    it('lists every failing rule at once', async () => {
      const { code: x } = await register({
        manufacturedOn: addYears(today, -20),
        lastInspectedOn: addYears(today, -6),
        lastInspectionPassed: false,
        refurbished: true,
      });
      await ctx.database.db.update(cylindersTable).set({ status: 'seized' }).where(eq(cylindersTable.code, x));
      expect(await reasonsOf(x, stationC)).toEqual([
        'NOT_OWNED',
        'INSPECTION_OVERDUE',
        'SERVICE_LIFE_EXCEEDED',
        'FAILED_INSPECTION',
        'REFURBISHED',
        'SEIZED',
        'STATION_NOT_LICENSED',
      ]);
    });

    it('answers 401, 403, 404 and 400 as the contract says', async () => {
      const { code: x } = await register();
      const anon = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/filling/check',
        payload: { cylinderCode: x, stationId: stationA },
      });
      expect(anon.statusCode).toBe(401);
      const venueManager = await buildUser(ctx.database.db, 'leader', 'global');
      const leader = await login(ctx.app, venueManager.username, venueManager.password);
      expect((await check(leader, x)).statusCode).toBe(403);
      // An enterprise checks at its own stations only; market regulation and the office at any.
      expect((await check(fillerA, x, stationB)).statusCode).toBe(404);
      expect((await check(market, x, stationB)).statusCode).toBe(200);
      expect((await check(office, x, randomUUID())).statusCode).toBe(404);
      const bad = await office({ method: 'POST', url: '/api/v1/filling/check', payload: { cylinderCode: x } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('validation.failed');
    });
  });

  describe('POST /api/v1/filling/records', () => {
    const record = (send: Send | ((o: object) => ReturnType<Send>), body: Record<string, unknown>) =>
      (send as Send)({ method: 'POST', url: '/api/v1/filling/records', payload: body });

    it('records an allowed fill once, flags a net weight out of tolerance, and refuses other content under the same id', async () => {
      const { code: x } = await register();
      const body = {
        eventId: randomUUID(),
        cylinderCode: x,
        stationId: stationA,
        operatorPersonId: operatorA,
        filledAt: new Date().toISOString(),
        netWeightKg: 14.6,
      };
      const first = await record(fillerA, body);
      expect(first.statusCode, first.body).toBe(201);
      expect(first.json()).toMatchObject({
        flagged: false,
        nominalKg: 14.5,
        toleranceKg: 0.5,
        operatorPersonId: operatorA,
      });
      // The fill record names the register's operator by id, not only by name.
      const [stored] = await ctx.database.db
        .select()
        .from(cylinderFillsTable)
        .where(eq(cylinderFillsTable.eventId, body.eventId));
      expect(stored).toMatchObject({ operatorPersonId: operatorA, operatorName: first.json().operatorName });
      const again = await record(fillerA, body);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(first.json());
      const other = await record(fillerA, { ...body, netWeightKg: 14.7 });
      expect(other.statusCode).toBe(409);
      expect(other.json().error.code).toBe('cylinders.event_conflict');
      const events = await ctx.database.db
        .select()
        .from(cylinderEventsTable)
        .where(eq(cylinderEventsTable.eventId, body.eventId));
      expect(events).toHaveLength(1);
      const heavy = await record(fillerA, { ...body, eventId: randomUUID(), netWeightKg: 15.2 });
      expect(heavy.statusCode).toBe(201);
      expect(heavy.json().flagged).toBe(true);
      const cylinder = await fillerA({ method: 'GET', url: `/api/v1/cylinders/${x}` });
      expect(cylinder.json().location).toMatchObject({ type: 'station', id: stationA });
    });

    it('stores a refused cylinder as a refusal event (409 with the reasons) that the office sees by station and reason', async () => {
      const { code: x } = await register({ refurbished: true });
      const body = {
        eventId: randomUUID(),
        cylinderCode: x,
        stationId: stationA,
        operatorPersonId: operatorA,
        filledAt: new Date().toISOString(),
        netWeightKg: 14.5,
      };
      const refused = await record(fillerA, body);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toMatchObject({
        code: 'cylinders.fill_refused',
        details: { reasons: [{ code: 'REFURBISHED' }] },
      });
      expect((await record(fillerA, body)).statusCode).toBe(409);
      const stored = await ctx.database.db
        .select()
        .from(cylinderEventsTable)
        .where(eq(cylinderEventsTable.eventId, body.eventId));
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ type: 'fill_refused', reasons: ['REFURBISHED'] });
      const view = await office({ method: 'GET', url: '/api/v1/filling/refusals' });
      expect(view.statusCode).toBe(200);
      const station = view.json().byStation.find((s: { stationId: string }) => s.stationId === stationA);
      expect(station.byReason).toContainEqual({ code: 'REFURBISHED', count: 1 });
      // B sees no refusal of A's station.
      const b = await fillerB({ method: 'GET', url: '/api/v1/filling/refusals' });
      expect(b.json().byStation.some((s: { stationId: string }) => s.stationId === stationA)).toBe(false);
    });

    it('refuses a fill by an operator without valid training or certificate (先培训、后上岗), writing nothing', async () => {
      const db = ctx.database.db;
      const { code: x } = await register();
      const body = (operatorPersonId: string) => ({
        eventId: randomUUID(),
        cylinderCode: x,
        stationId: stationA,
        operatorPersonId,
        filledAt: new Date().toISOString(),
        netWeightKg: 14.5,
      });
      const cases: [Parameters<typeof buildFillingOperator>[2], string[]][] = [
        [{ trained: false }, ['training']],
        [{ trained: 'expired' }, ['training']],
        [{ certified: false }, ['certificate']],
        [{ certified: 'expired' }, ['certificate']],
        [{ trained: false, certified: false }, ['training', 'certificate']],
      ];
      for (const [facts, missing] of cases) {
        const person = await buildFillingOperator(db, a, facts);
        const sent = body(person.id);
        const res = await record(fillerA, sent);
        expect(res.statusCode, JSON.stringify(facts)).toBe(409);
        expect(res.json().error).toMatchObject({
          code: 'cylinders.operator_untrained',
          details: { field: 'operatorPersonId', personId: person.id, missing },
        });
        const stored = await db.select().from(cylinderEventsTable).where(eq(cylinderEventsTable.eventId, sent.eventId));
        expect(stored).toEqual([]);
      }
      // Another enterprise's operator, or a person who is not a filling operator: 400 with the field.
      const b = await buildEnterprise(db, { kind: 'filling_enterprise' });
      const foreign = await buildFillingOperator(db, b);
      const notOurs = await record(fillerA, body(foreign.id));
      expect(notOurs.statusCode).toBe(400);
      expect(notOurs.json().error).toMatchObject({
        code: 'cylinders.operator_not_found',
        details: { field: 'operatorPersonId' },
      });
      const missing = await record(fillerA, { ...body(operatorA), operatorPersonId: undefined });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.code).toBe('validation.failed');
      // Trained and certified: the fill is recorded under the register's name of the operator.
      const trained = await buildFillingOperator(db, a);
      const ok = await record(fillerA, body(trained.id));
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json().operatorName).toBe(trained.name);
    });
  });

  describe("a filling line's token (facility scope)", () => {
    it('checks and records at its own station only, and reads no register', async () => {
      const { code: x } = await register();
      const own = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/filling/check',
        headers: lineToken,
        payload: { cylinderCode: x, stationId: stationA },
      });
      expect(own.statusCode).toBe(200);
      expect(own.json()).toEqual({ allowed: true, reasons: [] });
      const elsewhere = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/filling/check',
        headers: lineToken,
        payload: { cylinderCode: x, stationId: stationB },
      });
      expect(elsewhere.statusCode).toBe(404);
      const fill = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/filling/records',
        headers: lineToken,
        payload: {
          eventId: randomUUID(),
          cylinderCode: x,
          stationId: stationA,
          operatorPersonId: operatorA,
          filledAt: new Date().toISOString(),
          netWeightKg: 14.5,
        },
      });
      expect(fill.statusCode, fill.body).toBe(201);
      const fillB = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/filling/records',
        headers: lineToken,
        payload: {
          eventId: randomUUID(),
          cylinderCode: x,
          stationId: stationB,
          operatorPersonId: operatorA,
          filledAt: new Date().toISOString(),
          netWeightKg: 14.5,
        },
      });
      expect(fillB.statusCode).toBe(404);
      expect(
        (await ctx.app.inject({ method: 'GET', url: `/api/v1/cylinders/${x}`, headers: lineToken })).statusCode,
      ).toBe(403);
    });
  });

  describe('POST /api/v1/cylinder-events (batch)', () => {
    const send = (events: unknown[]) =>
      ctx.app.inject({ method: 'POST', url: '/api/v1/cylinder-events', headers: lineToken, payload: { events } });

    it('stores a resent batch once, refuses the same id with other content (409), and scopes to the station', async () => {
      const { code: x } = await register();
      const events = [
        { eventId: randomUUID(), type: 'seen', code: x, occurredAt: new Date().toISOString(), stationId: stationA },
        {
          eventId: randomUUID(),
          type: 'dispatched',
          code: x,
          occurredAt: new Date(Date.now() + 1000).toISOString(),
          stationId: stationA,
          locationType: 'vehicle',
          locationId: randomUUID(),
        },
      ];
      const first = await send(events);
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toEqual({ accepted: 2 });
      expect((await send(events)).statusCode).toBe(200);
      const stored = await ctx.database.db.select().from(cylinderEventsTable).where(eq(cylinderEventsTable.code, x));
      expect(stored.filter((e) => e.type !== 'registered')).toHaveLength(2);
      const cylinder = await fillerA({ method: 'GET', url: `/api/v1/cylinders/${x}` });
      expect(cylinder.json().location.type).toBe('vehicle');
      const conflict = await send([{ ...events[0], note: '改了' }]);
      expect(conflict.statusCode).toBe(409);
      expect(conflict.json().error.code).toBe('cylinders.event_conflict');
      const foreign = await send([
        { eventId: randomUUID(), type: 'seen', code: x, occurredAt: new Date().toISOString(), stationId: stationB },
      ]);
      expect(foreign.statusCode).toBe(403);
      const bad = await send([{ eventId: 'x', type: 'filled', code: x }]);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('validation.failed');
    });

    it('refuses one id twice in a request with other content (409, nothing stored); the same content twice is stored once', async () => {
      const { code: x } = await register();
      const first = {
        eventId: randomUUID(),
        type: 'seen',
        code: x,
        occurredAt: new Date().toISOString(),
        stationId: stationA,
      };
      const other = {
        eventId: randomUUID(),
        type: 'seen',
        code: x,
        occurredAt: new Date().toISOString(),
        stationId: stationA,
      };
      const refused = await send([other, first, { ...first, note: '另一个' }]);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.details.eventIds).toEqual([first.eventId]);
      const events = () =>
        ctx.database.db
          .select()
          .from(cylinderEventsTable)
          .where(eq(cylinderEventsTable.code, x))
          .then((rows) => rows.filter((e) => e.type !== 'registered'));
      expect(await events()).toHaveLength(0);
      const twice = await send([first, first]);
      expect(twice.statusCode, twice.body).toBe(200);
      expect(await events()).toHaveLength(1);
    });

    it('stores each event once when two senders race with the same batch, and the cylinder follows the newest', async () => {
      const { code: x } = await register();
      const { code: y } = await register();
      const vehicle = randomUUID();
      const at = (s: number) => new Date(Date.now() + s * 1000).toISOString();
      const t0 = at(0);
      const batch = [
        { eventId: randomUUID(), type: 'seen', code: x, occurredAt: t0, stationId: stationA },
        { eventId: randomUUID(), type: 'seen', code: y, occurredAt: t0, stationId: stationA },
        {
          eventId: randomUUID(),
          type: 'dispatched',
          code: x,
          occurredAt: at(5),
          stationId: stationA,
          locationType: 'vehicle',
          locationId: vehicle,
        },
      ];
      const answers = await Promise.all([send(batch), send([...batch].reverse()), send(batch)]);
      for (const a of answers) expect(a.statusCode, a.body).toBe(200);
      const stored = await ctx.database.db
        .select()
        .from(cylinderEventsTable)
        .where(
          inArray(
            cylinderEventsTable.eventId,
            batch.map((e) => e.eventId),
          ),
        );
      expect(stored).toHaveLength(3);
      const cx = (await fillerA({ method: 'GET', url: `/api/v1/cylinders/${x}` })).json();
      expect(cx.location).toMatchObject({ type: 'vehicle', id: vehicle });
      const cy = (await fillerA({ method: 'GET', url: `/api/v1/cylinders/${y}` })).json();
      expect(cy.lastSeenAt).toBe(t0);
    });

    it('raises an anomaly when a seized code is seen again', async () => {
      const { code: x, id } = await register();
      await ctx.database.db.update(cylindersTable).set({ status: 'seized' }).where(eq(cylindersTable.code, x));
      const seen = await send([
        { eventId: randomUUID(), type: 'seen', code: x, occurredAt: new Date().toISOString(), stationId: stationA },
      ]);
      expect(seen.statusCode).toBe(200);
      const anomalies = await ctx.database.db
        .select()
        .from(cylinderAnomaliesTable)
        .where(eq(cylinderAnomaliesTable.cylinderId, id));
      expect(anomalies.map((r) => r.kind)).toEqual(['retired_seen']);
    });
  });

  describe('seizure, inspection agency, blacklist and recall, anomalies', () => {
    it('a seized cylinder is refused, seen again is an anomaly, and the agency scraps it (the code is retired)', async () => {
      const db = ctx.database.db;
      const agency = await buildEnterprise(db, { kind: 'inspection_agency' });
      const agent = await buildScopedUser(db, { enterpriseId: agency.id });
      const agencySend = await login(ctx.app, agent.username, agent.password);
      const { code: x } = await register();
      const seize = (send: Send, body: Record<string, unknown>) =>
        send({ method: 'POST', url: '/api/v1/cylinder-seizures', payload: body });
      const body = {
        eventId: randomUUID(),
        code: x,
        grounds: ['foreign_filler'],
        occurredAt: new Date().toISOString(),
        address: '乌审旗某饭店后院',
      };
      expect((await seize(fillerA, body)).statusCode).toBe(403);
      const seized = await seize(market, body);
      expect(seized.statusCode, seized.body).toBe(201);
      expect(await reasonsOf(x)).toEqual(['SEIZED']);
      const uncoded = await seize(market, { ...body, eventId: randomUUID(), code: undefined, grounds: ['no_code'] });
      expect(uncoded.statusCode).toBe(201);
      expect(uncoded.json().code).toMatch(/^UNCODED-/);
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/cylinder-events',
        headers: lineToken,
        payload: {
          events: [
            { eventId: randomUUID(), type: 'seen', code: x, occurredAt: new Date().toISOString(), stationId: stationA },
          ],
        },
      });
      const anomalies = await market({
        method: 'GET',
        url: '/api/v1/cylinder-anomalies?kind=retired_seen&pageSize=200',
      });
      expect(anomalies.statusCode).toBe(200);
      expect(anomalies.json().items.some((a: { code: string }) => a.code === x)).toBe(true);
      const sent = await market({
        method: 'POST',
        url: `/api/v1/cylinders/${x}/send-for-inspection`,
        payload: { eventId: randomUUID(), agencyEnterpriseId: agency.id, occurredAt: new Date().toISOString() },
      });
      expect(sent.statusCode, sent.body).toBe(200);
      expect(sent.json().location).toMatchObject({ type: 'inspection_agency', id: agency.id });
      // Only the agency holding it scraps it.
      const notAgency = await fillerA({
        method: 'POST',
        url: `/api/v1/cylinders/${x}/scrap`,
        payload: { eventId: randomUUID(), occurredAt: new Date().toISOString() },
      });
      expect(notAgency.statusCode).toBe(403);
      const scrapped = await agencySend({
        method: 'POST',
        url: `/api/v1/cylinders/${x}/scrap`,
        payload: { eventId: randomUUID(), occurredAt: new Date().toISOString() },
      });
      expect(scrapped.statusCode, scrapped.body).toBe(200);
      expect(scrapped.json()).toMatchObject({ status: 'scrapped' });
      expect(await reasonsOf(x)).toEqual(['SCRAPPED']);
    });

    it('answers 400 with the field for an unknown region or photo in a seizure, and for impossible inspection dates', async () => {
      const seizure = {
        grounds: ['no_code'],
        occurredAt: new Date().toISOString(),
        address: '乌审旗某小区门口',
      };
      const badRegion = await market({
        method: 'POST',
        url: '/api/v1/cylinder-seizures',
        payload: { ...seizure, eventId: randomUUID(), regionId: randomUUID() },
      });
      expect(badRegion.statusCode, badRegion.body).toBe(400);
      expect(badRegion.json().error).toMatchObject({
        code: 'cylinders.region_not_found',
        details: { field: 'regionId' },
      });
      const photo = randomUUID();
      const badPhoto = await market({
        method: 'POST',
        url: '/api/v1/cylinder-seizures',
        payload: { ...seizure, eventId: randomUUID(), photoFileIds: [photo, photo] },
      });
      expect(badPhoto.statusCode, badPhoto.body).toBe(400);
      expect(badPhoto.json().error).toMatchObject({
        code: 'cylinders.photo_not_found',
        details: { field: 'photoFileIds', missing: [photo] },
      });

      const db = ctx.database.db;
      const agency = await buildEnterprise(db, { kind: 'inspection_agency' });
      const agent = await buildScopedUser(db, { enterpriseId: agency.id });
      const agencySend = await login(ctx.app, agent.username, agent.password);
      const { code: x } = await register({ manufacturedOn: addYears(today, -2) });
      const sent = await fillerA({
        method: 'POST',
        url: `/api/v1/cylinders/${x}/send-for-inspection`,
        payload: { eventId: randomUUID(), agencyEnterpriseId: agency.id, occurredAt: new Date().toISOString() },
      });
      expect(sent.statusCode, sent.body).toBe(200);
      const inspect = (body: Record<string, unknown>) =>
        agencySend({
          method: 'POST',
          url: `/api/v1/cylinders/${x}/inspections`,
          payload: { eventId: randomUUID(), passed: true, ...body },
        });
      for (const [body, field] of [
        [{ inspectedOn: addDays(today, 1) }, 'inspectedOn'],
        [{ inspectedOn: addYears(today, -3) }, 'inspectedOn'],
        [{ inspectedOn: today, nextInspectionDue: today }, 'nextInspectionDue'],
        [{ inspectedOn: today, nextInspectionDue: addYears(today, -1) }, 'nextInspectionDue'],
      ] as const) {
        const res = await inspect(body);
        expect(res.statusCode, `${JSON.stringify(body)} ${res.body}`).toBe(400);
        expect(res.json().error).toMatchObject({ code: 'cylinders.dates_invalid', details: { field } });
      }
      const before = await office({ method: 'GET', url: `/api/v1/cylinders/${x}` });
      expect(before.json().lastInspectedOn).toBe(addYears(today, -1));
      const ok = await inspect({ inspectedOn: today, nextInspectionDue: addYears(today, 4) });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({
        lastInspectedOn: today,
        lastInspectionPassed: true,
        nextInspectionDue: addYears(today, 4),
      });
    });

    it('market regulation keeps the product blacklist; the gate refuses its products and the recall lists them', async () => {
      const maker = uniqueName('召回厂');
      const { code: x } = await register({ manufacturer: maker, model: 'YSP118' });
      const entry = { manufacturer: maker, model: 'YSP-50', basis: '市场监管局抽检通报', listedOn: today };
      const refused = await fillerA({ method: 'POST', url: '/api/v1/cylinder-blacklist', payload: entry });
      expect(refused.statusCode).toBe(403);
      const h = await housing({ method: 'POST', url: '/api/v1/cylinder-blacklist', payload: entry });
      expect(h.statusCode).toBe(403);
      expect(h.json().error.code).toBe('cylinders.blacklist_not_regulator');
      const created = await market({ method: 'POST', url: '/api/v1/cylinder-blacklist', payload: entry });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({ model: 'YSP118', active: true });
      expect(await reasonsOf(x)).toEqual(['BLACKLISTED']);
      const recall = await market({ method: 'GET', url: `/api/v1/cylinder-blacklist/${created.json().id}/recall` });
      expect(recall.statusCode).toBe(200);
      expect(recall.json()).toMatchObject({ total: 1, recalled: 0, outstanding: 1 });
      expect(recall.json().items[0].code).toBe(x);
      const removed = await market({
        method: 'POST',
        url: `/api/v1/cylinder-blacklist/${created.json().id}/remove`,
        payload: { removedOn: today, reason: '复检合格' },
      });
      expect(removed.statusCode).toBe(200);
      expect(removed.json().active).toBe(false);
      expect(await reasonsOf(x)).toEqual([]);
      const again = await market({
        method: 'POST',
        url: `/api/v1/cylinder-blacklist/${created.json().id}/remove`,
        payload: { removedOn: today, reason: 'x' },
      });
      expect(again.statusCode).toBe(409);
    });
  });
});
