import type { Locale } from '../../../app/i18n.ts';

type Labels<T extends string> = Record<T, { zh: string; en: string }>;

/** Select options from a domain label table, in the table's order, in the user's language. */
export function enumOptions<T extends string>(labels: Labels<T>, locale: Locale): { value: T; label: string }[] {
  return (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value][locale] }));
}

/** One enumeration value's label in the user's language (the code itself if unknown). */
export function enumLabel<T extends string>(labels: Labels<T>, value: T | null | undefined, locale: Locale): string {
  if (!value) return '—';
  return labels[value]?.[locale] ?? value;
}
