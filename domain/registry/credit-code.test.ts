import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, isCreditCode, withCheckChar } from './credit-code.ts';

describe('credit-code', () => {
  it('accepts well-formed codes and refuses the letters GB 32100 never uses', () => {
    expect(isCreditCode('91150626MA0N1B2C3D')).toBe(true);
    expect(isCreditCode('91150626MA0N1B2C3')).toBe(false);
    expect(isCreditCode('9115062AMA0N1B2C3D')).toBe(false);
    expect(isCreditCode('91150626MA0N1B2C3I')).toBe(false);
    expect(isCreditCode('91150626MA0N1B2C3S')).toBe(false);
    expect(isCreditCode('91150626ma0n1b2c3d')).toBe(false);
  });

  it('computes the check character of a published example', () => {
    // 91350100M000100Y43 is the worked example used in GB 32100 explanations.
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('always yields a code that passes the format check', () => {
    const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY'.split('');
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...chars), { minLength: 9, maxLength: 9 }),
        fc.integer({ min: 0, max: 999_999 }),
        (org, division) => {
          const code = withCheckChar(`91${String(division).padStart(6, '0')}${org.join('')}`);
          expect(isCreditCode(code)).toBe(true);
        },
      ),
    );
  });
});
