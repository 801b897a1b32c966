import { Col, Form, Input, InputNumber, Row, Select, Switch } from 'antd';
import {
  chinaToday,
  formatGeometryText,
  MIN_INSTALLED_YEAR,
  parseGeometryText,
} from '../../../../domain/registry/pipelines-people-vehicles.ts';
import {
  type PipeMaterial,
  type PressureClass,
  pipeMaterialLabels,
  pressureClassLabels,
  type RenewalStatus,
  renewalStatusLabels,
} from '../../../../domain/registry/registry.ts';
import { type MessageKey, useLocale, useT } from '../../../app/i18n.ts';
import { EnterpriseSelect } from '../components/EnterpriseSelect.tsx';
import { enumOptions } from '../components/enumOptions.ts';
import { RegionField } from '../components/RegionField.tsx';
import { RegistryFormDrawer, useRegistryForm } from '../components/RegistryFormDrawer.tsx';
import { type PipelineDetail, type PipelineInput, pipelinesApi } from './pipelines.api.ts';

type Values = {
  code: string;
  name: string;
  ownerEnterpriseId?: string | null;
  regionId?: string;
  material?: PipeMaterial;
  pressureClass?: PressureClass;
  diameterMm?: number | null;
  lengthM?: number | null;
  installedYear?: number | null;
  encroached: boolean;
  confinedSpace: boolean;
  renewalStatus: RenewalStatus;
  geometryText?: string;
};

const errorFields: Record<string, string[]> = {
  'pipelines.code_taken': ['code'],
  'pipelines.owner_not_pipeline_operator': ['ownerEnterpriseId'],
  'pipelines.owner_not_found': ['ownerEnterpriseId'],
  'pipelines.region_not_found': ['regionId'],
  'pipelines.outside_scope': ['regionId'],
};

/** Create or edit a pipeline segment; the line is edited as "lng,lat" per line. */
export function PipelineFormDrawer({
  open,
  segment,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** The segment to edit; none: a new one. */
  segment?: PipelineDetail | null;
  onClose: () => void;
  onSaved: (saved: PipelineDetail) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const thisYear = Number(chinaToday().slice(0, 4));
  const state = useRegistryForm<Values, PipelineDetail>({
    open,
    source: segment,
    editing: Boolean(segment),
    errorFields,
    mapPath: (path) => (path[0] === 'geometry' ? ['geometryText'] : path),
    load: () =>
      segment && {
        code: segment.code,
        name: segment.name,
        ownerEnterpriseId: segment.ownerEnterpriseId,
        regionId: segment.regionId,
        material: segment.material,
        pressureClass: segment.pressureClass,
        diameterMm: segment.diameterMm,
        lengthM: segment.lengthM,
        installedYear: segment.installedYear,
        encroached: segment.encroached,
        confinedSpace: segment.confinedSpace,
        renewalStatus: segment.renewalStatus,
        geometryText: formatGeometryText(segment.geometry),
      },
    save: (v) => {
      const geometry = parseGeometryText(v.geometryText ?? '');
      const body: PipelineInput = {
        code: v.code.trim(),
        name: v.name.trim(),
        ownerEnterpriseId: v.ownerEnterpriseId ?? null,
        regionId: v.regionId!,
        material: v.material!,
        pressureClass: v.pressureClass!,
        diameterMm: v.diameterMm ?? null,
        lengthM: v.lengthM ?? null,
        installedYear: v.installedYear ?? null,
        encroached: v.encroached,
        confinedSpace: v.confinedSpace,
        renewalStatus: v.renewalStatus,
        geometry: geometry.ok && geometry.points.length > 0 ? geometry.points : null,
      };
      return segment ? pipelinesApi.update(segment.id, body) : pipelinesApi.create(body);
    },
    onSaved,
  });

  return (
    <RegistryFormDrawer
      state={state}
      open={open}
      onClose={onClose}
      title={t(segment ? 'pipeline.edit' : 'pipeline.create')}
      width={640}
      initialValues={{ encroached: false, confinedSpace: false, renewalStatus: 'not_needed' }}
    >
      <Row gutter={16}>
        <Col xs={24} sm={10}>
          <Form.Item
            name="code"
            label={t('pipeline.code')}
            extra={t('pipeline.codeHint')}
            rules={[
              { required: true, whitespace: true, message: t('common.required') },
              { max: 50 },
              { pattern: /^\S+$/, message: t('pipeline.codeHint') },
            ]}
          >
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={14}>
          <Form.Item
            name="name"
            label={t('pipeline.name')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 100 }]}
          >
            <Input maxLength={100} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <RegionField fallbackLabel={segment?.region.name} />
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="ownerEnterpriseId" label={t('pipeline.owner')} extra={t('pipeline.ownerHint')}>
            <EnterpriseSelect kinds={['pipeline_operator']} initial={segment?.ownerEnterprise ?? null} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={12} sm={8}>
          <Form.Item
            name="material"
            label={t('pipeline.material')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select options={enumOptions(pipeMaterialLabels, locale)} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item
            name="pressureClass"
            label={t('pipeline.pressureClass')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select options={enumOptions(pressureClassLabels, locale)} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item
            name="installedYear"
            label={t('pipeline.installedYear')}
            rules={[
              {
                type: 'number',
                min: MIN_INSTALLED_YEAR,
                max: thisYear,
                message: t('pipeline.yearInvalid', { min: MIN_INSTALLED_YEAR }),
              },
            ]}
          >
            <InputNumber min={MIN_INSTALLED_YEAR} max={thisYear} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="diameterMm" label={t('pipeline.diameter')}>
            <InputNumber min={1} max={3000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="lengthM" label={t('pipeline.length')}>
            <InputNumber min={0.1} max={99_999_999} precision={1} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="renewalStatus" label={t('pipeline.renewalStatus')}>
            <Select options={enumOptions(renewalStatusLabels, locale)} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={12}>
          <Form.Item name="encroached" label={t('pipeline.encroached')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={12}>
          <Form.Item name="confinedSpace" label={t('pipeline.confinedSpace')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="geometryText"
        label={t('pipeline.geometry')}
        extra={t('pipeline.geometryHint')}
        rules={[
          {
            validator: async (_, text: string | undefined) => {
              const parsed = parseGeometryText(text ?? '');
              if (!parsed.ok) {
                throw new Error(
                  t('pipeline.geometryLine', {
                    line: parsed.line,
                    reason: t(`pipeline.geometry.${parsed.reason}` as MessageKey),
                  }),
                );
              }
            },
          },
        ]}
      >
        <Input.TextArea
          rows={6}
          placeholder={'108.8401,38.6012\n108.8452,38.6031'}
          style={{ fontFamily: 'monospace' }}
        />
      </Form.Item>
    </RegistryFormDrawer>
  );
}
