import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Input, Select, Space, Tabs } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  LICENCE_EXPIRY_WARNING_DAYS,
  type LicenceKind,
  type LicenceStatus,
  licenceKindLabels,
  licenceStatusLabels,
} from '../../../../domain/registry/registry.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { LoadError, PageHeader } from '../../../app/PageState.tsx';
import { useSession } from '../../../app/session.tsx';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { useRequest } from '../../../app/useRequest.ts';
import { EnterpriseSelect } from '../components/EnterpriseSelect.tsx';
import { enumOptions } from '../components/enumOptions.ts';
import { RegionTreeSelect } from '../components/RegionTreeSelect.tsx';
import { TabularActions } from '../components/TabularButtons.tsx';
import { LicenceDetailDrawer } from './LicenceDetailDrawer.tsx';
import { LicenceFormDrawer } from './LicenceFormDrawer.tsx';
import { LicencesTable } from './LicencesTable.tsx';
import { type LicenceFilters, licencesApi } from './licences.api.ts';

type Tab = 'all' | 'expiring';

/**
 * 许可证: every licence in the user's scope with its computed status, and a tab of those
 * expiring within 60 days (the list the responsible department works through).
 */
export function LicencesPage() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'expiring' ? 'expiring' : 'all';
  const [filters, setFilters] = useState<LicenceFilters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const set = (patch: Partial<LicenceFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  const effective = useMemo<LicenceFilters>(
    () =>
      tab === 'expiring' ? { ...filters, status: undefined, expiringWithinDays: LICENCE_EXPIRY_WARNING_DAYS } : filters,
    [tab, filters],
  );
  const { data, error, loading, reload } = useRequest(
    useCallback(() => licencesApi.list({ ...effective, page, pageSize }), [effective, page, pageSize]),
  );

  return (
    <>
      <PageHeader
        title={t('menu.licences')}
        extra={
          <Space wrap>
            <TabularActions kind="licences" title={t('menu.licences')} filters={effective} onImported={reload} />
            {can('registry.manage') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('licence.create')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => {
            setParams(k === 'expiring' ? { tab: 'expiring' } : {});
            setPage(1);
          }}
          items={[
            { key: 'all', label: t('licence.tab.all') },
            { key: 'expiring', label: t('licence.tab.expiring') },
          ]}
        />
        {tab === 'expiring' ? (
          <Alert
            type="warning"
            showIcon
            title={t('licence.expiringHint', { days: LICENCE_EXPIRY_WARNING_DAYS })}
            style={{ marginBottom: 12 }}
          />
        ) : null}
        <div className="ra-toolbar">
          <Input.Search
            allowClear
            placeholder={t('licence.search')}
            style={{ width: isMobile ? '100%' : 240 }}
            maxLength={50}
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
          <RegionTreeSelect value={filters.regionId} onChange={(v) => set({ regionId: v })} style={{ width: 180 }} />
          <Select<LicenceKind>
            allowClear
            placeholder={t('registry.allKinds')}
            style={{ width: 190 }}
            value={filters.kind}
            onChange={(v) => set({ kind: v })}
            options={enumOptions(licenceKindLabels, locale)}
          />
          {tab === 'all' ? (
            <Select<LicenceStatus>
              allowClear
              placeholder={t('registry.allStatuses')}
              style={{ width: 130 }}
              value={filters.status}
              onChange={(v) => set({ status: v })}
              options={enumOptions(licenceStatusLabels, locale)}
            />
          ) : null}
          <EnterpriseSelect
            placeholder={t('licence.enterprise')}
            value={filters.enterpriseId}
            onChange={(v) => set({ enterpriseId: v ?? undefined })}
            style={{ width: 220 }}
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
          <LicencesTable
            items={data?.items}
            loading={loading}
            onOpen={(l) => setOpenId(l.id)}
            emptyText={Object.values(effective).some((v) => v !== undefined) ? t('common.noMatch') : undefined}
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
      <LicenceDetailDrawer licenceId={openId} onClose={() => setOpenId(null)} onChanged={reload} />
      <LicenceFormDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(saved) => {
          setCreating(false);
          reload();
          setOpenId(saved.id);
        }}
      />
    </>
  );
}
