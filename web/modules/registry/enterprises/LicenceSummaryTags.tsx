import { Tag } from 'antd';
import { licenceStatusLabels } from '../../../../domain/registry/registry.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import type { LicenceSummary } from './enterprises.api.ts';

/** An enterprise's licences at a glance: 有效 n, 临期 n, 过期 n, 暂停 n, 吊销 n — or 无许可证. */
export function LicenceSummaryTags({ summary }: { summary: LicenceSummary }) {
  const t = useT();
  const locale = useLocale();
  const label = (s: keyof typeof licenceStatusLabels, n: number) => `${licenceStatusLabels[s][locale]} ${n}`;
  const total = summary.valid + summary.expired + summary.suspended + summary.revoked;
  if (total === 0) return <span className="ra-muted">{t('enterprise.noLicence')}</span>;
  return (
    <span className="ra-tags">
      {summary.valid ? <Tag color="green">{label('valid', summary.valid)}</Tag> : null}
      {summary.expiringSoon ? (
        <Tag color="orange">{t('enterprise.expiringSoon', { n: summary.expiringSoon })}</Tag>
      ) : null}
      {summary.expired ? <Tag>{label('expired', summary.expired)}</Tag> : null}
      {summary.suspended ? <Tag color="orange">{label('suspended', summary.suspended)}</Tag> : null}
      {summary.revoked ? <Tag color="red">{label('revoked', summary.revoked)}</Tag> : null}
    </span>
  );
}
