import { Col, Divider, Form, Input, InputNumber, Row, Select } from 'antd';
import { useEffect, useState } from 'react';
import { chinaToday } from '../../../domain/dates.ts';
import {
  type FundSource,
  type Milestone,
  fundSourceLabels,
  fundSources,
  milestoneLabels,
  milestones,
} from '../../../domain/renewal/projects.ts';
import { applyFormError } from '../../app/http.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { EnterpriseSelect } from '../registry/index.ts';
import { RegionTreeSelect } from '../registry/index.ts';
import { facilitiesApi } from '../registry/index.ts';
import { pipelinesApi } from '../registry/index.ts';
import { type ProjectDetail, projectsApi } from './renewal.api.ts';
import { DateField } from '../../app/DateField.tsx';
import { FormDrawer } from '../../app/FormDrawer.tsx';

type Values = {
  code: string;
  name: string;
  planYear: number;
  regionId?: string;
  operatorId?: string;
  contractor?: string;
  segmentIds: string[];
  facilityIds: string[];
  lengthM?: number | null;
  budgetYuan: number;
  overBudgetReason?: string;
  note?: string;
} & Partial<Record<`planned_${FundSource}` | `received_${FundSource}`, number | null>> &
  Partial<Record<`plannedOn_${Milestone}` | `doneOn_${Milestone}`, string>>;

function initial(p: ProjectDetail | undefined): Partial<Values> {
  if (!p) return { planYear: Number(chinaToday().slice(0, 4)), segmentIds: [], facilityIds: [] };
  const v: Record<string, unknown> = {
    code: p.code,
    name: p.name,
    planYear: p.planYear,
    regionId: p.region.id,
    operatorId: p.operator.id,
    contractor: p.contractor ?? undefined,
    segmentIds: p.segments.map((s) => s.id),
    facilityIds: p.facilities.map((f) => f.id),
    lengthM: p.lengthM,
    budgetYuan: p.budgetYuan,
    overBudgetReason: p.overBudgetReason ?? undefined,
    note: p.note ?? undefined,
  };
  for (const f of p.funds) {
    v[`planned_${f.source}`] = f.plannedYuan;
    v[`received_${f.source}`] = f.receivedYuan;
  }
  for (const m of p.milestones) {
    v[`plannedOn_${m.milestone}`] = m.plannedOn ?? undefined;
    v[`doneOn_${m.milestone}`] = m.doneOn ?? undefined;
  }
  return v as Partial<Values>;
}

/**
 * 新建/编辑改造项目 (the office and 住建): scope from the register (the operator's segments and stations in
 * the township), budget and funds by source, milestones. Received above the budget asks for the reason.
 */
