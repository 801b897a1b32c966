import { Badge } from 'antd';
import { useT } from '../../app/i18n.ts';
import { useEscalationCount } from './escalationCount.ts';

/** The count beside the menu's 督办 entry: open hazards escalated in the user's scope (nothing when none). */
export function EscalationBadge() {
  const t = useT();
  const count = useEscalationCount();
  if (!count) return null;
  return (
    <Badge
      count={count}
      overflowCount={99}
      size="small"
      className="ra-menu-badge"
      title={t('escalations.badge', { n: count })}
      data-testid="escalation-badge"
    />
  );
}
