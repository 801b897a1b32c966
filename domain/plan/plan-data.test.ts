import { describe, expect, it } from 'vitest';
import { PLAN_COUNTY_CODE, campaignSeed, departmentSeeds, planTaskSeeds, regionNamesEn } from './plan-data.ts';

const task = (ref: string) => {
  const t = planTaskSeeds.find((x) => x.ref === ref);
  if (!t) throw new Error(`task ${ref} missing`);
  return t;
};

const countBySection = (prefix: string) => {
  const counts: Record<string, number> = {};
  for (const t of planTaskSeeds) {
    if (t.ref.startsWith(prefix)) counts[t.section] = (counts[t.section] ?? 0) + 1;
  }
  return counts;
};

const memberCodes = departmentSeeds.filter((d) => d.kind === 'department').map((d) => d.code);

describe('departmentSeeds', () => {
  it('has the leading group, the office and 16 member departments with unique codes', () => {
    expect(departmentSeeds.filter((d) => d.kind === 'leading_group').map((d) => d.code)).toEqual(['leading_group']);
    expect(departmentSeeds.filter((d) => d.kind === 'office').map((d) => d.code)).toEqual(['campaign_office']);
    expect(memberCodes).toHaveLength(16);
    expect(new Set(departmentSeeds.map((d) => d.code)).size).toBe(departmentSeeds.length);
  });
});

describe('planTaskSeeds', () => {
  it('has the 28 numbered items of section 三 with the per-area counts', () => {
    expect(planTaskSeeds.filter((t) => t.ref.startsWith('三'))).toHaveLength(28);
    expect(countBySection('三')).toEqual({ '三(一)': 9, '三(二)': 3, '三(三)': 3, '三(四)': 5, '三(五)': 8 });
  });

  it('has the 17 numbered items of section 四 with the per-area counts', () => {
    expect(planTaskSeeds.filter((t) => t.ref.startsWith('四'))).toHaveLength(17);
    expect(countBySection('四')).toEqual({
      '四(一)': 2,
      '四(二)': 4,
      '四(三)': 3,
      '四(四)': 3,
      '四(五)': 3,
      '四(六)': 2,
    });
    expect(planTaskSeeds).toHaveLength(45);
  });

  it('has unique, well-formed refs consistent with their section', () => {
    const refs = planTaskSeeds.map((t) => t.ref);
    expect(new Set(refs).size).toBe(refs.length);
    for (const t of planTaskSeeds) {
      expect(t.ref).toMatch(/^[三四]\([一二三四五六]\)\d+$/);
      expect(t.ref.startsWith(t.section)).toBe(true);
    }
  });

  it('refers only to existing departments', () => {
    const codes = new Set(departmentSeeds.map((d) => d.code));
    for (const t of planTaskSeeds) {
      for (const c of [...t.lead, ...t.support]) expect(codes.has(c), `${t.ref}: ${c}`).toBe(true);
      for (const c of t.support) expect(t.lead.includes(c), `${t.ref}: ${c} both lead and support`).toBe(false);
    }
  });

  it('assigns departments as the plan does (spot checks)', () => {
    expect(task('三(一)6')).toMatchObject({ lead: ['emergency'], support: ['market_regulation'] });
    expect(task('三(一)7')).toMatchObject({
      lead: ['public_security'],
      support: ['market_regulation', 'emergency', 'housing', 'urban_enforcement'],
    });
    expect(task('三(四)2')).toMatchObject({ lead: ['fire_rescue'], support: ['industry_tech'] });
    expect(task('四(二)1')).toMatchObject({ lead: ['development_reform', 'finance'], support: ['housing'] });
    expect(task('三(四)3')).toMatchObject({
      lead: ['market_regulation', 'industry_tech', 'public_security', 'housing', 'urban_enforcement'],
      support: [],
    });
    expect(task('四(六)1')).toMatchObject({ lead: [], support: [] });
    expect(task('四(六)2')).toMatchObject({ lead: [], support: [] });
  });

  it('makes every member department lead 三(五)1', () => {
    const t = task('三(五)1');
    expect(t.lead).toHaveLength(16);
    expect([...t.lead].sort()).toEqual([...memberCodes].sort());
    expect(t.support).toEqual([]);
  });

  it('every task other than 四(六) has a lead', () => {
    for (const t of planTaskSeeds) {
      if (t.section !== '四(六)') expect(t.lead.length, t.ref).toBeGreaterThan(0);
    }
  });

  it('keeps texts trimmed and without the department parenthesis', () => {
    for (const t of planTaskSeeds) {
      expect(t.text, t.ref).toBe(t.text.trim());
      expect(t.text.length, t.ref).toBeGreaterThan(0);
      expect(t.text.endsWith('负责）'), t.ref).toBe(false);
      expect(t.text, t.ref).not.toMatch(/（[^（）]*负责[^（）]*）$/);
      expect(t.text.endsWith('。'), t.ref).toBe(true);
    }
    expect(task('三(一)7').text).toBe(
      '对非法经营燃气的“黑窝点”、对非法充装和销售“黑气瓶”等，要坚决依法从快从重打击、严厉追究相关人员刑事责任。对典型案件要及时曝光，强化执法震慑。',
    );
  });

  it('has short titles and English fields', () => {
    for (const t of planTaskSeeds) {
      expect(t.title.length, t.ref).toBeGreaterThan(0);
      expect(t.title.length, t.ref).toBeLessThanOrEqual(30);
      expect(t.titleEn.length, t.ref).toBeGreaterThan(0);
      expect(t.summaryEn.length, t.ref).toBeGreaterThan(0);
      expect(t.sectionTitle.length, t.ref).toBeGreaterThan(0);
      expect(t.sectionTitleEn.length, t.ref).toBeGreaterThan(0);
    }
  });

  it('marks exactly the section 三 items as implemented by every township', () => {
    for (const t of planTaskSeeds) expect(t.townshipsImplement, t.ref).toBe(t.ref.startsWith('三'));
  });
});

describe('regionNamesEn', () => {
  it('names 乌审旗 and its 7 township-level regions by their national codes (统计用区划代码)', () => {
    expect(PLAN_COUNTY_CODE).toBe('150626');
    expect(Object.keys(regionNamesEn).sort()).toEqual([
      '150626',
      '150626100',
      '150626101',
      '150626102',
      '150626103',
      '150626104',
      '150626200',
      '150626410',
    ]);
    expect(regionNamesEn['150626100']).toBe('Galutu Town');
    expect(regionNamesEn['150626410']).toBe('Sulige Economic Development Zone');
  });
});

describe('campaignSeed', () => {
  it('has the three phases in order', () => {
    expect(campaignSeed.name).toBe('乌审旗城镇燃气安全专项整治');
    expect(campaignSeed.phases.map((p) => [p.code, p.name, p.startsOn, p.endsOn])).toEqual([
      ['intensive', '集中攻坚', '2023-08-01', '2023-11-30'],
      ['consolidation', '全面巩固提升', '2023-12-01', '2024-06-30'],
      ['long_term', '建立长效机制', '2024-07-01', null],
    ]);
  });
});
