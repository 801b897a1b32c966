import { Select } from 'antd';
import { http } from '../../../app/http.ts';
import { useT } from '../../../app/i18n.ts';
import { useRegisterSearch } from './useRegisterSearch.ts';

type Option = { id: string; name: string; address: string };

/**
 * A venue picker searching the register as the user types (GET /api/v1/venues, within the user's
 * scope: a venue manager sees its own venue only). Works inside an antd Form.Item.
 */
export function VenueSelect({
  value,
  onChange,
  initial,
  disabled,
  id,
}: {
  /** Given by the enclosing Form.Item, so its label names the field. */
  id?: string;
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** The current venue, shown before any search (an edit form's value). */
  initial?: Option | null;
  disabled?: boolean;
}) {
  const t = useT();
  const { options, loading, setQ } = useRegisterSearch<Option>(
    async (q) => (await http.get<{ items: Option[] }>('/api/v1/venues', { q: q || undefined, pageSize: 20 })).items,
    '',
    initial,
  );
  const all = options.map((o) => ({ value: o.id, label: o.address ? `${o.name}（${o.address}）` : o.name }));

  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={loading}
      options={all}
      allowClear
      disabled={disabled}
      placeholder={t('person.venuePick')}
      notFoundContent={loading ? null : t('common.empty')}
      data-testid="venue-select"
    />
  );
}
