import { Empty, Timeline, Typography } from 'antd';
import { useCallback } from 'react';
import { formatDateTime } from '../../app/format.ts';
import { http } from '../../app/http.ts';
import { isMessageKey, useT } from '../../app/i18n.ts';
import { LoadError, PageLoading } from '../../app/PageState.tsx';
import { useRequest } from '../../app/useRequest.ts';

type Entry = { seq: number; at: string; actorName: string; action: string; details: Record<string, unknown> | null };

/** The audit trail of one order, action or accident (GET /api/v1/supervision/:kind/:id/history), newest first. */
export function RecordHistory({
  kind,
  id,
  version,
}: {
  kind: 'orders' | 'actions' | 'accidents';
  id: string;
  version?: unknown;
}) {
  const t = useT();
  const { data, error, loading, reload } = useRequest(
    // biome-ignore lint/correctness/useExhaustiveDependencies: version reloads the trail after a step
    useCallback(
      () => http.get<{ items: Entry[] }>(`/api/v1/supervision/${kind}/${id}/history`, { limit: 50 }),
      [kind, id, version],
    ),
  );
  if (error && !data) return <LoadError error={error} onRetry={reload} />;
  if (!data) return loading ? <PageLoading rows={2} /> : null;
  if (data.items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sv.noHistory')} />;
  return (
    <Timeline
      items={data.items.map((e) => {
        const key = `auditAction.${e.action}`;
        const note = typeof e.details?.note === 'string' ? e.details.note : null;
        return {
          children: (
            <>
              <Typography.Text strong>{isMessageKey(key) ? t(key) : e.action}</Typography.Text>
              <div>
                <Typography.Text type="secondary">
                  {formatDateTime(e.at)} · {e.actorName}
                </Typography.Text>
              </div>
              {note ? <div>{note}</div> : null}
            </>
          ),
        };
      })}
    />
  );
}
