import { Col, Form, InputNumber, Row } from 'antd';
import { CHINA_BOUNDS } from '../../../../domain/registry/places.ts';
import { useT } from '../../../app/i18n.ts';

/**
 * 经度 / 纬度 of a register form (fields `lng`, `lat`): both or neither, within China's box —
 * the rules the server applies (registry.fields.ts).
 */
export function CoordinatesFields() {
  const t = useT();
  const pairRule =
    (other: 'lng' | 'lat') =>
    ({ getFieldValue }: { getFieldValue: (n: string) => unknown }) => ({
      validator: async (_: unknown, value: number | null | undefined) => {
        const o = getFieldValue(other);
        if ((value === null || value === undefined) !== (o === null || o === undefined))
          throw new Error(t('registry.coordinatesPair'));
      },
    });
  return (
    <Row gutter={16}>
      <Col xs={12}>
        <Form.Item
          name="lng"
          label={t('registry.lng')}
          extra={t('registry.coordinatesHint')}
          dependencies={['lat']}
          rules={[pairRule('lat')]}
        >
          <InputNumber
            min={CHINA_BOUNDS.lngMin}
            max={CHINA_BOUNDS.lngMax}
            step={0.001}
            precision={6}
            placeholder="108.8412"
            style={{ width: '100%' }}
          />
        </Form.Item>
      </Col>
      <Col xs={12}>
        <Form.Item name="lat" label={t('registry.lat')} dependencies={['lng']} rules={[pairRule('lng')]}>
          <InputNumber
            min={CHINA_BOUNDS.latMin}
            max={CHINA_BOUNDS.latMax}
            step={0.001}
            precision={6}
            placeholder="38.6035"
            style={{ width: '100%' }}
          />
        </Form.Item>
      </Col>
    </Row>
  );
}
