import { Typography } from 'antd';
import { formatDate } from '../../../app/format.ts';
import { useT } from '../../../app/i18n.ts';
import type { HazardListItem } from '../hazards.api.ts';

/** 完成时限: red with 超期 N 天 when the hazard is open past it (the server's domain rule decides overdue). */
export function DeadlineCell({ hazard }: { hazard: Pick<HazardListItem, 'deadline' | 'overdue' | 'daysOverdue'> }) {
  const t = useT();
  if (!hazard.overdue) return <span>{formatDate(hazard.deadline)}</span>;
  return (
    <Typography.Text type="danger" data-overdue="true">
      {formatDate(hazard.deadline)}
      <div style={{ fontSize: 12, fontWeight: 600 }}>{t('hazards.overdueDays', { n: hazard.daysOverdue })}</div>
    </Typography.Text>
  );
}
