import { z } from 'zod';

/** Shared request pieces; bodies are strict so unknown fields are refused. */
export const IdParams = z.strictObject({ id: z.uuid() });
export const Name = z.string().trim().min(1).max(100);
export const ShortText = z.string().trim().max(200);
export const Phone = z
  .string()
  .trim()
  .regex(/^[0-9+\- ]{5,20}$/, 'Not a phone number');
export const IsoDate = z.iso.date();
export const Timestamp = z
  .date()
  .transform((d) => d.toISOString())
  .or(z.string());
export const PageQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};
export const NoContent = z.undefined().describe('No content');
