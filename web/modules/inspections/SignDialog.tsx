import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { signerStatementText } from '../../../domain/hazards/index.ts';
import { formatDateTime } from '../../app/format.ts';
import { ApiError, errorText } from '../../app/http.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { type InspectionDetail, inspectionsApi } from './inspections.api.ts';

/**
 * 谁检查、谁签字、谁负责: the signer reads the statement (domain signerStatementText: the record,
 * its content digest, the signer and the time) and confirms it with the password; the server binds
 * the signature to the content hash and enters it in the audit chain.
 */
export function SignDialog({
  inspection,
  signerName,
  signerUserId,
  open,
  onClose,
  onSigned,
}: {
  inspection: InspectionDetail;
  signerName: string;
  signerUserId: string;
  open: boolean;
  onClose: () => void;
  onSigned: (detail: InspectionDetail) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const [form] = Form.useForm<{ password: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [signedAt] = useState(() => new Date().toISOString());
  // The digest signed so far (the first signer's): later signers sign the same content.
  const recordHash =
    (inspection as InspectionDetail & { recordHash?: string | null }).recordHash ??
    inspection.contentHash ??
    inspection.signatures[0]?.contentHash ??
    null;
  const statement = signerStatementText({
    recordId: inspection.id,
    recordHash: recordHash ?? '—',
    signer: { userId: signerUserId, name: signerName },
    role: 'inspector',
    signedAt: formatDateTime(signedAt),
  });

  const submit = async ({ password }: { password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const signed = await inspectionsApi.sign(inspection.id, password);
      form.resetFields();
      onSigned(signed);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'inspections.signature_password_invalid') {
        form.setFields([{ name: 'password', errors: [errorText(err)] }]);
      } else {
        setError(errorText(err));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('inspections.signTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('inspections.sign')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <div className="ra-statement" data-testid="signer-statement">
        {statement[locale]}
      </div>
      <p style={{ color: 'rgba(0,0,0,.55)', fontSize: 12 }}>{t('inspections.statementNote')}</p>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="password"
          label={t('inspections.signPassword')}
          rules={[{ required: true, message: t('login.passwordRequired') }]}
        >
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
      </Form>
      {error ? <Alert type="error" title={error} /> : null}
    </Modal>
  );
}
