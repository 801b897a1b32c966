import { childLevel, regionLevelLabels } from '../../../domain/organisation/regions.ts';
import type { Locale } from '../../app/i18n.ts';
import type { Region } from './organisation.api.ts';

export type RegionNode = Region & { children?: RegionNode[] };

/**
 * The caller's regions as a tree. The list is already limited to the caller's scope, so a root is
 * any region whose parent is not in it (a township officer's root is the township).
 */
export function regionTree(regions: Region[]): RegionNode[] {
  const nodes = new Map<string, RegionNode>(regions.map((r) => [r.id, { ...r }]));
  const roots: RegionNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (!parent) roots.push(node);
    else if (parent.children) parent.children.push(node);
    else parent.children = [node];
  }
  return roots;
}

export function levelLabel(level: Region['level'], locale: Locale): string {
  return regionLevelLabels[level][locale];
}

/** The level a region added below this one takes ('苏木镇' below a banner, '社区/嘎查' below a township). */
export function childLevelLabel(level: Region['level'], locale: Locale): string {
  const child = childLevel(level);
  return child ? regionLevelLabels[child][locale] : '';
}
