import { randomBytes } from 'node:crypto';
import type { RoleCode } from '../domain/access/roles.ts';
import type { Db } from '../server/db/client.ts';
import { createOrganisationRepository } from '../server/modules/organisation/index.ts';
import { createUsersService } from '../server/modules/users/index.ts';
import { systemActor } from '../server/platform/access.ts';

export const TEST_PASSWORD = 'Test-pass-2023';

export function uniqueName(prefix: string) {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

export async function regionByCode(db: Db, code: string) {
  const r = await createOrganisationRepository({ db }).getRegionByCode({ code });
  if (!r) throw new Error(`no region ${code}`);
  return r;
}

export async function departmentByCode(db: Db, code: string) {
  const d = (await createOrganisationRepository({ db }).listDepartments()).find((x) => x.code === code);
  if (!d) throw new Error(`no department ${code}`);
  return d;
}

type Scope = { region: string } | { department: string } | 'global';

/** Inserts a user with one grant (scope by region or department code) and returns it with its username. */
export async function buildUser(
  db: Db,
  role: RoleCode,
  scope: Scope,
  overrides: { username?: string; password?: string } = {},
) {
  const username = overrides.username ?? uniqueName(role.replace(/_/g, '').slice(0, 8));
  let grant: { role: string; scopeType: 'global' | 'region' | 'department'; regionId?: string; departmentId?: string };
  if (scope === 'global') grant = { role, scopeType: 'global' };
  else if ('region' in scope)
    grant = { role, scopeType: 'region', regionId: (await regionByCode(db, scope.region)).id };
  else grant = { role, scopeType: 'department', departmentId: (await departmentByCode(db, scope.department)).id };
  const user = await createUsersService({ db }).create({
    actor: systemActor,
    username,
    displayName: username,
    password: overrides.password ?? TEST_PASSWORD,
    grants: [grant],
    mustChangePassword: false,
  });
  return { ...user, password: overrides.password ?? TEST_PASSWORD };
}

export const TOWNSHIPS = { galutu: '150626100', tuke: '150626102' } as const;
