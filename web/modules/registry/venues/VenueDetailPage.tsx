import { EditOutlined, EnvironmentOutlined, PauseCircleOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Form, Input, Modal, Popconfirm, Space, Tag } from 'antd';
import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  gasSourceLabels,
  supplyStatusLabels,
  venueCategoryLabels,
  venueFloorLabels,
  hoseTypeLabels,
} from '../../../../domain/registry/registry.ts';
import { formatDate, formatDateTime } from '../../../app/format.ts';
import { errorText } from '../../../app/http.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { LoadError, PageLoading } from '../../../app/PageState.tsx';
import { useSession } from '../../../app/session.tsx';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { useRequest } from '../../../app/useRequest.ts';
import { AuditHistory } from '../components/AuditHistory.tsx';
import { enumLabel } from '../components/enumOptions.ts';
import { RegistryDetailHeader } from '../components/RegistryDetailHeader.tsx';
import { RiskFlagTags } from './RiskFlagTags.tsx';
import { VenueFormDrawer } from './VenueFormDrawer.tsx';
import { type Venue, venuesApi } from './venues.api.ts';
import { AccountabilityLink } from '../../progress/index.ts';
import { ChangeRequestsCard } from '../changes/ChangeRequestsCard.tsx';
import { useSupervisedParty } from '../components/useSupervisedParty.ts';

/** The audit's field names in Chinese, for "修改了 …" in the history. */
function useFieldLabels(): Record<string, string> {
  const t = useT();
  return {
    name: t('venue.name'),
    category: t('venue.category'),
    regionId: t('registry.region'),
    address: t('registry.address'),
    lng: t('registry.lng'),
    lat: t('registry.lat'),
    floor: t('venue.floor'),
    highRiseBuilding: t('venue.highRiseBuilding'),
    gasSources: t('venue.gasSources'),
    supplierEnterpriseId: t('venue.supplier'),
    contractNumber: t('venue.contractNumber'),
    contractFrom: t('venue.contractFrom'),
    contractTo: t('venue.contractTo'),
    storedLpgKg: t('venue.storedLpgKg'),
    hasCylinderRoom: t('venue.hasCylinderRoom'),
    hoseType: t('venue.hoseType'),
    detectorInstalled: t('venue.detector'),
    detectorInstalledOn: t('venue.detectorInstalledOn'),
    shutoffValveInstalled: t('venue.shutoffValve'),
    shutoffValveInstalledOn: t('venue.shutoffValveInstalledOn'),
    contactName: t('venue.contactName'),
    contactPhone: t('venue.contactPhone'),
  };
}

