import { describe, expect, it } from 'vitest';
import { passwordWeakness } from './password.ts';
import { machineRoleCodes, permissions, personRoleCodes, roles } from './roles.ts';

describe('roles', () => {
  it('grant only known permissions', () => {
    for (const r of Object.values(roles)) for (const p of r.permissions) expect(permissions).toContain(p);
  });
  it('separate people from machines', () => {
    expect(personRoleCodes).toContain('office_admin');
    expect(machineRoleCodes).toEqual(expect.arrayContaining(['filling_line', 'sensor_gateway']));
    expect(personRoleCodes.some((r) => machineRoleCodes.includes(r))).toBe(false);
  });
  it('give the office administrator every permission and the leader no write', () => {
    expect([...roles.office_admin.permissions].sort()).toEqual([...permissions].sort());
    expect(roles.leader.permissions.some((p) => /\.(manage|import)$/.test(p))).toBe(false);
  });
});

describe('passwordWeakness', () => {
  it.each([
    ['Abc12345', null],
    ['abc1234', 'too_short'],
    ['abcdefgh', 'needs_letter_and_digit'],
    ['12345678', 'needs_letter_and_digit'],
    [`a1${'x'.repeat(127)}`, 'too_long'],
  ])('%s → %s', (pw, expected) => expect(passwordWeakness(pw)).toBe(expected));
});
