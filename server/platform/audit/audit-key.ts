import { createHash, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The audit key: the secret the entries' hashes, the seals and the checkpoints are keyed with
 * (HMAC-SHA256), kept outside the database so that someone with only database access cannot write
 * an entry, a seal or a checkpoint that verifies. `AUDIT_KEY` (at least 32 characters) or a key file
 * (`AUDIT_KEY_FILE`, by default DATA_DIR/audit.key, created at first start with mode 0600).
 */
export type AuditSettings = {
  /** The key itself (AUDIT_KEY), when set. */
  key?: string | undefined;
  /** Where the key is kept when AUDIT_KEY is not set. */
  keyFile: string;
  /** The append-only file of signed checkpoints of the chain's head (AUDIT_CHECKPOINT_FILE). */
  checkpointFile: string | null;
};

let configured: { key: Buffer; checkpointFile: string | null } | null = null;
let ephemeral: Buffer | null = null;

/** Reads the key (or creates the key file when `create` and there is none). */
export function loadAuditKey(settings: AuditSettings, { create }: { create: boolean }): Buffer {
  if (settings.key) {
    if (settings.key.length < 32) throw new Error('Invalid configuration: AUDIT_KEY needs at least 32 characters');
    return Buffer.from(settings.key, 'utf8');
  }
  if (fs.existsSync(settings.keyFile)) {
    const text = fs.readFileSync(settings.keyFile, 'utf8').trim();
    if (text.length < 32) throw new Error(`The audit key file ${settings.keyFile} is too short`);
    return Buffer.from(text, 'utf8');
  }
  if (!create) {
    throw new Error(`No audit key: set AUDIT_KEY or AUDIT_KEY_FILE (looked for ${settings.keyFile})`);
  }
  fs.mkdirSync(path.dirname(settings.keyFile), { recursive: true });
  const text = randomBytes(32).toString('hex');
  // 'wx': never overwrite a key another process has just created.
  try {
    fs.writeFileSync(settings.keyFile, `${text}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return loadAuditKey(settings, { create: false });
  }
  return Buffer.from(text, 'utf8');
}

/** Sets the key (and the checkpoint file) this process writes and verifies with. */
export function configureAudit(settings: { key: Buffer; checkpointFile: string | null }) {
  configured = settings;
}

/**
 * The configured key. A process that never configured one (tests, benchmarks, a script using the
 * services directly) gets a random key of its own that is lost at exit, so its entries verify only
 * within that process; `ranan` always configures the installation's key.
 */
export function auditKey(): Buffer {
  if (configured) return configured.key;
  if (!ephemeral) {
    ephemeral = randomBytes(32);
    if (!process.env.VITEST) {
      process.stderr.write('audit: no audit key configured; using a temporary key for this process\n');
    }
  }
  return ephemeral;
}

export function configuredCheckpointFile(): string | null {
  return configured?.checkpointFile ?? null;
}

/** A short public name of a key (a digest of it), kept with seals and checkpoints to tell keys apart. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('ranan-audit-key-id:').update(key).digest('hex').slice(0, 16);
}

export function hmac(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('hex');
}