export function ProjectFormDrawer({
  open,
  project,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** Given: edit this project. */
  project?: ProjectDetail;
  onClose: () => void;
  onSaved: (p: ProjectDetail) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const regionId = Form.useWatch('regionId', form);
  const operatorId = Form.useWatch('operatorId', form);
  const [segments, setSegments] = useState<{ value: string; label: string }[]>([]);
  const [facilities, setFacilities] = useState<{ value: string; label: string }[]>([]);
  const today = chinaToday();

  useEffect(() => {
    if (!regionId || !operatorId) return setSegments([]);
    let live = true;
    void pipelinesApi.list({ regionId, ownerEnterpriseId: operatorId, page: 1, pageSize: 200 }).then(
      (r) =>
        live &&
        setSegments(r.items.map((s) => ({ value: s.id, label: `${s.code} ${s.name}（${s.lengthM ?? '—'} m）` }))),
      () => live && setSegments([]),
    );
    void facilitiesApi.list({ enterpriseId: operatorId, page: 1, pageSize: 200 }).then(
      (r) => live && setFacilities(r.items.map((f) => ({ value: f.id, label: f.name }))),
      () => live && setFacilities([]),
    );
    return () => {
      live = false;
    };
  }, [regionId, operatorId]);

  const received = (v: Partial<Values>) => fundSources.reduce((s, f) => s + (v[`received_${f}`] ?? 0), 0);

  const submit = async (v: Values) => {
    setSaving(true);
    setError(null);
    const funds = fundSources.map((source) => ({
      source,
      plannedYuan: v[`planned_${source}`] ?? 0,
      receivedYuan: v[`received_${source}`] ?? 0,
    }));
    const ms = milestones.map((milestone) => ({
      milestone,
      plannedOn: v[`plannedOn_${milestone}`] || null,
      doneOn: v[`doneOn_${milestone}`] || null,
    }));
    const common = {
      name: v.name.trim(),
      planYear: v.planYear,
      contractor: v.contractor?.trim() || null,
      segmentIds: v.segmentIds ?? [],
      facilityIds: v.facilityIds ?? [],
      budgetYuan: v.budgetYuan,
      funds,
      overBudgetReason: v.overBudgetReason?.trim() || null,
      milestones: ms,
      note: v.note?.trim() || null,
    };
    try {
      const saved = project
        ? await projectsApi.update(project.id, { ...common, ...(v.lengthM != null ? { lengthM: v.lengthM } : {}) })
        : await projectsApi.create({
            ...common,
            code: v.code.trim(),
            regionId: v.regionId as string,
            operatorId: v.operatorId as string,
            lengthM: v.lengthM ?? null,
          });
      onSaved(saved);
    } catch (err) {
      setError(
        applyFormError(form, err, {
          codeFields: {
            'renewal.received_over_budget': ['overBudgetReason'],
            'renewal.project_code_taken': ['code'],
            'renewal.segment_not_eligible': ['segmentIds'],
            'renewal.segment_in_other_project': ['segmentIds'],
            'renewal.facility_not_eligible': ['facilityIds'],
            'renewal.operator_not_found': ['operatorId'],
            'renewal.region_not_found': ['regionId'],
          },
        }),
      );
    } finally {
      setSaving(false);
    }
  };

  const money = (name: string, label?: string) => (
    <Form.Item name={name} label={label} style={{ marginBottom: 8 }}>
      <InputNumber min={0} max={1e12} precision={2} style={{ width: '100%' }} addonAfter="元" />
    </Form.Item>
  );

  return (
    <FormDrawer<Values>
      open={open}
      onClose={onClose}
      title={project ? t('renewalProjects.edit') : t('renewalProjects.create')}
      width={640}
      form={form}
      onFinish={submit}
      initialValues={initial(project)}
      saving={saving}
      error={error}
      saveTestId="project-save"
    >
      <Row gutter={12}>
        <Col xs={24} sm={10}>
          <Form.Item
            name="code"
            label={t('renewalProjects.code')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 40 }]}
          >
            <Input maxLength={40} disabled={!!project} placeholder="GZ-2025-001" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={14}>
          <Form.Item
            name="planYear"
            label={t('renewalProjects.planYear')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <InputNumber min={2020} max={2100} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="name"
        label={t('renewalProjects.name')}
        rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 100 }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        name="regionId"
        label={t('renewalProjects.region')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <RegionTreeSelect placeholder={t('renewalProjects.region')} disabled={!!project} />
      </Form.Item>
      <Form.Item
        name="operatorId"
        label={t('renewalProjects.operator')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <EnterpriseSelect
          kinds={['pipeline_operator']}
          placeholder={t('renewalProjects.operator')}
          disabled={!!project}
          initial={project ? { ...project.operator, creditCode: '' } : undefined}
        />
      </Form.Item>
      <Form.Item name="contractor" label={t('renewalProjects.contractor')} rules={[{ max: 100 }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="segmentIds" label={t('renewalProjects.segments')} extra={t('renewalProjects.segmentsHint')}>
        <Select
          mode="multiple"
          options={[
            ...segments,
            ...(project?.segments ?? [])
              .filter((s) => !segments.some((o) => o.value === s.id))
              .map((s) => ({ value: s.id, label: `${s.code} ${s.name}` })),
          ]}
          optionFilterProp="label"
        />
      </Form.Item>
      <Form.Item name="facilityIds" label={t('renewalProjects.facilities')}>
        <Select
          mode="multiple"
          options={[
            ...facilities,
            ...(project?.facilities ?? [])
              .filter((f) => !facilities.some((o) => o.value === f.id))
              .map((f) => ({ value: f.id, label: f.name })),
          ]}
          optionFilterProp="label"
        />
      </Form.Item>
      <Form.Item name="lengthM" label={t('renewalProjects.length')} extra={t('renewalProjects.lengthHint')}>
        <InputNumber min={0} max={1e7} precision={1} style={{ width: '100%' }} />
      </Form.Item>
      <Divider titlePlacement="start">{t('renewalProjects.funds')}</Divider>
      <Form.Item
        name="budgetYuan"
        label={t('renewalProjects.budget')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <InputNumber min={0} max={1e12} precision={2} style={{ width: '100%' }} addonAfter="元" />
      </Form.Item>
      <Row gutter={8} style={{ fontWeight: 500, marginBottom: 4 }}>
        <Col span={6}>{t('renewalProjects.fundSource')}</Col>
        <Col span={9}>{t('renewalProjects.planned')}</Col>
        <Col span={9}>{t('renewalProjects.received')}</Col>
      </Row>
      {fundSources.map((s) => (
        <Row gutter={8} key={s} align="middle">
          <Col span={6}>{fundSourceLabels[s][locale]}</Col>
          <Col span={9}>{money(`planned_${s}`)}</Col>
          <Col span={9}>{money(`received_${s}`)}</Col>
        </Row>
      ))}
      <Form.Item
        name="overBudgetReason"
        label={t('renewalProjects.overBudgetReason')}
        dependencies={[...fundSources.map((s) => `received_${s}`), 'budgetYuan']}
        rules={[
          { max: 500 },
          ({ getFieldsValue }) => ({
            validator: async (_, v: string | undefined) => {
              const all = getFieldsValue(true) as Partial<Values>;
              if (received(all) > (all.budgetYuan ?? 0) && !v?.trim())
                throw new Error(t('renewalProjects.overBudgetRequired'));
            },
          }),
        ]}
      >
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Divider titlePlacement="start">{t('renewalProjects.milestones')}</Divider>
      <Row gutter={8} style={{ fontWeight: 500, marginBottom: 4 }}>
        <Col span={6}>{t('renewalProjects.milestone')}</Col>
        <Col span={9}>{t('renewalProjects.plannedOn')}</Col>
        <Col span={9}>{t('renewalProjects.doneOn')}</Col>
      </Row>
      {milestones.map((m) => (
        <Row gutter={8} key={m} align="middle">
          <Col span={6}>{milestoneLabels[m][locale]}</Col>
          <Col span={9}>
            <Form.Item name={`plannedOn_${m}`} style={{ marginBottom: 8 }}>
              <DateField />
            </Form.Item>
          </Col>
          <Col span={9}>
            <Form.Item name={`doneOn_${m}`} style={{ marginBottom: 8 }}>
              <DateField max={today} />
            </Form.Item>
          </Col>
        </Row>
      ))}
      <Form.Item name="note" label={t('renewalProjects.note')} rules={[{ max: 1000 }]}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
    </FormDrawer>
  );
}
