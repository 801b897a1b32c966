import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Drawer, Input, Select, Space } from 'antd';
import { useCallback, useState } from 'react';
import { type FacilityKind, facilityKindLabels } from '../../../../domain/registry/registry.ts';
import { errorText } from '../../../app/http.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { LoadError, PageHeader } from '../../../app/PageState.tsx';
import { useSession } from '../../../app/session.tsx';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { useRequest } from '../../../app/useRequest.ts';
import { AuditHistory } from '../components/AuditHistory.tsx';
import { EnterpriseSelect } from '../components/EnterpriseSelect.tsx';
import { enumOptions } from '../components/enumOptions.ts';
import { RegionTreeSelect } from '../components/RegionTreeSelect.tsx';
import { TabularActions } from '../components/TabularButtons.tsx';
import { FacilitiesTable } from './FacilitiesTable.tsx';
import { FacilityFormDrawer } from './FacilityFormDrawer.tsx';
import { type Facility, type FacilityDetail, type FacilityFilters, facilitiesApi } from './facilities.api.ts';

/** Facility fields an edit may list in its audit entry. */
export function useFacilityFieldLabels() {
  const t = useT();
  return {
    kind: t('facility.kind'),
    name: t('facility.name'),
    regionId: t('registry.region'),
    address: t('registry.address'),
    lng: t('registry.lng'),
    lat: t('registry.lat'),
  };
}

/** 场站设施: filling stations, storage and supply stations, bottle shops of the enterprises in scope. */
export function FacilitiesPage() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const { can } = useSession();
  const canManage = can('registry.manage');
  const fieldLabels = useFacilityFieldLabels();
  const [filters, setFilters] = useState<FacilityFilters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [drawer, setDrawer] = useState<{ facility: FacilityDetail | null } | null>(null);
  const [history, setHistory] = useState<Facility | null>(null);

  const set = (patch: Partial<FacilityFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  const { data, error, loading, reload } = useRequest(
    useCallback(() => facilitiesApi.list({ ...filters, page, pageSize }), [filters, page, pageSize]),
  );

  const edit = async (f: Facility) => {
    try {
      setDrawer({ facility: await facilitiesApi.get(f.id) });
    } catch (err) {
      message.error(errorText(err));
    }
  };
  const archive = async (f: Facility) => {
    try {
      await facilitiesApi.archive(f.id);
      message.success(t('registry.archivedDone'));
      reload();
    } catch (err) {
      message.error(errorText(err));
    }
  };

  return (
    <>
      <PageHeader
        title={t('menu.facilities')}
        extra={
          <Space wrap>
            <TabularActions kind="facilities" title={t('menu.facilities')} filters={filters} onImported={reload} />
            {canManage ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ facility: null })}>
                {t('facility.create')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Card>
        <div className="ra-toolbar">
          <Input.Search
            allowClear
            placeholder={t('facility.search')}
            style={{ width: isMobile ? '100%' : 220 }}
            maxLength={50}
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
          <RegionTreeSelect value={filters.regionId} onChange={(v) => set({ regionId: v })} style={{ width: 180 }} />
          <Select<FacilityKind>
            allowClear
            placeholder={t('registry.allKinds')}
            style={{ width: 160 }}
            value={filters.kind}
            onChange={(v) => set({ kind: v })}
            options={enumOptions(facilityKindLabels, locale)}
          />
          <EnterpriseSelect
            placeholder={t('facility.enterprise')}
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
          <FacilitiesTable
            items={data?.items}
            loading={loading}
            canManage={canManage}
            onEdit={(f) => void edit(f)}
            onArchive={(f) => void archive(f)}
            onHistory={can('registry.read') ? setHistory : undefined}
            emptyText={Object.values(filters).some((v) => v !== undefined) ? t('common.noMatch') : undefined}
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
      <FacilityFormDrawer
        open={drawer !== null}
        facility={drawer?.facility}
        onClose={() => setDrawer(null)}
        onSaved={() => {
          setDrawer(null);
          reload();
        }}
      />
      <Drawer
        open={history !== null}
        onClose={() => setHistory(null)}
        title={history ? `${history.name} · ${t('registry.history')}` : ''}
        size={isMobile ? '100%' : 480}
        destroyOnHidden
      >
        {history ? <AuditHistory subjectType="facility" subjectId={history.id} fieldLabels={fieldLabels} /> : null}
      </Drawer>
    </>
  );
}
