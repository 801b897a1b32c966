import {
  enterpriseKindLabels,
  gasOperationCategoryLabels,
  gasSourceLabels,
  licenceKindLabels,
  sellerChannelLabels,
  venueCategoryLabels,
  venueFloorLabels,
} from '../../../../domain/registry/registry.ts';
import { formatDate } from '../../../app/format.ts';
import type { Locale, MessageKey } from '../../../app/i18n.ts';
import type { RegistryChange } from './changes.api.ts';

type Labels = Record<string, { zh: string; en: string }>;

const fieldLabel: Record<string, MessageKey> = {
  regionId: 'registry.region',
  category: 'venue.category',
  sellerChannel: 'enterprise.sellerChannel',
  number: 'licence.number',
  scope: 'licence.scope',
  issuingBody: 'licence.issuingBody',
  validFrom: 'licence.validFrom',
  validTo: 'licence.validTo',
  // A correction opened by an inspection's site findings (issue 10.1).
  floor: 'venue.floor',
  highRiseBuilding: 'venue.highRiseBuilding',
  gasSources: 'venue.gasSources',
  contractTo: 'venue.contractTo',
  // A party's proposal of its venue's risk facts, or of its enterprise's name and credit code (issue 9.4).
  storedLpgKg: 'venue.storedLpgKg',
  hasCylinderRoom: 'venue.hasCylinderRoom',
  detectorInstalled: 'venue.detector',
  detectorInstalledOn: 'venue.detectorInstalledOn',
  shutoffValveInstalled: 'venue.shutoffValve',
  shutoffValveInstalledOn: 'venue.shutoffValveInstalledOn',
  name: 'enterprise.name',
  creditCode: 'enterprise.creditCode',
  // A pipeline segment's flags found on site.
  encroached: 'pipeline.encroached',
  confinedSpace: 'pipeline.confinedSpace',
};

/**
 * A proposal's changes as "field: current → proposed" lines in the user's language (regions by name, enumerations
 * by label, dates as 2026-01-31); a new licence has no current values.
 */
export function describeChange(
  c: Pick<RegistryChange, 'subjectType' | 'changes' | 'current' | 'regionNames'>,
  t: (key: MessageKey) => string,
  locale: Locale,
): { field: string; from: string | null; to: string }[] {
  const licence = c.subjectType === 'licence' || c.subjectType === 'new_licence';
  const show = (key: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    if (key === 'regionId') return c.regionNames[String(v)] || String(v);
    const labels: Labels | undefined =
      key === 'category'
        ? venueCategoryLabels
        : key === 'kind'
          ? licence
            ? licenceKindLabels
            : enterpriseKindLabels
          : key === 'sellerChannel'
            ? sellerChannelLabels
            : key === 'floor'
              ? venueFloorLabels
              : undefined;
    if (labels) return labels[String(v)]?.[locale] ?? String(v);
    if (key === 'categories' && Array.isArray(v))
      return v.map((x) => (gasOperationCategoryLabels as Labels)[String(x)]?.[locale] ?? String(x)).join('、') || '—';
    if (key === 'gasSources' && Array.isArray(v))
      return v.map((x) => (gasSourceLabels as Labels)[String(x)]?.[locale] ?? String(x)).join('、') || '—';
    if (typeof v === 'boolean') return t(v ? 'changes.yes' : 'changes.no');
    if (
      key === 'validFrom' ||
      key === 'validTo' ||
      key === 'contractTo' ||
      key === 'detectorInstalledOn' ||
      key === 'shutoffValveInstalledOn'
    )
      return formatDate(String(v));
    return String(v);
  };
  return Object.entries(c.changes).map(([key, to]) => ({
    field:
      key === 'kind'
        ? t(licence ? 'licence.kind' : 'enterprise.kind')
        : key === 'categories'
          ? t('changes.field.categories')
          : fieldLabel[key]
            ? t(fieldLabel[key])
            : key,
    from: c.subjectType === 'new_licence' ? null : show(key, c.current[key]),
    to: show(key, to),
  }));
}
