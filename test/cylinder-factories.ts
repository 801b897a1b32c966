import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { addYears, chinaToday } from '../domain/dates.ts';
import type { Db } from '../server/db/client.ts';
import { cylindersTable } from '../server/modules/cylinders/index.ts';
import type { licencesTable } from '../server/modules/registry/registry.table.ts';
import { login } from './app.ts';
import { uniqueName } from './factories.ts';
import { buildEnterprise, buildFacility, buildLicence } from './registry-factories.ts';

/**
 * The set-up the cylinder tests share (issue 11): a licensed filler and its station, the people who sign in, a
 * filling line's token, and cylinders, registered through the contract or inserted straight into the register.
 * Add functions; do not rewrite others'.
 */

export type Send = Awaited<ReturnType<typeof login>>;

/**
 * A filler (充装单位): an enterprise of kind `filling_enterprise` holding a 气瓶充装许可证 (valid for a year from
 * today unless `licence` says otherwise, e.g. expired) and one filling station.
 */
export async function buildFiller(db: Db, licence: Partial<typeof licencesTable.$inferInsert> = {}) {
  const enterprise = await buildEnterprise(db, { kind: 'filling_enterprise' });
  await buildLicence(db, enterprise.id, { kind: 'cylinder_filling', number: uniqueName('TS'), ...licence });
  const station = await buildFacility(db, enterprise, { kind: 'filling_station' });
  return { enterprise, station };
}

/** Signs in a user made by `buildUser` or `buildScopedUser`. */
export const signIn = (app: FastifyInstance, user: { username: string; password: string }) =>
  login(app, user.username, user.password);

/** A filling line's machine token bound to one station, issued by the office; the header to send it in. */
export async function issueLineToken(office: Send, facilityId: string, name = '充装线') {
  const issued = await office({
    method: 'POST',
    url: '/api/v1/machine-tokens',
    payload: { name, role: 'filling_line', scopeType: 'facility', facilityId },
  });
  expect(issued.statusCode, issued.body).toBe(201);
  return { authorization: `Bearer ${(issued.json() as { secret: string }).secret}` };
}

/**
 * The body of `POST /api/v1/cylinders` for a sound cylinder of the owner: a YSP35.5 made two years ago, inspected
 * (passed) a year ago, under a fresh code. Inspection facts are the regulator's to state: register such a body
 * through the office, or pass `lastInspectedOn: undefined, lastInspectionPassed: undefined` for the owner.
 */
export function cylinderPayload(ownerEnterpriseId: string, overrides: Record<string, unknown> = {}) {
  const today = chinaToday();
  return {
    code: uniqueName('RA').toUpperCase(),
    ownerEnterpriseId,
    model: 'YSP35.5',
    manufacturer: '测试气瓶厂',
    serialNumber: uniqueName('SN'),
    manufacturedOn: addYears(today, -2),
    lastInspectedOn: addYears(today, -1),
    lastInspectionPassed: true,
    ...overrides,
  };
}

/** Registers a cylinder through the contract (`POST /api/v1/cylinders`, 201 expected); its code and id. */
export async function registerCylinder(send: Send, payload: ReturnType<typeof cylinderPayload>) {
  const res = await send({ method: 'POST', url: '/api/v1/cylinders', payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { code: string; id: string };
}

/**
 * A row of the register for an owner (default: an in-service YSP35.5 made two years ago, never inspected nor
 * seen), to insert straight into `cylinders` (no event, no audit) for a sweep or a scene that needs a given state.
 */
export function cylinderRow(
  owner: { id: string; regionId: string },
  overrides: Partial<typeof cylindersTable.$inferInsert> = {},
): typeof cylindersTable.$inferInsert {
  return {
    code: uniqueName('RA').toUpperCase(),
    ownerEnterpriseId: owner.id,
    regionId: owner.regionId,
    model: 'YSP35.5',
    manufacturer: '测试气瓶厂',
    serialNumber: uniqueName('SN'),
    manufacturedOn: addYears(chinaToday(), -2),
    ...overrides,
  };
}

/** One `cylinderRow` inserted; the stored row. */
export async function buildCylinder(
  db: Db,
  owner: { id: string; regionId: string },
  overrides: Partial<typeof cylindersTable.$inferInsert> = {},
) {
  const [row] = await db.insert(cylindersTable).values(cylinderRow(owner, overrides)).returning();
  return row!;
}

/**
 * Records a fill through the contract (`POST /api/v1/filling/records`): now and at the YSP35.5's nominal 14.5 kg
 * unless told otherwise, under a fresh event id; expects `status` (201; a refused cylinder answers 409); the event id.
 */
export async function recordFill(
  send: Send,
  fill: {
    cylinderCode: string;
    stationId: string;
    operatorPersonId: string;
    filledAt?: string;
    netWeightKg?: number;
    eventId?: string;
  },
  status = 201,
) {
  const eventId = fill.eventId ?? randomUUID();
  const res = await send({
    method: 'POST',
    url: '/api/v1/filling/records',
    payload: { filledAt: new Date().toISOString(), netWeightKg: 14.5, ...fill, eventId },
  });
  expect(res.statusCode, res.body).toBe(status);
  return eventId;
}
