import { Alert, Col, DatePicker, Divider, Form, Input, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import {
  type GasSource,
  type HoseType,
  hoseTypeLabels,
  type VenueCategory,
  type VenueFloor,
  venueCategoryLabels,
} from '../../../../domain/registry/registry.ts';
import { venueRegulatorFields } from '../../../../domain/registry/venue-risk.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { CoordinatesFields } from '../components/CoordinatesFields.tsx';
import { EnterpriseSelect } from '../components/EnterpriseSelect.tsx';
import { enumOptions } from '../components/enumOptions.ts';
import { RegionField } from '../components/RegionField.tsx';
import { useSupervisedParty } from '../components/useSupervisedParty.ts';
import { RegistryFormDrawer, useRegistryForm } from '../components/RegistryFormDrawer.tsx';
import { type HighRiseValue, VenueFactsFields, highRiseOf, highRiseValue } from './VenueFactsFields.tsx';
import { type Venue, type VenueInput, venuesApi } from './venues.api.ts';

type Values = {
  name: string;
  category?: VenueCategory;
  regionId?: string;
  address: string;
  lng?: number | null;
  lat?: number | null;
  floor: VenueFloor;
  highRiseBuilding: HighRiseValue;
  gasSources: GasSource[];
  supplierEnterpriseId?: string | null;
  contractNumber?: string;
  contractFrom?: Dayjs | null;
  contractTo?: Dayjs | null;
  storedLpgKg?: number | null;
  hasCylinderRoom: boolean;
  hoseType?: HoseType | null;
  detectorInstalled: boolean;
  detectorInstalledOn?: string | null;
  shutoffValveInstalled: boolean;
  shutoffValveInstalledOn?: string | null;
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
  // Region, category and risk facts of an existing venue are the regulator's to change (the server refuses them too).
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
        highRiseBuilding: highRiseValue(venue.highRiseBuilding),
        gasSources: venue.gasSources,
        supplierEnterpriseId: venue.supplierEnterpriseId,
        contractNumber: venue.contractNumber ?? '',
        contractFrom: day(venue.contractFrom),
        contractTo: day(venue.contractTo),
        storedLpgKg: venue.storedLpgKg,
        hasCylinderRoom: venue.hasCylinderRoom,
        hoseType: venue.hoseType,
        detectorInstalled: venue.detectorInstalled,
        detectorInstalledOn: venue.detectorInstalledOn,
        shutoffValveInstalled: venue.shutoffValveInstalled,
        shutoffValveInstalledOn: venue.shutoffValveInstalledOn,
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
        highRiseBuilding: highRiseOf(v.highRiseBuilding),
        gasSources: v.gasSources,
        supplierEnterpriseId: v.supplierEnterpriseId ?? null,
        contractNumber: v.contractNumber?.trim() || null,
        contractFrom: ymd(v.contractFrom),
        contractTo: ymd(v.contractTo),
        storedLpgKg: v.storedLpgKg ?? null,
        hasCylinderRoom: v.hasCylinderRoom,
        hoseType: v.hoseType ?? null,
        detectorInstalled: v.detectorInstalled,
        detectorInstalledOn: v.detectorInstalled ? (v.detectorInstalledOn ?? null) : null,
        shutoffValveInstalled: v.shutoffValveInstalled,
        shutoffValveInstalledOn: v.shutoffValveInstalled ? (v.shutoffValveInstalledOn ?? null) : null,
        contactName: v.contactName?.trim() || null,
        contactPhone: v.contactPhone?.trim() || null,
      };
      // A supervised party sends none of the regulator's fields (it proposes them instead).
      const body: Partial<VenueInput> = contractOnly
        ? Object.fromEntries(contractFields.map((k) => [k, full[k]]))
        : regulated
          ? Object.fromEntries(
              Object.entries(full).filter(([k]) => !(venueRegulatorFields as readonly string[]).includes(k)),
            )
          : full;
      return venue ? venuesApi.update(venue.id, body) : venuesApi.create(full);
    },
    onSaved,
  });
  const form = state.form;
  const sources = Form.useWatch('gasSources', form) ?? [];

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
        <VenueFactsFields
          regulated={regulated}
          beside={
            <Form.Item name="hoseType" label={t('venue.hoseType')}>
              <Select allowClear options={enumOptions(hoseTypeLabels, locale)} />
            </Form.Item>
          }
        />
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
