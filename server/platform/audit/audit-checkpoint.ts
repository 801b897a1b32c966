import fs from 'node:fs';
import path from 'node:path';
import { canonicalJson } from './audit-entry.ts';
import { hmac, keyIdOf } from './audit-key.ts';

/**
 * Checkpoints: the sealed chain's head, published outside the database. Each is one JSON line
 * appended to a file (and written to the server log): `checkpoint` records a head the trail must
 * still contain; `reset` (written after a restore from a backup) records the head the trail was
 * legitimately taken back to, so checkpoints before it no longer apply. Every line carries an HMAC
 * with the audit key, so a line cannot be forged without the key.
 */
export type Checkpoint = {
  kind: 'checkpoint' | 'reset';
  block: number;
  toSeq: number;
  entries: number;
  head: string;
  at: string;
  keyId: string;
};

type Line = Checkpoint & { mac: string };

function macOf(key: Buffer, c: Checkpoint): string {
  return hmac(key, `ranan-audit-checkpoint\n${canonicalJson(c)}`);
}

export function formatCheckpoint(key: Buffer, c: Omit<Checkpoint, 'keyId'>): string {
  const full: Checkpoint = { ...c, keyId: keyIdOf(key) };
  return JSON.stringify({ ...full, mac: macOf(key, full) });
}

export function appendCheckpoint(file: string, key: Buffer, c: Omit<Checkpoint, 'keyId'>): string {
  const line = formatCheckpoint(key, c);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'a', 0o600);
  try {
    fs.writeSync(fd, `${line}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return line;
}

export type LastCheckpoint = { ok: true; checkpoint: Checkpoint | null } | { ok: false; message: string };

/**
 * The checkpoint that applies: the last line, which must carry a valid HMAC (a damaged or forged last
 * line is reported, not skipped). Reads the file from its end, so a long file costs little.
 */
export function readLastCheckpoint(file: string, key: Buffer): LastCheckpoint {
  if (!fs.existsSync(file)) return { ok: true, checkpoint: null };
  const lines = tailLines(file);
  if (lines.length === 0) return { ok: true, checkpoint: null };
  const last = lines.at(-1)!;
  let parsed: Line;
  try {
    parsed = JSON.parse(last) as Line;
  } catch {
    return { ok: false, message: `the last line of ${file} is not a checkpoint` };
  }
  const { mac, ...c } = parsed;
  const checkpoint: Checkpoint = {
    kind: c.kind,
    block: c.block,
    toSeq: c.toSeq,
    entries: c.entries,
    head: c.head,
    at: c.at,
    keyId: c.keyId,
  };
  if (c.keyId !== keyIdOf(key)) {
    return { ok: false, message: `the last checkpoint in ${file} was signed with another audit key (${c.keyId})` };
  }
  if (mac !== macOf(key, checkpoint)) {
    return { ok: false, message: `the last checkpoint in ${file} is not signed by the audit key` };
  }
  return { ok: true, checkpoint };
}

/** The non-empty lines in the last 64 KB of a file. */
function tailLines(file: string): string[] {
  const size = fs.statSync(file).size;
  const length = Math.min(size, 64 * 1024);
  const buf = Buffer.alloc(length);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, buf, 0, length, size - length);
  } finally {
    fs.closeSync(fd);
  }
  const texts = buf.toString('utf8').split('\n');
  if (length < size) texts.shift(); // a partial first line
  return texts.map((t) => t.trim()).filter((t) => t.length > 0);
}
