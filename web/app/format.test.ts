import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatTime } from './format.ts';

describe('format', () => {
  it('writes every date as YYYY-MM-DD, without time-zone shifts', () => {
    expect(formatDate('2028-08-18')).toBe('2028-08-18');
    expect(formatDate('2023-01-05T00:00:00Z')).toBe('2023-01-05');
    expect(formatDate(null)).toBe('—');
    expect(formatDate(undefined, '')).toBe('');
  });

  it('writes every date-time as YYYY-MM-DD HH:mm in China time', () => {
    expect(formatDateTime('2026-12-07T03:17:00Z')).toBe('2026-12-07 11:17');
    // 16:30 UTC is already the next day in 乌审旗.
    expect(formatDateTime('2023-08-14T16:30:00Z')).toBe('2023-08-15 00:30');
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('not a date');
    expect(formatTime(new Date('2026-12-07T03:17:09Z'))).toBe('11:17:09');
  });
});
