import { ApartmentOutlined, BankOutlined, EditOutlined, OrderedListOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Statistic, Steps, Tag } from 'antd';
import { lazy, type ReactNode, Suspense, useCallback, useEffect, useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { DashboardPage } from '../supervision/index.ts';
import { OwnHome } from '../supervision/index.ts';
import { rememberHome } from '../../app/early.ts';
import { formatDate } from '../../app/format.ts';
import { pick, useLocale, useT } from '../../app/i18n.ts';
import { EmptyState, LoadError, PageHeader, PageLoading } from '../../app/PageState.tsx';
import { useSession } from '../../app/session.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { useRequest } from '../../app/useRequest.ts';
import { EscalationSummary } from '../hazards/index.ts';
import { CampaignEditModal, type EditableCampaign } from '../organisation/index.ts';
import { overviewApi } from './overview.api.ts';

// Loaded when drawn: ECharts (about 480 kB) is then no part of the home page's own code, which the command dashboard's
// users (most of those who open it) load first.
const TasksBySectionChart = lazy(() =>
  import('./TasksBySectionChart.tsx').then((m) => ({ default: m.TasksBySectionChart })),
);

function Figure({ title, value, icon, color }: { title: string; value: number; icon: ReactNode; color: string }) {
  return (
    <Card size="small" style={{ height: '100%' }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
        <span
          style={{
            flex: 'none',
            width: 40,
            height: 40,
            borderRadius: 8,
            display: 'inline-flex',
            alignItems: 'center',
            justifyContent: 'center',
            fontSize: 20,
            color,
            background: `${color}14`,
          }}
        >
          {icon}
        </span>
        <Statistic title={title} value={value} />
      </div>
    </Card>
  );
}

/**
 * 首页 by role (issue 9.19): whoever steers (the office, leaders, townships, departments: supervision.read)
 * lands on the command dashboard in their scope; an enterprise or a venue on its own hazards; an
 * inspector on the field app; others (no figures to act on) on the campaign overview.
 */
export function OverviewPage() {
  const { can, me } = useSession();
  const scopes = me?.roles.map((r) => r.scopeType) ?? [];
  const dashboard = can('supervision.read');
  // The next start preloads this home's code, and for the dashboard its data (web/app/early.ts).
  useEffect(() => rememberHome(dashboard ? 'dashboard' : 'other'), [dashboard]);
  if (dashboard) return <DashboardPage escalations={can('hazard.read') ? <EscalationSummary /> : null} />;
  if (scopes.length > 0 && scopes.every((s) => s === 'venue' || s === 'enterprise') && can('hazard.read'))
    return <OwnHome />;
  if (me?.roles.length && me.roles.every((r) => r.role === 'inspector')) return <Navigate to="/field" replace />;
  if (me?.roles.length && me.roles.every((r) => r.role === 'delivery_worker')) return <Navigate to="/driver" replace />;
  return <CampaignOverview />;
}

function CampaignOverview() {
  const t = useT();
  const locale = useLocale();
  const { can } = useSession();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const { data, error, loading, reload } = useRequest(useCallback(() => overviewApi.get(), []));
  const [editing, setEditing] = useState<EditableCampaign | null>(null);
  const openSection = useCallback(
    (section: string) => navigate(`/plan/tasks?section=${encodeURIComponent(section)}`),
    [navigate],
  );

  if (error && !data) return <LoadError error={error} onRetry={reload} />;
  if (loading && !data) {
    return (
      <>
        <PageHeader title={t('menu.home')} />
        <Row gutter={[12, 12]}>
          {[0, 1, 2, 3].map((i) => (
            <Col key={i} xs={12} lg={6}>
              <Card size="small" loading />
            </Col>
          ))}
        </Row>
        <Card style={{ marginTop: 12 }}>
          <PageLoading />
        </Card>
      </>
    );
  }
  if (!data) return null;

  const campaign = data.campaign;
  const currentIndex = campaign ? campaign.phases.findIndex((p) => p.current) : -1;
  const figures = [
    {
      key: 'regions',
      title: t('overview.regions'),
      value: data.regions,
      icon: <ApartmentOutlined />,
      color: '#0b5cad',
    },
    {
      key: 'departments',
      title: t('overview.departments'),
      value: data.departments,
      icon: <BankOutlined />,
      color: '#13a8a8',
    },
    { key: 'tasks', title: t('overview.tasks'), value: data.tasks, icon: <OrderedListOutlined />, color: '#f08c00' },
    ...(data.users === null
      ? []
      : [{ key: 'users', title: t('overview.users'), value: data.users, icon: <TeamOutlined />, color: '#722ed1' }]),
  ];
  const span = 24 / figures.length;

  return (
    <>
      <PageHeader title={campaign ? pick(campaign.name, campaign.nameEn, locale) : t('menu.home')} />
      <Row gutter={[12, 12]}>
        {figures.map((f) => (
          <Col key={f.key} xs={12} lg={span}>
            <Figure title={f.title} value={f.value} icon={f.icon} color={f.color} />
          </Col>
        ))}
      </Row>

      {can('hazard.read') ? <EscalationSummary /> : null}

      <Card
        title={t('overview.campaign')}
        style={{ marginTop: 12 }}
        extra={
          campaign && can('campaign.manage') ? (
            <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(campaign)}>
              {t('overview.editCampaign')}
            </Button>
          ) : null
        }
      >
        {campaign ? (
          <Steps
            orientation={isMobile ? 'vertical' : 'horizontal'}
            size="small"
            current={currentIndex >= 0 ? currentIndex : campaign.phases.length}
            items={campaign.phases.map((p) => ({
              title: (
                <span>
                  {pick(p.name, p.nameEn, locale)}
                  {p.current ? (
                    <Tag color="processing" style={{ marginInlineStart: 8 }}>
                      {t('overview.currentPhase')}
                    </Tag>
                  ) : null}
                </span>
              ),
              content: `${formatDate(p.startsOn)} – ${p.endsOn ? formatDate(p.endsOn) : t('overview.ongoing')}`,
            }))}
          />
        ) : (
          <EmptyState description={t('overview.noCampaign')} />
        )}
      </Card>

      <Card title={t('overview.tasksBySection')} style={{ marginTop: 12 }}>
        {data.tasksBySection.length > 0 ? (
          <Suspense fallback={<PageLoading />}>
            <TasksBySectionChart
              rows={data.tasksBySection}
              onSelect={can('organisation.read') ? openSection : undefined}
            />
          </Suspense>
        ) : (
          <EmptyState />
        )}
      </Card>

      <CampaignEditModal
        campaign={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          reload();
        }}
      />
    </>
  );
}
