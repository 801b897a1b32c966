import { DownOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Badge, Button, Dropdown, type MenuProps, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { formatDateTime } from '../../app/format.ts';
import { errorText } from '../../app/http.ts';
import { type Locale, useLocale, useT } from '../../app/i18n.ts';
import { SearchFilter } from '../../app/list/filters.tsx';
import { ListPage } from '../../app/list/ListPage.tsx';
import { useList } from '../../app/list/useList.ts';
import { EmptyState } from '../../app/PageState.tsx';
import { useSession } from '../../app/session.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { roleLabel } from './GrantScopeFields.tsx';
import { CreateUserDrawer, EditGrantsModal, EditUserModal, ResetPasswordModal } from './UserDialogs.tsx';
import { type Grant, type User, type UserStatus, usersApi } from './users.api.ts';

const roleColors: Record<string, string> = {
  office_admin: 'red',
  leader: 'purple',
  department_officer: 'blue',
  township_officer: 'cyan',
  inspector: 'green',
  enterprise_manager: 'orange',
  venue_manager: 'gold',
  delivery_worker: 'lime',
};

/** '乡镇工作人员 · 嘎鲁图镇': the role and where it applies. */
export function GrantTag({ grant, locale }: { grant: Omit<Grant, 'id'>; locale: Locale }) {
  const t = useT();
  // The server names every scope it knows; should a name be missing, the type and a short id stand in.
  const scope =
    grant.scopeType === 'global'
      ? t('users.scopeType.global')
      : (grant.scopeName ??
        `${t(`users.scopeType.${grant.scopeType}`)} ${grant.scopeId ? `${grant.scopeId.slice(0, 8)}…` : ''}`);
  return (
    <Tag color={roleColors[grant.role]} className="ra-wrap-tag" title={grant.scopeId ?? undefined}>
      {roleLabel(grant.role, locale)} · {scope}
    </Tag>
  );
}

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; user: User }
  | { kind: 'grants'; user: User }
  | { kind: 'password'; user: User }
  | null;

