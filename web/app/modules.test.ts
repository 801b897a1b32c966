import { describe, expect, it } from 'vitest';
import { isMessageKey, t } from './i18n.ts';
import { assembleMenu, assembleRoutes, type WebModule } from './module.ts';
import { fullPageRoutes, moduleRoutes, navigation, webModules } from './modules.ts';
import type { NavEntry } from './navigation.tsx';

const Page = () => null;

function keys(entries: NavEntry[]): unknown[] {
  return entries.map((e) => ('children' in e ? { [e.key]: keys(e.children) } : e.key));
}

describe('the app assembled from the modules’ declarations', () => {
  it('builds the side menu in the order the modules place their entries, groups filled by other modules', () => {
    expect(keys(navigation)).toEqual([
      'home',
      { supervision: ['dashboard', 'bulletins', 'orders', 'actions', 'accidents', 'wall'] },
      'todos',
      'notifications',
      { campaign: ['plan-tasks', 'publicity'] },
      {
        registry: [
          'enterprises',
          'licences',
          'facilities',
          'venues',
          'pipelines',
          'people',
          'vehicles',
          'map',
          'training',
          'renewal',
          'renewal-projects',
          'renewal-figures',
          'works',
        ],
      },
      {
        ledger: [
          'inspections',
          'monthly-self-missed',
          'user-inspections-due',
          'field',
          'hazards',
          'escalations',
          'progress',
        ],
      },
      { monitoring: ['alarms', 'sensors', 'alarm-rules'] },
      { 'tips-group': ['tips', 'tip-settings'] },
      { enforcement: ['cases', 'referrals', 'black-sites', 'blacklist', 'enforcement-figures'] },
      'organisation',
      {
        cylinders: [
          'cylinder-list',
          'cylinder-scan',
          'cylinder-seize',
          'cylinder-blacklist',
          'cylinder-anomalies',
          'cylinder-filling',
          'cylinder-fills',
          'cylinder-refusals',
        ],
      },
      'delivery',
      'driver',
      'users',
      'machine-tokens',
      'rules',
      'audit',
    ]);
  });

  it('gives every menu entry a page the router serves', () => {
    const served = new Set(['/', ...moduleRoutes.map((r) => `/${r.path}`), ...fullPageRoutes.map((r) => r.path)]);
    const paths = (entries: NavEntry[]): string[] =>
      entries.flatMap((e) => ('children' in e ? paths(e.children) : [e.path]));
    expect(paths(navigation).filter((p) => !served.has(p))).toEqual([]);
  });

  it('registers each module’s texts in both languages', () => {
    for (const m of webModules) {
      for (const key of Object.keys(m.texts?.zh ?? {})) expect(isMessageKey(key), key).toBe(true);
      expect(Object.keys(m.texts?.en ?? {}).sort()).toEqual(Object.keys(m.texts?.zh ?? {}).sort());
    }
    expect(t('menu.hazards')).toBe('隐患台账');
  });

  it('puts a leaf added to a group after the group’s own, by order, and refuses a group nobody declares', () => {
    const group: WebModule = {
      name: 'a',
      menu: [
        {
          order: 5,
          entry: {
            key: 'g',
            label: 'menu.ledger',
            icon: null,
            children: [{ key: 'own', path: '/own', label: 'menu.home', permission: 'overview.read' }],
          },
        },
      ],
    };
    const leaf = (key: string, order: number, groupKey = 'g'): WebModule => ({
      name: key,
      menu: [
        { group: groupKey, order, entry: { key, path: `/${key}`, label: 'menu.home', permission: 'overview.read' } },
      ],
    });
    expect(keys(assembleMenu([leaf('late', 9), group, leaf('early', 1)]))).toEqual([{ g: ['own', 'early', 'late'] }]);
    expect(() => assembleMenu([leaf('lost', 1, 'nowhere')])).toThrow(/nowhere/);
  });

  it('refuses a path two modules both declare', () => {
    const m = (name: string): WebModule => ({ name, routes: [{ path: 'x', permission: 'overview.read', page: Page }] });
    expect(() => assembleRoutes([m('a'), m('b')])).toThrow(/route x is declared twice/);
  });
});
