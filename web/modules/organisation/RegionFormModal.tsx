import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { REGION_CODE_PATTERN } from '../../../domain/organisation/regions.ts';
import { applyFormError } from '../../app/http.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { organisationApi, type Region } from './organisation.api.ts';
import { childLevelLabel } from './regionTree.ts';

/** What the modal does: add a region one level below (a community below a township), or rename one. */
export type RegionFormTarget = { mode: 'create'; parent: Region } | { mode: 'rename'; region: Region };

type Values = { code?: string; name: string; nameEn?: string };

export function RegionFormModal({
  target,
  onClose,
  onSaved,
}: {
  target: RegionFormTarget | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const locale = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: Values) => {
    if (!target) return;
    const name = values.name.trim();
    const nameEn = values.nameEn?.trim();
    setSaving(true);
    setError(null);
    try {
      if (target.mode === 'create') {
        await organisationApi.createRegion({
          parentId: target.parent.id,
          code: (values.code ?? '').trim(),
          name,
          ...(nameEn ? { nameEn } : {}),
        });
        message.success(t('org.created'));
      } else {
        await organisationApi.updateRegion(target.region.id, { name, ...(nameEn ? { nameEn } : {}) });
        message.success(t('common.saved'));
      }
      onSaved();
    } catch (err) {
      setError(applyFormError(form, err, { codeFields: { 'regions.code_taken': ['code'] } }));
    } finally {
      setSaving(false);
    }
  };

  const title =
    target?.mode === 'create'
      ? t('org.addChildTitle', { parent: target.parent.name, level: childLevelLabel(target.parent.level, locale) })
      : target
        ? t('org.renameTitle', { name: target.region.name })
        : '';

  return (
    <Modal
      open={target !== null}
      title={title}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {target ? (
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={
            target.mode === 'rename' ? { name: target.region.name, nameEn: target.region.nameEn ?? '' } : undefined
          }
        >
          {target.mode === 'create' ? (
            <Form.Item
              name="code"
              label={t('org.code')}
              extra={t('org.codeHint')}
              rules={[
                { required: true, message: t('common.required') },
                { pattern: REGION_CODE_PATTERN, message: t('issue.invalid_format') },
              ]}
            >
              <Input maxLength={32} autoComplete="off" />
            </Form.Item>
          ) : null}
          <Form.Item
            name="name"
            label={t('org.name')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input maxLength={100} autoComplete="off" />
          </Form.Item>
          <Form.Item name="nameEn" label={t('org.nameEn')}>
            <Input maxLength={200} autoComplete="off" placeholder={t('common.optional')} />
          </Form.Item>
          {error ? <Alert type="error" showIcon title={error} /> : null}
          <button type="submit" hidden />
        </Form>
      ) : null}
    </Modal>
  );
}
