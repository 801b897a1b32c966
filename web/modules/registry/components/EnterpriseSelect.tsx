import { Select } from 'antd';
import type { EnterpriseKind } from '../../../../domain/registry/registry.ts';
import { http } from '../../../app/http.ts';
import { useT } from '../../../app/i18n.ts';
import { useRegisterSearch } from './useRegisterSearch.ts';

type Option = { id: string; name: string; creditCode: string };

/**
 * An enterprise picker that searches the register as the user types (GET /api/v1/enterprises,
 * within the user's scope), optionally limited to some kinds. Works inside an antd Form.Item.
 */
export function EnterpriseSelect({
  value,
  onChange,
  kinds,
  placeholder,
  allowClear = true,
  style,
  disabled,
  initial,
  id,
}: {
  /** Given by the enclosing Form.Item, so its label names the field. */
  id?: string;
  value?: string | null;
  onChange?: (value: string | null, option?: Option) => void;
  kinds?: readonly EnterpriseKind[];
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  disabled?: boolean;
  /** The current enterprise's name, shown before any search (an edit form's value). */
  initial?: Option | null;
}) {
  const t = useT();
  const kindKey = (kinds ?? []).join(',');
  const {
    options: all,
    loading,
    setQ,
  } = useRegisterSearch<Option>(
    async (q) =>
      (
        await Promise.all(
          (kindKey ? kindKey.split(',') : [undefined]).map((kind) =>
            http.get<{ items: Option[] }>('/api/v1/enterprises', { q: q || undefined, kind, pageSize: 20 }),
          ),
        )
      ).flatMap((l) => l.items),
    kindKey,
    initial,
  );

  return (
    <Select<string>
      id={id}
      value={value ?? undefined}
      onChange={(v) =>
        onChange?.(
          v ?? null,
          all.find((o) => o.id === v),
        )
      }
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={loading}
      allowClear={allowClear}
      placeholder={placeholder ?? t('network.enterpriseSearch')}
      style={style}
      disabled={disabled}
      options={all.map((o) => ({ value: o.id, label: o.name, title: o.creditCode }))}
      notFoundContent={loading ? null : undefined}
      popupMatchSelectWidth={false}
    />
  );
}
