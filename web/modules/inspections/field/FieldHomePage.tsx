import { PlusOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, List, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { inspectionKindLabels, inspectionStatusLabels } from '../../../../domain/inspections/inspections.ts';
import { formatDate, formatDateTime } from '../../../app/format.ts';
import { NetworkError } from '../../../app/http.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { useRequest } from '../../../app/useRequest.ts';
import { type InspectionSummary, inspectionsApi } from '../inspections.api.ts';
import { type FieldDraft, fieldStore } from '../offline/store.ts';
import { FieldShell, useFieldIdentity } from './FieldShell.tsx';
import { prefetchForField } from './loadForField.ts';
import { OutboxList } from './OutboxList.tsx';

type Task = Pick<InspectionSummary, 'id' | 'kind' | 'status' | 'object' | 'plannedOn' | 'region'>;

/** The inspections still to do: from the server (and kept on the phone), or the phone's copies offline. */
async function loadTasks(): Promise<{ tasks: Task[]; offline: boolean }> {
  try {
    const [planned, started] = await Promise.all([
      inspectionsApi.list({ status: 'planned', pageSize: 50 }),
      inspectionsApi.list({ status: 'in_progress', pageSize: 50 }),
    ]);
    const tasks = [...planned.items, ...started.items];
    // Keep them for the field: each opens offline later.
    void prefetchForField(tasks.slice(0, 30).map((t) => t.id));
    return { tasks, offline: false };
  } catch (err) {
    if (!(err instanceof NetworkError || err instanceof TypeError)) throw err;
    const cached = await fieldStore.cachedInspections();
    return { tasks: cached.filter((c) => c.status !== 'signed'), offline: true };
  }
}

function TaskList() {
  const t = useT();
  const locale = useLocale();
  const load = useCallback(() => loadTasks(), []);
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
                {t('field.start')}
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
  const [drafts, setDrafts] = useState<FieldDraft[] | null>(null);
  useEffect(() => {
    void fieldStore.drafts().then((all) => setDrafts(all.filter((d) => d.state === 'draft')));
  }, []);
  if (!drafts || drafts.length === 0) return null;
  return (
    <Card size="small" title={t('field.drafts')} className="ra-field-section">
      <List
        size="small"
        dataSource={drafts}
        rowKey="key"
        renderItem={(d) => (
          <List.Item
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

function FieldHome() {
  const t = useT();
  const identity = useFieldIdentity();
  // An unplanned record plans the inspection too, so it needs both.
  const mayRecord =
    identity.permissions.includes('inspection.record') && identity.permissions.includes('inspection.plan');
  return (
    <>
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
      </Typography.Paragraph>
    </>
  );
}
