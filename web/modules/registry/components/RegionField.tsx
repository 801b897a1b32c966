import { Form } from 'antd';
import { useT } from '../../../app/i18n.ts';
import { RegionTreeSelect } from './RegionTreeSelect.tsx';

/** 所在区划 of a register form (field `regionId`): one region of the user's scope, required unless told. */
export function RegionField({
  fallbackLabel,
  required = true,
  readOnly = false,
}: {
  fallbackLabel?: string;
  required?: boolean;
  /** The regulator's field, shown to a supervised party without a way to change it. */
  readOnly?: boolean;
}) {
  const t = useT();
  return (
    <Form.Item
      name="regionId"
      label={t('registry.region')}
      rules={[{ required, message: t('common.required') }]}
      extra={readOnly ? t('registry.regulatorField') : undefined}
    >
      <RegionTreeSelect
        placeholder={t('registry.region')}
        allowClear={false}
        fallbackLabel={fallbackLabel}
        disabled={readOnly}
      />
    </Form.Item>
  );
}
