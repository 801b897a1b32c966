import { z } from 'zod';
import { PASSWORD_MAX } from '../../../domain/access/password.ts';
import { scopeTypes } from '../../../domain/access/roles.ts';

/** People's grants: every scope type but `facility`, which only machine tokens take. */
const personScopeTypes = scopeTypes.filter((t) => t !== 'facility') as Exclude<
  (typeof scopeTypes)[number],
  'facility'
>[];
import { Name, PageQuery, Phone } from '../../platform/schemas.ts';

export const GrantBody = z.strictObject({
  role: z.string().max(40),
  scopeType: z.enum(
    personScopeTypes as [
      Exclude<(typeof scopeTypes)[number], 'facility'>,
      ...Exclude<(typeof scopeTypes)[number], 'facility'>[],
    ],
  ),
  regionId: z.uuid().optional(),
  departmentId: z.uuid().optional(),
  enterpriseId: z.uuid().optional(),
  venueId: z.uuid().optional(),
});

export const GrantResponse = z.object({
  id: z.string(),
  role: z.string(),
  scopeType: z.enum(
    personScopeTypes as [
      Exclude<(typeof scopeTypes)[number], 'facility'>,
      ...Exclude<(typeof scopeTypes)[number], 'facility'>[],
    ],
  ),
  scopeId: z.string().nullable(),
  scopeName: z.string().nullable(),
});

export const UserResponse = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    phone: z.string().nullable(),
    status: z.enum(['active', 'disabled']),
    mustChangePassword: z.boolean(),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
    grants: z.array(GrantResponse),
  })
  .meta({ id: 'User' });

export const Username = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{2,39}$/, 'Starts with a letter; 3 to 40 letters, digits, _ . -');

export const CreateUserBody = z.strictObject({
  username: Username,
  displayName: Name,
  phone: Phone.optional(),
  password: z.string().min(1).max(PASSWORD_MAX),
  grants: z.array(GrantBody).max(20),
});

export const UpdateUserBody = z.strictObject({
  displayName: Name.optional(),
  phone: Phone.nullable().optional(),
  status: z.enum(['active', 'disabled']).optional(),
});

export const SetGrantsBody = z.strictObject({ grants: z.array(GrantBody).max(20) });
export const ResetPasswordBody = z.strictObject({ password: z.string().min(1).max(PASSWORD_MAX) });

export const ListUsersQuery = z.strictObject({
  q: z.string().trim().max(50).optional(),
  status: z.enum(['active', 'disabled']).optional(),
  ...PageQuery,
});

export const UserListResponse = z.object({ items: z.array(UserResponse), total: z.number() }).meta({ id: 'UserList' });
