import { z } from 'zod';
import { CREDIT_CODE_PATTERN } from '../../../domain/registry/credit-code.ts';
import { CHINA_BOUNDS } from '../../../domain/registry/places.ts';
import { ShortText } from '../../platform/schemas.ts';

/** Request fields several register kinds share (other kinds may import them too). */

export const CreditCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(CREDIT_CODE_PATTERN, 'Not a unified social credit code (18 characters, GB 32100)');
export const Lng = z.number().min(CHINA_BOUNDS.lngMin).max(CHINA_BOUNDS.lngMax);
export const Lat = z.number().min(CHINA_BOUNDS.latMin).max(CHINA_BOUNDS.latMax);
export const Address = ShortText;
/** A query flag: 'true' or 'false'. */
export const BoolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/** lng and lat come together or not at all (on create). */
export function refineCoordinates(v: { lng?: number | null; lat?: number | null }, ctx: z.RefinementCtx) {
  const hasLng = v.lng !== undefined && v.lng !== null;
  const hasLat = v.lat !== undefined && v.lat !== null;
  if (hasLng !== hasLat)
    ctx.addIssue({
      code: 'custom',
      path: [hasLng ? 'lat' : 'lng'],
      message: 'Give both longitude and latitude, or neither',
    });
}

/** On a partial update the point is moved (both given), cleared (both null) or left alone (neither). */
export function refineCoordinatesPatch(v: { lng?: number | null; lat?: number | null }, ctx: z.RefinementCtx) {
  if (v.lng === undefined && v.lat === undefined) return;
  if (v.lng === undefined || v.lat === undefined || (v.lng === null) !== (v.lat === null)) {
    ctx.addIssue({
      code: 'custom',
      path: [v.lng === undefined || v.lng === null ? 'lng' : 'lat'],
      message: 'Give both longitude and latitude, or neither',
    });
  }
}
