import { Button, Empty, Timeline, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { formatDateTime } from '../../../app/format.ts';
import { isMessageKey, useT } from '../../../app/i18n.ts';
import { LoadError, PageLoading } from '../../../app/PageState.tsx';
import { useRequest } from '../../../app/useRequest.ts';
import { http } from '../../../app/http.ts';
import { type AuditEvent, actorLabel } from '../../audit/index.ts';

const historyKinds: Record<string, string> = {
  enterprise: 'enterprises',
  licence: 'licences',
  facility: 'facilities',
  venue: 'venues',
  pipeline: 'pipeline-segments',
  person: 'people',
  vehicle: 'vehicles',
};

/**
 * The audit trail of one registered object (GET /api/v1/registry/:kind/:id/history: whoever sees
 * the object sees its history), newest first: who did what and when, with the fields an edit changed.
 */
export function AuditHistory({
  subjectType,
  subjectId,
  fieldLabels = {},
}: {
  subjectType: string;
  subjectId: string;
  /** Chinese names of the fields an edit lists (details.fields), e.g. { regionId: '所在区划' }. */
  fieldLabels?: Record<string, string>;
}) {
  const t = useT();
  const [limit, setLimit] = useState(20);
  const { data, error, loading, reload } = useRequest(
    useCallback(
      () =>
        http.get<{ items: AuditEvent[]; nextBefore: number | null }>(
          `/api/v1/registry/${historyKinds[subjectType] ?? subjectType}/${subjectId}/history`,
          { limit },
        ),
      [subjectType, subjectId, limit],
    ),
  );
  if (error && !data) return <LoadError error={error} onRetry={reload} />;
  if (!data) return loading ? <PageLoading rows={3} /> : null;
  if (data.items.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.noHistory')} />;
  const actionLabel = (e: AuditEvent) => {
    const key = `auditAction.${e.action}`;
    return isMessageKey(key) ? t(key) : e.action;
  };
  return (
    <>
      <Timeline
        items={data.items.map((e) => {
          const fields = Array.isArray(e.details?.fields) ? (e.details.fields as string[]) : [];
          const reason = typeof e.details?.reason === 'string' ? e.details.reason : null;
          return {
            key: e.seq,
            content: (
              <div>
                <Typography.Text strong>{actionLabel(e)}</Typography.Text>
                <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                  {actorLabel(e, t)} · {formatDateTime(e.at)}
                </Typography.Text>
                {fields.length ? (
                  <div className="ra-muted">
                    {t('registry.changedFields')}：{fields.map((f) => fieldLabels[f] ?? f).join('、')}
                  </div>
                ) : null}
                {reason ? (
                  <div className="ra-muted">
                    {t('licence.reason')}：{reason}
                  </div>
                ) : null}
              </div>
            ),
          };
        })}
      />
      {data.nextBefore !== null ? (
        <Button size="small" onClick={() => setLimit((n) => n + 20)}>
          {t('common.loadMore')}
        </Button>
      ) : null}
    </>
  );
}
