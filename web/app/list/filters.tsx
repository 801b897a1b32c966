import { DatePicker, Input, Select } from 'antd';
import dayjs from 'dayjs';
import type { CSSProperties } from 'react';
import { type Locale, useLocale } from '../i18n.ts';
import { useIsMobile } from '../useIsMobile.ts';
import type { ListState } from './useListState.ts';

type Filters<F> = Pick<ListState<F>, 'filters' | 'set'>;

/** A filter's width on a wide screen (a phone gives it the row). */
export const filterWidth = (isMobile: boolean, width: number | undefined): CSSProperties => ({
  width: isMobile ? undefined : width,
});

/** Select options from a domain label table, in the table's order, in the user's language. */
export function labelOptions<T extends string>(
  labels: Record<T, { zh: string; en: string }>,
  locale: Locale,
): { value: T; label: string }[] {
  return (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value][locale] }));
}

/** The search box of a filter bar (the server matches names, numbers, phones…); it shows the address's search. */
export function SearchFilter({
  list,
  placeholder,
  width,
}: {
  list: Filters<{ q?: string }>;
  placeholder: string;
  width: number;
}) {
  const isMobile = useIsMobile();
  return (
    <Input.Search
      // A new search in the address (Back, a link) shows in the box.
      key={list.filters.q ?? ''}
      defaultValue={list.filters.q}
      allowClear
      placeholder={placeholder}
      style={{ width: isMobile ? '100%' : width }}
      maxLength={50}
      onSearch={(v) => list.set({ q: v.trim() || undefined })}
    />
  );
}

/** A filter on one of a domain enum's values (labels in both languages). */
export function EnumFilter<K extends string>({
  labels,
  value,
  onChange,
  placeholder,
  width,
}: {
  labels: Record<K, { zh: string; en: string }>;
  value: K | undefined;
  onChange: (v: K | undefined) => void;
  placeholder: string;
  width: number;
}) {
  const locale = useLocale();
  const isMobile = useIsMobile();
  return (
    <Select<K>
      allowClear
      placeholder={placeholder}
      style={filterWidth(isMobile, width)}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      options={labelOptions(labels, locale)}
    />
  );
}

/** A yes / no filter (unset: either). */
export function YesNoFilter({
  value,
  onChange,
  placeholder,
  yes,
  no,
  width,
}: {
  value: boolean | undefined;
  onChange: (v: boolean | undefined) => void;
  placeholder: string;
  yes: string;
  no: string;
  width: number;
}) {
  const isMobile = useIsMobile();
  return (
    <Select<'yes' | 'no'>
      allowClear
      placeholder={placeholder}
      style={filterWidth(isMobile, width)}
      value={value === undefined ? undefined : value ? 'yes' : 'no'}
      onChange={(v) => onChange(v === undefined ? undefined : v === 'yes')}
      options={[
        { value: 'yes', label: yes },
        { value: 'no', label: no },
      ]}
    />
  );
}

/**
 * A period filter: from and to, kept in the address as YYYY-MM-DD. antd's date pickers in the app's locale
 * (zh_CN, set in root.tsx) show the day as YYYY-MM-DD, where a native date input shows the browser's format.
 */
export function PeriodFilter({
  list,
  fromLabel,
  toLabel,
  width = 150,
}: {
  list: Filters<{ from?: string; to?: string }>;
  fromLabel: string;
  toLabel: string;
  width?: number;
}) {
  const isMobile = useIsMobile();
  const picker = (day: string | undefined, label: string, set: (v: string | undefined) => void) => (
    <DatePicker
      aria-label={label}
      placeholder={label}
      format="YYYY-MM-DD"
      inputReadOnly={isMobile}
      style={{ width: isMobile ? '100%' : width }}
      value={day ? dayjs(day) : null}
      onChange={(d) => set(d ? d.format('YYYY-MM-DD') : undefined)}
    />
  );
  return (
    <>
      {picker(list.filters.from, fromLabel, (from) => list.set({ from }))}
      {picker(list.filters.to, toLabel, (to) => list.set({ to }))}
    </>
  );
}
