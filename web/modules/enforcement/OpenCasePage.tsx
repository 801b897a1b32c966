import { App, Button, Card, Form, Input, Radio, Select, Space } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import {
  type CaseSource,
  type CaseSubjectType,
  caseSourceLabels,
  caseSources,
  caseSubjectTypeLabels,
  caseSubjectTypes,
  legalArticles,
} from '../../../domain/enforcement/enforcement.ts';
import type { CylinderAnomalies } from '../../app/api-types.ts';
import { http } from '../../app/http.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { PageHeader } from '../../app/PageState.tsx';
import { useRequest } from '../../app/useRequest.ts';
import { ObjectPicker, type PickedObject } from '../inspections/index.ts';
import { DepartmentSelect, TownshipSelect, formError } from './components.tsx';
import { type OpenCase, enforcementApi } from './enforcement.api.ts';

type Values = {
  source: CaseSource;
  sourceRef?: string;
  subjectType: CaseSubjectType;
  subject?: PickedObject | null;
  subjectName?: string;
  regionId?: string;
  departmentId?: string;
  facts: string;
  legalBasis: OpenCase['legalBasis'];
};

const isSource = (s: string | null): s is CaseSource => caseSources.includes(s as CaseSource);

const loadAnomalies = () => http.get<CylinderAnomalies>('/api/v1/cylinder-anomalies', { pageSize: 100 });

function AnomalyPicker({ value, onChange }: { value?: string; onChange?: (v: string) => void }) {
  const t = useT();
  const { data, loading } = useRequest(loadAnomalies);
  return (
    <Select
      value={value}
      onChange={onChange}
      loading={loading}
      placeholder={t('cases.pickAnomaly')}
      showSearch={{ optionFilterProp: 'label' }}
      options={(data?.items ?? []).map((a) => ({
        value: a.id,
        label: `${a.code} · ${a.kind} · ${a.detectedAt.slice(0, 10)}`,
      }))}
    />
  );
}

/**
 * /cases/new — 立案: from a hazard, tip, inspection, seizure, cylinder anomaly or black site (the source
 * named in the address by the buttons on those pages, or picked here), against a register object or a person.
 */
export function OpenCasePage() {
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const fromUrl = isSource(params.get('source')) ? (params.get('source') as CaseSource) : null;
  const presetType = (['enterprise', 'venue'] as const).find((x) => x === params.get('subjectType'));
  const presetSubject: PickedObject | undefined =
    presetType && params.get('subjectId')
      ? {
          type: presetType,
          id: params.get('subjectId')!,
          name: params.get('subjectName') ?? '',
          address: '',
          kind: '',
          regionName: null,
          raw: {},
        }
      : undefined;
  const subjectType = Form.useWatch('subjectType', form) ?? presetType ?? 'enterprise';
  const source = Form.useWatch('source', form) ?? fromUrl ?? 'manual';

  const submit = async (v: Values) => {
    setSaving(true);
    try {
      const body: OpenCase = {
        source: v.source,
        sourceRef: v.source === 'manual' ? undefined : v.sourceRef?.trim() || undefined,
        subjectType: v.subjectType,
        subjectId: v.subjectType === 'person' ? undefined : v.subject?.id,
        subjectName: v.subjectType === 'person' ? v.subjectName : undefined,
        regionId: v.subjectType === 'person' ? v.regionId : undefined,
        departmentId: v.departmentId,
        facts: v.facts,
        legalBasis: v.legalBasis,
      };
      const c = await enforcementApi.openCase(body);
      message.success(t('common.saved'));
      navigate(`/cases/${c.id}`, { replace: true });
    } catch (err) {
      const text = formError(form, err, { subjectId: 'subject' });
      if (text) message.error(text);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <PageHeader
        title={fromUrl ? t('cases.fromSource', { source: caseSourceLabels[fromUrl][locale] }) : t('cases.openTitle')}
      />
      <Card style={{ maxWidth: 820 }}>
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{
            source: fromUrl ?? 'manual',
            sourceRef: params.get('ref') ?? undefined,
            subjectType: presetType ?? 'enterprise',
            subject: presetSubject,
            legalBasis: [],
          }}
        >
          <Form.Item name="source" label={t('cases.source')} rules={[{ required: true }]}>
            <Select
              disabled={Boolean(fromUrl)}
              options={caseSources.map((s) => ({ value: s, label: caseSourceLabels[s][locale] }))}
            />
          </Form.Item>
          {source !== 'manual' ? (
            <Form.Item
              name="sourceRef"
              label={t('cases.sourceRef')}
              extra={source === 'seizure' || source === 'cylinder_anomaly' ? t('cases.sourceRefHint') : undefined}
              rules={[{ required: true, message: t('cases.required') }]}
            >
              {source === 'cylinder_anomaly' && !fromUrl ? (
                <AnomalyPicker />
              ) : (
                <Input disabled={Boolean(fromUrl && params.get('ref'))} />
              )}
            </Form.Item>
          ) : null}
          <Form.Item name="subjectType" label={t('cases.subjectType')}>
            <Radio.Group
              optionType="button"
              options={caseSubjectTypes.map((s) => ({ value: s, label: caseSubjectTypeLabels[s][locale] }))}
              onChange={() => form.setFieldValue('subject', null)}
            />
          </Form.Item>
          {subjectType === 'person' ? (
            <Space wrap style={{ width: '100%' }} align="start">
              <Form.Item
                name="subjectName"
                label={t('cases.subjectName')}
                rules={[{ required: true, message: t('cases.required') }]}
              >
                <Input maxLength={100} style={{ minWidth: 220 }} />
              </Form.Item>
              <Form.Item name="regionId" label={t('cases.region')}>
                <TownshipSelect width={200} />
              </Form.Item>
            </Space>
          ) : (
            <Form.Item
              name="subject"
              label={t('cases.subjectPick')}
              rules={[{ required: true, message: t('cases.required') }]}
            >
              <ObjectPicker key={subjectType} types={[subjectType]} />
            </Form.Item>
          )}
          <Form.Item name="departmentId" label={t('cases.department')}>
            <DepartmentSelect />
          </Form.Item>
          <Form.Item
            name="facts"
            label={t('cases.facts')}
            rules={[{ required: true, whitespace: true, message: t('cases.required') }]}
          >
            <Input.TextArea rows={4} maxLength={4000} showCount />
          </Form.Item>
          <Form.Item
            name="legalBasis"
            label={t('cases.legalBasis')}
            extra={t('cases.legalBasisHint')}
            rules={[{ required: true, type: 'array', min: 1, message: t('cases.required') }]}
          >
            <Select
              mode="multiple"
              showSearch={{ optionFilterProp: 'label' }}
              options={legalArticles.map((a) => ({
                value: a.code,
                label: `《${a.law}》${a.article}${a.matter[locale]}`,
              }))}
            />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={saving}>
              {t('cases.open')}
            </Button>
            <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      </Card>
    </>
  );
}
