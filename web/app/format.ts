/**
 * China time (Asia/Shanghai), so a record signed at 00:30 in 乌审旗 reads 00:30 on any device. Made on first use:
 * the browser loads its time-zone data for it, tens of milliseconds that a first screen without a time (the
 * command dashboard) should not wait for.
 */
let chinaParts: Intl.DateTimeFormat | null = null;

function partsOf(d: Date): Record<string, string> {
  chinaParts ??= new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone: 'Asia/Shanghai',
  });
  return Object.fromEntries(chinaParts.formatToParts(d).map((p) => [p.type, p.value]));
}

/**
 * An ISO timestamp as China date and time, "YYYY-MM-DD HH:mm" in every locale (one format for the
 * whole web, so a column never mixes 2026/12/07 and 2028年8月18日); null → fallback, unreadable → as is.
 */
export function formatDateTime(iso: string | null | undefined, fallback = '—'): string {
  if (!iso) return fallback;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = partsOf(d);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** A time of day in China time, "HH:mm:ss" (a live page's last refresh). */
export function formatTime(at: Date): string {
  const p = partsOf(at);
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** A calendar date as "YYYY-MM-DD" in every locale, without time-zone shifts; null → fallback. */
export function formatDate(ymd: string | null | undefined, fallback = '—'): string {
  if (!ymd) return fallback;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ymd);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : ymd;
}

/** How a calendar day is written in the web's date pickers and sent to the API: "YYYY-MM-DD" in every locale. */
export const DAY_FORMAT = 'YYYY-MM-DD';
