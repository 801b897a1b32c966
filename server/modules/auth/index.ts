export { sessionsTable, machineTokensTable } from './auth.table.ts';
export { createAuthService, hashPassword, type AuthService } from './auth.service.ts';
export { authRoutes, SESSION_COOKIE } from './auth.routes.ts';
export { confirmPassword } from './auth.password.ts';
export { accountLocked, weakPassword } from './auth.errors.ts';
export { createAuthRepository } from './auth.repository.ts';
export { toActorGrants } from './auth.repository.ts';
