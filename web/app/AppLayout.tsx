import {
  CheckOutlined,
  DownOutlined,
  GlobalOutlined,
  LockOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuOutlined,
  MenuUnfoldOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Drawer, Dropdown, Layout, Menu, type MenuProps } from 'antd';
import { Suspense, useEffect, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { ChangePasswordModal } from './ChangePasswordModal.tsx';
import { DemoBanner } from './InstallationNotices.tsx';
import { type Locale, setLocale, useLocale, useT } from './i18n.ts';
import { activeEntry, findLeaf, type NavEntry, visibleNavigation } from './navigation.tsx';
import { PageLoading } from './PageState.tsx';
import { useSession } from './session.tsx';
import { useIsMobile } from './useIsMobile.ts';

function Brand({ collapsed }: { collapsed?: boolean }) {
  const t = useT();
  return (
    <div className="ra-brand">
      <span className="ra-brand-mark" aria-hidden>
        燃
      </span>
      {collapsed ? null : (
        <span className="ra-brand-text">
          <strong>{t('app.name')}</strong>
          <small>{t('app.title')}</small>
        </span>
      )}
    </div>
  );
}

export function AppLayout() {
  const t = useT();
  const locale = useLocale();
  const { me, can, logout, refresh } = useSession();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);
  const mustChange = me?.mustChangePassword ?? false;

  useEffect(() => {
    if (mustChange) setPasswordOpen(true);
  }, [mustChange]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: close the drawer whenever the route changes
  useEffect(() => setDrawerOpen(false), [location.pathname]);

  const userScopes = useMemo(() => [...new Set((me?.roles ?? []).map((r) => r.scopeType))], [me]);
  const entries = useMemo(() => visibleNavigation(can, userScopes), [can, userScopes]);
  const active = activeEntry(location.pathname, entries);
  // Groups start open: the menu is short, and a closed group hides what exists.
  const activeLabel = active ? findLeaf(active.key, entries)?.label : undefined;
  useEffect(() => {
    document.title = activeLabel ? `${t(activeLabel)} · ${t('app.name')}` : t('app.fullName');
  }, [activeLabel, t]);

  const [openKeys, setOpenKeys] = useState<string[]>(() => entries.filter((e) => 'children' in e).map((e) => e.key));

  const toItems = (list: NavEntry[]): MenuProps['items'] =>
    list.map((e) => {
      if ('children' in e) return { key: e.key, icon: e.icon, label: t(e.label), children: toItems(e.children) };
      const Badge = e.badge;
      const label = Badge ? (
        <span key={e.key} className="ra-menu-label">
          <span>{t(e.label)}</span>
          <Badge />
        </span>
      ) : (
        t(e.label)
      );
      return { key: e.key, icon: e.icon, label };
    });

  const onMenuClick: MenuProps['onClick'] = ({ key }) => {
    const leaf = findLeaf(key, entries);
    if (leaf) navigate(leaf.path);
  };

  const menu = (
    <Menu
      mode="inline"
      theme="dark"
      items={toItems(entries)}
      selectedKeys={active ? [active.key] : []}
      openKeys={collapsed && !isMobile ? undefined : openKeys}
      onOpenChange={setOpenKeys}
      onClick={onMenuClick}
    />
  );

  const chooseLocale = (next: Locale) => setLocale(next);
  const userItems: MenuProps['items'] = [
    { key: 'password', icon: <LockOutlined />, label: t('user.changePassword') },
    {
      type: 'group',
      key: 'language',
      label: (
        <span>
          <GlobalOutlined /> {t('user.language')}
        </span>
      ),
      children: (['zh', 'en'] as const).map((l) => ({
        key: `lang:${l}`,
        label: t(l === 'zh' ? 'lang.zh' : 'lang.en'),
        extra: l === locale ? <CheckOutlined /> : null,
      })),
    },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('user.logout'), danger: true },
  ];
  const onUserMenu: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') setPasswordOpen(true);
    else if (key === 'logout') void logout();
    else if (key.startsWith('lang:')) chooseLocale(key.slice(5) as Locale);
  };

  return (
    <Layout className="ra-shell">
      {isMobile ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={260}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' }, header: { display: 'none' } }}
        >
          <Brand />
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider
          width={224}
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          trigger={null}
          className="ra-sider"
        >
          <Brand collapsed={collapsed} />
          {menu}
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className="ra-header">
          <Button
            type="text"
            aria-label={t('menu.open')}
            icon={isMobile ? <MenuOutlined /> : collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={() => (isMobile ? setDrawerOpen(true) : setCollapsed(!collapsed))}
          />
          {isMobile ? <span className="ra-header-title">{t('app.name')}</span> : null}
          <span className="ra-header-spacer" />
          <Dropdown menu={{ items: userItems, onClick: onUserMenu }} trigger={['click']} placement="bottomRight">
            <Button type="text" className="ra-user-button">
              <Avatar size="small" icon={<UserOutlined />} style={{ background: '#0b4a8b' }} />
              <span className="ra-user-name">{me?.displayName}</span>
              <DownOutlined style={{ fontSize: 10 }} />
            </Button>
          </Dropdown>
        </Layout.Header>
        <DemoBanner />
        <Layout.Content className="ra-content">
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
      <ChangePasswordModal
        open={passwordOpen}
        required={mustChange}
        onCancel={() => (mustChange ? void logout() : setPasswordOpen(false))}
        onDone={() => {
          setPasswordOpen(false);
          void refresh();
        }}
      />
    </Layout>
  );
}
