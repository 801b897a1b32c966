import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../../app/i18n.ts';
import '../../../app/modules.ts';
import { importErrorText } from './importErrorText.ts';

// setLocale marks the page's language; a bare node test has no page.
(globalThis as { document?: unknown }).document ??= { documentElement: {} };
afterEach(() => setLocale('zh'));

describe('importErrorText', () => {
  it('shows the importer’s own Chinese reason as it is', () => {
    expect(importErrorText({ message: '区划不存在', code: null })).toBe('区划不存在');
  });

  it('shows the importer’s own reason for a cell’s fault, whose code is one of import.*', () => {
    expect(importErrorText({ message: '名称不能为空', code: 'import.required' })).toBe('名称不能为空');
    expect(importErrorText({ message: '隐患等级应为“一般”或“重大”：特别', code: 'import.invalid_choice' })).toBe(
      '隐患等级应为“一般”或“重大”：特别',
    );
  });

  it('shows a refused row by its code in Chinese, English only in the en locale', () => {
    const e = { message: '该行未能保存（registry.regulator_fields）', code: 'registry.regulator_fields' };
    expect(importErrorText(e)).toBe('名称、信用代码、所属区域、类别、燃气设施情况和许可证信息由监管部门变更');
    setLocale('en');
    expect(importErrorText(e)).toMatch(/regulator/);
  });

  it('has a Chinese text for a code without one, naming the code', () => {
    const text = importErrorText({ message: 'Something in English (x.unknown_thing)', code: 'x.unknown_thing' });
    expect(text).toMatch(/[\u4e00-\u9fff]/);
    expect(text).toContain('x.unknown_thing');
    expect(text).not.toContain('Something');
  });
});
