import { Alert, App, Form, Input, InputNumber, Modal, Segmented } from 'antd';
import { useState } from 'react';
import { downloadFile, errorText, withQuery } from '../../app/http.ts';
import { useT } from '../../app/i18n.ts';
import { cylindersApi } from './cylinders.api.ts';
import { codeFromScan } from './scan.ts';

type Values = { prefix?: string; first?: number; count?: number; codes?: string };

/** 打印标签: a PDF sheet of QR labels (24 per A4 page) for a series of new codes or a list of codes. */
export function LabelsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [mode, setMode] = useState<'series' | 'list'>('series');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const query =
        mode === 'series'
          ? { prefix: v.prefix?.trim().toUpperCase(), first: v.first, count: v.count }
          : {
              codes: (v.codes ?? '')
                .split(/[\s,，;；]+/)
                .filter(Boolean)
                .join(','),
            };
      await downloadFile(withQuery(cylindersApi.labelsUrl, query), 'labels.pdf');
      message.success(t('cylinderLabels.done'));
      onClose();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('cylinderLabels.title')}
      okText={t('cylinderLabels.print')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Segmented<'series' | 'list'>
        block
        value={mode}
        onChange={setMode}
        options={[
          { value: 'series', label: t('cylinderLabels.series') },
          { value: 'list', label: t('cylinderLabels.list') },
        ]}
        style={{ marginBottom: 16 }}
      />
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ first: 1, count: 24 }}>
        {mode === 'series' ? (
          <>
            <Form.Item
              name="prefix"
              label={t('cylinderLabels.prefix')}
              extra={t('cylinderLabels.prefixHint')}
              rules={[
                { required: true, whitespace: true, message: t('common.required') },
                { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/, message: t('cylinderPublic.badCode') },
              ]}
            >
              <Input placeholder="WS1-" maxLength={20} />
            </Form.Item>
            <Form.Item
              name="first"
              label={t('cylinderLabels.first')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <InputNumber min={0} max={99_999_999} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item
              name="count"
              label={t('cylinderLabels.count')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </>
        ) : (
          <Form.Item
            name="codes"
            label={t('cylinderLabels.codes')}
            extra={t('cylinderLabels.codesHint')}
            rules={[
              { required: true, whitespace: true, message: t('common.required') },
              {
                validator: async (_, value: string | undefined) => {
                  const bad = (value ?? '').split(/[\s,，;；]+/).filter((c) => c && !codeFromScan(c));
                  if (bad.length > 0) throw new Error(`${t('cylinderPublic.badCode')}：${bad.slice(0, 3).join('、')}`);
                },
              },
            ]}
          >
            <Input.TextArea rows={6} />
          </Form.Item>
        )}
      </Form>
      {error ? <Alert type="error" showIcon title={error} /> : null}
    </Modal>
  );
}
