import { Alert, Button, Drawer, Form, type FormInstance, Space } from 'antd';
import type { ReactNode } from 'react';
import { useT } from './i18n.ts';
import { useIsMobile } from './useIsMobile.ts';

/**
 * A create / edit drawer around one form: the title, 取消 / 保存 in the footer (保存 submits the form and spins
 * while saving), the error that belongs to no field above the form, and the whole width on a phone. The form's
 * state (values, saving, error, what saving does) stays with the caller: the renewal projects' and the works'
 * drawers use it, and the register's (`RegistryFormDrawer`, with its form state from `useRegistryForm`).
 */
export function FormDrawer<V>({
  open,
  onClose,
  title,
  width,
  form,
  onFinish,
  initialValues,
  saving,
  error,
  saveTestId,
  disabled,
  notice,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  /** Width on a wide screen. */
  width: number;
  form: FormInstance<V>;
  onFinish: (values: V) => void | Promise<void>;
  initialValues?: Partial<V>;
  saving: boolean;
  error: string | null;
  /** The 保存 button's data-testid, for browser tests. */
  saveTestId?: string;
  /** Disables the fields. */
  disabled?: boolean;
  /** Shown above the error and the form. */
  notice?: ReactNode;
  children: ReactNode;
}) {
  const t = useT();
  const isMobile = useIsMobile();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={title}
      size={isMobile ? '100%' : width}
      destroyOnHidden
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid={saveTestId}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {notice}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form<V>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        disabled={disabled}
        // biome-ignore lint/suspicious/noExplicitAny: antd's Store type
        initialValues={initialValues as any}
      >
        {children}
      </Form>
    </Drawer>
  );
}
