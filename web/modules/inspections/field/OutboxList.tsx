import { Button, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { formatDateTime } from '../../../app/format.ts';
import { errorText, ApiError } from '../../../app/http.ts';
import { useT } from '../../../app/i18n.ts';
import type { OutboxEntry } from '../offline/store.ts';
import { discardEntry, retryEntry, syncNow, useSyncStatus } from '../offline/sync.ts';
import { useFieldIdentity } from './FieldShell.tsx';

const stateColor = { pending: 'processing', synced: 'success', conflict: 'error', failed: 'warning' } as const;

function entryError(entry: OutboxEntry): string | null {
  if (!entry.lastError) return null;
  const e = entry.lastError;
  if (e.code === 'network') return errorText(new TypeError('network'));
  return errorText(new ApiError(e.status ?? 0, e.code, e.message, null, null));
}

/** This person's sync queue on the phone: what waits, what went through, what the server refused and why. */
export function OutboxList() {
  const t = useT();
  const s = useSyncStatus(useFieldIdentity().userId);
  if (s.entries.length === 0) return <Typography.Text type="secondary">{t('sync.empty')}</Typography.Text>;
  return (
    <>
      <Button onClick={() => void syncNow(true)} loading={s.syncing} disabled={!s.online} style={{ marginBottom: 8 }}>
        {t('sync.now')}
      </Button>
      <List
        size="small"
        bordered
        dataSource={[...s.entries].reverse()}
        rowKey="clientId"
        renderItem={(entry) => {
          const err = entry.state === 'synced' ? null : entryError(entry);
          return (
            <List.Item data-testid="outbox-entry" data-state={entry.state}>
              <div style={{ width: '100%' }}>
                <Space wrap size={6}>
                  <Tag color={stateColor[entry.state]}>{t(`sync.state.${entry.state}`)}</Tag>
                  <strong>{entry.label}</strong>
                </Space>
                <div className="ra-field-item-meta" style={{ marginTop: 4, marginBottom: 0 }}>
                  {t('sync.queuedAt', { time: formatDateTime(entry.queuedAt) })}
                  {entry.attempts > 0 && entry.state !== 'synced'
                    ? ` · ${t('sync.attempts', { n: entry.attempts })}`
                    : ''}
                  {entry.state === 'pending' && entry.nextAttemptAt
                    ? ` · ${t('sync.nextAttempt', { time: formatDateTime(entry.nextAttemptAt) })}`
                    : ''}
                </div>
                {entry.state === 'conflict' ? (
                  <Typography.Text type="danger">{t('sync.conflictHint')}</Typography.Text>
                ) : err ? (
                  <Typography.Text type={entry.state === 'failed' ? 'danger' : 'secondary'}>{err}</Typography.Text>
                ) : null}
                <Space style={{ marginTop: 6 }} wrap>
                  {entry.state === 'synced' && entry.syncedInspectionId ? (
                    <Link to={`/inspections/${entry.syncedInspectionId}`}>
                      <Button size="small" type="primary">
                        {t('sync.openRecord')}
                      </Button>
                    </Link>
                  ) : null}
                  {entry.state === 'failed' ? (
                    <Button size="small" onClick={() => void retryEntry(entry.clientId)}>
                      {t('sync.retry')}
                    </Button>
                  ) : null}
                  {entry.state !== 'pending' ? (
                    <Popconfirm title={t('sync.discardConfirm')} onConfirm={() => void discardEntry(entry.clientId)}>
                      <Button size="small" danger type="text">
                        {t('sync.discard')}
                      </Button>
                    </Popconfirm>
                  ) : null}
                </Space>
              </div>
            </List.Item>
          );
        }}
      />
    </>
  );
}
