import { CheckCircleOutlined, CloudSyncOutlined, DisconnectOutlined, WarningOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useT } from '../../../app/i18n.ts';
import { useSyncStatus } from '../offline/sync.ts';

/** 离线 / 待同步 N 条 / 已同步: the connection and the sync queue at a glance. */
export function SyncBadge({ owner, onClick }: { owner: string | null; onClick?: () => void }) {
  const t = useT();
  const s = useSyncStatus(owner);
  const problems = s.conflicts + s.failed;
  let tag: React.ReactNode;
  if (!s.online) {
    tag = (
      <Tag icon={<DisconnectOutlined />} color="default" className="ra-sync-tag">
        {t('sync.offline')}
        {s.pending > 0 ? ` · ${t('sync.pending', { n: s.pending })}` : ''}
      </Tag>
    );
  } else if (s.pending > 0) {
    tag = (
      <Tag icon={<CloudSyncOutlined spin={s.syncing} />} color="processing" className="ra-sync-tag">
        {t('sync.pending', { n: s.pending })}
      </Tag>
    );
  } else {
    tag = (
      <Tag icon={<CheckCircleOutlined />} color="success" className="ra-sync-tag">
        {t('sync.synced')}
      </Tag>
    );
  }
  return (
    <button
      type="button"
      className="ra-sync-badge"
      data-testid="sync-status"
      data-online={s.online ? 'true' : 'false'}
      data-pending={s.pending}
      onClick={onClick}
    >
      {tag}
      {problems > 0 ? (
        <Tooltip title={s.conflicts > 0 ? t('sync.conflictHint') : undefined}>
          <Tag icon={<WarningOutlined />} color="error" className="ra-sync-tag">
            {s.conflicts > 0 ? t('sync.conflicts', { n: s.conflicts }) : t('sync.failed', { n: s.failed })}
          </Tag>
        </Tooltip>
      ) : null}
    </button>
  );
}
