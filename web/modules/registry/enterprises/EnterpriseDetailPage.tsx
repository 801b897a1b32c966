import { BlacklistFlag } from '../../enforcement/index.ts';
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Drawer, Table, Tabs, Tag } from 'antd';
import { useCallback, useState } from 'react';
import { useParams } from 'react-router';
import { enterpriseKindLabels, personKindLabels, sellerChannelLabels } from '../../../../domain/registry/registry.ts';
import { formatDate, formatDateTime } from '../../../app/format.ts';
import { errorText } from '../../../app/http.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { EmptyState, LoadError, PageLoading } from '../../../app/PageState.tsx';
import { useSession } from '../../../app/session.tsx';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { useRequest } from '../../../app/useRequest.ts';
import { AuditHistory } from '../components/AuditHistory.tsx';
import { enumLabel } from '../components/enumOptions.ts';
import { RegistryDetailHeader } from '../components/RegistryDetailHeader.tsx';
import { FacilitiesTable } from '../facilities/FacilitiesTable.tsx';
import { FacilityFormDrawer } from '../facilities/FacilityFormDrawer.tsx';
import { useFacilityFieldLabels } from '../facilities/FacilitiesPage.tsx';
import { type Facility, type FacilityDetail, facilitiesApi } from '../facilities/facilities.api.ts';
import { LicenceDetailDrawer } from '../licences/LicenceDetailDrawer.tsx';
import { useSupervisedParty } from '../components/useSupervisedParty.ts';
import { LicenceFormDrawer } from '../licences/LicenceFormDrawer.tsx';
import { LicencesTable } from '../licences/LicencesTable.tsx';
import { EnterpriseFormDrawer } from './EnterpriseFormDrawer.tsx';
import { LicenceSummaryTags } from './LicenceSummaryTags.tsx';
import { type KeyPerson, enterprisesApi } from './enterprises.api.ts';
import { AccountabilityLink } from '../../progress/index.ts';
import { ChangeRequestsCard } from '../changes/ChangeRequestsCard.tsx';

/**
 * One enterprise: its particulars, licences (with status and history), facilities, key persons
 * (主要负责人 and 安全生产管理人员 with their assessment) and the audit history.
 */
