import { describe, expect, it } from 'vitest';
import { defaultCertificateValidUntil, parseResult, trainingStatus } from './training.ts';

describe('training: the sign-in sheet result and the status rule', () => {
  it('reads results in Chinese and English and refuses anything else', () => {
    expect(parseResult(' 合格 ')).toBe('passed');
    expect(parseResult('不合格')).toBe('failed');
    expect(parseResult('缺考')).toBe('absent');
    expect(parseResult('Passed')).toBe('passed');
    expect(parseResult('')).toBeNull();
    expect(parseResult('良好')).toBeNull();
  });
  it('is trained with a passed record valid today; expired when all passed ones have ended', () => {
    const today = '2026-06-01';
    expect(trainingStatus([], today)).toEqual({ trained: false, expired: false, validUntil: null });
    expect(trainingStatus([{ passed: false, validUntil: null }], today).trained).toBe(false);
    expect(trainingStatus([{ passed: true, validUntil: '2026-06-01' }], today)).toEqual({
      trained: true,
      expired: false,
      validUntil: '2026-06-01',
    });
    expect(trainingStatus([{ passed: true, validUntil: '2026-05-31' }], today)).toEqual({
      trained: false,
      expired: true,
      validUntil: '2026-05-31',
    });
    expect(
      trainingStatus(
        [
          { passed: true, validUntil: '2026-05-31' },
          { passed: true, validUntil: '2027-01-01' },
        ],
        today,
      ).validUntil,
    ).toBe('2027-01-01');
    expect(defaultCertificateValidUntil('2026-01-01')).toBe('2027-01-01');
  });
});
