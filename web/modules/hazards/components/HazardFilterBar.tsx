import { FilterOutlined } from '@ant-design/icons';
import { Badge, Button, Checkbox, Input, Select } from 'antd';
import { useMemo, useState } from 'react';
import { hazardStateLabels, hazardStates, severities } from '../../../../domain/hazards/index.ts';
import { pick, useLocale, useT } from '../../../app/i18n.ts';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { useDepartments } from '../../inspections/index.ts';
import { RegionTreeSelect } from '../../registry/index.ts';
import type { HazardSort } from '../hazards.api.ts';
import type { LedgerQuery } from './useHazardFilters.ts';

const sorts: HazardSort[] = ['open', 'deadline', '-deadline', 'foundOn', '-foundOn', 'severity', 'number'];

/** Region, department, status, severity, overdue, campaign phase, text and sort of the ledger. */
export function HazardFilterBar({
  query,
  set,
  showStatus = true,
}: {
  query: LedgerQuery;
  set: (patch: Record<string, string | undefined>) => void;
  showStatus?: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const [open, setOpen] = useState(false);
  const departments = useDepartments();
  const active = [
    query.regionId,
    query.departmentId,
    query.status,
    query.severity,
    query.phase,
    query.overdue,
    query.listed,
  ].filter(Boolean).length;
  const departmentOptions = useMemo(
    () =>
      (departments.data ?? [])
        .filter((d) => d.kind === 'department')
        .map((d) => ({ value: d.id, label: pick(d.shortName || d.name, d.nameEn, locale) })),
    [departments.data, locale],
  );
  const search = (
    <Input.Search
      allowClear
      defaultValue={query.q}
      placeholder={t('hazards.filter.text')}
      onSearch={(v) => set({ q: v.trim() || undefined })}
      style={{ width: isMobile ? undefined : 220, flex: isMobile ? 1 : undefined }}
      aria-label={t('hazards.filter.text')}
    />
  );
  // On a phone the filters fold under one button, so the ledger itself stays in view.
  if (isMobile && !open) {
    return (
      <div style={{ display: 'flex', gap: 8, marginBottom: 12 }}>
        {search}
        <Badge count={active} size="small">
          <Button icon={<FilterOutlined />} onClick={() => setOpen(true)}>
            {t('hazards.filter.more')}
          </Button>
        </Badge>
      </div>
    );
  }
  return (
    <div className="ra-toolbar">
      {search}
      <RegionTreeSelect
        value={query.regionId}
        onChange={(v) => set({ regionId: v })}
        placeholder={t('hazards.filter.region')}
        style={{ minWidth: 150 }}
      />
      <Select
        allowClear
        showSearch
        optionFilterProp="label"
        placeholder={t('hazards.filter.department')}
        value={query.departmentId}
        onChange={(v) => set({ departmentId: v })}
        options={departmentOptions}
        style={{ minWidth: 140 }}
        aria-label={t('hazards.filter.department')}
      />
      {showStatus ? (
        <Select
          mode="multiple"
          allowClear
          placeholder={t('hazards.filter.status')}
          value={query.status ? query.status.split(',') : []}
          onChange={(v: string[]) => set({ status: v.length ? v.join(',') : undefined })}
          options={hazardStates.map((s) => ({ value: s, label: hazardStateLabels[s][locale] }))}
          style={{ minWidth: 150 }}
          maxTagCount="responsive"
          aria-label={t('hazards.filter.status')}
        />
      ) : null}
      <Select
        allowClear
        placeholder={t('hazards.filter.severity')}
        value={query.severity}
        onChange={(v) => set({ severity: v })}
        options={severities.map((s) => ({ value: s, label: t(`hazards.severity.${s}`) }))}
        style={{ minWidth: 100 }}
        aria-label={t('hazards.filter.severity')}
      />
      <Select
        allowClear
        placeholder={t('hazards.filter.listed')}
        value={query.listed}
        onChange={(v) => set({ listed: v })}
        options={[
          { value: 'true', label: t('hazards.filter.listed.true') },
          { value: 'false', label: t('hazards.filter.listed.false') },
        ]}
        style={{ minWidth: 120 }}
        aria-label={t('hazards.filter.listed')}
      />
      <Select
        allowClear
        placeholder={t('hazards.filter.phase')}
        value={query.phase}
        onChange={(v) => set({ phase: v })}
        options={(['intensive', 'consolidation', 'long_term'] as const).map((p) => ({
          value: p,
          label: t(`campaign.phase.${p}`),
        }))}
        style={{ minWidth: 130 }}
        aria-label={t('hazards.filter.phase')}
      />
      <Select
        value={query.sort}
        onChange={(v) => set({ sort: v === 'open' ? undefined : v })}
        options={sorts.map((s) => ({ value: s, label: t(`hazards.sort.${s}`) }))}
        style={{ minWidth: 150 }}
        aria-label={t('hazards.sort')}
      />
      <Checkbox
        checked={query.overdue === 'true'}
        onChange={(e) => set({ overdue: e.target.checked ? 'true' : undefined })}
      >
        {t('hazards.filter.overdue')}
      </Checkbox>
    </div>
  );
}
