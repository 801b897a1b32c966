import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Space, Tag } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useT } from '../../../app/i18n.ts';
import { PageHeader } from '../../../app/PageState.tsx';
import { ArchiveConfirm } from './RegistryListPage.tsx';

/**
 * The head of a register record's page: ← back to the list, the name with its tags and 已归档, then
 * the page's own actions, 编辑 and 归档 (with its confirmation) for a user who may.
 */
export function RegistryDetailHeader({
  back,
  name,
  archived,
  tags,
  actions,
  onEdit,
  edit,
  primaryEdit,
  moreActions,
  onArchive,
}: {
  /** The list's path. */
  back: string;
  name: string;
  archived: boolean;
  /** After the name (status tags). */
  tags?: ReactNode;
  /** Before 编辑 (links elsewhere). */
  actions?: ReactNode;
  onEdit?: (() => void) | null;
  /** The edit button's text and icon (default 编辑). */
  edit?: { label?: string; icon?: ReactNode };
  primaryEdit?: boolean;
  /** Between 编辑 and 归档. */
  moreActions?: ReactNode;
  onArchive?: (() => void | Promise<void>) | null;
}) {
  const t = useT();
  return (
    <PageHeader
      title={
        <Space wrap size={8}>
          <Link to={back} aria-label={t('registry.back')}>
            <ArrowLeftOutlined />
          </Link>
          {name}
          {tags}
          {archived ? <Tag>{t('registry.archived')}</Tag> : null}
        </Space>
      }
      extra={
        <Space wrap>
          {actions}
          {onEdit ? (
            <Button type={primaryEdit ? 'primary' : undefined} icon={edit?.icon} onClick={onEdit}>
              {edit?.label ?? t('common.edit')}
            </Button>
          ) : null}
          {moreActions}
          {onArchive ? (
            <ArchiveConfirm name={name} onConfirm={onArchive}>
              <Button danger>{t('registry.archive')}</Button>
            </ArchiveConfirm>
          ) : null}
        </Space>
      }
    />
  );
}