export function EnterpriseDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const { can } = useSession();
  const supervised = useSupervisedParty();
  const facilityFields = useFacilityFieldLabels();
  const { data: e, error, loading, reload } = useRequest(useCallback(() => enterprisesApi.get(id), [id]));
  const [editing, setEditing] = useState(false);
  const [licenceId, setLicenceId] = useState<string | null>(null);
  const [newLicence, setNewLicence] = useState(false);
  const [facilityDrawer, setFacilityDrawer] = useState<{ facility: FacilityDetail | null } | null>(null);
  const [facilityHistory, setFacilityHistory] = useState<Facility | null>(null);

  if (error && !e) return <LoadError error={error} onRetry={reload} />;
  if (!e) return loading ? <PageLoading /> : null;

  const archive = async () => {
    try {
      await enterprisesApi.archive(e.id);
      message.success(t('registry.archivedDone'));
      reload();
    } catch (err) {
      message.error(errorText(err));
    }
  };
  const editFacility = async (f: Facility) => {
    try {
      setFacilityDrawer({ facility: await facilitiesApi.get(f.id) });
    } catch (err) {
      message.error(errorText(err));
    }
  };
  const archiveFacility = async (f: Facility) => {
    try {
      await facilitiesApi.archive(f.id);
      message.success(t('registry.archivedDone'));
      reload();
    } catch (err) {
      message.error(errorText(err));
    }
  };

  const enterpriseFields = {
    name: t('enterprise.name'),
    kind: t('enterprise.kind'),
    creditCode: t('enterprise.creditCode'),
    regionId: t('registry.region'),
    address: t('registry.address'),
    lng: t('registry.lng'),
    lat: t('registry.lat'),
    contactPhone: t('enterprise.contactPhone'),
    sellerChannel: t('enterprise.sellerChannel'),
  };
  const holder = { id: e.id, name: e.name, creditCode: e.creditCode, regionId: e.regionId };
  const canAdd = e.abilities.edit && can('registry.manage');
  // Licences are registered by the regulator, not by the licensee (registry.regulator_fields).
  const canAddLicence = canAdd && !supervised;

  const keyPersonColumns = [
    { title: t('enterprise.personName'), dataIndex: 'name', width: 120 },
    {
      title: t('enterprise.personRole'),
      dataIndex: 'kind',
      width: 160,
      render: (k: KeyPerson['kind']) => enumLabel(personKindLabels, k, locale),
    },
    ...(isMobile ? [] : [{ title: t('enterprise.personPhone'), dataIndex: 'phone', width: 140 }]),
    {
      title: t('enterprise.assessment'),
      dataIndex: 'assessmentPassedOn',
      render: (d: string | null) =>
        d ? (
          <Tag color="green">{t('enterprise.assessedOn', { date: formatDate(d) })}</Tag>
        ) : (
          <Tag color="red">{t('enterprise.notAssessed')}</Tag>
        ),
    },
  ];

  return (
    <>
      <RegistryDetailHeader
        back="/registry/enterprises"
        name={e.name}
        archived={e.archived}
        actions={<AccountabilityLink type="enterprise" id={e.id} />}
        onEdit={e.abilities.edit ? () => setEditing(true) : null}
        onArchive={e.abilities.archive ? archive : null}
      />
      {e.blacklisted ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            <span>
              <BlacklistFlag /> {t('blacklist.flagTip')}
            </span>
          }
        />
      ) : null}
      <Card title={t('registry.basicInfo')} style={{ marginBottom: 16 }}>
        <Descriptions column={isMobile ? 1 : 2} size="small">
          <Descriptions.Item label={t('enterprise.kind')}>
            {enumLabel(enterpriseKindLabels, e.kind, locale)}
          </Descriptions.Item>
          <Descriptions.Item label={t('enterprise.creditCode')}>
            <span style={{ fontFamily: 'monospace' }}>{e.creditCode}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('registry.region')}>{e.regionName}</Descriptions.Item>
          <Descriptions.Item label={t('registry.address')}>{e.address || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('registry.location')}>
            {e.lng !== null && e.lat !== null ? `${e.lng}, ${e.lat}` : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('enterprise.contactPhone')}>{e.contactPhone ?? '—'}</Descriptions.Item>
          {e.kind === 'appliance_seller' ? (
            <Descriptions.Item label={t('enterprise.sellerChannel')}>
              {enumLabel(sellerChannelLabels, e.sellerChannel, locale)}
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('enterprise.licenceSummary')}>
            <LicenceSummaryTags summary={e.licenceSummary} />
          </Descriptions.Item>
          <Descriptions.Item label={t('registry.createdAt')}>{formatDateTime(e.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('registry.updatedAt')}>{formatDateTime(e.updatedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <div style={{ marginBottom: 16 }}>
        <ChangeRequestsCard
          subject={{
            type: 'enterprise',
            id: e.id,
            name: e.name,
            creditCode: e.creditCode,
            regionId: e.regionId,
            kind: e.kind,
            sellerChannel: e.sellerChannel,
            licences: e.licences,
          }}
          canPropose={supervised && can('registry.manage') && !e.archived}
        />
      </div>
      <Card>
        <Tabs
          items={[
            {
              key: 'licences',
              label: `${t('enterprise.licences')} (${e.licences.length})`,
              children: (
                <>
                  {canAddLicence ? (
                    <div className="ra-toolbar">
                      <Button icon={<PlusOutlined />} onClick={() => setNewLicence(true)}>
                        {t('licence.create')}
                      </Button>
                    </div>
                  ) : null}
                  <LicencesTable
                    items={e.licences}
                    showEnterprise={false}
                    pagination={false}
                    onOpen={(l) => setLicenceId(l.id)}
                    emptyText={t('enterprise.noLicence')}
                  />
                </>
              ),
            },
            {
              key: 'facilities',
              label: `${t('enterprise.facilities')} (${e.facilities.length})`,
              children: (
                <>
                  {canAdd ? (
                    <div className="ra-toolbar">
                      <Button icon={<PlusOutlined />} onClick={() => setFacilityDrawer({ facility: null })}>
                        {t('facility.create')}
                      </Button>
                    </div>
                  ) : null}
                  <FacilitiesTable
                    items={e.facilities}
                    showEnterprise={false}
                    pagination={false}
                    canManage={can('registry.manage') && !e.archived}
                    onEdit={(f) => void editFacility(f)}
                    onArchive={(f) => void archiveFacility(f)}
                    onHistory={can('registry.read') ? setFacilityHistory : undefined}
                  />
                </>
              ),
            },
            {
              key: 'people',
              label: `${t('enterprise.keyPersons')} (${e.keyPersons.length})`,
              children: (
                <>
                  <div className="ra-muted" style={{ marginBottom: 8 }}>
                    {t('enterprise.keyPersonsHint')}
                  </div>
                  <Table<KeyPerson>
                    rowKey="id"
                    size="small"
                    pagination={false}
                    dataSource={e.keyPersons}
                    columns={keyPersonColumns}
                    locale={{ emptyText: <EmptyState /> }}
                  />
                </>
              ),
            },
            ...(can('registry.read')
              ? [
                  {
                    key: 'history',
                    label: t('registry.history'),
                    children: <AuditHistory subjectType="enterprise" subjectId={e.id} fieldLabels={enterpriseFields} />,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <EnterpriseFormDrawer
        open={editing}
        enterprise={e}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          reload();
        }}
      />
      <LicenceDetailDrawer licenceId={licenceId} onClose={() => setLicenceId(null)} onChanged={reload} />
      <LicenceFormDrawer
        open={newLicence}
        enterprise={holder}
        onClose={() => setNewLicence(false)}
        onSaved={(saved) => {
          setNewLicence(false);
          reload();
          setLicenceId(saved.id);
        }}
      />
      <FacilityFormDrawer
        open={facilityDrawer !== null}
        facility={facilityDrawer?.facility}
        enterprise={holder}
        onClose={() => setFacilityDrawer(null)}
        onSaved={() => {
          setFacilityDrawer(null);
          reload();
        }}
      />
      <Drawer
        open={facilityHistory !== null}
        onClose={() => setFacilityHistory(null)}
        title={facilityHistory ? `${facilityHistory.name} · ${t('registry.history')}` : ''}
        size={isMobile ? '100%' : 480}
        destroyOnHidden
      >
        {facilityHistory ? (
          <AuditHistory subjectType="facility" subjectId={facilityHistory.id} fieldLabels={facilityFields} />
        ) : null}
      </Drawer>
    </>
  );
}
