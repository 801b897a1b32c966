import { Alert, App, Modal, Select, Space, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, errorText } from '../../../app/http.ts';
import { useT } from '../../../app/i18n.ts';
import { useRequest } from '../../../app/useRequest.ts';
import { peopleApi } from '../people/people.api.ts';
import { type Vehicle, type VehicleDetail, vehiclesApi } from './vehicles.api.ts';

/**
 * 人车对应 (plan 四(三)3): choose one of the vehicle's enterprise's delivery workers. A worker
 * already bound to another vehicle is moved only after the user confirms it.
 */
export function BindWorkerModal({
  vehicle,
  onClose,
  onBound,
}: {
  vehicle: Vehicle | null;
  onClose: () => void;
  onBound: (saved: VehicleDetail) => void;
}) {
  const t = useT();
  const { modal } = App.useApp();
  const [personId, setPersonId] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const enterpriseId = vehicle?.enterpriseId;

  useEffect(() => {
    setPersonId(vehicle?.boundPersonId ?? undefined);
    setError(null);
  }, [vehicle]);

  const workers = useRequest(
    useCallback(
      async () =>
        enterpriseId
          ? (await peopleApi.list({ kind: 'delivery_worker', enterpriseId, page: 1, pageSize: 200 })).items
          : [],
      [enterpriseId],
    ),
  );
  const bound = useRequest(
    useCallback(
      async () =>
        enterpriseId ? (await vehiclesApi.list({ enterpriseId, bound: true, page: 1, pageSize: 200 })).items : [],
      [enterpriseId],
    ),
  );
  const plateOf = useMemo(
    () => new Map((bound.data ?? []).filter((v) => v.id !== vehicle?.id).map((v) => [v.boundPersonId!, v.plate])),
    [bound.data, vehicle?.id],
  );

  const send = async (replace: boolean) => {
    if (!vehicle || !personId) return;
    setSaving(true);
    setError(null);
    try {
      onBound(await vehiclesApi.bind(vehicle.id, personId, replace));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'vehicles.worker_already_bound' && !replace) {
        confirmMove((err.details as { plate?: string } | undefined)?.plate ?? '');
      } else {
        setError(errorText(err));
      }
    } finally {
      setSaving(false);
    }
  };

  const confirmMove = (plate: string) => {
    const name = workers.data?.find((w) => w.id === personId)?.name ?? '';
    modal.confirm({
      title: t('vehicle.replaceConfirm', { name, plate }),
      okText: t('common.ok'),
      cancelText: t('common.cancel'),
      onOk: () => send(true),
    });
  };

  const submit = () => {
    if (!personId) return;
    const elsewhere = plateOf.get(personId);
    if (elsewhere) confirmMove(elsewhere);
    else void send(false);
  };

  const options = (workers.data ?? []).map((w) => ({
    value: w.id,
    label: (
      <Space size={6}>
        <span>{w.name}</span>
        <Typography.Text type="secondary">{w.phone}</Typography.Text>
        {plateOf.get(w.id) ? (
          <Typography.Text type="warning">
            {t('vehicle.workerBoundElsewhere', { plate: plateOf.get(w.id)! })}
          </Typography.Text>
        ) : null}
      </Space>
    ),
    search: `${w.name}${w.phone}`,
  }));

  return (
    <Modal
      open={vehicle !== null}
      title={vehicle ? t('vehicle.bindTitle', { plate: vehicle.plate }) : ''}
      okText={t('vehicle.bind')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !personId || personId === vehicle?.boundPersonId, loading: saving }}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('vehicle.bindHint')}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      {workers.data && workers.data.length === 0 ? (
        <Alert type="warning" showIcon title={t('vehicle.noWorkers')} />
      ) : (
        <Select<string>
          style={{ width: '100%' }}
          placeholder={t('vehicle.chooseWorker')}
          loading={workers.loading}
          value={personId}
          onChange={setPersonId}
          showSearch={{ filterOption: (input, option) => String(option?.search ?? '').includes(input) }}
          options={options}
        />
      )}
    </Modal>
  );
}
