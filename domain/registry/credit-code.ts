/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters — registration
 * authority, organisation type, six-digit administrative division code, nine-character organisation
 * code and a check character. I, O, S, V and Z are never used.
 */
export const CREDIT_CODE_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** True when the text has the format of a unified social credit code (the check character is not verified). */
export function isCreditCode(value: string): boolean {
  return CREDIT_CODE_PATTERN.test(value);
}

/** The check character GB 32100-2015 computes for the first 17 characters (used to make believable demo codes). */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i] ?? '');
    if (v < 0) throw new Error(`not a credit code character: ${first17[i]}`);
    sum += v * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Completes 17 characters into a full code with its check character. */
export function withCheckChar(first17: string): string {
  return first17 + creditCodeCheckChar(first17);
}
