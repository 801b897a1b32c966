import { Alert, App, Button, DatePicker, Drawer, Form, Input, List, Select, Space, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  type InspectionKind,
  inspectionKindLabels,
  inspectionKinds,
  inspectionStatusLabels,
  selfInspectionKinds,
} from '../../../domain/inspections/inspections.ts';
import { formatDate, formatDateTime } from '../../app/format.ts';
import { pick, useLocale, useT } from '../../app/i18n.ts';
import { useSession } from '../../app/session.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { RegionTreeSelect } from '../registry/index.ts';
import { placeError } from './components/formErrors.ts';
import { InspectorSelect } from './components/InspectorSelect.tsx';
import { ObjectPicker, type PickedObject } from './components/ObjectPicker.tsx';
import { useDepartments } from './components/useDepartments.ts';
import { type InspectionOverlap, inspectionsApi, type PlanInspectionBody } from './inspections.api.ts';
import { chinaTodayDay } from '../../app/dates.ts';
import { useLimitsInForce } from '../rules/index.ts';

type Values = {
  object: PickedObject | null;
  kind: InspectionKind;
  departmentIds?: string[];
  inspectingRegionId?: string;
  plannedOn?: Dayjs;
  inspectorIds: string[];
  notes?: string;
};

const FIELDS = ['object', 'kind', 'departmentIds', 'inspectingRegionId', 'plannedOn', 'inspectorIds', 'notes'];

/**
 * 计划检查: the object from the register, the kind, the inspecting departments, the day and the
 * inspectors (trained only: 先培训、后排查). When other departments planned or inspected the object
 * within the overlap window, they are listed with 加入该检查 (avoid 多头检查, plan 五(一)1).
 */