export function UsersPage() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { can, me } = useSession();
  const { modal, message } = App.useApp();
  const canManage = can('user.manage');
  const [dialog, setDialog] = useState<Dialog>(null);
  const list = useList(usersApi.list, { types: { q: 'string', status: 'string' } });
  const { data, error, loading, reload } = list;

  const closeAndReload = () => {
    setDialog(null);
    reload();
  };

  const setUserStatus = (user: User, next: UserStatus) => {
    modal.confirm({
      title: t(next === 'disabled' ? 'users.disableConfirm' : 'users.enableConfirm', { name: user.displayName }),
      okText: t(next === 'disabled' ? 'users.disable' : 'users.enable'),
      okButtonProps: { danger: next === 'disabled' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await usersApi.update(user.id, { status: next });
          message.success(t('common.saved'));
          reload();
        } catch (err) {
          message.error(errorText(err));
        }
      },
    });
  };

  const actionsFor = (user: User): MenuProps['items'] => [
    { key: 'grants', label: t('users.editGrants') },
    { key: 'password', label: t('users.resetPassword') },
    { type: 'divider' },
    user.status === 'active'
      ? { key: 'disable', label: t('users.disable'), danger: true, disabled: user.id === me?.id }
      : { key: 'enable', label: t('users.enable') },
  ];

  const onAction = (user: User, key: string) => {
    if (key === 'grants') setDialog({ kind: 'grants', user });
    else if (key === 'password') setDialog({ kind: 'password', user });
    else if (key === 'disable') setUserStatus(user, 'disabled');
    else if (key === 'enable') setUserStatus(user, 'active');
  };

  const statusCell = (u: User) => (
    <Space size={4} wrap>
      <Badge
        status={u.status === 'active' ? 'success' : 'default'}
        text={t(u.status === 'active' ? 'users.status.active' : 'users.status.disabled')}
      />
      {u.mustChangePassword ? <Tag color="warning">{t('users.mustChange')}</Tag> : null}
    </Space>
  );

  const grantsCell = (u: User) =>
    u.grants.length ? (
      <span className="ra-tags">
        {u.grants.map((g) => (
          <GrantTag key={g.id} grant={g} locale={locale} />
        ))}
      </span>
    ) : (
      <span className="ra-muted">—</span>
    );

  const columns: TableColumnsType<User> = isMobile
    ? [
        {
          title: t('users.displayName'),
          key: 'name',
          render: (_, u) => (
            <div>
              <div style={{ fontWeight: 500 }}>{u.displayName}</div>
              <div className="ra-muted">{u.username}</div>
              <div style={{ marginTop: 4 }}>{grantsCell(u)}</div>
            </div>
          ),
        },
        { title: t('users.status'), key: 'status', width: 96, render: (_, u) => statusCell(u) },
      ]
    : [
        { title: t('users.username'), dataIndex: 'username', width: 140 },
        { title: t('users.displayName'), dataIndex: 'displayName', width: 120 },
        { title: t('users.phone'), dataIndex: 'phone', width: 140, render: (p: string | null) => p ?? '—' },
        { title: t('users.grants'), key: 'grants', render: (_, u) => grantsCell(u) },
        { title: t('users.status'), key: 'status', width: 150, render: (_, u) => statusCell(u) },
        {
          title: t('users.lastLogin'),
          dataIndex: 'lastLoginAt',
          width: 150,
          render: (at: string | null) =>
            at ? formatDateTime(at) : <span className="ra-muted">{t('users.never')}</span>,
        },
      ];

  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: isMobile ? 76 : 150,
      fixed: isMobile ? undefined : 'right',
      render: (_, u) => (
        <Space size={0}>
          {isMobile ? null : (
            <Button type="link" size="small" onClick={() => setDialog({ kind: 'edit', user: u })}>
              {t('users.edit')}
            </Button>
          )}
          <Dropdown
            trigger={['click']}
            menu={{
              items: isMobile ? [{ key: 'edit', label: t('users.edit') }, ...(actionsFor(u) ?? [])] : actionsFor(u),
              onClick: ({ key }) => (key === 'edit' ? setDialog({ kind: 'edit', user: u }) : onAction(u, key)),
            }}
          >
            <Button type="link" size="small">
              {t('common.more')} <DownOutlined style={{ fontSize: 10 }} />
            </Button>
          </Dropdown>
        </Space>
      ),
    });
  }

  return (
    <>
      <ListPage
        title={t('menu.users')}
        actions={
          canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>
              {t('users.create')}
            </Button>
          ) : null
        }
        filters={
          <>
            <SearchFilter list={list} placeholder={t('users.search')} width={280} />
            <Select<UserStatus>
              allowClear
              placeholder={t('users.statusFilter')}
              style={{ width: 160 }}
              value={list.filters.status}
              onChange={(status) => list.set({ status })}
              options={[
                { value: 'active', label: t('users.status.active') },
                { value: 'disabled', label: t('users.status.disabled') },
              ]}
            />
          </>
        }
        error={error}
        hasData={Boolean(data)}
        onRetry={reload}
      >
        <Table<User>
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={data?.items}
          loading={loading}
          scroll={isMobile ? undefined : { x: 1000 }}
          pagination={list.table.pagination}
          locale={{ emptyText: loading ? <span /> : <EmptyState description={list.table.emptyText} /> }}
        />
      </ListPage>

      <CreateUserDrawer open={dialog?.kind === 'create'} onClose={() => setDialog(null)} onCreated={closeAndReload} />
      <EditUserModal
        user={dialog?.kind === 'edit' ? dialog.user : null}
        onClose={() => setDialog(null)}
        onSaved={closeAndReload}
      />
      <EditGrantsModal
        user={dialog?.kind === 'grants' ? dialog.user : null}
        onClose={() => setDialog(null)}
        onSaved={closeAndReload}
      />
      <ResetPasswordModal user={dialog?.kind === 'password' ? dialog.user : null} onClose={() => setDialog(null)} />
    </>
  );
}
