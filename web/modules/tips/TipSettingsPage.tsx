import { App, Button, Card, Form, InputNumber, Select, Space } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { type TipCategory, tipCategories, tipCategoryLabels } from '../../../domain/tips/tips.ts';
import { applyFormError } from '../../app/http.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { LoadError, PageHeader, PageLoading } from '../../app/PageState.tsx';
import { useSession } from '../../app/session.tsx';
import { useRequest } from '../../app/useRequest.ts';
import { useDepartments } from '../inspections/index.ts';
import { type TipSettings, tipsApi } from './tips.api.ts';

/** /tips/settings — the office's routing by category and the reward tiers (安全生产领域举报奖励办法). */
export function TipSettingsPage() {
  const t = useT();
  const locale = useLocale();
  const { message } = App.useApp();
  const { can } = useSession();
  const editable = can('tip.configure');
  const { data, error, loading, reload } = useRequest(useCallback(() => tipsApi.settings(), []));
  const departments = useDepartments().data ?? [];
  const [form] = Form.useForm<TipSettings>();
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (data) form.setFieldsValue(data);
  }, [data, form]);
  if (loading && !data) return <PageLoading />;
  if (error || !data) return <LoadError error={error} onRetry={reload} />;

  const save = async (v: TipSettings) => {
    setSaving(true);
    try {
      form.setFieldsValue(await tipsApi.saveSettings(v));
      message.success(t('tips.settings.saved'));
    } catch (err) {
      const text = applyFormError(form, err);
      if (text) message.error(text);
    } finally {
      setSaving(false);
    }
  };
  const codes = departments.map((d) => ({
    value: d.code,
    label: locale === 'en' && d.nameEn ? d.nameEn : d.shortName,
  }));
  const tier = (grade: 'major_hazard' | 'illegal_operation', title: string) => (
    <Space wrap key={grade}>
      <span style={{ minWidth: 120, display: 'inline-block' }}>{title}</span>
      <Form.Item name={['rewardTiers', grade, 'rate']} label={t('tips.settings.rate')}>
        <InputNumber min={0} max={1} step={0.01} disabled={!editable} />
      </Form.Item>
      <Form.Item name={['rewardTiers', grade, 'min']} label={t('tips.settings.min')}>
        <InputNumber min={0} precision={0} disabled={!editable} />
      </Form.Item>
      <Form.Item name={['rewardTiers', grade, 'max']} label={t('tips.settings.max')}>
        <InputNumber min={0} precision={0} disabled={!editable} />
      </Form.Item>
    </Space>
  );
  return (
    <>
      <PageHeader title={t('tips.settings.title')} />
      <Form form={form} layout="vertical" initialValues={data} onFinish={(v) => void save(v)}>
        <Card title={t('tips.settings.routing')} size="small" style={{ marginBottom: 12 }}>
          {tipCategories.map((c: TipCategory) => (
            <Form.Item key={c} name={['routing', c]} label={tipCategoryLabels[c][locale]}>
              <Select options={codes} disabled={!editable} style={{ maxWidth: 320 }} />
            </Form.Item>
          ))}
        </Card>
        <Card title={t('tips.settings.tiers')} size="small" style={{ marginBottom: 12 }}>
          <Form.Item name={['rewardTiers', 'general_hazard', 'fixed']} label={t('tips.settings.general')}>
            <InputNumber min={0} precision={0} disabled={!editable} />
          </Form.Item>
          {tier('major_hazard', locale === 'en' ? 'Major hazard' : '重大隐患')}
          {tier('illegal_operation', locale === 'en' ? 'Illegal operation' : '非法违法行为')}
        </Card>
        {editable ? (
          <Button type="primary" htmlType="submit" loading={saving}>
            {t('common.save')}
          </Button>
        ) : null}
      </Form>
    </>
  );
}
