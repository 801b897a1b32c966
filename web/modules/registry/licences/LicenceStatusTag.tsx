import { Tag } from 'antd';
import { type LicenceStatus, licenceStatusLabels } from '../../../../domain/registry/registry.ts';
import { type Translate, useLocale } from '../../../app/i18n.ts';

const colors: Record<LicenceStatus, string> = {
  valid: 'green',
  suspended: 'orange',
  revoked: 'red',
  expired: 'default',
};

/** 有效 green, 暂停 orange, 吊销 red, 过期 grey (the status is computed by the server). */
export function LicenceStatusTag({ status }: { status: LicenceStatus }) {
  const locale = useLocale();
  return <Tag color={colors[status]}>{licenceStatusLabels[status][locale]}</Tag>;
}

/** "还剩 12 天" in orange within the warning period, "已过期 3 天" in grey. */
export function DaysLeft({
  days,
  status,
  t,
  warnDays = 60,
}: {
  days: number | null;
  status: LicenceStatus;
  t: Translate;
  warnDays?: number;
}) {
  if (days === null || status === 'revoked') return <span className="ra-muted">—</span>;
  if (days < 0) return <span className="ra-muted">{t('licence.overdue', { n: -days })}</span>;
  const text = t('licence.daysLeftValue', { n: days });
  return days <= warnDays && status === 'valid' ? (
    <Tag color={days <= 15 ? 'red' : 'orange'}>{text}</Tag>
  ) : (
    <span>{text}</span>
  );
}
