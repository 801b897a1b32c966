import { Badge } from 'antd';
import { useT } from '../../app/i18n.ts';
import { useCounts } from './counts.ts';

/** The count beside the menu's 待办 entry. */
export function TodoBadge() {
  const t = useT();
  const { todos } = useCounts();
  if (!todos) return null;
  return (
    <Badge
      count={todos}
      overflowCount={99}
      size="small"
      className="ra-menu-badge"
      title={t('todos.badge', { n: todos })}
      data-testid="todo-badge"
    />
  );
}

/** The notification bell's count beside the menu's 通知 entry (unread). */
export function UnreadBadge() {
  const t = useT();
  const { unread } = useCounts();
  if (!unread) return null;
  return (
    <Badge
      count={unread}
      overflowCount={99}
      size="small"
      className="ra-menu-badge"
      title={t('notifications.badge', { n: unread })}
      data-testid="unread-badge"
    />
  );
}
