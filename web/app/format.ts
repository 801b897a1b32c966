import { getLocale } from './i18n.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: 'dateTime' | 'date'): Intl.DateTimeFormat {
  const locale = getLocale();
  const id = `${locale}:${kind}`;
  let f = formatters.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(kind === 'dateTime' ? { hour: '2-digit', minute: '2-digit', hour12: false } : {}),
      // The campaign keeps China time: a record signed at 00:30 in 乌审旗 reads 00:30 on any device.
      timeZone: 'Asia/Shanghai',
    });
    formatters.set(id, f);
  }
  return f;
}

/** An ISO timestamp as China date and time ("2023/08/15 09:30"); null/invalid → fallback. */
export function formatDateTime(iso: string | null | undefined, fallback = '—'): string {
  if (!iso) return fallback;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : formatter('dateTime').format(d);
}

/** A calendar date 'YYYY-MM-DD' as the locale writes it, without time-zone shifts. */
export function formatDate(ymd: string | null | undefined, fallback = '—'): string {
  if (!ymd) return fallback;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ymd);
  if (!m) return ymd;
  return getLocale() === 'zh' ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : `${m[3]}/${m[2]}/${m[1]}`;
}
