/**
 * Binding an inspection record to its signers (谁检查、谁签字、谁负责; plan 三(五)1, 五、工作安排(一)3).
 *
 * The record's content is written as canonical JSON (`canonicalRecord`): object keys sorted by
 * UTF-16 code units at every depth, no whitespace, array order kept, undefined members left out,
 * the signature fields left out. The server hashes that string (UTF-8) with SHA-256; each signer
 * then confirms `signerStatement`, which names the record, its hash, the signer and the time, and
 * the server stores the statement's own hash in the audit chain. Any later change to the content
 * changes the record hash, so no signature matches it. No crypto here: this module is shared with
 * the browser, which shows the same statement the server checks.
 */

/** Top-level fields that carry signatures or derive from the content; never part of what is signed. */
export const SIGNATURE_FIELDS = ['signatures', 'signedAt', 'contentHash'] as const;

export const SIGNATURE_HASH_ALGORITHM = 'SHA-256';
export const SIGNER_STATEMENT_PURPOSE = 'ranan.inspection.sign.v1';

const HEX_SHA256 = /^[0-9a-f]{64}$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function canonical(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`non-finite number at ${path}`);
      return JSON.stringify(Object.is(value, -0) ? 0 : value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new TypeError(`invalid date at ${path}`);
        return JSON.stringify(value.toISOString());
      }
      if (Array.isArray(value)) {
        // As JSON.stringify does: an undefined element is written as null, keeping positions.
        return `[${value.map((v, i) => (v === undefined ? 'null' : canonical(v, `${path}[${i}]`))).join(',')}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw new TypeError(`not a plain object at ${path}`);
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v, `${path}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`cannot sign a ${typeof value} at ${path}`);
  }
}

/** Canonical JSON of any plain value (see the module comment); throws on what JSON cannot carry. */
export function canonicalJson(value: unknown): string {
  return canonical(value, '$');
}

/**
 * The canonical string of an inspection record, without its signature fields. The record should
 * hold the content the inspectors answer for (object, date, location, item results with measured
 * values, notes, photo ids, checklist version), not workflow fields that change after signing.
 */
export function canonicalRecord(record: Readonly<Record<string, unknown>>): string {
  const content: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (!(SIGNATURE_FIELDS as readonly string[]).includes(k)) content[k] = v;
  }
  return canonicalJson(content);
}

export type SignerStatementInput = {
  recordId: string;
  /** Lower-case hex SHA-256 of canonicalRecord(record), as the server computed it. */
  recordHash: string;
  signer: { userId: string; name: string };
  /** The signer's part in the inspection, e.g. 'inspector' or 'lead_inspector'. */
  role: string;
  /** ISO 8601 instant of the confirmation. */
  signedAt: string;
};

/** The message a signer confirms (canonical JSON); its SHA-256 goes into the audit chain. */
export function signerStatement({ recordId, recordHash, signer, role, signedAt }: SignerStatementInput): string {
  if (!HEX_SHA256.test(recordHash)) throw new TypeError('recordHash must be a lower-case hex SHA-256');
  const body: Record<string, Json> = {
    purpose: SIGNER_STATEMENT_PURPOSE,
    recordId,
    recordHash,
    role,
    signedAt,
    signerId: signer.userId,
    signerName: signer.name,
  };
  return canonicalJson(body);
}

/** The same statement in words, shown to the signer before confirming. */
export function signerStatementText({ recordId, recordHash, signer, signedAt }: SignerStatementInput): {
  zh: string;
  en: string;
} {
  const short = recordHash.slice(0, 16);
  return {
    zh: `本人${signer.name}确认检查记录 ${recordId}（内容摘要 ${short}…）真实完整，于 ${signedAt} 签字。谁检查、谁签字、谁负责。`,
    en: `I, ${signer.name}, confirm that inspection record ${recordId} (content digest ${short}…) is true and complete, signed at ${signedAt}. The inspector signs and answers for it.`,
  };
}
