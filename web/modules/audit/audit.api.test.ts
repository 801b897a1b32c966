import { describe, expect, it } from 'vitest';
import { t } from '../../app/i18n.ts';
import { actorLabel } from './audit.api.ts';

describe('actorLabel', () => {
  it("names the system's runs 系统 and keeps people's and machines' names", () => {
    expect(actorLabel({ actorType: 'system', actorName: 'system' }, t)).toBe('系统');
    expect(actorLabel({ actorType: 'user', actorName: '嘎鲁图镇 王芳' }, t)).toBe('嘎鲁图镇 王芳');
    expect(actorLabel({ actorType: 'machine', actorName: '充装线 1' }, t)).toBe('充装线 1');
  });
});
