import { Tag, Tooltip } from 'antd';
import type { SupplyStatus } from '../../../../domain/registry/registry.ts';
import { type VenueRiskFlagCode, venueRiskFlagInfo } from '../../../../domain/registry/venue-risk.ts';
import { useLocale, useT } from '../../../app/i18n.ts';

/** A venue's risk flags as tags, each with the plan clause it comes from (方案 三(四)2 …). */
export function RiskFlagTags({
  flags,
  supplyStatus,
  emptyText,
}: {
  flags: { code: VenueRiskFlagCode; ref: string }[];
  supplyStatus?: SupplyStatus;
  emptyText?: string;
}) {
  const t = useT();
  const locale = useLocale();
  if (flags.length === 0 && supplyStatus !== 'suspended')
    return emptyText ? <span className="ra-muted">{emptyText}</span> : null;
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
      {supplyStatus === 'suspended' ? <Tag color="red">{t('venue.suspended')}</Tag> : null}
      {flags.map((f) => (
        <Tooltip key={f.code} title={t('venue.planRef', { ref: f.ref })}>
          <Tag color="orange" style={{ marginInlineEnd: 0 }}>
            {venueRiskFlagInfo[f.code][locale]}
          </Tag>
        </Tooltip>
      ))}
    </span>
  );
}
