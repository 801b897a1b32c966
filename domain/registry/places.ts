/**
 * Coordinates of registered objects are WGS-84 longitude/latitude and must lie in China's bounding
 * box (a typo such as swapped lng/lat or a missing digit is refused rather than drawn off the map).
 */
export const CHINA_BOUNDS = { lngMin: 73.4, lngMax: 135.1, latMin: 3.8, latMax: 53.6 } as const;

/** The banner's own box, for the demo data and for map defaults (乌审旗 ≈ 108.5–109.5 E, 37.6–39.0 N). */
export const WUSHEN_BOUNDS = { lngMin: 108.2, lngMax: 109.7, latMin: 37.5, latMax: 39.2 } as const;

/** True when both coordinates are given and lie in China, or neither is given. */
export function coordinatesValid(lng: number | null | undefined, lat: number | null | undefined): boolean {
  if ((lng === null || lng === undefined) !== (lat === null || lat === undefined)) return false;
  if (lng === null || lng === undefined || lat === null || lat === undefined) return true;
  return (
    lng >= CHINA_BOUNDS.lngMin && lng <= CHINA_BOUNDS.lngMax && lat >= CHINA_BOUNDS.latMin && lat <= CHINA_BOUNDS.latMax
  );
}
