import { LogoutOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Button, Card, List, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { inspectionKindLabels, inspectionStatusLabels } from '../../../../domain/inspections/inspections.ts';
import { formatDate, formatDateTime } from '../../../app/format.ts';
import { NetworkError } from '../../../app/http.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { useSession } from '../../../app/session.tsx';
import { useRequest } from '../../../app/useRequest.ts';
import { type InspectionSummary, inspectionsApi } from '../inspections.api.ts';
import { type FieldDraft, fieldStore } from '../offline/store.ts';
import { useSyncStatus } from '../offline/sync.ts';
import { refreshLimits } from './fieldLimits.ts';
import { fieldTaskAction, orderFieldTasks } from './fieldModel.ts';
import { FieldShell, useFieldIdentity } from './FieldShell.tsx';
import { prefetchForField } from './loadForField.ts';
import { OutboxList } from './OutboxList.tsx';

type Task = Pick<InspectionSummary, 'id' | 'kind' | 'status' | 'object' | 'plannedOn' | 'region'>;

/** The inspections still to do: from the server (and kept on the phone), or this person's copies offline. */
async function loadTasks(ownerId: string): Promise<{ tasks: Task[]; offline: boolean }> {
  try {
    const [planned, started] = await Promise.all([
      // Only what this person was sent to do: a venue manager is not offered the department's inspection of it.
      inspectionsApi.list({ status: 'planned', assignedToMe: 'true', pageSize: 50 }),
      inspectionsApi.list({ status: 'in_progress', assignedToMe: 'true', pageSize: 50 }),
    ]);
    const tasks = orderFieldTasks([...planned.items, ...started.items]);
    // Keep the limits and the tasks for the field: each opens offline later, and a record started
    // offline is judged by the limits fetched now.
    void refreshLimits(ownerId);
    void prefetchForField(
      ownerId,
      tasks.slice(0, 30).map((t) => t.id),
    );
    return { tasks, offline: false };
  } catch (err) {
    if (!(err instanceof NetworkError || err instanceof TypeError)) throw err;
    const cached = await fieldStore.cachedInspections(ownerId);
    return { tasks: orderFieldTasks(cached.filter((c) => c.status !== 'signed')), offline: true };
  }
}

function TaskList() {
  const t = useT();
  const locale = useLocale();
  const { userId } = useFieldIdentity();
  const load = useCallback(() => loadTasks(userId), [userId]);
  const { data, loading } = useRequest(load);
  return (
    <List
      loading={loading}
      dataSource={data?.tasks ?? []}
      locale={{ emptyText: t('inspections.noTasks') }}
      rowKey="id"
      renderItem={(task) => (
        <List.Item
          extra={
            <Link to={`/inspections/${task.id}/do`}>
              <Button type="primary" icon={<RightOutlined />}>
                {t(fieldTaskAction(task.status))}
              </Button>
            </Link>
          }
        >
          <List.Item.Meta
            title={task.object.name}
            description={
              <Space size={4} wrap>
                <Tag>{inspectionKindLabels[task.kind][locale]}</Tag>
                <Tag color={task.status === 'planned' ? 'blue' : 'orange'}>
                  {inspectionStatusLabels[task.status][locale]}
                </Tag>
                <span>{task.plannedOn ? formatDate(task.plannedOn) : ''}</span>
              </Space>
            }
          />
        </List.Item>
      )}
    />
  );
}

function Drafts() {
  const t = useT();
  const { userId } = useFieldIdentity();
  const [drafts, setDrafts] = useState<FieldDraft[] | null>(null);
  useEffect(() => {
    let live = true;
    void fieldStore.drafts(userId).then((all) => {
      if (live) setDrafts(all.filter((d) => d.state === 'draft'));
    });
    return () => {
      live = false;
    };
  }, [userId]);
  if (!drafts || drafts.length === 0) return null;
  return (
    <Card size="small" title={t('field.drafts')} className="ra-field-section" data-testid="field-drafts">
      <List
        size="small"
        dataSource={drafts}
        rowKey="key"
        renderItem={(d) => (
          <List.Item
            data-testid="field-draft"
            extra={
              <Link
                to={
                  d.inspectionId ? `/inspections/${d.inspectionId}/do` : `/field/new?draft=${encodeURIComponent(d.key)}`
                }
              >
                <Button size="small">{t('field.start')}</Button>
              </Link>
            }
          >
            <List.Item.Meta title={d.label} description={formatDateTime(d.updatedAt)} />
          </List.Item>
        )}
      />
    </Card>
  );
}

/** /field — the inspector's home on the phone: the sync queue, drafts kept here, and the inspections to do. */
export function FieldHomePage() {
  const t = useT();
  return (
    <FieldShell title={t('field.home')} back="/">
      <FieldHome />
    </FieldShell>
  );
}

/**
 * Records other accounts left on this (shared) phone: only how many, so nobody thinks they are
 * lost; they are sent when their owner signs in here again.
 */
function OtherAccounts() {
  const t = useT();
  const { othersUnsynced } = useSyncStatus(useFieldIdentity().userId);
  if (othersUnsynced === 0) return null;
  return (
    <Alert
      type="info"
      showIcon
      className="ra-field-section"
      data-testid="other-accounts"
      data-count={othersUnsynced}
      title={t('field.otherAccounts', { n: othersUnsynced })}
      description={t('field.otherAccountsHint')}
    />
  );
}

function FieldHome() {
  const t = useT();
  const { logout } = useSession();
  const identity = useFieldIdentity();
  // An unplanned record plans the inspection too, so it needs both.
  const mayRecord =
    identity.permissions.includes('inspection.record') && identity.permissions.includes('inspection.plan');
  return (
    <>
      <OtherAccounts />
      <Card size="small" title={t('field.outbox')} className="ra-field-section">
        <OutboxList />
      </Card>
      <Drafts />
      <Card
        size="small"
        title={t('field.tasks')}
        className="ra-field-section"
        extra={
          mayRecord && !identity.offline ? (
            <Link to="/field/new">
              <Button size="small" icon={<PlusOutlined />}>
                {t('field.newOnSite')}
              </Button>
            </Link>
          ) : null
        }
      >
        <TaskList />
      </Card>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
        {identity.displayName}
        {identity.offline ? null : (
          // On a shared phone: sign out here; this person's unsynced records stay, unseen by the next one.
          <Button
            type="link"
            size="small"
            icon={<LogoutOutlined />}
            onClick={() => void logout()}
            data-testid="field-logout"
          >
            {t('user.logout')}
          </Button>
        )}
      </Typography.Paragraph>
    </>
  );
}
