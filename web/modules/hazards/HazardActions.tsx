import {
  CheckCircleOutlined,
  EditOutlined,
  FilePdfOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  RollbackOutlined,
  SafetyOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Radio } from 'antd';
import { type ReactNode, useState } from 'react';
import { verificationMethods } from '../../../domain/hazards/index.ts';
import { errorText, downloadFile } from '../../app/http.ts';
import { type MessageKey, useT } from '../../app/i18n.ts';
import { placeError } from '../inspections/index.ts';
import { PhotoUpload } from './components/PhotoUpload.tsx';
import { EditHazardDrawer } from './EditHazardDrawer.tsx';
import { useRefreshEscalationCount } from './escalationCount.ts';
import { type Hazard, hazardsApi } from './hazards.api.ts';

type Action = 'start' | 'submit' | 'verify' | 'sendBack' | 'interim' | 'suspend';

type Field = {
  name: string;
  label: MessageKey;
  kind: 'text' | 'textarea' | 'photos' | 'method' | 'check';
  required?: boolean;
};

const forms: Record<Action, { title: MessageKey; fields: Field[]; hint?: MessageKey; danger?: boolean }> = {
  start: {
    title: 'hazards.startRectification',
    fields: [{ name: 'note', label: 'hazards.startNote', kind: 'textarea' }],
  },
  submit: {
    title: 'hazards.submitTitle',
    hint: 'hazards.submitHint',
    fields: [
      { name: 'note', label: 'hazards.submitNote', kind: 'textarea' },
      { name: 'photoIds', label: 'hazards.photos', kind: 'photos' },
    ],
  },
  verify: {
    title: 'hazards.verifyTitle',
    fields: [
      { name: 'method', label: 'hazards.verifyMethod', kind: 'method', required: true },
      { name: 'note', label: 'hazards.verifyNote', kind: 'textarea' },
    ],
  },
  sendBack: {
    title: 'hazards.sendBackTitle',
    danger: true,
    fields: [{ name: 'reason', label: 'hazards.sendBackReason', kind: 'textarea', required: true }],
  },
  interim: {
    title: 'hazards.interimTitle',
    hint: 'hazards.interimHint',
    fields: [{ name: 'measure', label: 'hazards.interimMeasure', kind: 'textarea', required: true }],
  },
  suspend: {
    title: 'hazards.suspendTitle',
    hint: 'hazards.suspendHint',
    danger: true,
    fields: [
      { name: 'reason', label: 'hazards.suspendReason', kind: 'textarea', required: true },
      { name: 'refusesRectification', label: 'hazards.suspendRefuses', kind: 'check' },
    ],
  },
};

type Values = {
  note?: string;
  photoIds?: string[];
  method?: 'on_site' | 'evidence';
  reason?: string;
  measure?: string;
  refusesRectification?: boolean;
};

function send(action: Action, id: string, v: Values): Promise<Hazard> {
  const note = v.note?.trim() || undefined;
  switch (action) {
    case 'start':
      return hazardsApi.startRectification(id, note);
    case 'submit':
      return hazardsApi.submit(id, { note, photoIds: v.photoIds?.length ? v.photoIds : undefined });
    case 'verify':
      // The form requires a choice (a desk check is not preselected as on-site); a major hazard is on-site only.
      return hazardsApi.verify(id, { method: v.method!, note });
    case 'sendBack':
      return hazardsApi.sendBack(id, v.reason?.trim() ?? '');
    case 'interim':
      return hazardsApi.interimControl(id, v.measure?.trim() ?? '');
    case 'suspend':
      return hazardsApi.suspendSupply(id, {
        reason: v.reason?.trim() ?? '',
        refusesRectification: Boolean(v.refusesRectification),
      });
  }
}

