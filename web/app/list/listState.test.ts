import { describe, expect, it } from 'vitest';
import { readList, writeList } from './listState.ts';

type F = { q?: string; archived?: boolean; minAge?: number; sort?: string };
const types = { q: 'string', archived: 'boolean', minAge: 'number', sort: 'string' } as const;
const defaults = { pageSize: 20, filters: { sort: 'deadline' } as Partial<F> };
const read = (qs: string) => readList<F>(new URLSearchParams(qs), types, defaults);
const write = (qs: string, change: Parameters<typeof writeList<F>>[1]) =>
  writeList<F>(new URLSearchParams(qs), change, defaults).toString();

describe('a list in the address', () => {
  it('reads filters by their declared types, the page and the page size', () => {
    expect(read('q=%E9%A4%90&archived=true&minAge=15&page=3&pageSize=50')).toEqual({
      filters: { q: '餐', archived: true, minAge: 15, sort: 'deadline' },
      page: 3,
      pageSize: 50,
    });
  });

  it('reads only the declared filters', () => {
    expect(read('q=a&role=admin&tab=x').filters).toEqual({ q: 'a', sort: 'deadline' });
  });

  it('leaves out malformed values and falls back to page 1, the default size and the default sort', () => {
    expect(read('archived=yes&minAge=old&page=-2&pageSize=x&q=')).toEqual({
      filters: { sort: 'deadline' },
      page: 1,
      pageSize: 20,
    });
    expect(read('sort=-foundOn').filters.sort).toBe('-foundOn');
  });

  it('goes back to page 1 when a filter changes, and keeps the other parameters', () => {
    expect(write('q=a&page=4&tab=x', { filters: { archived: true } })).toBe('q=a&tab=x&archived=true');
  });

  it('removes a cleared filter and a filter set to its default, and keeps page 1 and the default size out', () => {
    expect(write('q=a&sort=number&page=2', { filters: { q: undefined, sort: 'deadline' } })).toBe('');
    expect(write('q=a', { page: 2 })).toBe('q=a&page=2');
    expect(write('q=a&page=2', { page: 1, pageSize: 50 })).toBe('q=a&pageSize=50');
    expect(write('q=a&pageSize=50', { pageSize: 20 })).toBe('q=a');
  });

  it('reads back what it writes', () => {
    const qs = write('', { filters: { q: '燃气 公司', archived: false, minAge: 0 } });
    expect(read(qs).filters).toEqual({ q: '燃气 公司', archived: false, minAge: 0, sort: 'deadline' });
  });
});
