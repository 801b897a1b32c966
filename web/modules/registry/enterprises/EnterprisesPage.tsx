import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Input, Popconfirm, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useCallback, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { type EnterpriseKind, enterpriseKindLabels } from '../../../../domain/registry/registry.ts';
import { errorText } from '../../../app/http.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { EmptyState, LoadError, PageHeader } from '../../../app/PageState.tsx';
import { useSession } from '../../../app/session.tsx';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { useRequest } from '../../../app/useRequest.ts';
import { enumLabel, enumOptions } from '../components/enumOptions.ts';
import { RegionTreeSelect } from '../components/RegionTreeSelect.tsx';
import { TabularActions } from '../components/TabularButtons.tsx';
import { EnterpriseFormDrawer } from './EnterpriseFormDrawer.tsx';
import { LicenceSummaryTags } from './LicenceSummaryTags.tsx';
import { type Enterprise, type EnterpriseDetail, type EnterpriseFilters, enterprisesApi } from './enterprises.api.ts';

/** 燃气企业: every enterprise in the gas chain within the user's scope, with its licences at a glance. */
export function EnterprisesPage() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { can } = useSession();
  const canManage = can('registry.manage');
  const [filters, setFilters] = useState<EnterpriseFilters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [drawer, setDrawer] = useState<{ enterprise: EnterpriseDetail | null } | null>(null);

  const set = (patch: Partial<EnterpriseFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  const { data, error, loading, reload } = useRequest(
    useCallback(() => enterprisesApi.list({ ...filters, page, pageSize }), [filters, page, pageSize]),
  );

  const edit = async (e: Enterprise) => {
    try {
      setDrawer({ enterprise: await enterprisesApi.get(e.id) });
    } catch (err) {
      message.error(errorText(err));
    }
  };
  const archive = async (e: Enterprise) => {
    try {
      await enterprisesApi.archive(e.id);
      message.success(t('registry.archivedDone'));
      reload();
    } catch (err) {
      message.error(errorText(err));
    }
  };

  const columns: TableColumnsType<Enterprise> = isMobile
    ? [
        {
          title: t('enterprise.name'),
          key: 'name',
          render: (_, e) => (
            <div>
              <Link to={`/registry/enterprises/${e.id}`} style={{ fontWeight: 500 }}>
                {e.name}
              </Link>
              <div className="ra-muted">
                {enumLabel(enterpriseKindLabels, e.kind, locale)} · {e.regionName}
              </div>
              <div style={{ marginTop: 4 }}>
                <LicenceSummaryTags summary={e.licenceSummary} />
              </div>
            </div>
          ),
        },
      ]
    : [
        {
          title: t('enterprise.name'),
          dataIndex: 'name',
          width: 260,
          render: (name: string, e) => (
            <>
              <Link to={`/registry/enterprises/${e.id}`}>{name}</Link>
              {e.archived ? <Tag style={{ marginInlineStart: 6 }}>{t('registry.archived')}</Tag> : null}
            </>
          ),
        },
        {
          title: t('enterprise.kind'),
          dataIndex: 'kind',
          width: 170,
          render: (k: EnterpriseKind) => enumLabel(enterpriseKindLabels, k, locale),
        },
        {
          title: t('enterprise.creditCode'),
          dataIndex: 'creditCode',
          width: 190,
          render: (c: string) => <span style={{ fontFamily: 'monospace' }}>{c}</span>,
        },
        { title: t('registry.region'), dataIndex: 'regionName', width: 130 },
        {
          title: t('enterprise.licenceSummary'),
          key: 'licences',
          width: 220,
          render: (_, e) => <LicenceSummaryTags summary={e.licenceSummary} />,
        },
        {
          title: t('enterprise.contactPhone'),
          dataIndex: 'contactPhone',
          width: 130,
          render: (p: string | null) => p ?? '—',
        },
      ];

  if (canManage && !isMobile) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 120,
      fixed: 'right',
      render: (_, e) =>
        e.archived ? null : (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => void edit(e)}>
              {t('common.edit')}
            </Button>
            <Popconfirm
              title={t('registry.archiveConfirm', { name: e.name })}
              okText={t('registry.archive')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => archive(e)}
            >
              <Button type="link" size="small" danger>
                {t('registry.archive')}
              </Button>
            </Popconfirm>
          </Space>
        ),
    });
  }

  const filtered = Object.values(filters).some((v) => v !== undefined);

  return (
    <>
      <PageHeader
        title={t('menu.enterprises')}
        extra={
          <Space wrap>
            <TabularActions kind="enterprises" title={t('menu.enterprises')} filters={filters} onImported={reload} />
            {canManage ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ enterprise: null })}>
                {t('enterprise.create')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Card>
        <div className="ra-toolbar">
          <Input.Search
            allowClear
            placeholder={t('enterprise.search')}
            style={{ width: isMobile ? '100%' : 260 }}
            maxLength={50}
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
          <RegionTreeSelect value={filters.regionId} onChange={(v) => set({ regionId: v })} style={{ width: 180 }} />
          <Select<EnterpriseKind>
            allowClear
            placeholder={t('registry.allKinds')}
            style={{ width: 200 }}
            value={filters.kind}
            onChange={(v) => set({ kind: v })}
            options={enumOptions(enterpriseKindLabels, locale)}
          />
          <Checkbox
            checked={filters.archived === true}
            onChange={(e) => set({ archived: e.target.checked || undefined })}
          >
            {t('registry.showArchived')}
          </Checkbox>
        </div>
        {error && !data ? (
          <LoadError error={error} onRetry={reload} />
        ) : (
          <Table<Enterprise>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items}
            loading={loading}
            scroll={isMobile ? undefined : { x: 1260 }}
            onRow={(e) => (isMobile ? { onClick: () => navigate(`/registry/enterprises/${e.id}`) } : {})}
            locale={{
              emptyText: loading ? <span /> : <EmptyState description={filtered ? t('common.noMatch') : undefined} />,
            }}
            pagination={{
              current: page,
              pageSize,
              total: data?.total ?? 0,
              showSizeChanger: !isMobile,
              size: isMobile ? 'small' : undefined,
              showTotal: (n) => t('common.total', { n }),
              onChange: (p, s) => {
                setPage(s !== pageSize ? 1 : p);
                setPageSize(s);
              },
            }}
          />
        )}
      </Card>
      <EnterpriseFormDrawer
        open={drawer !== null}
        enterprise={drawer?.enterprise}
        onClose={() => setDrawer(null)}
        onSaved={(saved) => {
          const created = !drawer?.enterprise;
          setDrawer(null);
          if (created) navigate(`/registry/enterprises/${saved.id}`);
          else reload();
        }}
      />
    </>
  );
}
