import { Checkbox, Col, Form, InputNumber, Radio, Row, Select, Switch } from 'antd';
import type { ReactNode } from 'react';
import { gasSourceLabels, venueFloorLabels } from '../../../../domain/registry/registry.ts';
import { CYLINDER_ROOM_THRESHOLD_KG } from '../../../../domain/registry/venue-risk.ts';
import { DateField } from '../../../app/DateField.tsx';
import { useLocale, useT } from '../../../app/i18n.ts';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { enumOptions } from '../components/enumOptions.ts';

/** The form's value of highRiseBuilding: 'unknown' stands for null (not recorded). */
export type HighRiseValue = 'yes' | 'no' | 'unknown';
export const highRiseValue = (b: boolean | null): HighRiseValue => (b === null ? 'unknown' : b ? 'yes' : 'no');
export const highRiseOf = (v: HighRiseValue | undefined): boolean | null =>
  v === undefined || v === 'unknown' ? null : v === 'yes';

/** The form values of a venue's risk facts (install days as 'YYYY-MM-DD', as the API takes them). */
export type VenueFactsValues = {
  floor?: string;
  highRiseBuilding?: HighRiseValue;
  gasSources?: string[];
  storedLpgKg?: number | null;
  hasCylinderRoom?: boolean;
  detectorInstalled?: boolean;
  detectorInstalledOn?: string | null;
  shutoffValveInstalled?: boolean;
  shutoffValveInstalledOn?: string | null;
};

/**
 * The facts that decide a venue's risk flags and checklist (venueRegulatorFields less region and category): floor,
 * gas sources, high-rise building, stored LPG, cylinder room, detector and shut-off valve with their install days.
 * The venue form shows them (read-only for a supervised party, `regulated`, with the 由监管部门变更 hint); a party's
 * change request offers them to change. `beside` sits next to the high-rise question (the venue form's hose type).
 */
export function VenueFactsFields({ regulated = false, beside }: { regulated?: boolean; beside?: ReactNode }) {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const form = Form.useFormInstance();
  const stored = Form.useWatch('storedLpgKg', form);
  const span = (n: number) => (isMobile ? 24 : n);
  const hint = (own?: string) => (regulated ? t('registry.regulatorField') : own);

  return (
    <>
      <Row gutter={16}>
        <Col span={span(10)}>
          <Form.Item name="floor" label={t('venue.floor')} extra={hint()}>
            <Select options={enumOptions(venueFloorLabels, locale)} disabled={regulated} />
          </Form.Item>
        </Col>
        <Col span={span(14)}>
          <Form.Item name="gasSources" label={t('venue.gasSources')} extra={hint()}>
            <Checkbox.Group options={enumOptions(gasSourceLabels, locale)} disabled={regulated} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={span(12)}>
          <Form.Item name="highRiseBuilding" label={t('venue.highRiseBuilding')} extra={hint(t('venue.highRiseHint'))}>
            <Radio.Group
              optionType="button"
              disabled={regulated}
              options={[
                { value: 'yes', label: t('venue.yes') },
                { value: 'no', label: t('venue.no') },
                { value: 'unknown', label: t('venue.notRecorded') },
              ]}
            />
          </Form.Item>
        </Col>
        {beside ? <Col span={span(12)}>{beside}</Col> : null}
      </Row>
      <Row gutter={16}>
        <Col span={span(12)}>
          <Form.Item name="storedLpgKg" label={t('venue.storedLpgKg')} extra={hint(t('venue.storedLpgHint'))}>
            <InputNumber min={0} max={9_999_999} step={5} style={{ width: '100%' }} disabled={regulated} />
          </Form.Item>
        </Col>
        <Col span={span(12)}>
          <Form.Item
            name="hasCylinderRoom"
            label={t('venue.hasCylinderRoom')}
            valuePropName="checked"
            extra={hint((stored ?? 0) >= CYLINDER_ROOM_THRESHOLD_KG ? t('venue.storedLpgHint') : undefined)}
          >
            <Switch checkedChildren={t('venue.yes')} unCheckedChildren={t('venue.no')} disabled={regulated} />
          </Form.Item>
        </Col>
      </Row>
      <InstalledRow
        name="detectorInstalled"
        label={t('venue.detector')}
        dateLabel={t('venue.detectorInstalledOn')}
        regulated={regulated}
      />
      <InstalledRow
        name="shutoffValveInstalled"
        label={t('venue.shutoffValve')}
        dateLabel={t('venue.shutoffValveInstalledOn')}
        regulated={regulated}
      />
    </>
  );
}

/** An installed device (detector, shut-off valve): the switch, and its install day once installed. */
function InstalledRow({
  name,
  label,
  dateLabel,
  regulated,
}: {
  name: 'detectorInstalled' | 'shutoffValveInstalled';
  label: string;
  dateLabel: string;
  regulated: boolean;
}) {
  const t = useT();
  const installed = Form.useWatch(name, Form.useFormInstance());
  return (
    <Row gutter={16}>
      <Col span={10}>
        <Form.Item
          name={name}
          label={label}
          valuePropName="checked"
          extra={regulated ? t('registry.regulatorField') : undefined}
        >
          <Switch
            checkedChildren={t('venue.installed')}
            unCheckedChildren={t('venue.notInstalled')}
            disabled={regulated}
          />
        </Form.Item>
      </Col>
      <Col span={14}>
        <Form.Item name={`${name}On`} label={dateLabel} hidden={!installed}>
          <DateField style={{ width: '100%' }} disabled={regulated} />
        </Form.Item>
      </Col>
    </Row>
  );
}
