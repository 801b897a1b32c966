import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  CarOutlined,
  DatabaseOutlined,
  EnvironmentOutlined,
  FlagOutlined,
  HomeOutlined,
  IdcardOutlined,
  KeyOutlined,
  NodeIndexOutlined,
  OrderedListOutlined,
  SafetyCertificateOutlined,
  ShopOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ComponentType, ReactNode } from 'react';
import type { Permission, ScopeType } from '../../domain/access/roles.ts';
import { ledgerNavigation } from '../modules/hazards/ledger.navigation.tsx';
import type { MessageKey } from './i18n.ts';

/**
 * The side menu, by module. A leaf is a route with the permission it needs, and may show a badge
 * beside its label (a component the module provides, e.g. a count); a group shows when any of its
 * leaves does. A later module (底数台账, 隐患台账, 一瓶一码, …) adds its entry here and
 * its routes in router.tsx.
 */
export type NavEntry =
  | {
      key: string;
      path: string;
      label: MessageKey;
      icon?: ReactNode;
      permission: Permission;
      /**
       * Scope types in which the page can hold nothing (a venue manager has no enterprises, licences,
       * facilities, pipelines or vehicles): hidden from a user whose every grant is of one of them.
       */
      notFor?: readonly ScopeType[];
      /** Rendered after the label (mounted only for users who see the entry). */
      badge?: ComponentType;
    }
  | { key: string; label: MessageKey; icon: ReactNode; children: NavEntry[] };

/** What a venue manager's scope (one venue: its record and its staff) cannot contain. */
export const venueScopeOnly: readonly ScopeType[] = ['venue'];

/** True when every grant the user holds is of one of `scopeTypes` (so a page marked `notFor` them is empty). */
export function onlyScopes(userScopes: readonly ScopeType[], scopeTypes: readonly ScopeType[] | undefined): boolean {
  return Boolean(scopeTypes) && userScopes.length > 0 && userScopes.every((s) => scopeTypes!.includes(s));
}

export const navigation: NavEntry[] = [
  { key: 'home', path: '/', label: 'menu.home', icon: <HomeOutlined />, permission: 'overview.read' },
  {
    key: 'campaign',
    label: 'menu.campaign',
    icon: <FlagOutlined />,
    children: [
      {
        key: 'plan-tasks',
        path: '/plan/tasks',
        label: 'menu.planTasks',
        icon: <OrderedListOutlined />,
        permission: 'organisation.read',
      },
    ],
  },
  {
    // 底数台账: the register of supervised objects; each kind adds its leaf here.
    key: 'registry',
    label: 'menu.registry',
    icon: <DatabaseOutlined />,
    children: [
      {
        key: 'enterprises',
        path: '/registry/enterprises',
        label: 'menu.enterprises',
        icon: <BankOutlined />,
        permission: 'registry.read',
        notFor: venueScopeOnly,
      },
      {
        key: 'licences',
        path: '/registry/licences',
        label: 'menu.licences',
        icon: <SafetyCertificateOutlined />,
        permission: 'registry.read',
        notFor: venueScopeOnly,
      },
      {
        key: 'facilities',
        path: '/registry/facilities',
        label: 'menu.facilities',
        icon: <ShopOutlined />,
        permission: 'registry.read',
        notFor: venueScopeOnly,
      },
      {
        key: 'venues',
        path: '/registry/venues',
        label: 'menu.venues',
        icon: <ShopOutlined />,
        permission: 'registry.read',
      },
      {
        key: 'pipelines',
        path: '/registry/pipelines',
        label: 'menu.pipelines',
        icon: <NodeIndexOutlined />,
        permission: 'registry.read',
        notFor: venueScopeOnly,
      },
      {
        key: 'people',
        path: '/registry/people',
        label: 'menu.people',
        icon: <IdcardOutlined />,
        permission: 'registry.read',
      },
      {
        key: 'vehicles',
        path: '/registry/vehicles',
        label: 'menu.vehicles',
        icon: <CarOutlined />,
        permission: 'registry.read',
        notFor: venueScopeOnly,
      },
      {
        key: 'map',
        path: '/registry/map',
        label: 'menu.map',
        icon: <EnvironmentOutlined />,
        permission: 'registry.read',
      },
    ],
  },
  ledgerNavigation,
  {
    key: 'organisation',
    path: '/organisation',
    label: 'menu.organisation',
    icon: <ApartmentOutlined />,
    permission: 'organisation.read',
  },
  { key: 'users', path: '/users', label: 'menu.users', icon: <TeamOutlined />, permission: 'user.read' },
  {
    key: 'machine-tokens',
    path: '/machine-tokens',
    label: 'menu.machineTokens',
    icon: <KeyOutlined />,
    permission: 'machine_token.manage',
  },
  { key: 'audit', path: '/audit', label: 'menu.audit', icon: <AuditOutlined />, permission: 'audit.read' },
];

/**
 * The entries the user may see: leaves they hold the permission for (unless all their grants are of
 * scope types the leaf is `notFor`), and groups that keep a leaf.
 */
export function visibleNavigation(
  can: (p: Permission) => boolean,
  userScopes: readonly ScopeType[] = [],
  entries: NavEntry[] = navigation,
): NavEntry[] {
  const out: NavEntry[] = [];
  for (const entry of entries) {
    if ('children' in entry) {
      const children = visibleNavigation(can, userScopes, entry.children);
      if (children.length > 0) out.push({ ...entry, children });
    } else if (can(entry.permission) && !onlyScopes(userScopes, entry.notFor)) {
      out.push(entry);
    }
  }
  return out;
}

type Leaf = Extract<NavEntry, { path: string }>;

function leaves(entries: NavEntry[], parents: string[] = []): { leaf: Leaf; parents: string[] }[] {
  return entries.flatMap((e) => ('children' in e ? leaves(e.children, [...parents, e.key]) : [{ leaf: e, parents }]));
}

/** The menu entry for a location: the leaf with the longest path that the location starts with. */
export function activeEntry(pathname: string, entries: NavEntry[]): { key: string; parents: string[] } | null {
  let best: { leaf: Leaf; parents: string[] } | null = null;
  for (const item of leaves(entries)) {
    const p = item.leaf.path;
    const matches = p === '/' ? pathname === '/' : pathname === p || pathname.startsWith(`${p}/`);
    if (matches && (!best || p.length > best.leaf.path.length)) best = item;
  }
  return best ? { key: best.leaf.key, parents: best.parents } : null;
}

export function findLeaf(key: string, entries: NavEntry[]): Leaf | null {
  return leaves(entries).find((l) => l.leaf.key === key)?.leaf ?? null;
}
