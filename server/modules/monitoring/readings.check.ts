import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { DATE_YEARS } from '../../platform/schemas.ts';
import { MAX_READINGS_PER_BATCH } from '../../../domain/monitoring/rules.ts';
import type { ReadingsInput } from './monitoring.schemas.ts';

const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|([+-])(\d{2}):(\d{2}))$/;
const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** The years the API accepts (DATE_YEARS) as milliseconds: from the first instant of the first, to the end of the last. */
const MIN_MS = Date.UTC(DATE_YEARS.min, 0, 1);
const AFTER_MAX_MS = Date.UTC(DATE_YEARS.max + 1, 0, 1);

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

const digit = (t: string, i: number) => {
  const d = t.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : Number.NaN;
};

/**
 * Milliseconds since the epoch of a time written exactly as `Date.prototype.toISOString` writes it
 * (`YYYY-MM-DDTHH:MM:SS.sssZ`, a real calendar day, years 1900–9999), read by hand: a gateway's usual form,
 * and then the text is already the reading's canonical text as stored and digested. NaN for any other text (the
 * caller parses it as a Date).
 */
export function isoMillis(t: string): number {
  if (
    t.length !== 24 ||
    t.charCodeAt(4) !== 45 || // -
    t.charCodeAt(7) !== 45 ||
    t.charCodeAt(10) !== 84 || // T
    t.charCodeAt(13) !== 58 || // :
    t.charCodeAt(16) !== 58 ||
    t.charCodeAt(19) !== 46 || // .
    t.charCodeAt(23) !== 90 // Z
  )
    return Number.NaN;
  const year = digit(t, 0) * 1000 + digit(t, 1) * 100 + digit(t, 2) * 10 + digit(t, 3);
  const month = digit(t, 5) * 10 + digit(t, 6);
  const day = digit(t, 8) * 10 + digit(t, 9);
  const hour = digit(t, 11) * 10 + digit(t, 12);
  const minute = digit(t, 14) * 10 + digit(t, 15);
  const second = digit(t, 17) * 10 + digit(t, 18);
  const ms = digit(t, 20) * 100 + digit(t, 21) * 10 + digit(t, 22);
  // NaN (a non-digit) fails every comparison below.
  if (!(year >= 1900 && month >= 1 && month <= 12 && day >= 1 && hour <= 23 && minute <= 59 && second <= 59))
    return Number.NaN;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (!(day <= (month === 2 && !leap ? 28 : DAYS[month - 1]!) && ms >= 0)) return Number.NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/** Milliseconds of a reading's canonical time text (`isoMillis`, else parsed). */
export const millisOf = (t: string) => {
  const ms = isoMillis(t);
  return Number.isNaN(ms) ? Date.parse(t) : ms;
};

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
    if (typeof at !== 'string') return false;
    // toISOString's form (the usual one) read by hand, else the regular expression.
    const ms = isoMillis(at);
    if (Number.isNaN(ms) ? !plainTime(at) : ms < MIN_MS || ms >= AFTER_MAX_MS) return false;
  }
  return true;
}

/** The route's validator: the hand check first, the zod schema (and its error) for everything else. */
export const readingsValidatorCompiler: FastifySchemaCompiler<unknown> = (route) => {
  const slow = validatorCompiler(route as Parameters<typeof validatorCompiler>[0]);
  return (data: unknown) => (route.httpPart === 'body' && plainReadingsBody(data) ? { value: data } : slow(data));
};
