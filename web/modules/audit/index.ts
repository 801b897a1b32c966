// The audit module's public surface: what other modules of the web app use (docs/ARCHITECTURE.md, boundaries).
export { actorLabel, type AuditEvent } from './audit.api.ts';
