import { DatePicker, type FormInstance, Select, Tag, Tooltip } from 'antd';
import { ApiError, applyFormError, errorText } from '../../app/http.ts';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { enforcementApi } from './enforcement.api.ts';
import { pick, useT } from '../../app/i18n.ts';
import { useRequest } from '../../app/useRequest.ts';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { organisationApi, type Region } from '../organisation/index.ts';
import { useDepartments } from '../inspections/index.ts';
import { useLocale } from '../../app/i18n.ts';

let regionsCache: Promise<Region[]> | null = null;
const loadRegions = () => {
  regionsCache ??= organisationApi.regions().catch((err) => {
    regionsCache = null;
    throw err;
  });
  return regionsCache;
};

/** The townships (乡镇), by name, fetched once per page load (never by hard-coded code). */
export function useTownships() {
  const { data } = useRequest(loadRegions);
  return useMemo(() => (data ?? []).filter((r) => r.level === 'township'), [data]);
}

/** The member departments a case, referral or site may name (not the leading group). */
export function useMemberDepartments() {
  const { data } = useDepartments();
  return useMemo(() => (data ?? []).filter((d) => d.kind !== 'leading_group'), [data]);
}

export function DepartmentSelect({
  value,
  onChange,
  placeholder,
  width,
  mode,
  allowClear = true,
}: {
  value?: string | string[];
  onChange?: (v: string | string[] | undefined) => void;
  placeholder?: string;
  width?: number;
  mode?: 'multiple';
  allowClear?: boolean;
}) {
  const departments = useMemberDepartments();
  const locale = useLocale();
  const isMobile = useIsMobile();
  return (
    <Select
      value={value}
      onChange={onChange}
      mode={mode}
      allowClear={allowClear}
      placeholder={placeholder}
      style={{ width: isMobile || !width ? '100%' : width }}
      showSearch={{ optionFilterProp: 'label' }}
      options={departments.map((d) => ({ value: d.id, label: pick(d.shortName, d.nameEn, locale) }))}
    />
  );
}

export function TownshipSelect({
  value,
  onChange,
  placeholder,
  width,
}: {
  value?: string;
  onChange?: (v: string | undefined) => void;
  placeholder?: string;
  width?: number;
}) {
  const townships = useTownships();
  const locale = useLocale();
  const isMobile = useIsMobile();
  return (
    <Select
      value={value}
      onChange={onChange}
      allowClear
      placeholder={placeholder}
      style={{ width: isMobile || !width ? '100%' : width }}
      showSearch={{ optionFilterProp: 'label' }}
      options={townships.map((r) => ({ value: r.id, label: pick(r.name, r.nameEn, locale) }))}
    />
  );
}

/** A period filter (from / to, China calendar days) over two list filters. */
export function PeriodFilter({
  from,
  to,
  onChange,
}: {
  from?: string;
  to?: string;
  onChange: (from: string | undefined, to: string | undefined) => void;
}) {
  const isMobile = useIsMobile();
  return (
    <DatePicker.RangePicker
      inputReadOnly
      style={isMobile ? { width: '100%' } : undefined}
      value={from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : null}
      allowEmpty={[true, true]}
      onChange={(v) => onChange(v?.[0]?.format('YYYY-MM-DD'), v?.[1]?.format('YYYY-MM-DD'))}
    />
  );
}

/** 失信惩戒: a blacklisted enterprise or person, flagged wherever it appears. */
export function BlacklistFlag({ show = true }: { show?: boolean }) {
  const t = useT();
  if (!show) return null;
  return (
    <Tooltip title={t('blacklist.flagTip')}>
      <Tag color="red" data-testid="blacklist-flag">
        {t('blacklist.flag')}
      </Tag>
    </Tooltip>
  );
}

/**
 * A refusal on the form: a schema issue on its field, or a domain refusal naming its field
 * (`details.field`, renamed by `rename`) put under that field; else the text to show. Null when placed.
 */
export function formError(form: FormInstance, err: unknown, rename: Record<string, string> = {}): string | null {
  if (err instanceof ApiError && err.code !== 'validation.failed') {
    const field = (err.details as { field?: unknown } | null)?.field;
    if (typeof field === 'string') {
      const name = rename[field] ?? field;
      if (Object.keys(form.getFieldsValue() ?? {}).includes(name)) {
        form.setFields([{ name, errors: [errorText(err)] }]);
        return null;
      }
    }
    return errorText(err);
  }
  return applyFormError(form, err, {
    mapPath: (p) => (typeof p[0] === 'string' && rename[p[0]] ? [rename[p[0]]!, ...p.slice(1)] : p),
  });
}

/** Which of these enterprises are on a blacklist in force (for the flag next to their names). */
export function useBlacklistFlags(ids: (string | null | undefined)[]): Set<string> {
  const key = [...new Set(ids.filter((x): x is string => Boolean(x)))].sort().join(',');
  const [flags, setFlags] = useState<Set<string>>(new Set());
  useEffect(() => {
    if (!key) return setFlags(new Set());
    let live = true;
    enforcementApi
      .blacklistFlags(key.split(','))
      .then((r) => live && setFlags(new Set(r.enterpriseIds)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [key]);
  return flags;
}
