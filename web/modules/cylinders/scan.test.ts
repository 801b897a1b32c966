import { describe, expect, it } from 'vitest';
import { codeFromScan, publicCylinderPath } from './scan.ts';

describe('codeFromScan', () => {
  it('takes the code from a label’s URL, from any host, and normalises it', () => {
    expect(codeFromScan('https://ranan.example/c/wsq-000123')).toBe('WSQ-000123');
    expect(codeFromScan('http://10.0.0.5:3000/c/WSQ-000123/?from=label')).toBe('WSQ-000123');
    expect(codeFromScan(`https://x${publicCylinderPath('AB.12_3')}`)).toBe('AB.12_3');
  });

  it('takes a bare code as it is, trimmed and upper case', () => {
    expect(codeFromScan('  ysp-15 0042 ')).toBe('YSP-150042');
  });

  it('refuses what cannot be a code', () => {
    expect(codeFromScan('')).toBeNull();
    expect(codeFromScan('两个字')).toBeNull();
    expect(codeFromScan('https://x/c/%E0%A4%A')).toBeNull();
    expect(codeFromScan('A'.repeat(65))).toBeNull();
    expect(codeFromScan('AB1')).toBeNull();
  });
});
