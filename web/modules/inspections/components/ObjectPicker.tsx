import { Select, Space } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { type InspectionObjectType, inspectionObjectTypeLabels } from '../../../../domain/inspections/inspections.ts';
import { http } from '../../../app/http.ts';
import { useLocale, useT } from '../../../app/i18n.ts';

/** An object of the register as the ledger pages pick it. */
export type PickedObject = {
  type: InspectionObjectType;
  id: string;
  name: string;
  address: string;
  /** Venue category, enterprise kind, vehicle kind, 'pipeline'; for a facility, its enterprise's id until resolved. */
  kind: string;
  regionName: string | null;
  /** The register's answer, for the facts it holds (a venue's floor, gas sources…). */
  raw: Record<string, unknown>;
};

const endpoints: Record<InspectionObjectType, string> = {
  venue: '/api/v1/venues',
  enterprise: '/api/v1/enterprises',
  facility: '/api/v1/facilities',
  pipeline: '/api/v1/pipeline-segments',
  vehicle: '/api/v1/vehicles',
};

type Row = Record<string, unknown> & { id: string };

function toPicked(type: InspectionObjectType, r: Row): PickedObject {
  const s = (k: string) => (typeof r[k] === 'string' ? (r[k] as string) : '');
  const ref = (k: string) => (r[k] && typeof r[k] === 'object' ? ((r[k] as { name?: string }).name ?? null) : null);
  switch (type) {
    case 'venue':
      return {
        type,
        id: r.id,
        name: s('name'),
        address: s('address'),
        kind: s('category'),
        regionName: s('regionName') || null,
        raw: r,
      };
    case 'enterprise':
      return {
        type,
        id: r.id,
        name: s('name'),
        address: s('address'),
        kind: s('kind'),
        regionName: s('regionName') || null,
        raw: r,
      };
    case 'facility':
      return {
        type,
        id: r.id,
        name: `${s('enterpriseName')}（${s('name')}）`,
        address: s('address'),
        kind: s('enterpriseId'),
        regionName: s('regionName') || null,
        raw: r,
      };
    case 'pipeline':
      return {
        type,
        id: r.id,
        name: [s('code'), s('name')].filter(Boolean).join(' '),
        address: ref('ownerEnterprise') ?? '',
        kind: 'pipeline',
        regionName: ref('region') ?? (s('regionName') || null),
        raw: r,
      };
    case 'vehicle':
      return {
        type,
        id: r.id,
        name: s('plate'),
        address: ref('enterprise') ?? '',
        kind: s('kind'),
        regionName: ref('region'),
        raw: r,
      };
  }
}

/** Searches one kind of object of the register as the user types (within the user's scope). */
export function useObjectSearch(type: InspectionObjectType, q: string) {
  const [options, setOptions] = useState<PickedObject[]>([]);
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);
  useEffect(() => {
    const id = ++latest.current;
    const timer = setTimeout(async () => {
      setLoading(true);
      try {
        const list = await http.get<{ items: Row[] }>(endpoints[type], { q: q || undefined, pageSize: 20 });
        if (id === latest.current) setOptions(list.items.map((r) => toPicked(type, r)));
      } catch {
        if (id === latest.current) setOptions([]);
      } finally {
        if (id === latest.current) setLoading(false);
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [type, q]);
  return { options, loading };
}

// Venues first: most inspections are of restaurants and other gas users.
const pickerTypes: readonly InspectionObjectType[] = ['venue', 'enterprise', 'facility', 'pipeline', 'vehicle'];

/**
 * The object of an inspection: its type, then a search of the register's list of that type.
 * Value is the picked object (or null).
 */
export function ObjectPicker({
  value,
  onChange,
  types = pickerTypes,
  disabled,
}: {
  value?: PickedObject | null;
  onChange?: (value: PickedObject | null) => void;
  types?: readonly InspectionObjectType[];
  disabled?: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const [type, setType] = useState<InspectionObjectType>(value?.type ?? types[0] ?? 'venue');
  const [q, setQ] = useState('');
  const { options, loading } = useObjectSearch(type, q);
  const all = useMemo(() => {
    const list = [...options];
    if (value && value.type === type && !list.some((o) => o.id === value.id)) list.unshift(value);
    return list;
  }, [options, value, type]);
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Select
        value={type}
        onChange={(v) => {
          setType(v);
          setQ('');
          onChange?.(null);
        }}
        options={types.map((ty) => ({ value: ty, label: inspectionObjectTypeLabels[ty][locale] }))}
        style={{ width: 120, flex: 'none' }}
        disabled={disabled}
        aria-label={t('inspections.objectType')}
      />
      <Select<string>
        value={value?.id}
        onChange={(id) => onChange?.(all.find((o) => o.id === id) ?? null)}
        showSearch={{ filterOption: false, onSearch: setQ }}
        loading={loading}
        placeholder={t('inspections.searchObject')}
        options={all.map((o) => ({
          value: o.id,
          // Two venues may share a name (restaurants of one chain): the address tells them apart.
          label: [o.address ? `${o.name}（${o.address}）` : o.name, o.regionName].filter(Boolean).join(' · '),
        }))}
        style={{ flex: 1, minWidth: 0 }}
        disabled={disabled}
        popupMatchSelectWidth={false}
        aria-label={t('inspections.pickObject')}
        data-testid="object-picker"
      />
    </Space.Compact>
  );
}
