import { Alert, App, Button, Card, Form, Input, InputNumber, List, Select, Space, Tag } from 'antd';
import { useCallback, useRef, useState } from 'react';
import type { ApiBody, ApiResponse } from '../../app/api-types.ts';
import { ApiError, errorText, http } from '../../app/http.ts';
import { useT } from '../../app/i18n.ts';
import { LoadError, PageHeader } from '../../app/PageState.tsx';
import { useSession } from '../../app/session.tsx';
import { useRequest } from '../../app/useRequest.ts';
import { facilitiesApi } from '../registry/index.ts';
import { type Person, peopleApi } from '../registry/index.ts';
import { codeFromScan } from './scan.ts';

type CheckResult = ApiResponse<'/api/v1/filling/check', 'post'>;
type Fill = ApiResponse<'/api/v1/filling/records', 'post'>;
type Reason = CheckResult['reasons'][number];

/** What an operator lacks to fill (先培训、后上岗; 持证上岗), from the register's person. */
export function operatorGaps(
  p: Pick<Person, 'mayInspect' | 'certificateNumber' | 'certificateExpired'>,
): ('training' | 'certificate')[] {
  const out: ('training' | 'certificate')[] = [];
  if (!p.mayInspect) out.push('training');
  if (!p.certificateNumber || p.certificateExpired) out.push('certificate');
  return out;
}

/**
 * 充装核验: at a filling station, the operator (a trained, certified 充装人员 of the register) types or
 * scans a code, asks the gate (POST /api/v1/filling/check) and records the fill with its net weight
 * (POST /api/v1/filling/records); a refused cylinder is recorded as a refusal with its reasons.
 */
