import { Card, List, Tag } from 'antd';
import { useCallback } from 'react';
import { Link } from 'react-router';
import { useT } from '../../app/i18n.ts';
import { LoadError, PageHeader, PageLoading } from '../../app/PageState.tsx';
import { useSession } from '../../app/session.tsx';
import { useRequest } from '../../app/useRequest.ts';
import { hazardsApi } from '../hazards/index.ts';

/**
 * The home of a supervised party (issue 9.19): an enterprise its hazards and checks, a venue its
 * own state — its open hazards with their deadlines, and the way to its inspections.
 */
export function OwnHome() {
  const t = useT();
  const { me } = useSession();
  const scope = me?.roles.find((r) => r.scopeType === 'venue' || r.scopeType === 'enterprise');
  const { data, error, loading, reload } = useRequest(
    useCallback(
      // Offset paging (page 1) so the ledger counts the total; the first 50 by deadline are listed.
      () => hazardsApi.list({ status: 'open,rectifying,submitted', sort: 'deadline', page: 1, pageSize: 50 }),
      [],
    ),
  );
  if (error && !data) return <LoadError error={error} onRetry={reload} />;
  if (loading && !data) return <PageLoading />;
  const items = data?.items ?? [];
  return (
    <>
      <PageHeader title={scope?.scopeName ?? t('menu.home')} />
      <Card
        size="small"
        title={`${t('sv.myHazards')}（${data?.total ?? items.length}）`}
        extra={<Link to="/hazards">{t('sv.open')}</Link>}
      >
        <List
          size="small"
          locale={{ emptyText: t('sv.noHazards') }}
          dataSource={items}
          renderItem={(h) => (
            <List.Item>
              <Link to={`/hazards/${h.id}`} style={{ display: 'flex', gap: 8, width: '100%', flexWrap: 'wrap' }}>
                {h.severity === 'major' ? <Tag color="red">{t('sv.majorOpen')}</Tag> : null}
                <span style={{ flex: 1 }}>{h.description}</span>
                <span style={{ color: '#888' }}>
                  {t('sv.deadline')} {h.deadline}
                </span>
              </Link>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" style={{ marginTop: 12 }}>
        <Link to="/inspections">{t('sv.myInspections')}</Link>
      </Card>
    </>
  );
}
