import { z } from 'zod';

/** Shared request pieces; bodies are strict so unknown fields are refused. */
export const IdParams = z.strictObject({ id: z.uuid() });
export const Name = z.string().trim().min(1).max(100);
export const ShortText = z.string().trim().max(200);
export const Phone = z
  .string()
  .trim()
  .regex(/^[0-9+\- ]{5,20}$/, 'Not a phone number');
/**
 * The years a date in a request may name. PostgreSQL refuses year 0 and a typo such as 9999 would keep a
 * record out of every list, so a date outside them is a 400 naming the field, never a database error.
 */
export const DATE_YEARS = { min: 1900, max: 2200 } as const;
const yearInRange = (text: string) => {
  const year = Number(text.slice(0, 4));
  return year >= DATE_YEARS.min && year <= DATE_YEARS.max;
};
const yearMessage = `The year must lie between ${DATE_YEARS.min} and ${DATE_YEARS.max}`;
/** A calendar day `YYYY-MM-DD`: the one validator of every date in bodies and query parameters. */
export const IsoDate = z.iso.date().refine(yearInRange, { message: yearMessage });
/** A moment with its offset (`2024-03-01T08:00:00+08:00`): the one validator of every time in requests. */
export const IsoDateTime = z.iso.datetime({ offset: true }).refine(yearInRange, { message: yearMessage });
export const Timestamp = z
  .date()
  .transform((d) => d.toISOString())
  .or(z.string());
export const PageQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};
export const NoContent = z.undefined().describe('No content');
