import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Space, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { formatDate } from '../../app/format.ts';
import { downloadFile, errorText } from '../../app/http.ts';
import { useT } from '../../app/i18n.ts';
import { ListPage, ListTable } from '../../app/list/ListPage.tsx';
import { useList } from '../../app/list/useList.ts';
import { useSession } from '../../app/session.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { RegionPeriodFilters } from '../registry/index.ts';
import { SessionFormDrawer } from './SessionFormDrawer.tsx';
import { type Session, type SessionFilters, trainingApi } from './training.api.ts';

const detailPath = (id: string) => `/training/${id}`;

function unitOf(s: Session): string {
  return s.venue?.name ?? s.enterprise?.name ?? s.department?.name ?? s.region.name;
}

/** 安全培训: the sessions in scope (先培训、后上岗), with the export of their attendees and the sign-in sheet's template. */
export function TrainingPage() {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const { can } = useSession();
  const canManage = can('registry.manage');
  const [creating, setCreating] = useState(false);
  const list = useList<
    SessionFilters & { page: number; pageSize: number },
    Awaited<ReturnType<typeof trainingApi.list>>
  >(trainingApi.list, { types: { q: 'string', regionId: 'string', from: 'string', to: 'string', personId: 'string' } });
  const download = (url: string, name: string) =>
    downloadFile(url, name).catch((err: unknown) => void message.error(errorText(err)));

  const columns: TableColumnsType<Session> = [
    { title: t('training.heldOn'), dataIndex: 'heldOn', width: 110, render: (d: string) => formatDate(d) },
    {
      title: t('training.topic'),
      dataIndex: 'topic',
      render: (topic: string, s) => <Link to={detailPath(s.id)}>{topic}</Link>,
    },
    { title: t('training.organiser'), dataIndex: 'organiser', width: 180 },
    { title: t('training.trainer'), dataIndex: 'trainer', width: 100, render: (v: string | null) => v ?? '—' },
    { title: t('training.unit'), key: 'unit', width: 180, render: (_, s) => unitOf(s) },
    {
      title: t('training.counts'),
      key: 'counts',
      width: 110,
      render: (_, s) => `${s.attendeeCount} / ${s.passedCount}`,
    },
    {
      title: t('training.certificateValidUntil'),
      dataIndex: 'certificateValidUntil',
      width: 130,
      render: (d: string) => formatDate(d),
    },
  ];
  const mobileColumns: TableColumnsType<Session> = [
    {
      title: t('training.topic'),
      key: 'topic',
      render: (_, s) => (
        <div>
          <Link to={detailPath(s.id)} style={{ fontWeight: 500 }}>
            {s.topic}
          </Link>
          <div className="ra-muted">
            {formatDate(s.heldOn)} · {s.organiser}
          </div>
          <div style={{ marginTop: 4 }}>
            <Tag>{t('training.attendeeCount', { n: s.attendeeCount })}</Tag>
            <Tag color="green">{t('training.passedCount', { n: s.passedCount })}</Tag>
          </div>
        </div>
      ),
    },
  ];

  return (
    <ListPage
      title={t('training.title')}
      intro={<p className="ra-muted">{t('training.intro')}</p>}
      layout={isMobile ? 'split' : 'card'}
      error={list.error}
      hasData={list.data !== undefined}
      onRetry={list.reload}
      actions={
        <Space wrap>
          <Button
            icon={<DownloadOutlined />}
            onClick={() => void download(trainingApi.templateUrl, '培训签到表模板.xlsx')}
          >
            {t('training.template')}
          </Button>
          <Button
            icon={<DownloadOutlined />}
            onClick={() => void download(trainingApi.exportUrl(list.query), '培训记录.xlsx')}
          >
            {t('training.export')}
          </Button>
          {canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('training.create')}
            </Button>
          ) : null}
        </Space>
      }
      filters={
        <RegionPeriodFilters
          list={list}
          texts={{
            search: t('training.search'),
            region: t('training.region'),
            from: t('training.from'),
            to: t('training.to'),
          }}
        ></RegionPeriodFilters>
      }
    >
      <ListTable<Session>
        {...list.table}
        columns={columns}
        mobileColumns={mobileColumns}
        scrollX={1000}
        onOpen={(s) => navigate(detailPath(s.id))}
      />
      <SessionFormDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(s) => {
          setCreating(false);
          message.success(t('training.created'));
          navigate(detailPath(s.id));
        }}
      />
    </ListPage>
  );
}
