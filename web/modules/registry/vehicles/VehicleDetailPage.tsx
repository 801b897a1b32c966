import { App, Button, Card, Descriptions, Space } from 'antd';
import { useCallback, useState } from 'react';
import { useParams } from 'react-router';
import { vehicleKindLabels } from '../../../../domain/registry/registry.ts';
import { formatDateTime } from '../../../app/format.ts';
import { errorText } from '../../../app/http.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { LoadError, PageLoading } from '../../../app/PageState.tsx';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { useRequest } from '../../../app/useRequest.ts';
import { AuditHistory } from '../components/AuditHistory.tsx';
import { enumLabel } from '../components/enumOptions.ts';
import { RegistryDetailHeader } from '../components/RegistryDetailHeader.tsx';
import { BindWorkerModal } from './BindWorkerModal.tsx';
import { VehicleFormDrawer } from './VehicleFormDrawer.tsx';
import { BoundWorker, PermitCell } from './VehiclesPage.tsx';
import { vehiclesApi } from './vehicles.api.ts';

/** One vehicle: its permit, its bound worker (bind / unbind) and its history. */
export function VehicleDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { message, modal } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [binding, setBinding] = useState(false);
  const [historyKey, setHistoryKey] = useState(0);
  const { data: v, error, loading, reload, setData } = useRequest(useCallback(() => vehiclesApi.get(id), [id]));

  if (error && !v) return <LoadError error={error} onRetry={reload} />;
  if (!v) return loading ? <PageLoading /> : null;

  const changed = (saved: typeof v) => {
    setData(saved);
    setHistoryKey((k) => k + 1);
  };
  const archive = async () => {
    try {
      changed(await vehiclesApi.archive(v.id));
      message.success(t('registry.archivedDone'));
    } catch (err) {
      message.error(errorText(err));
    }
  };
  const unbind = () =>
    modal.confirm({
      title: t('vehicle.unbindConfirm', { plate: v.plate, name: v.boundPerson?.name ?? '' }),
      okText: t('vehicle.unbind'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          changed(await vehiclesApi.unbind(v.id));
          message.success(t('vehicle.unbindDone'));
        } catch (err) {
          message.error(errorText(err));
        }
      },
    });

  const fieldLabels: Record<string, string> = {
    plate: t('vehicle.plate'),
    kind: t('vehicle.kind'),
    enterpriseId: t('vehicle.enterprise'),
    permitNumber: t('vehicle.permitNumber'),
    permitValidTo: t('vehicle.permitValidTo'),
  };

  return (
    <>
      <RegistryDetailHeader
        back="/registry/vehicles"
        name={v.plate}
        archived={v.archived}
        primaryEdit
        onEdit={v.abilities.edit ? () => setEditing(true) : null}
        onArchive={v.abilities.archive ? archive : null}
      />
      <Card title={t('registry.basicInfo')} style={{ marginBottom: 16 }}>
        <Descriptions column={isMobile ? 1 : 3} size="small">
          <Descriptions.Item label={t('vehicle.kind')}>
            {enumLabel(vehicleKindLabels, v.kind, locale)}
          </Descriptions.Item>
          <Descriptions.Item label={t('vehicle.enterprise')}>{v.enterprise.name}</Descriptions.Item>
          <Descriptions.Item label={t('registry.region')}>{v.region.name}</Descriptions.Item>
          <Descriptions.Item label={t('vehicle.permitNumber')}>
            <PermitCell vehicle={v} t={t} />
          </Descriptions.Item>
          <Descriptions.Item label={t('registry.updatedAt')}>{formatDateTime(v.updatedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        title={t('vehicle.worker')}
        style={{ marginBottom: 16 }}
        extra={
          v.abilities.bind ? (
            <Space>
              <Button size="small" onClick={() => setBinding(true)}>
                {t(v.boundPerson ? 'vehicle.rebind' : 'vehicle.bind')}
              </Button>
              {v.boundPerson ? (
                <Button size="small" danger onClick={unbind}>
                  {t('vehicle.unbind')}
                </Button>
              ) : null}
            </Space>
          ) : null
        }
      >
        <BoundWorker vehicle={v} t={t} />
        <div className="ra-muted" style={{ marginTop: 8 }}>
          {t('vehicle.bindHint')}
        </div>
      </Card>
      <Card title={t('registry.history')}>
        <AuditHistory key={historyKey} subjectType="vehicle" subjectId={v.id} fieldLabels={fieldLabels} />
      </Card>
      <VehicleFormDrawer
        open={editing}
        vehicle={v}
        onClose={() => setEditing(false)}
        onSaved={(saved) => {
          setEditing(false);
          changed(saved);
        }}
      />
      <BindWorkerModal
        vehicle={binding ? v : null}
        onClose={() => setBinding(false)}
        onBound={(saved) => {
          setBinding(false);
          changed(saved);
          message.success(t('vehicle.bindDone'));
        }}
      />
    </>
  );
}