/** One venue: its fields, risk flags with the plan's clauses, supply status, and its history. */
export function VenueDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const fieldLabels = useFieldLabels();
  const { data: venue, error, loading, reload, setData } = useRequest(useCallback(() => venuesApi.get(id), [id]));
  const [drawer, setDrawer] = useState<{ contractOnly: boolean } | null>(null);
  const [suspending, setSuspending] = useState(false);
  const [overriding, setOverriding] = useState(false);
  const { can } = useSession();
  const supervised = useSupervisedParty();
  const [historyKey, setHistoryKey] = useState(0);
  const [form] = Form.useForm<{ reason: string }>();

  if (error && !venue) return <LoadError error={error} onRetry={reload} />;
  if (!venue) return loading ? <PageLoading /> : null;

  const changed = (v: Venue) => {
    setData(v);
    setHistoryKey((k) => k + 1);
  };

  const act = async (fn: () => Promise<Venue>, done: string) => {
    try {
      changed(await fn());
      message.success(done);
    } catch (err) {
      message.error(errorText(err));
    }
  };

  const yesNo = (b: boolean) => (b ? t('venue.yes') : t('venue.no'));
  const installed = (b: boolean, on: string | null) =>
    b ? `${t('venue.installed')}${on ? `（${formatDate(on)}）` : ''}` : t('venue.notInstalled');
  const a = venue.abilities;

  return (
    <>
      <RegistryDetailHeader
        back="/registry/venues"
        name={venue.name}
        archived={venue.archived}
        actions={
          <>
            <AccountabilityLink type="venue" id={venue.id} />
            {venue.lng !== null ? (
              <Link to={`/registry/map?focus=venues:${venue.id}`}>
                <Button icon={<EnvironmentOutlined />}>{t('venue.onMap')}</Button>
              </Link>
            ) : null}
          </>
        }
        edit={{ label: t(a.edit ? 'common.edit' : 'venue.editContract'), icon: <EditOutlined /> }}
        onEdit={a.edit || a.editContract ? () => setDrawer({ contractOnly: !a.edit }) : null}
        moreActions={
          <>
            {a.suspendSupply ? (
              <Button danger icon={<PauseCircleOutlined />} onClick={() => setSuspending(true)}>
                {t('venue.suspendSupply')}
              </Button>
            ) : null}
            {a.resumeSupply ? (
              <Popconfirm
                title={t('venue.resumeConfirm', { name: venue.name })}
                onConfirm={() => act(() => venuesApi.resumeSupply(venue.id), t('venue.resumed'))}
              >
                <Button icon={<PlayCircleOutlined />}>{t('venue.resumeSupply')}</Button>
              </Popconfirm>
            ) : null}
            {a.resumeSupply && can('campaign.manage') ? (
              <Button icon={<PlayCircleOutlined />} onClick={() => setOverriding(true)}>
                {t('venue.resumeOverride')}
              </Button>
            ) : null}
          </>
        }
        onArchive={a.archive ? () => act(() => venuesApi.archive(venue.id), t('registry.archivedDone')) : null}
      />
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Card size="small" title={t('venue.riskFlags')}>
          <RiskFlagTags flags={venue.riskFlags} supplyStatus={venue.supplyStatus} emptyText={t('venue.noRisk')} />
        </Card>
        <Card size="small" title={t('registry.basicInfo')}>
          <Descriptions size="small" column={isMobile ? 1 : 2} bordered={!isMobile}>
            <Descriptions.Item label={t('venue.category')}>
              {enumLabel(venueCategoryLabels, venue.category, locale)}
            </Descriptions.Item>
            <Descriptions.Item label={t('registry.region')}>{venue.regionName}</Descriptions.Item>
            <Descriptions.Item label={t('registry.address')} span={isMobile ? 1 : 2}>
              {venue.address}
            </Descriptions.Item>
            <Descriptions.Item label={t('registry.location')}>
              {venue.lng !== null && venue.lat !== null ? `${venue.lng}, ${venue.lat}` : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('venue.floor')}>
              {enumLabel(venueFloorLabels, venue.floor, locale)}
            </Descriptions.Item>
            <Descriptions.Item label={t('venue.highRiseBuilding')}>
              {venue.highRiseBuilding === null ? t('venue.notRecorded') : yesNo(venue.highRiseBuilding)}
            </Descriptions.Item>
            <Descriptions.Item label={t('venue.contactName')}>{venue.contactName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('venue.contactPhone')}>{venue.contactPhone ?? '—'}</Descriptions.Item>
          </Descriptions>
        </Card>
        <Card size="small" title={t('venue.gasDevices')}>
          <Descriptions size="small" column={isMobile ? 1 : 2} bordered={!isMobile}>
            <Descriptions.Item label={t('venue.gasSources')}>
              {venue.gasSources.length ? venue.gasSources.map((s) => gasSourceLabels[s][locale]).join('、') : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('venue.storedLpgKg')}>{venue.storedLpgKg ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('venue.hasCylinderRoom')}>{yesNo(venue.hasCylinderRoom)}</Descriptions.Item>
            <Descriptions.Item label={t('venue.hoseType')}>
              {venue.hoseType ? hoseTypeLabels[venue.hoseType][locale] : t('venue.notRecorded')}
            </Descriptions.Item>
            <Descriptions.Item label={t('venue.detector')}>
              {installed(venue.detectorInstalled, venue.detectorInstalledOn)}
            </Descriptions.Item>
            <Descriptions.Item label={t('venue.shutoffValve')}>
              {installed(venue.shutoffValveInstalled, venue.shutoffValveInstalledOn)}
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <Card size="small" title={t('venue.contract')}>
          <Descriptions size="small" column={isMobile ? 1 : 2} bordered={!isMobile}>
            <Descriptions.Item label={t('venue.supplier')}>{venue.supplierName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('venue.contractNumber')}>{venue.contractNumber ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('venue.contractFrom')}>{formatDate(venue.contractFrom)}</Descriptions.Item>
            <Descriptions.Item label={t('venue.contractTo')}>{formatDate(venue.contractTo)}</Descriptions.Item>
            <Descriptions.Item label={t('venue.supplyStatus')}>
              <Tag color={venue.supplyStatus === 'suspended' ? 'red' : 'green'}>
                {supplyStatusLabels[venue.supplyStatus][locale]}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('venue.supplyStatusReason')}>
              {venue.supplyStatusReason ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('registry.createdAt')}>{formatDateTime(venue.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('registry.updatedAt')}>{formatDateTime(venue.updatedAt)}</Descriptions.Item>
          </Descriptions>
        </Card>
        <ChangeRequestsCard
          subject={{ ...venue, type: 'venue' }}
          canPropose={supervised && can('registry.manage') && !venue.archived}
          onDecided={() => setHistoryKey((k) => k + 1)}
        />
        <Card size="small" title={t('registry.history')}>
          <AuditHistory key={historyKey} subjectType="venue" subjectId={venue.id} fieldLabels={fieldLabels} />
        </Card>
      </Space>
      <VenueFormDrawer
        open={drawer !== null}
        venue={venue}
        contractOnly={drawer?.contractOnly}
        onClose={() => setDrawer(null)}
        onSaved={(v) => {
          setDrawer(null);
          changed(v);
        }}
      />
      <Modal
        open={suspending}
        title={t('venue.suspendTitle', { name: venue.name })}
        okText={t('venue.suspendSupply')}
        okButtonProps={{ danger: true }}
        onCancel={() => setSuspending(false)}
        destroyOnHidden
        onOk={async () => {
          const { reason } = await form.validateFields();
          await act(() => venuesApi.suspendSupply(venue.id, reason.trim()), t('venue.suspended'));
          setSuspending(false);
          form.resetFields();
        }}
      >
        <p className="ra-muted">{t('venue.suspendHint')}</p>
        <Form form={form} layout="vertical">
          <Form.Item
            name="reason"
            label={t('licence.reason')}
            rules={[{ required: true, whitespace: true, message: t('venue.reasonRequired') }, { max: 500 }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={overriding}
        title={t('venue.resumeOverride')}
        okText={t('venue.resumeSupply')}
        onCancel={() => setOverriding(false)}
        destroyOnHidden
        onOk={async () => {
          const { reason } = await form.validateFields();
          await act(() => venuesApi.resumeSupply(venue.id, reason.trim()), t('venue.resumed'));
          setOverriding(false);
          form.resetFields();
        }}
      >
        <p className="ra-muted">{t('venue.resumeOverrideHint')}</p>
        <Form form={form} layout="vertical">
          <Form.Item
            name="reason"
            label={t('licence.reason')}
            rules={[{ required: true, whitespace: true, message: t('venue.reasonRequired') }, { max: 500 }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
