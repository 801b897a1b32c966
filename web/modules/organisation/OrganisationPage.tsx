import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Space, Table, type TableColumnsType, Tag, Tooltip } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { errorText } from '../../app/http.ts';
import { pick, useLocale, useT } from '../../app/i18n.ts';
import { EmptyState, LoadError, PageHeader, PageLoading } from '../../app/PageState.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { useRequest } from '../../app/useRequest.ts';
import { type Department, organisationApi, type Region } from './organisation.api.ts';
import { RegionFormModal, type RegionFormTarget } from './RegionFormModal.tsx';
import { childLevelLabel, levelLabel, type RegionNode, regionTree } from './regionTree.ts';
import { invalidateScopeOptions } from './scopeOptions.ts';

const levelColors: Record<Region['level'], string> = {
  province: 'magenta',
  city: 'purple',
  county: 'geekblue',
  township: 'cyan',
  community: 'green',
};

function RegionsCard() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useRequest(useCallback(() => organisationApi.regions(), []));
  const [target, setTarget] = useState<RegionFormTarget | null>(null);
  const tree = useMemo(() => regionTree(data ?? []), [data]);
  const canChangeAny = (data ?? []).some((r) => r.abilities.edit || r.abilities.archive || r.abilities.addChild);

  const archive = async (region: Region) => {
    try {
      await organisationApi.archiveRegion(region.id);
      message.success(t('org.archived'));
      invalidateScopeOptions();
      reload();
    } catch (err) {
      message.error(errorText(err));
    }
  };

  const addLabel = (r: Region) => t('org.addChild', { level: childLevelLabel(r.level, locale) });

  const columns: TableColumnsType<RegionNode> = [
    {
      title: t('org.name'),
      key: 'name',
      render: (_, r) => (
        <span className={r.archived ? 'ra-muted' : undefined}>
          {pick(r.name, r.nameEn, locale)}
          {r.archived ? <Tag style={{ marginInlineStart: 8 }}>{t('org.archivedTag')}</Tag> : null}
        </span>
      ),
    },
    {
      title: t('org.level'),
      key: 'level',
      width: isMobile ? 90 : 130,
      render: (_, r) => <Tag color={levelColors[r.level]}>{levelLabel(r.level, locale)}</Tag>,
    },
    ...(isMobile ? [] : [{ title: t('org.code'), dataIndex: 'code', width: 160 }]),
    ...(canChangeAny
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: isMobile ? 112 : 330,
            render: (_: unknown, r: RegionNode) => (
              <Space size={0} wrap>
                {r.abilities.addChild ? (
                  <Tooltip title={isMobile ? addLabel(r) : undefined}>
                    <Button
                      type="link"
                      size="small"
                      icon={<PlusOutlined />}
                      aria-label={addLabel(r)}
                      onClick={() => setTarget({ mode: 'create', parent: r })}
                    >
                      {isMobile ? null : addLabel(r)}
                    </Button>
                  </Tooltip>
                ) : null}
                {r.abilities.edit ? (
                  <Tooltip title={isMobile ? t('org.rename') : undefined}>
                    <Button
                      type="link"
                      size="small"
                      icon={<EditOutlined />}
                      aria-label={t('org.rename')}
                      onClick={() => setTarget({ mode: 'rename', region: r })}
                    >
                      {isMobile ? null : t('org.rename')}
                    </Button>
                  </Tooltip>
                ) : null}
                {r.abilities.archive ? (
                  <Popconfirm
                    title={t('org.archiveConfirm', { name: r.name })}
                    okText={t('org.archive')}
                    okButtonProps={{ danger: true }}
                    cancelText={t('common.cancel')}
                    onConfirm={() => archive(r)}
                  >
                    <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={t('org.archive')}>
                      {isMobile ? null : t('org.archive')}
                    </Button>
                  </Popconfirm>
                ) : null}
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={t('org.regions')}
      extra={data ? <span className="ra-muted">{t('common.total', { n: data.length })}</span> : null}
    >
      {error && !data ? (
        <LoadError error={error} onRetry={reload} />
      ) : loading && !data ? (
        <PageLoading />
      ) : (
        <Table<RegionNode>
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={tree}
          loading={loading}
          pagination={false}
          expandable={{ defaultExpandedRowKeys: tree.map((r) => r.id), indentSize: isMobile ? 10 : 20 }}
          locale={{ emptyText: <EmptyState /> }}
        />
      )}
      <RegionFormModal
        target={target}
        onClose={() => setTarget(null)}
        onSaved={() => {
          setTarget(null);
          invalidateScopeOptions();
          reload();
        }}
      />
    </Card>
  );
}

const kindColors: Record<Department['kind'], string> = { leading_group: 'red', office: 'orange', department: 'blue' };

function DepartmentsCard() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { data, error, loading, reload } = useRequest(useCallback(() => organisationApi.departments(), []));

  const columns: TableColumnsType<Department> = [
    {
      title: t('org.deptName'),
      key: 'name',
      render: (_, d) => (
        <span>
          {pick(d.name, d.nameEn, locale)}
          {isMobile ? <div className="ra-muted">{d.shortName}</div> : null}
        </span>
      ),
    },
    ...(isMobile ? [] : [{ title: t('org.deptShortName'), dataIndex: 'shortName', width: 180 }]),
    {
      title: t('org.deptKind'),
      key: 'kind',
      width: isMobile ? 96 : 140,
      render: (_, d) => <Tag color={kindColors[d.kind]}>{t(`org.kind.${d.kind}`)}</Tag>,
    },
  ];

  return (
    <Card
      title={t('org.departments')}
      style={{ marginTop: 12 }}
      extra={data ? <span className="ra-muted">{t('common.total', { n: data.length })}</span> : null}
    >
      {error && !data ? (
        <LoadError error={error} onRetry={reload} />
      ) : loading && !data ? (
        <PageLoading />
      ) : (
        <Table<Department>
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={data}
          loading={loading}
          pagination={false}
          locale={{ emptyText: <EmptyState /> }}
        />
      )}
    </Card>
  );
}

export function OrganisationPage() {
  const t = useT();
  return (
    <>
      <PageHeader title={t('menu.organisation')} />
      <RegionsCard />
      <DepartmentsCard />
    </>
  );
}
