import { App, Button, Card, Checkbox, Form, Input, List, Select, Space, Switch, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { formatDateTime } from '../../app/format.ts';
import { errorText } from '../../app/http.ts';
import { useT } from '../../app/i18n.ts';
import { EmptyState, LoadError, PageLoading } from '../../app/PageState.tsx';
import { useSession } from '../../app/session.tsx';
import { useRequest } from '../../app/useRequest.ts';
import { refreshCounts } from './counts.ts';
import { type NotificationSettings, todosApi } from './todos.api.ts';

const kinds = [
  'hazard_created',
  'hazard_sent_back',
  'hazard_escalated',
  'hazard_deadline',
  'registry_change_proposed',
  'registry_change_decided',
] as const;

/** The notification bell's page (issue 9.20): the user's notifications, what they receive, and outgoing channels. */
export function NotificationsPage() {
  const t = useT();
  const { me } = useSession();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const { data, error, loading, reload } = useRequest(
    useCallback(() => todosApi.notifications(unreadOnly), [unreadOnly]),
  );
  const settings = useRequest(useCallback(() => todosApi.settings(), []));

  const changed = () => {
    reload();
    if (me) void refreshCounts(me.id, true);
  };
  const open = async (id: string, read: boolean) => {
    if (!read) {
      await todosApi.markRead(id).catch(() => {});
      changed();
    }
  };

  if (error && !data) return <LoadError error={error} onRetry={reload} />;
  if (!data) return loading ? <PageLoading /> : null;
  return (
    <>
      <Space wrap style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('notifications.title')}
        </Typography.Title>
        <Space wrap>
          <Checkbox checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)}>
            {t('notifications.unreadOnly')}
          </Checkbox>
          <Button
            disabled={data.unread === 0}
            onClick={async () => {
              await todosApi.markAllRead();
              changed();
            }}
          >
            {t('notifications.readAll')}
          </Button>
        </Space>
      </Space>
      <Card size="small" style={{ marginBottom: 16 }}>
        {data.items.length === 0 ? (
          <EmptyState description={t('notifications.empty')} />
        ) : (
          <List
            size="small"
            dataSource={data.items}
            renderItem={(n) => (
              <List.Item data-testid="notification">
                <List.Item.Meta
                  title={
                    <Link
                      to={n.link}
                      onClick={() => open(n.id, n.read)}
                      style={{ fontWeight: n.read ? 'normal' : 600, wordBreak: 'break-word' }}
                    >
                      {n.title}
                    </Link>
                  }
                  description={
                    <Space size={4} wrap>
                      <Tag>{t(`notifications.kind.${n.kind}`)}</Tag>
                      <span>{formatDateTime(n.createdAt)}</span>
                      {n.body ? <span>{n.body}</span> : null}
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
      {settings.data ? <Settings settings={settings.data} onSaved={settings.reload} /> : null}
      {settings.error ? <LoadError error={settings.error} onRetry={settings.reload} /> : null}
    </>
  );
}

function Settings({ settings, onSaved }: { settings: NotificationSettings; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [owner, setOwner] = useState(0);
  const [secret, setSecret] = useState<string | null>(null);
  const current = settings.owners[owner]!;
  const [form] = Form.useForm();
  const kindOptions = kinds.map((k) => ({ value: k, label: t(`notifications.kind.${k}`) }));

  const mute = async (checked: string[]) => {
    try {
      await todosApi.mute(kinds.filter((k) => !checked.includes(k)));
      onSaved();
    } catch (err) {
      message.error(errorText(err));
    }
  };
  const save = async (values: { url: string; format: string; kinds: string[]; enabled: boolean }) => {
    try {
      const c = await todosApi.putChannel({
        ownerType: current.ownerType,
        ownerId: current.ownerType === 'user' ? undefined : current.ownerId,
        ...values,
      });
      setSecret(c.secret);
      message.success(t('notifications.channelSaved'));
      onSaved();
    } catch (err) {
      message.error(errorText(err));
    }
  };
  return (
    <Card size="small" title={t('notifications.settings')}>
      <Typography.Paragraph strong>{t('notifications.inApp')}</Typography.Paragraph>
      <Checkbox.Group
        options={kindOptions}
        value={kinds.filter((k) => !settings.mutedKinds.includes(k))}
        onChange={(v) => mute(v as string[])}
        style={{ marginBottom: 16 }}
      />
      <Typography.Paragraph strong>{t('notifications.channel')}</Typography.Paragraph>
      {settings.owners.length > 1 ? (
        <Form.Item label={t('notifications.channelOwner')}>
          <Select
            value={owner}
            onChange={(i) => {
              setOwner(i);
              setSecret(null);
              const c = settings.owners[i]!.channel;
              form.setFieldsValue(c ?? { url: '', format: 'json', kinds: [], enabled: true });
            }}
            options={settings.owners.map((o, i) => ({ value: i, label: o.name }))}
            style={{ maxWidth: 320 }}
          />
        </Form.Item>
      ) : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={
          current.channel ?? { url: '', format: 'json', kinds: ['hazard_created', 'hazard_sent_back'], enabled: true }
        }
      >
        <Form.Item name="url" label={t('notifications.channelUrl')} rules={[{ required: true }]}>
          <Input placeholder="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…" maxLength={500} />
        </Form.Item>
        <Form.Item name="format" label={t('notifications.channelFormat')}>
          <Select
            options={[
              { value: 'json', label: 'JSON' },
              { value: 'wecom', label: '企业微信 / WeCom' },
            ]}
            style={{ maxWidth: 200 }}
          />
        </Form.Item>
        <Form.Item name="kinds" label={t('notifications.channelKinds')} rules={[{ required: true }]}>
          <Checkbox.Group options={kindOptions} />
        </Form.Item>
        <Form.Item name="enabled" valuePropName="checked">
          <Switch />
        </Form.Item>
        {secret ? (
          <Typography.Paragraph copyable={{ text: secret }} type="warning">
            {t('notifications.channelSecret', { secret })}
          </Typography.Paragraph>
        ) : null}
        <Space wrap>
          <Button type="primary" htmlType="submit">
            {t('notifications.channelSave')}
          </Button>
          {current.channel ? (
            <Button
              onClick={async () => {
                await todosApi.testChannel(current.channel!.id);
                message.success(t('notifications.channelTestQueued'));
              }}
            >
              {t('notifications.channelTest')}
            </Button>
          ) : null}
        </Space>
      </Form>
    </Card>
  );
}
