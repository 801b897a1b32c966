import { Alert, Checkbox, Col, DatePicker, Divider, Form, Input, InputNumber, Radio, Row, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import {
  type GasSource,
  gasSourceLabels,
  type HoseType,
  hoseTypeLabels,
  type VenueCategory,
  type VenueFloor,
  venueCategoryLabels,
  venueFloorLabels,
} from '../../../../domain/registry/registry.ts';
import { CYLINDER_ROOM_THRESHOLD_KG } from '../../../../domain/registry/venue-risk.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { CoordinatesFields } from '../components/CoordinatesFields.tsx';
import { EnterpriseSelect } from '../components/EnterpriseSelect.tsx';
import { enumOptions } from '../components/enumOptions.ts';
import { RegionField } from '../components/RegionField.tsx';
import { useSupervisedParty } from '../components/useSupervisedParty.ts';
import { RegistryFormDrawer, useRegistryForm } from '../components/RegistryFormDrawer.tsx';
import { type Venue, type VenueInput, venuesApi } from './venues.api.ts';

type Values = {
  name: string;
  category?: VenueCategory;
  regionId?: string;
  address: string;
  lng?: number | null;
  lat?: number | null;
  floor: VenueFloor;
  /** 'unknown' in the form stands for null (not recorded). */
  highRiseBuilding: 'yes' | 'no' | 'unknown';
  gasSources: GasSource[];
  supplierEnterpriseId?: string | null;
  contractNumber?: string;
  contractFrom?: Dayjs | null;
  contractTo?: Dayjs | null;
  storedLpgKg?: number | null;
  hasCylinderRoom: boolean;
  hoseType?: HoseType | null;
  detectorInstalled: boolean;
  detectorInstalledOn?: Dayjs | null;
  shutoffValveInstalled: boolean;
  shutoffValveInstalledOn?: Dayjs | null;
  contactName?: string;
  contactPhone?: string;
};

/** Error codes that belong to one field of the form. */
const errorFields: Record<string, string[]> = {
  'venues.duplicate': ['name'],
  'venues.region_not_found': ['regionId'],
  'venues.outside_scope': ['regionId'],
  'venues.supplier_not_found': ['supplierEnterpriseId'],
  'venues.supplier_not_gas_operator': ['supplierEnterpriseId'],
  'venues.contract_dates_reversed': ['contractTo'],
};

const contractFields = ['contractNumber', 'contractFrom', 'contractTo'] as const;

const ymd = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const day = (s: string | null) => (s ? dayjs(s) : null);

/**
 * Create or edit a venue. With `contractOnly` (the supplier's enterprise manager) only the supply
 * contract can be changed; the server enforces the same.
 */
export function VenueFormDrawer({
  open,
  venue,
  contractOnly = false,
  onClose,
  onSaved,
}: {
  open: boolean;
  venue?: Venue | null;
  contractOnly?: boolean;
  onClose: () => void;
  onSaved: (saved: Venue) => void;
}) {
  const t = useT();
  // Region and category of an existing venue are the regulator's to change (the server refuses them too).
  const regulated = useSupervisedParty() && Boolean(venue);
  const locale = useLocale();
  const isMobile = useIsMobile();
  const state = useRegistryForm<Values, Venue>({
    open,
    source: venue,
    editing: Boolean(venue),
    errorFields,
    load: () =>
      venue && {
        name: venue.name,
        category: venue.category,
        regionId: venue.regionId,
        address: venue.address,
        lng: venue.lng,
        lat: venue.lat,
        floor: venue.floor,
        highRiseBuilding: venue.highRiseBuilding === null ? 'unknown' : venue.highRiseBuilding ? 'yes' : 'no',
        gasSources: venue.gasSources,
        supplierEnterpriseId: venue.supplierEnterpriseId,
        contractNumber: venue.contractNumber ?? '',
        contractFrom: day(venue.contractFrom),
        contractTo: day(venue.contractTo),
        storedLpgKg: venue.storedLpgKg,
        hasCylinderRoom: venue.hasCylinderRoom,
        hoseType: venue.hoseType,
        detectorInstalled: venue.detectorInstalled,
        detectorInstalledOn: day(venue.detectorInstalledOn),
        shutoffValveInstalled: venue.shutoffValveInstalled,
        shutoffValveInstalledOn: day(venue.shutoffValveInstalledOn),
        contactName: venue.contactName ?? '',
        contactPhone: venue.contactPhone ?? '',
      },
    save: (v) => {
      const full: VenueInput = {
        name: v.name.trim(),
        category: v.category!,
        regionId: v.regionId!,
        address: v.address.trim(),
        lng: v.lng ?? null,
        lat: v.lat ?? null,
        floor: v.floor,
        highRiseBuilding: v.highRiseBuilding === 'unknown' ? null : v.highRiseBuilding === 'yes',
        gasSources: v.gasSources,
        supplierEnterpriseId: v.supplierEnterpriseId ?? null,
        contractNumber: v.contractNumber?.trim() || null,
        contractFrom: ymd(v.contractFrom),
        contractTo: ymd(v.contractTo),
        storedLpgKg: v.storedLpgKg ?? null,
        hasCylinderRoom: v.hasCylinderRoom,
        hoseType: v.hoseType ?? null,
        detectorInstalled: v.detectorInstalled,
        detectorInstalledOn: v.detectorInstalled ? ymd(v.detectorInstalledOn) : null,
        shutoffValveInstalled: v.shutoffValveInstalled,
        shutoffValveInstalledOn: v.shutoffValveInstalled ? ymd(v.shutoffValveInstalledOn) : null,
        contactName: v.contactName?.trim() || null,
        contactPhone: v.contactPhone?.trim() || null,
      };
      const body: Partial<VenueInput> = contractOnly
        ? Object.fromEntries(contractFields.map((k) => [k, full[k]]))
        : full;
      return venue ? venuesApi.update(venue.id, body) : venuesApi.create(full);
    },
    onSaved,
  });
  const form = state.form;
  const detector = Form.useWatch('detectorInstalled', form);
  const valve = Form.useWatch('shutoffValveInstalled', form);
  const sources = Form.useWatch('gasSources', form) ?? [];
  const stored = Form.useWatch('storedLpgKg', form);

  const usesGas = sources.includes('piped') || sources.includes('bottled_lpg');
  const span = (n: number) => (isMobile ? 24 : n);

  return (
    <RegistryFormDrawer
      state={state}
      open={open}
      onClose={onClose}
      title={t(contractOnly ? 'venue.editContract' : venue ? 'venue.edit' : 'venue.create')}
      width={680}
      disabled={state.saving}
      notice={
        contractOnly ? (
          <Alert type="info" showIcon title={t('venue.contractOnlyHint')} style={{ marginBottom: 16 }} />
        ) : null
      }
      initialValues={{
        floor: 'ground',
        highRiseBuilding: 'unknown',
        gasSources: [],
        hasCylinderRoom: false,
        detectorInstalled: false,
        shutoffValveInstalled: false,
      }}
    >
      <div hidden={contractOnly}>
        <Row gutter={16}>
          <Col span={span(14)}>
            <Form.Item
              name="name"
              label={t('venue.name')}
              rules={[{ required: !contractOnly, whitespace: true, message: t('common.required') }, { max: 100 }]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={span(10)}>
            <Form.Item
              name="category"
              label={t('venue.category')}
              rules={[{ required: !contractOnly, message: t('common.required') }]}
              extra={regulated ? t('registry.regulatorField') : undefined}
            >
              <Select options={enumOptions(venueCategoryLabels, locale)} disabled={regulated} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={span(10)}>
            <RegionField fallbackLabel={venue?.regionName} required={!contractOnly} readOnly={regulated} />
          </Col>
          <Col span={span(14)}>
            <Form.Item
              name="address"
              label={t('registry.address')}
              rules={[{ required: !contractOnly, whitespace: true, message: t('common.required') }, { max: 200 }]}
            >
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
        <CoordinatesFields />
        <Divider titlePlacement="start" plain>
          {t('venue.gasDevices')}
        </Divider>
        <Row gutter={16}>
          <Col span={span(10)}>
            <Form.Item name="floor" label={t('venue.floor')}>
              <Select options={enumOptions(venueFloorLabels, locale)} />
            </Form.Item>
          </Col>
          <Col span={span(14)}>
            <Form.Item name="gasSources" label={t('venue.gasSources')}>
              <Checkbox.Group options={enumOptions(gasSourceLabels, locale)} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={span(12)}>
            <Form.Item name="highRiseBuilding" label={t('venue.highRiseBuilding')} extra={t('venue.highRiseHint')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'yes', label: t('venue.yes') },
                  { value: 'no', label: t('venue.no') },
                  { value: 'unknown', label: t('venue.notRecorded') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={span(12)}>
            <Form.Item name="hoseType" label={t('venue.hoseType')}>
              <Select allowClear options={enumOptions(hoseTypeLabels, locale)} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={span(12)}>
            <Form.Item name="storedLpgKg" label={t('venue.storedLpgKg')} extra={t('venue.storedLpgHint')}>
              <InputNumber min={0} max={9_999_999} step={5} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={span(12)}>
            <Form.Item
              name="hasCylinderRoom"
              label={t('venue.hasCylinderRoom')}
              valuePropName="checked"
              extra={(stored ?? 0) >= CYLINDER_ROOM_THRESHOLD_KG ? t('venue.storedLpgHint') : undefined}
            >
              <Switch checkedChildren={t('venue.yes')} unCheckedChildren={t('venue.no')} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item name="detectorInstalled" label={t('venue.detector')} valuePropName="checked">
              <Switch checkedChildren={t('venue.installed')} unCheckedChildren={t('venue.notInstalled')} />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item name="detectorInstalledOn" label={t('venue.detectorInstalledOn')} hidden={!detector}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item name="shutoffValveInstalled" label={t('venue.shutoffValve')} valuePropName="checked">
              <Switch checkedChildren={t('venue.installed')} unCheckedChildren={t('venue.notInstalled')} />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item name="shutoffValveInstalledOn" label={t('venue.shutoffValveInstalledOn')} hidden={!valve}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          {t('venue.contract')}
        </Divider>
        <Form.Item name="supplierEnterpriseId" label={t('venue.supplier')} extra={t('venue.supplierHint')}>
          <EnterpriseSelect
            kinds={['pipeline_operator', 'bottled_operator']}
            initial={
              venue?.supplierEnterpriseId
                ? { id: venue.supplierEnterpriseId, name: venue.supplierName ?? '', creditCode: '' }
                : null
            }
          />
        </Form.Item>
      </div>
      <Row gutter={16}>
        <Col span={span(8)}>
          <Form.Item name="contractNumber" label={t('venue.contractNumber')} rules={[{ max: 60 }]}>
            <Input maxLength={60} placeholder={usesGas || contractOnly ? 'GYQ-2023-00018' : undefined} />
          </Form.Item>
        </Col>
        <Col span={span(8)}>
          <Form.Item name="contractFrom" label={t('venue.contractFrom')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={span(8)}>
          <Form.Item
            name="contractTo"
            label={t('venue.contractTo')}
            dependencies={['contractFrom']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, v: Dayjs | null) => {
                  const from = getFieldValue('contractFrom') as Dayjs | null;
                  return v && from && v.isBefore(from, 'day')
                    ? Promise.reject(new Error(t('venue.contractDatesReversed')))
                    : Promise.resolve();
                },
              }),
            ]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16} hidden={contractOnly}>
        <Col span={span(10)}>
          <Form.Item name="contactName" label={t('venue.contactName')} rules={[{ max: 50 }]}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col span={span(14)}>
          <Form.Item
            name="contactPhone"
            label={t('venue.contactPhone')}
            rules={[{ pattern: /^[0-9+\- ]{5,20}$/, message: t('enterprise.phoneInvalid') }]}
          >
            <Input maxLength={20} inputMode="tel" />
          </Form.Item>
        </Col>
      </Row>
    </RegistryFormDrawer>
  );
}
