import { z } from 'zod';
import { PASSWORD_MAX } from '../../../domain/access/password.ts';
import { scopeTypes } from '../../../domain/access/roles.ts';
import { IsoDateTime, Name } from '../../platform/schemas.ts';

export const LoginBody = z.strictObject({
  username: z.string().trim().min(1).max(40),
  password: z.string().min(1).max(PASSWORD_MAX),
});

export const MeResponse = z
  .object({
    user: z.object({
      id: z.string(),
      username: z.string(),
      displayName: z.string(),
      mustChangePassword: z.boolean(),
      machine: z.boolean(),
      roles: z.array(
        z.object({
          role: z.string(),
          scopeType: z.enum(scopeTypes),
          scopeId: z.string().nullable(),
          scopeName: z.string().nullable(),
        }),
      ),
      permissions: z.array(z.string()),
    }),
  })
  .meta({ id: 'Me' });

export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(PASSWORD_MAX),
  newPassword: z.string().min(1).max(PASSWORD_MAX),
});

export const MachineTokenResponse = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.string(),
    scopeType: z.enum(scopeTypes),
    scopeId: z.string().nullable(),
    /** The enterprise's or venue's name for such a scope (in the list; null otherwise). */
    scopeName: z.string().nullable(),
    prefix: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'MachineToken' });

export const IssueMachineTokenBody = z.strictObject({
  name: Name,
  role: z.string().max(40),
  scopeType: z.enum(scopeTypes),
  regionId: z.uuid().optional(),
  departmentId: z.uuid().optional(),
  enterpriseId: z.uuid().optional(),
  venueId: z.uuid().optional(),
  facilityId: z.uuid().optional(),
  expiresAt: IsoDateTime.optional(),
});

export const IssuedMachineTokenResponse = z
  .object({ token: MachineTokenResponse, secret: z.string() })
  .meta({ id: 'IssuedMachineToken' });

export const RoleResponse = z
  .object({
    code: z.string(),
    label: z.object({ zh: z.string(), en: z.string() }),
    scopeTypes: z.array(z.enum(scopeTypes)),
    machine: z.boolean(),
    permissions: z.array(z.string()),
  })
  .meta({ id: 'Role' });
