import { Alert, Button, Card, Form, Result, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { checkItems, itemsFor } from '../../../../domain/hazards/index.ts';
import {
  type InspectionKind,
  inspectionKindLabels,
  inspectionKinds,
  selfInspectionKinds,
} from '../../../../domain/inspections/inspections.ts';
import { http } from '../../../app/http.ts';
import { pick, useLocale, useT } from '../../../app/i18n.ts';
import { PageLoading } from '../../../app/PageState.tsx';
import { useSession } from '../../../app/session.tsx';
import { InspectorSelect } from '../components/InspectorSelect.tsx';
import { ObjectPicker, type PickedObject } from '../components/ObjectPicker.tsx';
import { useDepartments } from '../components/useDepartments.ts';
import { type FieldDraft, fieldStore, newId } from '../offline/store.ts';
import { FieldForm, type FieldSource } from './FieldForm.tsx';
import { refreshLimits, useLastLimits } from './fieldLimits.ts';
import { FieldShell, useFieldIdentity } from './FieldShell.tsx';
import { formItemsFor, inspectedObject, registeredFactsOf, type VenueFacts } from './fieldModel.ts';

type Values = { object: PickedObject | null; kind: InspectionKind; inspectorIds: string[]; departmentIds?: string[] };

/** The enterprise whose staff do a self- or household inspection of the object. */
function staffEnterprise(kind: InspectionKind | undefined, object: PickedObject | null | undefined): string | null {
  if (!object || !kind) return null;
  if (kind === 'self') {
    if (object.type === 'enterprise') return object.id;
    return (
      (object.raw.enterpriseId as string | undefined) ?? (object.raw.ownerEnterpriseId as string | undefined) ?? null
    );
  }
  if (kind === 'household' && object.type === 'venue')
    return (object.raw.supplierEnterpriseId as string | null) ?? null;
  return null;
}

/** Step 1 (needs a connection): the object, the kind and the inspectors; then the form works offline. */
function StartForm() {
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const { me } = useSession();
  const { userId } = useFieldIdentity();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const object = Form.useWatch('object', form);
  const kind = Form.useWatch('kind', form);
  const ownOnly = (me?.roles ?? []).every((r) => r.scopeType === 'enterprise' || r.scopeType === 'venue');
  const kinds = ownOnly ? inspectionKinds.filter((k) => selfInspectionKinds.includes(k)) : inspectionKinds;
  const selfKind = kind ? selfInspectionKinds.includes(kind) : false;
  const staffOf = selfKind ? staffEnterprise(kind, object) : null;
  const departments = useDepartments();
  const departmentOptions = useMemo(
    () =>
      (departments.data ?? [])
        .filter((d) => d.kind === 'department')
        .map((d) => ({ value: d.id, label: pick(d.shortName || d.name, d.nameEn, locale) })),
    [departments.data, locale],
  );

  const start = async (v: Values) => {
    if (!v.object) return;
    setBusy(true);
    try {
      let objectKind = v.object.kind;
      // A facility is checked as its enterprise's kind.
      if (v.object.type === 'facility') {
        const owner = await http.get<{ kind: string }>(`/api/v1/enterprises/${v.object.raw.enterpriseId as string}`);
        objectKind = owner.kind;
      }
      const registered =
        v.object.type === 'venue' ? registeredFactsOf(null, v.object.raw as unknown as VenueFacts) : null;
      // Online now: the form (which may be finished offline) judges with the limits the server publishes.
      await refreshLimits(userId);
      const key = `new:${newId()}`;
      await fieldStore.openDraft(userId, key, () => ({
        inspectionId: null,
        plan: {
          kind: v.kind,
          object: { type: v.object!.type, id: v.object!.id },
          inspectorIds: v.inspectorIds,
          ...(v.departmentIds?.length && !selfInspectionKinds.includes(v.kind)
            ? { departmentIds: v.departmentIds }
            : {}),
        },
        label: v.object!.name,
        subject: { type: v.object!.type, id: v.object!.id, kind: objectKind, address: v.object!.address, registered },
        visitedAt: new Date().toISOString(),
        location: null,
        notes: '',
        facts: {},
        answers: {},
        itemNotes: {},
        itemPhotos: {},
        writtenNoticeGiven: v.kind === 'household' ? false : null,
        state: 'draft',
      }));
      navigate(`/field/new?draft=${encodeURIComponent(key)}`, { replace: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('field.newTitle')}>
      <Alert type="info" showIcon title={t('field.chooseObjectFirst')} style={{ marginBottom: 12 }} />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void start(v)}
        initialValues={{ kind: kinds[0], inspectorIds: [] }}
      >
        <Form.Item name="kind" label={t('inspections.kind')} rules={[{ required: true }]}>
          <Select options={kinds.map((k) => ({ value: k, label: inspectionKindLabels[k][locale] }))} />
        </Form.Item>
        <Form.Item
          name="object"
          label={t('inspections.pickObject')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <ObjectPicker />
        </Form.Item>
        {selfKind ? null : (
          <Form.Item
            name="departmentIds"
            label={t('inspections.pickDepartments')}
            extra={t('inspections.departmentsHint')}
          >
            <Select mode="multiple" options={departmentOptions} optionFilterProp="label" allowClear />
          </Form.Item>
        )}
        <Form.Item
          name="inspectorIds"
          label={t('inspections.pickInspectors')}
          rules={[{ required: true, type: 'array', min: 1, message: t('common.required') }]}
        >
          <InspectorSelect enterpriseId={staffOf} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block size="large">
          {t('field.start')}
        </Button>
      </Form>
    </Card>
  );
}

/** Step 2: the field form for the draft (works offline once the draft exists). */
function DraftForm({ draftKey }: { draftKey: string }) {
  const t = useT();
  const { userId } = useFieldIdentity();
  const limits = useLastLimits(userId);
  const [draft, setDraft] = useState<FieldDraft | null | undefined>(undefined);
  useEffect(() => {
    // Another account's draft of the same key reads as absent.
    void fieldStore.draft(userId, draftKey).then((d) => setDraft(d ?? null));
  }, [userId, draftKey]);
  const source = useMemo<FieldSource | null>(() => {
    if (!draft?.subject || !draft.plan || !limits) return null;
    const object = inspectedObject(draft.subject.type, draft.subject.kind);
    return {
      draftKey: draft.key,
      inspectionId: null,
      plan: draft.plan,
      label: draft.label,
      address: draft.subject.address,
      kind: draft.plan.kind,
      object,
      registered: draft.subject.registered,
      limits,
      items: formItemsFor(itemsFor(object, checkItems)),
      editable: true,
    };
  }, [draft, limits]);
  if (draft === undefined || limits === undefined) return <PageLoading />;
  if (!source) return <Result status="warning" title={t('common.notFound')} />;
  return <FieldForm source={source} />;
}

function NewOnSite() {
  const t = useT();
  const identity = useFieldIdentity();
  const [params] = useSearchParams();
  const draftKey = params.get('draft');
  if (draftKey) return <DraftForm draftKey={draftKey} />;
  if (identity.offline) return <Result status="warning" title={t('field.chooseObjectFirst')} />;
  return <StartForm />;
}

/** /field/new — an on-site inspection without a plan (a self-inspection, a monthly self-inspection…). */
export function FieldNewPage() {
  const t = useT();
  return (
    <FieldShell title={t('field.newOnSite')} back="/field">
      <NewOnSite />
    </FieldShell>
  );
}
