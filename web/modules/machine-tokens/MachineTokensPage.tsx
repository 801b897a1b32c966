import { CopyOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  Modal,
  Popconfirm,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useMemo, useRef, useState } from 'react';
import { machineRoleCodes } from '../../../domain/access/roles.ts';
import { formatDateTime } from '../../app/format.ts';
import { applyFormError, errorText } from '../../app/http.ts';
import { type Locale, pick, useLocale, useT } from '../../app/i18n.ts';
import { ListPage } from '../../app/list/ListPage.tsx';
import { EmptyState } from '../../app/PageState.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { useRequest } from '../../app/useRequest.ts';
import { type ScopeOptions, useScopeOptions } from '../organisation/index.ts';
import { type GrantValues, GrantScopeFields, grantFieldPath, roleLabel, toGrantInput } from '../users/index.ts';
import { type MachineToken, machineTokensApi } from './machine-tokens.api.ts';
import { chinaToday } from '../../app/dates.ts';
import { DateField } from '../../app/DateField.tsx';

type TokenStatus = 'active' | 'revoked' | 'expired';

function statusOf(token: MachineToken, now: number): TokenStatus {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return 'expired';
  return 'active';
}

const statusColors: Record<TokenStatus, string> = { active: 'success', revoked: 'default', expired: 'warning' };

function scopeText(token: MachineToken, options: ScopeOptions | null, locale: Locale, global: string): string {
  if (token.scopeType === 'global' || !token.scopeId) return global;
  if (token.scopeType === 'region') {
    const r = options?.regions.find((x) => x.id === token.scopeId);
    if (r) return pick(r.name, r.nameEn, locale);
  }
  if (token.scopeType === 'department') {
    const d = options?.departments.find((x) => x.id === token.scopeId);
    if (d) return locale === 'en' && d.nameEn ? d.nameEn : d.shortName;
  }
  return token.scopeName ?? token.scopeId;
}

/** Copies text, falling back to a selected textarea where the Clipboard API is unavailable (plain http). */
async function copyText(text: string, fallback: HTMLTextAreaElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!fallback) return false;
    fallback.focus();
    fallback.select();
    return document.execCommand('copy');
  }
}

