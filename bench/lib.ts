import fs from 'node:fs';
import path from 'node:path';

/**
 * The benchmark harness's common parts: every benchmark reports measures in one shape, prints one
 * line per measure and writes bench/results/<benchmark>.json, so runs can be compared over time.
 */
export type BenchRecord = {
  name: string;
  unit: string;
  /** The measured figure (for latencies: the median). */
  value: number;
  /** The figure it is compared with in the same run (null when there is none). */
  baseline: number | null;
  /** value / baseline (null without a baseline). */
  ratio: number | null;
  p50: number | null;
  p95: number | null;
  peakRssMb: number;
  database: string;
  at: string;
};

export const resultsDir = path.resolve(import.meta.dirname, 'results');

/** The q-th percentile (0..100) of the samples, by nearest rank. */
export function percentile(samples: number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((q / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Peak resident memory of this process so far, in MB. */
export function peakRssMb(): number {
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}

const round = (n: number | null, digits = 3) =>
  n === null || !Number.isFinite(n) ? n : Math.round(n * 10 ** digits) / 10 ** digits;

export function record(r: Omit<BenchRecord, 'ratio' | 'peakRssMb' | 'at'> & { ratio?: number | null }): BenchRecord {
  const ratio = r.ratio !== undefined ? r.ratio : r.baseline ? r.value / r.baseline : null;
  return {
    ...r,
    value: round(r.value)!,
    baseline: round(r.baseline),
    ratio: round(ratio),
    p50: round(r.p50),
    p95: round(r.p95),
    peakRssMb: peakRssMb(),
    at: new Date().toISOString(),
  };
}

/** One line per measure: name, value, and its comparison with the baseline. */
export function formatLine(r: BenchRecord): string {
  const parts = [`${r.name}: ${r.value} ${r.unit}`];
  if (r.p50 !== null) parts.push(`p50 ${r.p50} ${r.unit}`);
  if (r.p95 !== null) parts.push(`p95 ${r.p95} ${r.unit}`);
  if (r.baseline !== null) parts.push(`baseline ${r.baseline} ${r.unit}`, `ratio ${r.ratio}×`);
  parts.push(`peak RSS ${r.peakRssMb} MB`, r.database);
  return parts.join(' | ');
}

/** Prints the records and writes bench/results/<benchmark>.json (one record, or an array of several). */
export function report(benchmark: string, records: BenchRecord[]) {
  for (const r of records) process.stdout.write(`${formatLine(r)}\n`);
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${benchmark}.json`);
  fs.writeFileSync(file, `${JSON.stringify(records.length === 1 ? records[0] : records, null, 2)}\n`);
  process.stdout.write(`→ ${path.relative(process.cwd(), file)}\n`);
}

/** Runs a benchmark's main when its file is executed directly (bench/run.ts spawns each file). */
export function runMain(main: () => Promise<void>) {
  main().then(
    () => process.exit(0),
    (err) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
