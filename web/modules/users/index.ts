// The users module's public surface: what other modules of the web app use (docs/ARCHITECTURE.md, boundaries).
export { grantFieldPath, GrantScopeFields, type GrantValues, roleLabel, toGrantInput } from './GrantScopeFields.tsx';
export type { GrantInput } from './users.api.ts';