function ActionDialog({
  action,
  hazard,
  onClose,
  onDone,
}: {
  action: Action;
  hazard: Hazard;
  onClose: () => void;
  onDone: (h: Hazard) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const spec = forms[action];

  const submit = async (v: Values) => {
    if (action === 'submit' && !v.note?.trim() && !(v.photoIds ?? []).length) {
      setError(t('hazards.evidenceRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(await send(action, hazard.id, v));
    } catch (err) {
      setError(
        placeError(
          form,
          err,
          spec.fields.map((f) => f.name),
        ),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t(spec.title)}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t(spec.title)}
      okButtonProps={{ danger: spec.danger, disabled: uploading > 0, 'data-testid': 'action-ok' } as never}
      confirmLoading={busy}
      destroyOnHidden
    >
      {spec.hint ? <p style={{ color: 'rgba(0,0,0,.6)' }}>{t(spec.hint)}</p> : null}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        // A message about what was missing goes once the user adds something.
        onValuesChange={() => setError(null)}
        // A major hazard is verified on site only (the server insists); otherwise the verifier chooses.
        initialValues={hazard.severity === 'major' ? { method: 'on_site' } : {}}
      >
        {spec.fields.map((f) => (
          <Form.Item
            key={f.name}
            name={f.name}
            label={f.kind === 'check' ? undefined : t(f.label)}
            valuePropName={f.kind === 'check' ? 'checked' : 'value'}
            rules={
              f.required
                ? [{ required: true, whitespace: f.kind === 'textarea', message: t('common.required') }]
                : undefined
            }
          >
            {f.kind === 'textarea' ? (
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} aria-label={t(f.label)} />
            ) : f.kind === 'photos' ? (
              <PhotoUpload onUploadingChange={setUploading} />
            ) : f.kind === 'method' ? (
              <Radio.Group
                options={verificationMethods.map((m) => ({ value: m, label: t(`hazards.verify.${m}`) }))}
                optionType="button"
              />
            ) : f.kind === 'check' ? (
              <Checkbox>{t(f.label)}</Checkbox>
            ) : (
              <Input />
            )}
          </Form.Item>
        ))}
      </Form>
      {uploading > 0 ? (
        <Alert
          type="info"
          showIcon
          title={t('hazards.photosUploading', { n: uploading })}
          style={{ marginBottom: 8 }}
        />
      ) : null}
      {error ? <Alert type="error" showIcon title={error} /> : null}
    </Modal>
  );
}

/**
 * The actions on a hazard, shown ONLY when the server's `abilities` allow them (its state machine,
 * the actor's permission and scope decide; the web re-implements no rule).
 */
export function HazardActions({ hazard, onChange }: { hazard: Hazard; onChange: (h: Hazard) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const refreshEscalations = useRefreshEscalationCount();
  const [action, setAction] = useState<Action | null>(null);
  const [editing, setEditing] = useState(false);
  const [downloading, setDownloading] = useState(false);
  const a = hazard.abilities;
  const buttons: ReactNode[] = [];
  const add = (key: Action, allowed: boolean, label: MessageKey, icon: ReactNode, primary = false, danger = false) => {
    if (allowed)
      buttons.push(
        <Button
          key={key}
          type={primary ? 'primary' : 'default'}
          danger={danger}
          icon={icon}
          onClick={() => setAction(key)}
        >
          {t(label)}
        </Button>,
      );
  };
  add('start', a.start_rectification, 'hazards.startRectification', <PlayCircleOutlined />, true);
  add('submit', a.submit, 'hazards.submit', <SendOutlined />, !a.start_rectification);
  add('verify', a.verify, 'hazards.verify', <CheckCircleOutlined />, true);
  add('sendBack', a.send_back, 'hazards.sendBack', <RollbackOutlined />, false, true);
  add('interim', a.add_interim_control, 'hazards.addInterimControl', <SafetyOutlined />);
  add('suspend', a.suspendSupply, 'hazards.suspendSupply', <PauseCircleOutlined />, false, true);
  if (a.edit)
    buttons.push(
      <Button key="edit" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="hazard-edit">
        {t('hazards.edit')}
      </Button>,
    );

  const notice = async () => {
    setDownloading(true);
    try {
      await downloadFile(hazardsApi.noticePdfUrl(hazard.id), `整改通知书-${hazard.number}.pdf`);
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setDownloading(false);
    }
  };

  return (
    <>
      {buttons}
      <Button icon={<FilePdfOutlined />} loading={downloading} onClick={() => void notice()}>
        {t('hazards.notice')}
      </Button>
      {action ? (
        <ActionDialog
          action={action}
          hazard={hazard}
          onClose={() => setAction(null)}
          onDone={(h) => {
            setAction(null);
            message.success(t('hazards.done'));
            // A step of an escalated hazard may take it off the 督办 count (verified and closed).
            if (hazard.escalationLevel > 0) refreshEscalations();
            onChange(h);
          }}
        />
      ) : null}
      {editing ? (
        <EditHazardDrawer
          hazard={hazard}
          onClose={() => setEditing(false)}
          onSaved={(h) => {
            setEditing(false);
            message.success(t('hazards.edit.saved'));
            onChange(h);
          }}
        />
      ) : null}
    </>
  );
}