export function FillingPage() {
  const t = useT();
  const { message } = App.useApp();
  const { can } = useSession();
  const [stationId, setStationId] = useState<string>();
  const [operatorId, setOperatorId] = useState<string>();
  const [code, setCode] = useState('');
  const [netWeightKg, setNetWeightKg] = useState<number | null>(null);
  const [checked, setChecked] = useState<{ code: string; result: CheckResult } | null>(null);
  const [refused, setRefused] = useState<Reason[] | null>(null);
  const [filled, setFilled] = useState<Fill | null>(null);
  const [busy, setBusy] = useState(false);
  // One id per fill: pressing 记录 again after a lost answer stores it once.
  const eventId = useRef(crypto.randomUUID());

  const stations = useRequest(
    useCallback(() => facilitiesApi.list({ kind: 'filling_station', page: 1, pageSize: 100 }), []),
  );
  const station = stations.data?.items.find((s) => s.id === stationId);
  const operators = useRequest(
    useCallback(
      () =>
        station
          ? peopleApi.list({ kind: 'filling_operator', enterpriseId: station.enterpriseId, page: 1, pageSize: 100 })
          : Promise.resolve(null),
      [station],
    ),
  );

  const reset = () => {
    setChecked(null);
    setRefused(null);
    setFilled(null);
    eventId.current = crypto.randomUUID();
  };

  // A label's QR holds the public page's URL: the code is taken from it, as typed codes are normalised.
  const cylinderCode = codeFromScan(code);

  const check = async () => {
    if (!stationId || !code) return;
    if (!cylinderCode) {
      message.error(t('errors.cylinders.code_invalid'));
      return;
    }
    setBusy(true);
    reset();
    try {
      const result = await http.post<CheckResult>('/api/v1/filling/check', { cylinderCode, stationId });
      setChecked({ code: cylinderCode, result });
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const record = async () => {
    if (!stationId || !operatorId || !cylinderCode || netWeightKg === null) return;
    setBusy(true);
    const body: ApiBody<'/api/v1/filling/records', 'post'> = {
      eventId: eventId.current,
      cylinderCode,
      stationId,
      operatorPersonId: operatorId,
      filledAt: new Date().toISOString(),
      netWeightKg,
    };
    try {
      setFilled(await http.post<Fill>('/api/v1/filling/records', body));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'cylinders.fill_refused')
        setRefused((err.details as { reasons: Reason[] }).reasons);
      else message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  if (stations.error) return <LoadError error={stations.error} onRetry={stations.reload} />;
  const operatorOptions = (operators.data?.items ?? []).map((p) => {
    const gaps = operatorGaps(p);
    return {
      value: p.id,
      disabled: gaps.length > 0,
      label: (
        <Space size={4}>
          <span>{p.name}</span>
          {gaps.map((g) => (
            <Tag key={g} color="red">
              {t(g === 'training' ? 'filling.operatorUntrained' : 'filling.operatorUncertified')}
            </Tag>
          ))}
        </Space>
      ),
    };
  });

  return (
    <>
      <PageHeader title={t('menu.cylinderFilling')} />
      <Card className="ra-cylinder-filling">
        <Form layout="vertical">
          <Form.Item label={t('filling.station')} required>
            <Select
              value={stationId}
              loading={stations.loading}
              placeholder={t('filling.stationPlaceholder')}
              options={(stations.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
              onChange={(v) => {
                setStationId(v);
                setOperatorId(undefined);
                reset();
              }}
              showSearch
              optionFilterProp="label"
            />
          </Form.Item>
          <Form.Item label={t('filling.operator')} required extra={t('filling.operatorHint')}>
            <Select
              value={operatorId}
              disabled={!station}
              loading={operators.loading}
              placeholder={t('filling.operatorPlaceholder')}
              options={operatorOptions}
              onChange={(v) => {
                setOperatorId(v);
                reset();
              }}
              notFoundContent={station ? t('filling.noOperator') : undefined}
            />
          </Form.Item>
          <Form.Item label={t('cylinder.code')} required>
            <Input.Search
              value={code}
              placeholder={t('filling.codePlaceholder')}
              enterButton={t('filling.check')}
              disabled={!stationId}
              loading={busy}
              onChange={(e) => {
                setCode(e.target.value);
                reset();
              }}
              onSearch={check}
            />
          </Form.Item>
          {checked ? (
            checked.result.allowed ? (
              <Alert type="success" showIcon message={t('filling.allowed')} />
            ) : (
              <Alert
                type="error"
                showIcon
                message={t('filling.refused')}
                description={
                  <List
                    size="small"
                    dataSource={checked.result.reasons}
                    renderItem={(r) => <List.Item>{r.message}</List.Item>}
                  />
                }
              />
            )
          ) : null}
          {can('filling.record') ? (
            <Space wrap style={{ marginTop: 16 }}>
              <InputNumber
                min={0}
                max={200}
                step={0.1}
                value={netWeightKg}
                onChange={(v) => setNetWeightKg(v)}
                addonAfter="kg"
                placeholder={t('filling.netWeight')}
              />
              <Button
                type="primary"
                loading={busy}
                disabled={!stationId || !operatorId || !cylinderCode || netWeightKg === null}
                onClick={record}
              >
                {t('filling.record')}
              </Button>
            </Space>
          ) : null}
          {filled ? (
            <Alert
              style={{ marginTop: 16 }}
              type={filled.flagged ? 'warning' : 'success'}
              showIcon
              message={
                filled.flagged
                  ? t('filling.flagged', {
                      net: filled.netWeightKg,
                      nominal: filled.nominalKg,
                      tolerance: filled.toleranceKg,
                    })
                  : t('filling.recorded', { operator: filled.operatorName })
              }
            />
          ) : null}
          {refused ? (
            <Alert
              style={{ marginTop: 16 }}
              type="error"
              showIcon
              message={t('filling.refusalRecorded')}
              description={
                <List size="small" dataSource={refused} renderItem={(r) => <List.Item>{r.message}</List.Item>} />
              }
            />
          ) : null}
        </Form>
      </Card>
    </>
  );
}
