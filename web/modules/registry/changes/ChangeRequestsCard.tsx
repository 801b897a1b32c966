import { EditOutlined } from '@ant-design/icons';
import { App, Button, Card, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { formatDateTime } from '../../../app/format.ts';
import { errorText } from '../../../app/http.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { LoadError } from '../../../app/PageState.tsx';
import { useRequest } from '../../../app/useRequest.ts';
import { type RegistryChange, changesApi } from './changes.api.ts';
import { describeChange } from './describeChange.ts';
import { type ChangeSubject, ProposeChangeDrawer } from './ProposeChangeDrawer.tsx';

const statusColor: Record<RegistryChange['status'], string> = {
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
};

/**
 * 变更申请 on a venue's or an enterprise's page (issue 9.4): its requests with their state and the regulator's note,
 * and, for the supervised party itself, the button to request a change of what the regulator registers. A pipeline
 * segment's page lists the corrections its inspections opened (issue 10.1); nobody proposes for a segment.
 */
export function ChangeRequestsCard({
  subject,
  canPropose,
  onDecided,
}: {
  subject: ChangeSubject | { type: 'pipeline'; id: string };
  /** The party itself (not a regulator, who edits directly). */
  canPropose: boolean;
  onDecided?: () => void;
}) {
  const t = useT();
  const locale = useLocale();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const load = useCallback(
    () =>
      changesApi.list(
        subject.type === 'venue' || subject.type === 'pipeline'
          ? { subjectId: subject.id }
          : { enterpriseId: subject.id },
      ),
    [subject.type, subject.id],
  );
  const { data, error, loading, reload } = useRequest(load);
  const items = data?.items ?? [];
  if (!canPropose && items.length === 0 && !error) return null;

  const withdraw = async (c: RegistryChange) => {
    try {
      await changesApi.withdraw(c.id);
      message.success(t('changes.withdrawn'));
      reload();
    } catch (err) {
      message.error(errorText(err));
    }
  };

  return (
    <Card
      size="small"
      title={t('changes.title')}
      data-testid="change-requests"
      extra={
        canPropose ? (
          <Button size="small" icon={<EditOutlined />} onClick={() => setOpen(true)}>
            {t('changes.propose')}
          </Button>
        ) : null
      }
    >
      {error ? (
        <LoadError error={error} onRetry={reload} />
      ) : (
        <List<RegistryChange>
          size="small"
          loading={loading}
          dataSource={items}
          locale={{ emptyText: t('changes.none') }}
          rowKey="id"
          renderItem={(c) => (
            <List.Item
              data-testid="change-request"
              actions={
                c.abilities.withdraw
                  ? [
                      <Popconfirm key="w" title={t('changes.withdrawConfirm')} onConfirm={() => withdraw(c)}>
                        <Button size="small">{t('changes.withdraw')}</Button>
                      </Popconfirm>,
                    ]
                  : undefined
              }
            >
              <Space orientation="vertical" size={2} style={{ minWidth: 0, wordBreak: 'break-word' }}>
                <Space wrap size={4}>
                  <Tag color={statusColor[c.status]}>{t(`changes.status.${c.status}`)}</Tag>
                  <Typography.Text strong>{c.subjectName}</Typography.Text>
                </Space>
                {describeChange(c, t, locale).map((d) => (
                  <span key={d.field}>
                    {d.field}：{d.from !== null ? `${d.from} → ` : ''}
                    <Typography.Text strong>{d.to}</Typography.Text>
                  </span>
                ))}
                <span className="ra-muted">
                  {t('changes.reason')}：{c.reason}
                </span>
                {c.sourceInspectionId ? (
                  <Link to={`/inspections/${c.sourceInspectionId}`} data-testid="change-source-inspection">
                    {t('changes.fromInspection')}
                  </Link>
                ) : null}
                <span className="ra-muted">
                  {t('changes.proposedBy', { name: c.proposedBy.name, at: formatDateTime(c.proposedAt) })}
                </span>
                {c.decidedBy ? (
                  <span className="ra-muted">
                    {t('changes.decidedBy', { name: c.decidedBy.name, at: formatDateTime(c.decidedAt) })}
                  </span>
                ) : null}
                {c.decisionNote ? (
                  <span data-testid="change-note">
                    {t('changes.note')}：{c.decisionNote}
                  </span>
                ) : null}
              </Space>
            </List.Item>
          )}
        />
      )}
      {canPropose && subject.type !== 'pipeline' ? (
        <ProposeChangeDrawer
          open={open}
          subject={subject}
          onClose={() => setOpen(false)}
          onProposed={() => {
            setOpen(false);
            reload();
            onDecided?.();
          }}
        />
      ) : null}
    </Card>
  );
}
