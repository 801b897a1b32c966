import { Select, Space, Tag } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { hazardStateLabels } from '../../../../domain/hazards/index.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { type HazardListItem, hazardsApi } from '../hazards.api.ts';

/** What a picked hazard tells the form (a 挂牌督办 order is for an open major hazard only). */
export type PickedHazard = Pick<
  HazardListItem,
  'id' | 'number' | 'objectName' | 'severity' | 'status' | 'regionName' | 'deadline' | 'listed'
>;

/**
 * Picks a hazard of the ledger in the user's scope: searched as the user types by number, object or
 * description (the ledger's own `q`), open ones by default, each option showing its number, object, level
 * and township. Value is the hazard's id; `onPick` hands the whole row to the form.
 */
export function HazardPicker({
  value,
  onChange,
  onPick,
  status = 'open,rectifying,submitted',
  id,
}: {
  value?: string;
  onChange?: (id: string | undefined) => void;
  onPick?: (h: PickedHazard | undefined) => void;
  /** The states offered (the ledger's `status` filter). */
  status?: string;
  id?: string;
}) {
  const t = useT();
  const locale = useLocale();
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<PickedHazard[]>([]);
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);
  useEffect(() => {
    const n = ++latest.current;
    const timer = setTimeout(async () => {
      setLoading(true);
      try {
        const list = await hazardsApi.list({ q: q.trim() || undefined, status, sort: 'open', pageSize: 20 });
        if (n === latest.current) setOptions(list.items);
      } catch {
        if (n === latest.current) setOptions([]);
      } finally {
        if (n === latest.current) setLoading(false);
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [q, status]);
  return (
    <Select
      id={id}
      showSearch
      allowClear
      filterOption={false}
      value={value}
      loading={loading}
      placeholder={t('hazards.picker.placeholder')}
      notFoundContent={loading ? null : t('hazards.picker.none')}
      onSearch={setQ}
      onChange={(v: string | undefined) => {
        onChange?.(v);
        onPick?.(options.find((o) => o.id === v));
      }}
      optionLabelProp="title"
      data-testid="hazard-picker"
      options={options.map((h) => ({
        value: h.id,
        title: `${h.number} ${h.objectName}`,
        label: (
          <Space size={4} wrap data-hazard={h.number}>
            <span>{h.number}</span>
            <span>{h.objectName}</span>
            <Tag color={h.severity === 'major' ? 'red' : 'default'}>{t(`hazards.severity.${h.severity}`)}</Tag>
            {h.listed ? <Tag color="volcano">{t('hazards.listed')}</Tag> : null}
            <span style={{ color: 'rgba(0,0,0,.45)' }}>
              {h.regionName ?? '—'} · {hazardStateLabels[h.status][locale]}
            </span>
          </Space>
        ),
      }))}
    />
  );
}
