import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { leadingZeroBits } from './tips.ts';
import { sha256, solveChallenge } from './proof.ts';

describe('the public form’s proof-of-work', () => {
  it('computes SHA-256 as Node does, across block boundaries', () => {
    for (const text of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), '举报'.repeat(100)]) {
      const ours = Buffer.from(sha256(new TextEncoder().encode(text))).toString('hex');
      expect(ours).toBe(createHash('sha256').update(text).digest('hex'));
    }
  });

  it('finds a nonce the server accepts', async () => {
    const nonce = await solveChallenge('1.abc.def', 10);
    expect(leadingZeroBits(createHash('sha256').update(`1.abc.def:${nonce}`).digest())).toBeGreaterThanOrEqual(10);
  });
});
