import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', 'web');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : files(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

// Dates are written by web/app/format.ts only (YYYY-MM-DD, YYYY-MM-DD HH:mm): no page formats one itself.
const local = [
  /\.toLocaleDateString\(/,
  /\.toLocaleTimeString\(/,
  /new Date\([^)]*\)\.toLocaleString\(/,
  /\$\{[^}]+\}年\$\{[^}]+\}月/,
  /\.format\(['"](?:YYYY\/|YYYY年|MM-DD|MM\/DD)/,
];

describe('dates are formatted in one place', () => {
  it('no file of the web formats a date outside web/app/format.ts', () => {
    const offenders: string[] = [];
    for (const file of files(root)) {
      const rel = relative(root, file);
      if (rel === join('app', 'format.ts')) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (local.some((re) => re.test(line))) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
