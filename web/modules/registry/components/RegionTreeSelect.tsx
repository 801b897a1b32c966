import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { pick, useLocale, useT } from '../../../app/i18n.ts';
import { useRequest } from '../../../app/useRequest.ts';
import { organisationApi } from '../../organisation/index.ts';
import { type RegionNode, regionTree } from '../../organisation/index.ts';

type TreeOption = { value: string; title: string; children?: TreeOption[] };

function toOptions(nodes: RegionNode[], locale: 'zh' | 'en'): TreeOption[] {
  return nodes.map((n) => ({
    value: n.id,
    title: pick(n.name, n.nameEn, locale),
    children: n.children ? toOptions(n.children, locale) : undefined,
  }));
}

let cached: Promise<Awaited<ReturnType<typeof organisationApi.regions>>> | null = null;

/** The caller's regions, fetched once per page load (they rarely change while a list is open). */
function loadRegions() {
  cached ??= organisationApi.regions().catch((err) => {
    cached = null;
    throw err;
  });
  return cached;
}

/**
 * A region picker over the regions the user may see (GET /api/v1/regions), as a tree. As a list
 * filter a region includes everything below it. Works inside an antd Form.Item (value/onChange).
 */
export function RegionTreeSelect({
  value,
  onChange,
  placeholder,
  allowClear = true,
  style,
  disabled,
  fallbackLabel,
}: {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  disabled?: boolean;
  /** Shown for a value that is not among the user's regions (e.g. an enterprise manager's own region). */
  fallbackLabel?: string;
}) {
  const t = useT();
  const locale = useLocale();
  const { data, loading } = useRequest(loadRegions);
  const treeData = useMemo(() => {
    const options = toOptions(regionTree(data ?? []), locale);
    if (value && fallbackLabel && !(data ?? []).some((r) => r.id === value))
      options.push({ value, title: fallbackLabel });
    return options;
  }, [data, locale, value, fallbackLabel]);
  return (
    <TreeSelect
      value={value ?? undefined}
      onChange={(v) => onChange?.((v as string | undefined) ?? undefined)}
      treeData={treeData}
      loading={loading}
      allowClear={allowClear}
      showSearch
      treeNodeFilterProp="title"
      treeDefaultExpandAll
      placeholder={placeholder ?? t('registry.allRegions')}
      style={style}
      disabled={disabled}
      popupMatchSelectWidth={false}
    />
  );
}
