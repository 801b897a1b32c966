import { createHash } from 'node:crypto';
import { configureAudit } from '../server/platform/audit/audit.ts';

/**
 * One audit key for the whole test run: the global setup seeds the test snapshots with it and every
 * test file verifies with it. Without it each process would sign with a random key of its own, and
 * the snapshot's seeded entries would read as altered. Files that test other keys configure their own.
 */
export const TEST_AUDIT_KEY = Buffer.from(createHash('sha256').update('ranan-test-audit-key').digest('hex'), 'utf8');

configureAudit({ key: TEST_AUDIT_KEY, checkpointFile: null });