function SecretModal({
  issued,
  onClose,
}: {
  issued: { token: MachineToken; secret: string } | null;
  onClose: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const area = useRef<HTMLTextAreaElement>(null);
  const copy = async () => {
    if (!issued) return;
    const ok = await copyText(issued.secret, area.current);
    if (ok) message.success(t('tokens.copied'));
    else message.warning(t('tokens.copyFailed'));
  };
  return (
    <Modal
      open={issued !== null}
      title={t('tokens.secretTitle')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={[
        <Button key="copy" icon={<CopyOutlined />} onClick={copy}>
          {t('tokens.copy')}
        </Button>,
        <Button key="done" type="primary" onClick={onClose}>
          {t('tokens.done')}
        </Button>,
      ]}
    >
      {issued ? (
        <>
          <Alert type="warning" showIcon title={t('tokens.secretWarning')} style={{ marginBottom: 12 }} />
          <Typography.Paragraph style={{ marginBottom: 6 }}>
            <strong>{issued.token.name}</strong> · {issued.token.prefix}
          </Typography.Paragraph>
          <textarea
            ref={area}
            readOnly
            value={issued.secret}
            aria-label={t('tokens.secretTitle')}
            rows={3}
            onFocus={(e) => e.currentTarget.select()}
            className="ra-secret"
          />
        </>
      ) : null}
    </Modal>
  );
}

type IssueValues = GrantValues & { name: string; expiresOn?: string };

function IssueModal({
  open,
  options,
  onClose,
  onIssued,
}: {
  open: boolean;
  options: ScopeOptions | null;
  onClose: () => void;
  onIssued: (issued: { token: MachineToken; secret: string }) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<IssueValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const today = chinaToday();

  const submit = async (v: IssueValues) => {
    setSaving(true);
    setError(null);
    try {
      // A date means "valid through that day", in the browser's time zone.
      const expiresAt = v.expiresOn ? new Date(`${v.expiresOn}T23:59:59`).toISOString() : undefined;
      const issued = await machineTokensApi.issue({
        ...toGrantInput(v),
        name: v.name.trim(),
        ...(expiresAt ? { expiresAt } : {}),
      });
      onIssued(issued);
    } catch (err) {
      setError(
        applyFormError(form, err, { mapPath: (p) => (p[0] === 'expiresAt' ? ['expiresOn'] : grantFieldPath(p)) }),
      );
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('tokens.issueTitle')}
      okText={t('tokens.issue')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={640}
      destroyOnHidden
    >
      <Form<IssueValues> form={form} layout="vertical" onFinish={submit} autoComplete="off">
        <Form.Item
          name="name"
          label={t('tokens.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <GrantScopeFields form={form} name={[]} fullName={[]} roleCodes={machineRoleCodes} options={options} />
        <Form.Item name="expiresOn" label={t('tokens.expiresAt')} extra={t('tokens.expiresAtHint')}>
          <DateField min={today} />
        </Form.Item>
        {error ? <Alert type="error" showIcon title={error} /> : null}
      </Form>
    </Modal>
  );
}

export function MachineTokensPage() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const { options } = useScopeOptions();
  const { data, error, loading, reload } = useRequest(useCallback(() => machineTokensApi.list(), []));
  const [issuing, setIssuing] = useState(false);
  const [issued, setIssued] = useState<{ token: MachineToken; secret: string } | null>(null);
  const now = useMemo(() => (data ? Date.now() : 0), [data]);

  const revoke = async (token: MachineToken) => {
    try {
      await machineTokensApi.revoke(token.id);
      message.success(t('tokens.revoked'));
      reload();
    } catch (err) {
      message.error(errorText(err));
    }
  };

  const statusTag = (token: MachineToken) => {
    const s = statusOf(token, now);
    return <Tag color={statusColors[s]}>{t(`tokens.status.${s}`)}</Tag>;
  };
  const revokeButton = (token: MachineToken) =>
    token.revokedAt ? null : (
      <Popconfirm
        title={t('tokens.revokeConfirm', { name: token.name })}
        okText={t('tokens.revoke')}
        okButtonProps={{ danger: true }}
        cancelText={t('common.cancel')}
        onConfirm={() => revoke(token)}
      >
        <Button type="link" size="small" danger icon={<StopOutlined />}>
          {t('tokens.revoke')}
        </Button>
      </Popconfirm>
    );
  const global = t('users.scopeType.global');

  const columns: TableColumnsType<MachineToken> = isMobile
    ? [
        {
          title: t('tokens.name'),
          key: 'name',
          render: (_, token) => (
            <div>
              <div style={{ fontWeight: 500 }}>{token.name}</div>
              <div className="ra-muted">
                {roleLabel(token.role, locale)} · {scopeText(token, options, locale, global)}
              </div>
              <Typography.Text code>{token.prefix}</Typography.Text>
            </div>
          ),
        },
        { title: t('tokens.status'), key: 'status', width: 80, render: (_, token) => statusTag(token) },
        { title: '', key: 'actions', width: 80, render: (_, token) => revokeButton(token) },
      ]
    : [
        { title: t('tokens.name'), dataIndex: 'name' },
        { title: t('tokens.role'), key: 'role', render: (_, token) => roleLabel(token.role, locale) },
        { title: t('tokens.scope'), key: 'scope', render: (_, token) => scopeText(token, options, locale, global) },
        {
          title: t('tokens.prefix'),
          dataIndex: 'prefix',
          render: (p: string) => <Typography.Text code>{p}</Typography.Text>,
        },
        { title: t('tokens.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
        {
          title: t('tokens.expiresAt'),
          dataIndex: 'expiresAt',
          render: (v: string | null) => formatDateTime(v, t('tokens.noExpiry')),
        },
        {
          title: t('tokens.lastUsedAt'),
          dataIndex: 'lastUsedAt',
          render: (v: string | null) => formatDateTime(v, t('tokens.never')),
        },
        { title: t('tokens.status'), key: 'status', render: (_, token) => statusTag(token) },
        { title: t('common.actions'), key: 'actions', render: (_, token) => revokeButton(token) },
      ];

  return (
    <>
      <ListPage
        title={t('menu.machineTokens')}
        actions={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setIssuing(true)}>
            {t('tokens.issue')}
          </Button>
        }
        intro={<Alert type="info" showIcon title={t('tokens.intro')} style={{ marginBottom: 12 }} />}
        error={error}
        hasData={Boolean(data)}
        onRetry={reload}
      >
        <Table<MachineToken>
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={data}
          loading={loading}
          pagination={false}
          scroll={isMobile ? undefined : { x: 1000 }}
          locale={{ emptyText: loading ? <span /> : <EmptyState /> }}
        />
      </ListPage>
      <IssueModal
        open={issuing}
        options={options}
        onClose={() => setIssuing(false)}
        onIssued={(result) => {
          setIssuing(false);
          setIssued(result);
          reload();
        }}
      />
      <SecretModal issued={issued} onClose={() => setIssued(null)} />
    </>
  );
}
