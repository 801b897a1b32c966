import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * `npm run bench [name…]`: runs every bench/*.bench.ts (or the named ones, e.g. `venues-list`),
 * each in its own process so that its peak memory is its own. Each prints one line per measure and
 * writes bench/results/<benchmark>.json. Exits non-zero if any benchmark failed.
 */
const dir = import.meta.dirname;
const all = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const wanted = process.argv.slice(2).map((a) => path.basename(a).replace(/\.bench\.ts$/, ''));
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length > 0) {
  process.stderr.write(`No such benchmark: ${unknown.join(', ')} (have: ${all.join(', ')})\n`);
  process.exit(2);
}
const names = wanted.length > 0 ? wanted : all;
let failed = 0;
for (const name of names) {
  process.stdout.write(`\n# ${name}\n`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, `${name}.bench.ts`)], {
    stdio: 'inherit',
    env: process.env,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    failed++;
    process.stdout.write(`# ${name} FAILED (exit ${result.status ?? result.signal}) after ${seconds} s\n`);
  } else {
    process.stdout.write(`# ${name} done in ${seconds} s\n`);
  }
}
process.exit(failed > 0 ? 1 : 0);
