import { describe, expect, it } from 'vitest';
import { t } from '../../app/i18n.ts';
import { actorLabel, codeLabel, subjectText } from './audit.api.ts';

describe('actorLabel', () => {
  it("names the system's runs 系统 and keeps people's and machines' names", () => {
    expect(actorLabel({ actorType: 'system', actorName: 'system' }, t)).toBe('系统');
    expect(actorLabel({ actorType: 'user', actorName: '嘎鲁图镇 王芳' }, t)).toBe('嘎鲁图镇 王芳');
    expect(actorLabel({ actorType: 'machine', actorName: '充装线 1' }, t)).toBe('充装线 1');
  });
});

describe('subjectText', () => {
  it('names the subject in Chinese with its number or name, never its UUID', () => {
    expect(subjectText({ subjectType: 'hazard', subjectLabel: 'YH-2026-0001' }, t)).toBe('隐患 YH-2026-0001');
    expect(subjectText({ subjectType: 'venue', subjectLabel: '老王饭店' }, t)).toBe('用气场所 老王饭店');
    expect(subjectText({ subjectType: 'venue', subjectLabel: null }, t)).toBe('用气场所');
    expect(subjectText({ subjectType: 'inspection', subjectLabel: null }, t)).toBe('检查记录');
  });

  it('shows actions and subject types in Chinese', () => {
    expect(codeLabel(t, 'auditSubject', 'enterprise')).toBe('企业');
    expect(codeLabel(t, 'auditAction', 'auth.login')).toBe('登录');
  });
});
