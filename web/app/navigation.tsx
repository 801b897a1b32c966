import type { ComponentType, ReactNode } from 'react';
import type { Permission, ScopeType } from '../../domain/access/roles.ts';
import type { MessageKey } from './i18n.ts';
import { onlyScopes } from './module.ts';
import { navigation } from './modules.ts';

/**
 * A side menu entry. A leaf is a route with the permission it needs, and may show a badge beside its
 * label (a component the module provides, e.g. a count); a group shows when any of its leaves does.
 * Modules declare their entries in their module.tsx (see WebModule.menu); app/modules.ts assembles them.
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

export { onlyScopes, venueScopeOnly } from './module.ts';

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