export function PlanInspectionDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const limits = useLimitsInForce();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const { me } = useSession();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [overlaps, setOverlaps] = useState<{ items: InspectionOverlap[]; windowDays: number } | null>(null);
  const [checking, setChecking] = useState(false);
  const departments = useDepartments();
  const object = Form.useWatch('object', form);
  const kind = Form.useWatch('kind', form);
  const plannedOn = Form.useWatch('plannedOn', form);

  // Supervised parties plan their own (self) inspections only.
  const ownOnly = (me?.roles ?? []).every((r) => r.scopeType === 'enterprise' || r.scopeType === 'venue');
  // A venue does its monthly self-inspection (每月一次全面自查); an enterprise its self- and household inspections.
  const scopes = new Set((me?.roles ?? []).map((r) => r.scopeType));
  const kinds = !ownOnly
    ? inspectionKinds
    : inspectionKinds.filter(
        (k) =>
          (scopes.has('venue') && k === 'monthly_self') ||
          (scopes.has('enterprise') && (k === 'self' || k === 'household')),
      );
  const selfKind = kind ? selfInspectionKinds.includes(kind) : false;
  const staffOf =
    kind === 'self' && object
      ? object.type === 'enterprise'
        ? object.id
        : ((object.raw.enterpriseId as string | undefined) ??
          (object.raw.ownerEnterpriseId as string | undefined) ??
          null)
      : kind === 'household' && object?.type === 'venue'
        ? ((object.raw.supplierEnterpriseId as string | null | undefined) ?? null)
        : null;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setError(null);
    setOverlaps(null);
  }, [open, form]);

  // Other departments' inspections of the object around the planned day.
  useEffect(() => {
    if (!object || selfKind) {
      setOverlaps(null);
      return;
    }
    let live = true;
    setChecking(true);
    inspectionsApi
      .overlaps(object.type, object.id, plannedOn ? plannedOn.format('YYYY-MM-DD') : undefined)
      .then(
        (r) => live && setOverlaps(r),
        () => live && setOverlaps(null),
      )
      .finally(() => live && setChecking(false));
    return () => {
      live = false;
    };
  }, [object, plannedOn, selfKind]);

  const departmentOptions = useMemo(
    () =>
      (departments.data ?? [])
        .filter((d) => d.kind === 'department')
        .map((d) => ({ value: d.id, label: pick(d.shortName || d.name, d.nameEn, locale) })),
    [departments.data, locale],
  );

  const submit = async (values: Values) => {
    if (!values.object) return;
    setBusy(true);
    setError(null);
    const body: PlanInspectionBody = {
      kind: values.kind,
      object: { type: values.object.type, id: values.object.id },
      inspectorIds: values.inspectorIds,
    };
    if (values.departmentIds?.length) body.departmentIds = values.departmentIds;
    if (values.inspectingRegionId) body.inspectingRegionId = values.inspectingRegionId;
    if (values.plannedOn) body.plannedOn = values.plannedOn.format('YYYY-MM-DD');
    if (values.notes?.trim()) body.notes = values.notes.trim();
    try {
      const created = await inspectionsApi.plan(body);
      message.success(t('inspections.planned'));
      onClose();
      navigate(`/inspections/${created.id}`);
    } catch (err) {
      setError(placeError(form, err, FIELDS));
    } finally {
      setBusy(false);
    }
  };

  const join = async (overlap: InspectionOverlap) => {
    const inspectorIds = form.getFieldValue('inspectorIds') as string[] | undefined;
    setBusy(true);
    try {
      const joined = await inspectionsApi.join(overlap.id, inspectorIds?.length ? inspectorIds : undefined);
      message.success(t('inspections.joined'));
      onClose();
      navigate(`/inspections/${joined.id}`);
    } catch (err) {
      setError(placeError(form, err, FIELDS));
    } finally {
      setBusy(false);
    }
  };

  // Closing a form with something filled in asks first; Esc (also pressed to close a date picker) does not close it.
  const close = () => {
    if (!form.isFieldsTouched()) return onClose();
    modal.confirm({ title: t('inspections.discardPlan'), onOk: onClose });
  };

  return (
    <Drawer
      open={open}
      onClose={close}
      keyboard={false}
      title={t('inspections.planTitle')}
      size={isMobile ? '100%' : 560}
      destroyOnHidden
      footer={
        <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="plan-submit">
            {overlaps?.items.some((o) => o.joinable) ? t('inspections.planAnyway') : t('inspections.plan')}
          </Button>
        </Space>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ kind: kinds[0], plannedOn: chinaTodayDay(), inspectorIds: [] }}
        requiredMark="optional"
      >
        <Form.Item
          name="kind"
          label={t('inspections.kind')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select options={kinds.map((k) => ({ value: k, label: inspectionKindLabels[k][locale] }))} />
        </Form.Item>
        <Form.Item
          name="object"
          label={t('inspections.pickObject')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <ObjectPicker />
        </Form.Item>
        {checking ? <Alert type="info" title={t('inspections.checkingOverlaps')} style={{ marginBottom: 12 }} /> : null}
        {overlaps && overlaps.items.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="overlaps"
            title={t('inspections.overlapsTitle', { days: overlaps.windowDays })}
            description={
              <>
                <div style={{ marginBottom: 6 }}>{t('inspections.overlapsHint')}</div>
                <List
                  size="small"
                  dataSource={overlaps.items}
                  rowKey="id"
                  renderItem={(o) => (
                    <List.Item
                      extra={
                        o.joinable ? (
                          <Button size="small" type="primary" onClick={() => void join(o)} loading={busy}>
                            {t('inspections.join')}
                          </Button>
                        ) : null
                      }
                    >
                      <Space size={4} wrap>
                        <Tag>{inspectionKindLabels[o.kind][locale]}</Tag>
                        <Tag color={o.status === 'planned' ? 'blue' : 'default'}>
                          {inspectionStatusLabels[o.status][locale]}
                        </Tag>
                        <span>{o.departments.map((d) => d.name).join('、') || o.inspectingRegion?.name}</span>
                        <span>{o.visitedAt ? formatDateTime(o.visitedAt) : formatDate(o.plannedOn)}</span>
                      </Space>
                    </List.Item>
                  )}
                />
              </>
            }
          />
        ) : null}
        {!selfKind ? (
          <Form.Item
            name="departmentIds"
            label={t('inspections.pickDepartments')}
            extra={t('inspections.departmentsHint')}
          >
            <Select mode="multiple" options={departmentOptions} optionFilterProp="label" allowClear />
          </Form.Item>
        ) : null}
        {kind === 'cross' ? (
          <Form.Item name="inspectingRegionId" label={t('inspections.pickRegion')}>
            <RegionTreeSelect />
          </Form.Item>
        ) : null}
        <Form.Item name="plannedOn" label={t('inspections.plannedOn')}>
          <DatePicker
            style={{ width: '100%' }}
            inputReadOnly={isMobile}
            // Today up to the planning horizon in force (规则参数) on, as the server accepts.
            disabledDate={(d) =>
              d.isBefore(chinaTodayDay(), 'day') || d.isAfter(chinaTodayDay().add(limits.planAheadDays, 'day'), 'day')
            }
          />
        </Form.Item>
        <Form.Item
          name="inspectorIds"
          label={t('inspections.pickInspectors')}
          rules={[{ required: true, type: 'array', min: 1, message: t('common.required') }]}
        >
          <InspectorSelect
            enterpriseId={selfKind ? staffOf : null}
            venueId={kind === 'monthly_self' && object?.type === 'venue' ? object.id : null}
          />
        </Form.Item>
        <Form.Item name="notes" label={t('inspections.planNotes')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} />
        </Form.Item>
        {error ? <Alert type="error" showIcon title={error} /> : null}
      </Form>
    </Drawer>
  );
}
