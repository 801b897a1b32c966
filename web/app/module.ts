import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import type { Permission, ScopeType } from '../../domain/access/roles.ts';
import type { NavEntry } from './navigation.tsx';

/**
 * What a web module declares in its `module.tsx`, in one place: its pages (with the permission each
 * needs), its menu entries and its texts. web/app/modules.ts lists the modules; the router, the side
 * menu and the dictionaries are assembled from their declarations.
 */
export type WebModule = {
  /** The module's name (its folder under web/modules). */
  name: string;
  /** Pages inside the office layout, for signed-in users. */
  routes?: ModuleRoute[];
  /** Top-level routes outside the office layout and its sign-in guard (the field app). */
  fullPageRoutes?: RouteObject[];
  menu?: MenuItem[];
  /** The module's texts: Chinese first, English with exactly the same keys (see ModuleMessages). */
  texts?: { zh: Record<string, string>; en: Record<string, string> };
};

export type ModuleRoute = {
  /** Relative to the layout: 'hazards/:id'; '' for the home page. */
  path: string;
  /** The page, usually `lazy(() => import(…))` so it loads on demand. */
  page: ComponentType;
  /** The permission the page needs; with a list, any of them (the server still checks every call). */
  permission: Permission | readonly Permission[];
  /** Scope types in which the page can hold nothing (see NavEntry); such users are refused it too. */
  notFor?: readonly ScopeType[];
};

/**
 * A menu entry: at the top level (an entry or a group), or a leaf added to a group another module
 * declares (`group`: its key). `order` places it among its siblings (smaller first).
 */
export type MenuItem = { order: number; group?: string; entry: NavEntry };

/** What a venue manager's scope (one venue: its record and its staff) cannot contain. */
export const venueScopeOnly: readonly ScopeType[] = ['venue'];

/** True when every grant the user holds is of one of `scopeTypes` (so a page marked `notFor` them is empty). */
export function onlyScopes(userScopes: readonly ScopeType[], scopeTypes: readonly ScopeType[] | undefined): boolean {
  return Boolean(scopeTypes) && userScopes.length > 0 && userScopes.every((s) => scopeTypes!.includes(s));
}

/** The side menu from the modules' items: top-level entries by order; a group's own leaves, then those other modules add, by order. */
export function assembleMenu(modules: readonly WebModule[]): NavEntry[] {
  const items = modules.flatMap((m) => m.menu ?? []);
  const byOrder = (a: MenuItem, b: MenuItem) => a.order - b.order;
  const added = new Map<string, MenuItem[]>();
  for (const item of items.filter((i) => i.group)) {
    added.set(item.group!, [...(added.get(item.group!) ?? []), item]);
  }
  const top = items.filter((i) => !i.group).sort(byOrder);
  for (const group of added.keys()) {
    if (!top.some((i) => i.entry.key === group && 'children' in i.entry)) {
      throw new Error(`menu group ${group} is not declared by any module`);
    }
  }
  return top.map(({ entry }) => {
    if (!('children' in entry)) return entry;
    const more = (added.get(entry.key) ?? []).sort(byOrder).map((i) => i.entry);
    return { ...entry, children: [...entry.children, ...more] };
  });
}

/** The modules' pages and full-page routes, with a check that no path is declared twice. */
export function assembleRoutes(modules: readonly WebModule[]): {
  routes: ModuleRoute[];
  fullPageRoutes: RouteObject[];
} {
  const routes = modules.flatMap((m) => m.routes ?? []);
  const fullPageRoutes = modules.flatMap((m) => m.fullPageRoutes ?? []);
  const seen = new Set<string>();
  for (const path of [...routes.map((r) => r.path), ...fullPageRoutes.map((r) => r.path ?? '')]) {
    if (seen.has(path)) throw new Error(`route ${path} is declared twice`);
    seen.add(path);
  }
  return { routes, fullPageRoutes };
}
