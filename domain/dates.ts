/**
 * Calendar days, the one place for them (server, SQL parameters and the browser alike). Every day is
 * a China calendar date 'YYYY-MM-DD' (UTC+8, no daylight saving): convert an instant with
 * `chinaToday` first, so a deadline, an overdue day and a six-month window mean the same everywhere.
 */

/** The calendar date in China (UTC+8, no daylight saving) as 'YYYY-MM-DD'. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD' plus n days (n may be negative), in calendar days. */
export function addDays(ymd: string, n: number): string {
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written 'YYYY-MM-DD'. */
export function isYmd(value: string): boolean {
  const m = YMD.exec(value);
  if (!m) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function dayNumber(ymd: string): number {
  if (!isYmd(ymd)) throw new RangeError(`not a YYYY-MM-DD date: ${ymd}`);
  return Date.parse(`${ymd}T00:00:00Z`) / 86_400_000;
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * 'YYYY-MM-DD' plus n calendar months; a day past the end of the target month is clamped to its
 * last day (2024-08-31 + 6 months = 2025-02-28), so a window never spills into the month after.
 */
export function addMonths(ymd: string, n: number): string {
  if (!isYmd(ymd)) throw new RangeError(`not a YYYY-MM-DD date: ${ymd}`);
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const monthIndex = y * 12 + (m - 1) + n;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** 'YYYY-MM-DD' plus n years (29 February falls back to 28 February). */
export function addYears(ymd: string, n: number): string {
  return addMonths(ymd, 12 * n);
}
