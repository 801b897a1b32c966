import { describe, expect, it } from 'vitest';
import { permissionsOf, type ScopeType } from '../../domain/access/roles.ts';
import { type NavEntry, visibleNavigation } from './navigation.tsx';

function leafKeys(entries: NavEntry[]): string[] {
  return entries.flatMap((e) => ('children' in e ? leafKeys(e.children) : [e.key]));
}

function menuOf(role: string, scopes: ScopeType[]) {
  const granted = new Set(permissionsOf(role));
  return leafKeys(visibleNavigation((p) => granted.has(p), scopes));
}

describe('the side menu', () => {
  it('shows a venue manager only the register pages its venue can fill: the venue, its staff and the map', () => {
    const menu = menuOf('venue_manager', ['venue']);
    expect(menu).toEqual(expect.arrayContaining(['venues', 'people', 'map', 'training']));
    for (const empty of ['enterprises', 'licences', 'facilities', 'pipelines', 'vehicles']) {
      expect(menu).not.toContain(empty);
    }
  });

  it('keeps every register page for an enterprise manager, a township and a user with a venue and another grant', () => {
    const all = ['enterprises', 'licences', 'facilities', 'venues', 'pipelines', 'people', 'vehicles', 'map'];
    expect(menuOf('enterprise_manager', ['enterprise'])).toEqual(expect.arrayContaining(all));
    expect(menuOf('township_officer', ['region'])).toEqual(expect.arrayContaining(all));
    expect(menuOf('venue_manager', ['venue', 'enterprise'])).toEqual(expect.arrayContaining(all));
  });

  it('shows the cadence lists (monthly self-checks missed, users overdue for inspection) to whoever reads inspections', () => {
    for (const [role, scope] of [
      ['township_officer', 'region'],
      ['department_officer', 'department'],
      ['enterprise_manager', 'enterprise'],
    ] as const) {
      expect(menuOf(role, [scope]), role).toEqual(
        expect.arrayContaining(['monthly-self-missed', 'user-inspections-due']),
      );
    }
    expect(menuOf('delivery_worker', ['enterprise'])).not.toContain('user-inspections-due');
  });

  it('shows third-party works to those who record them and to operators, publicity to townships and departments', () => {
    expect(menuOf('township_officer', ['region'])).toEqual(expect.arrayContaining(['works', 'publicity']));
    expect(menuOf('department_officer', ['department'])).toEqual(expect.arrayContaining(['works', 'publicity']));
    const operator = menuOf('enterprise_manager', ['enterprise']);
    expect(operator).toContain('works');
    expect(operator).not.toContain('publicity');
    expect(menuOf('venue_manager', ['venue'])).not.toContain('works');
  });

  it('hides what the permissions do not allow', () => {
    // A delivery worker: its to-dos and notifications, the delivery pages and the phone's 送气 pages (issue 12), nothing of the ledger.
    expect(menuOf('delivery_worker', ['enterprise'])).toEqual(['home', 'todos', 'notifications', 'delivery', 'driver']);
    expect(menuOf('leader', ['global'])).not.toContain('machine-tokens');
  });
});
