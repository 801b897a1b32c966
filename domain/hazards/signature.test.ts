import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalRecord, signerStatement, signerStatementText } from './signature.ts';

const record = {
  objectId: 'venue-1',
  on: '2023-09-01',
  checklistVersion: '2023.1',
  results: [
    { itemId: 'venue.hose_length', result: 'fail', measured: { hoseLengthM: 2.5 } },
    { itemId: 'venue.detector', result: 'pass' },
  ],
  note: '后厨软管过长',
};

describe('canonicalRecord', () => {
  it('sorts keys at every depth, keeps array order and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: '中' } })).toBe('{"a":{"c":"中","d":[3,1]},"b":1}');
  });

  it('leaves out the signature fields and undefined members', () => {
    const signed = { ...record, signatures: [{ userId: 'u1' }], signedAt: '2023-09-01T08:00:00Z', extra: undefined };
    expect(canonicalRecord(signed)).toBe(canonicalRecord(record));
  });

  it('changes when any content changes', () => {
    expect(canonicalRecord({ ...record, note: '后厨软管过长。' })).not.toBe(canonicalRecord(record));
  });

  it('writes dates as ISO instants and -0 as 0', () => {
    expect(canonicalJson({ at: new Date('2023-09-01T00:00:00Z'), n: -0 })).toBe(
      '{"at":"2023-09-01T00:00:00.000Z","n":0}',
    );
  });

  it('refuses what JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ n: Number.POSITIVE_INFINITY })).toThrow(TypeError);
    expect(() => canonicalJson({ m: new Map() })).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
    expect(() => canonicalJson({ b: 1n })).toThrow(TypeError);
  });

  it('does not depend on key order and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        const reparsed = JSON.parse(text);
        expect(canonicalJson(reparsed)).toBe(text);
        const shuffled = JSON.parse(JSON.stringify(value), function (this: unknown, _k, v) {
          if (v && typeof v === 'object' && !Array.isArray(v)) {
            return Object.fromEntries(Object.entries(v).reverse());
          }
          return v;
        });
        expect(canonicalJson(shuffled)).toBe(text);
      }),
    );
  });
});

describe('signerStatement', () => {
  const input = {
    recordId: 'insp-1',
    recordHash: 'a'.repeat(64),
    signer: { userId: 'u1', name: '张三' },
    role: 'inspector',
    signedAt: '2023-09-01T08:00:00.000Z',
  };

  it('names the record, its hash, the signer and the time, in canonical form', () => {
    expect(signerStatement(input)).toBe(
      `{"purpose":"ranan.inspection.sign.v1","recordHash":"${'a'.repeat(64)}","recordId":"insp-1","role":"inspector","signedAt":"2023-09-01T08:00:00.000Z","signerId":"u1","signerName":"张三"}`,
    );
  });

  it('differs for each signer of the same record', () => {
    expect(signerStatement({ ...input, signer: { userId: 'u2', name: '李四' } })).not.toBe(signerStatement(input));
  });

  it('refuses a hash that is not a lower-case hex SHA-256', () => {
    expect(() => signerStatement({ ...input, recordHash: 'A'.repeat(64) })).toThrow(TypeError);
    expect(() => signerStatement({ ...input, recordHash: 'abc' })).toThrow(TypeError);
  });

  it('has words for the signer to read', () => {
    expect(signerStatementText(input).zh).toContain('谁检查、谁签字、谁负责');
    expect(signerStatementText(input).zh).toContain('张三');
  });
});
