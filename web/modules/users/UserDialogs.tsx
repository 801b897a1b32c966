import { Alert, App, Button, Drawer, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { applyFormError, type FormErrorOptions } from '../../app/http.ts';
import { useT } from '../../app/i18n.ts';
import { passwordRule } from '../../app/passwordRule.ts';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { useScopeOptions } from '../organisation/index.ts';
import { fromGrant, type GrantValues, grantFieldPath, toGrantInput } from './GrantScopeFields.tsx';
import { GrantsList } from './GrantsList.tsx';
import { type User, usersApi } from './users.api.ts';

// The server's rules, repeated so the form says so before sending.
const USERNAME = /^[A-Za-z][A-Za-z0-9_.-]{2,39}$/;
const PHONE = /^[0-9+\- ]{5,20}$/;

const grantErrors: FormErrorOptions = {
  codeFields: { 'users.username_taken': ['username'], 'auth.weak_password': ['password'] },
  mapPath: grantFieldPath,
};

/** Runs a save; on failure puts the errors on the fields and returns the rest as text. */
function useSave() {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (
    form: Parameters<typeof applyFormError>[0],
    fn: () => Promise<void>,
    options?: FormErrorOptions,
  ) => {
    setSaving(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(applyFormError(form, err, options));
    } finally {
      setSaving(false);
    }
  };
  return { saving, error, run };
}

type CreateValues = { username: string; displayName: string; phone?: string; password: string; grants: GrantValues[] };

export function CreateUserDrawer({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: () => void;
}) {
  const t = useT();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const { options } = useScopeOptions();
  const { saving, error, run } = useSave();

  const submit = (v: CreateValues) =>
    run(
      form,
      async () => {
        const phone = v.phone?.trim();
        await usersApi.create({
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          ...(phone ? { phone } : {}),
          password: v.password,
          grants: v.grants.map(toGrantInput),
        });
        message.success(t('users.created'));
        form.resetFields();
        onCreated();
      },
      grantErrors,
    );

  return (
    <Drawer
      open={open}
      title={t('users.createTitle')}
      size={isMobile ? '100%' : 640}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form<CreateValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ grants: [{}] }}
        autoComplete="off"
      >
        <Form.Item
          name="username"
          label={t('users.username')}
          extra={t('users.usernameRule')}
          rules={[
            { required: true, message: t('common.required') },
            { pattern: USERNAME, message: t('users.usernameRule') },
          ]}
        >
          <Input maxLength={40} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="phone" label={t('users.phone')} rules={[{ pattern: PHONE, message: t('users.phoneInvalid') }]}>
          <Input maxLength={20} inputMode="tel" placeholder={t('common.optional')} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('users.initialPassword')}
          extra={`${t('password.hint')}；${t('users.initialPasswordHint')}`}
          rules={[{ required: true, message: t('common.required') }, passwordRule()]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <div className="ra-form-label">{t('users.grants')}</div>
        <GrantsList form={form} options={options} />
        {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} /> : null}
      </Form>
    </Drawer>
  );
}

type EditValues = { displayName: string; phone?: string };

export function EditUserModal({
  user,
  onClose,
  onSaved,
}: {
  user: User | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const { saving, error, run } = useSave();

  const submit = (v: EditValues) =>
    run(form, async () => {
      if (!user) return;
      const phone = v.phone?.trim();
      await usersApi.update(user.id, { displayName: v.displayName.trim(), phone: phone ? phone : null });
      message.success(t('common.saved'));
      onSaved();
    });

  return (
    <Modal
      open={user !== null}
      title={user ? t('users.editTitle', { name: user.displayName }) : ''}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {user ? (
        <Form<EditValues>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ displayName: user.displayName, phone: user.phone ?? '' }}
        >
          <Form.Item label={t('users.username')}>
            <Input value={user.username} disabled />
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t('users.displayName')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="phone"
            label={t('users.phone')}
            rules={[{ pattern: PHONE, message: t('users.phoneInvalid') }]}
          >
            <Input maxLength={20} inputMode="tel" placeholder={t('common.optional')} />
          </Form.Item>
          {error ? <Alert type="error" showIcon title={error} /> : null}
          <button type="submit" hidden />
        </Form>
      ) : null}
    </Modal>
  );
}

type GrantsValues = { grants: GrantValues[] };

export function EditGrantsModal({
  user,
  onClose,
  onSaved,
}: {
  user: User | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [form] = Form.useForm<GrantsValues>();
  const { options } = useScopeOptions();
  const { saving, error, run } = useSave();

  const submit = (v: GrantsValues) =>
    run(
      form,
      async () => {
        if (!user) return;
        await usersApi.setGrants(user.id, v.grants.map(toGrantInput));
        message.success(t('common.saved'));
        onSaved();
      },
      grantErrors,
    );

  return (
    <Modal
      open={user !== null}
      title={user ? t('users.editGrantsTitle', { name: user.displayName }) : ''}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={isMobile ? '100%' : 720}
      destroyOnHidden
    >
      {user ? (
        <Form<GrantsValues>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ grants: user.grants.map(fromGrant) }}
        >
          <GrantsList form={form} options={options} />
          {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} /> : null}
        </Form>
      ) : null}
    </Modal>
  );
}

type ResetValues = { password: string };

export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<ResetValues>();
  const { saving, error, run } = useSave();

  const submit = (v: ResetValues) =>
    run(
      form,
      async () => {
        if (!user) return;
        await usersApi.resetPassword(user.id, v.password);
        message.success(t('users.passwordReset'));
        onClose();
      },
      { codeFields: { 'auth.weak_password': ['password'] } },
    );

  return (
    <Modal
      open={user !== null}
      title={user ? t('users.resetPasswordTitle', { name: user.displayName }) : ''}
      okText={t('users.resetPassword')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {user ? (
        <Form<ResetValues> form={form} layout="vertical" onFinish={submit} autoComplete="off">
          <Alert type="info" showIcon title={t('users.resetPasswordHint')} style={{ marginBottom: 16 }} />
          <Form.Item
            name="password"
            label={t('password.new')}
            extra={t('password.hint')}
            rules={[{ required: true, message: t('common.required') }, passwordRule()]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          {error ? <Alert type="error" showIcon title={error} /> : null}
          <button type="submit" hidden />
        </Form>
      ) : null}
    </Modal>
  );
}
