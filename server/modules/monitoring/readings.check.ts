import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { DATE_YEARS } from '../../platform/schemas.ts';
import { MAX_READINGS_PER_BATCH } from '../../../domain/monitoring/rules.ts';
import type { ReadingsInput } from './monitoring.schemas.ts';

const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|([+-])(\d{2}):(\d{2}))$/;
const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A time of the common form `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`, a real calendar day, a year the API accepts. */
function plainTime(t: string): boolean {
  const m = TIME.exec(t);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < DATE_YEARS.min || year > DATE_YEARS.max || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > (month === 2 && !leap ? 28 : DAYS[month - 1]!)) return false;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return false;
  return m[7] === undefined || (Number(m[8]) <= 23 && Number(m[9]) <= 59);
}

/**
 * The readings body checked by hand, for the common case only (issue 13's ingest path: a schema
 * validator per reading cost more than the rest of a request): `{ readings: [{ sensorCode, at, value }] }`
 * with exactly these fields, 1 to 5,000 readings, codes of 1–64 characters, plain ISO times with an
 * offset, finite values. It never accepts what `ReadingsBody` refuses; what it does not accept goes to
 * `ReadingsBody` itself, which accepts or refuses it with the usual error.
 */
export function plainReadingsBody(body: unknown): body is ReadingsInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  const keys = Object.keys(body);
  if (keys.length !== 1 || keys[0] !== 'readings') return false;
  const readings = (body as { readings: unknown }).readings;
  if (!Array.isArray(readings) || readings.length < 1 || readings.length > MAX_READINGS_PER_BATCH) return false;
  for (const r of readings) {
    if (r === null || typeof r !== 'object') return false;
    let n = 0;
    for (const k in r) {
      if (k !== 'sensorCode' && k !== 'at' && k !== 'value') return false;
      n++;
    }
    if (n !== 3) return false;
    const { sensorCode, at, value } = r as Record<string, unknown>;
    if (typeof sensorCode !== 'string' || sensorCode.length < 1 || sensorCode.length > 64) return false;
    if (typeof value !== 'number' || !Number.isFinite(value)) return false;
    if (typeof at !== 'string' || !plainTime(at)) return false;
  }
  return true;
}

/** The route's validator: the hand check first, the zod schema (and its error) for everything else. */
export const readingsValidatorCompiler: FastifySchemaCompiler<unknown> = (route) => {
  const slow = validatorCompiler(route as Parameters<typeof validatorCompiler>[0]);
  return (data: unknown) => (route.httpPart === 'body' && plainReadingsBody(data) ? { value: data } : slow(data));
};
