import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { authApi } from './auth.api.ts';
import { applyFormError } from './http.ts';
import { useT } from './i18n.ts';
import { passwordRule } from './passwordRule.ts';

type Values = { currentPassword: string; newPassword: string; confirm: string };

/**
 * Changes the signed-in user's own password. When `required` (an initial or reset password) the
 * modal cannot be dismissed: the user changes the password or signs out (onCancel then signs out).
 */
export function ChangePasswordModal({
  open,
  required,
  onDone,
  onCancel,
}: {
  open: boolean;
  required: boolean;
  onDone: () => void;
  onCancel: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: Values) => {
    setSaving(true);
    setError(null);
    try {
      await authApi.changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      message.success(t('password.changed'));
      form.resetFields();
      onDone();
    } catch (err) {
      setError(
        applyFormError(form, err, {
          codeFields: {
            'auth.wrong_current_password': ['currentPassword'],
            'auth.weak_password': ['newPassword'],
          },
        }),
      );
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('user.changePassword')}
      okText={t('common.save')}
      // A user who must change the password may still leave: Cancel becomes Sign out.
      cancelText={required ? t('user.logout') : t('common.cancel')}
      confirmLoading={saving}
      closable={!required}
      mask={{ closable: !required }}
      keyboard={!required}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      {required ? (
        <Alert type="warning" showIcon title={t('password.mustChange')} style={{ marginBottom: 16 }} />
      ) : null}
      <Form form={form} layout="vertical" onFinish={submit} autoComplete="off">
        <Form.Item
          name="currentPassword"
          label={t('password.current')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          extra={t('password.hint')}
          rules={[{ required: true, message: t('common.required') }, passwordRule()]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('common.required') },
            ({ getFieldValue }) => ({
              validator: async (_, value) => {
                if (value && value !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {error ? <Alert type="error" showIcon title={error} /> : null}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
