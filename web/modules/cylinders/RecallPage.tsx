import { Alert, Card, Col, Progress, Row, Statistic, type TableColumnsType } from 'antd';
import { useCallback, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { cylinderLocationLabels } from '../../../domain/cylinders/cylinders.ts';
import { formatDateTime } from '../../app/format.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { ListTable } from '../../app/list/ListPage.tsx';
import { LoadError, PageHeader, PageLoading } from '../../app/PageState.tsx';
import { useRequest } from '../../app/useRequest.ts';
import { entryScope } from './BlacklistPage.tsx';
import { type Cylinder, cylindersApi } from './cylinders.api.ts';
import { StatusTag, cylinderPath } from './CylindersPage.tsx';

/**
 * 召回: every cylinder matching a blacklist entry in the user's scope, with its owner, its last known
 * place and status, and how far the recall has come (cylinders out of circulation: seized or scrapped).
 */
export function RecallPage() {
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const { data, error, loading, reload } = useRequest(useCallback(() => cylindersApi.recall(id, page), [id, page]));
  if (loading && !data) return <PageLoading />;
  if (error && !data) return <LoadError error={error} onRetry={reload} />;
  if (!data) return null;
  const share = data.total ? Math.round((data.recalled / data.total) * 100) : 100;
  const columns: TableColumnsType<Cylinder> = [
    {
      title: t('cylinder.code'),
      dataIndex: 'code',
      width: 150,
      render: (code: string) => (
        <Link className="ra-mono" to={cylinderPath(code)}>
          {code}
        </Link>
      ),
    },
    { title: t('cylinder.owner'), dataIndex: 'ownerName', width: 220 },
    { title: t('cylinder.status'), key: 'status', width: 90, render: (_, c) => <StatusTag status={c.status} /> },
    {
      title: t('cylinderRecall.lastPlace'),
      key: 'place',
      width: 200,
      render: (_, c) => (
        <div>
          <div>{c.location.label ?? cylinderLocationLabels[c.location.type][locale]}</div>
          <div className="ra-muted">{formatDateTime(c.lastSeenAt)}</div>
        </div>
      ),
    },
    { title: t('cylinder.batch'), dataIndex: 'batch', width: 110 },
    { title: t('cylinder.manufacturedOn'), dataIndex: 'manufacturedOn', width: 120 },
  ];
  const mobileColumns: TableColumnsType<Cylinder> = [
    {
      title: t('cylinder.code'),
      key: 'card',
      render: (_, c) => (
        <div>
          <Link className="ra-mono" to={cylinderPath(c.code)}>
            {c.code}
          </Link>{' '}
          <StatusTag status={c.status} />
          <div className="ra-muted">{c.ownerName}</div>
          <div className="ra-muted">
            {c.location.label ?? cylinderLocationLabels[c.location.type][locale]} · {formatDateTime(c.lastSeenAt)}
          </div>
        </div>
      ),
    },
  ];
  return (
    <>
      <PageHeader title={t('cylinderRecall.title')} />
      <Alert
        type={data.entry.active ? 'error' : 'info'}
        showIcon
        style={{ marginBottom: 12 }}
        title={entryScope(data.entry, t)}
        description={data.entry.basis}
      />
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={8}>
          <Card size="small">
            <Statistic title={t('cylinderRecall.total')} value={data.total} />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small">
            <Statistic title={t('cylinderRecall.recalled')} value={data.recalled} />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small">
            <Statistic
              title={t('cylinderRecall.outstanding')}
              value={data.outstanding}
              valueStyle={data.outstanding ? { color: '#c4271c' } : undefined}
            />
          </Card>
        </Col>
        <Col xs={24}>
          <Progress percent={share} status={share === 100 ? 'success' : 'active'} />
        </Col>
      </Row>
      <Card>
        <ListTable<Cylinder>
          items={data.items}
          loading={loading}
          columns={columns}
          mobileColumns={mobileColumns}
          scrollX={900}
          onOpen={(c) => navigate(cylinderPath(c.code))}
          emptyText={t('cylinderRecall.none')}
          pagination={{
            current: data.page,
            pageSize: data.pageSize,
            total: data.total,
            onChange: (p, s) => setPage({ page: p, pageSize: s }),
          }}
        />
      </Card>
    </>
  );
}
