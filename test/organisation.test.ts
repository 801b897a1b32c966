import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phasesInOrder } from '../server/modules/organisation/organisation.service.ts';
import { seedOrganisation } from '../server/seed/organisation.seed.ts';
import { type TestContext, createTestApp, login } from './app.ts';
import { buildUser } from './factories.ts';

let ctx: TestContext;
let admin: Awaited<ReturnType<typeof login>>;
beforeAll(async () => {
  ctx = await createTestApp();
  const a = await buildUser(ctx.database.db, 'office_admin', 'global');
  admin = await login(ctx.app, a.username, a.password);
});
afterAll(() => ctx.close());

type Task = {
  ref: string;
  section: string;
  leadDepartments: { name: string }[];
  supportDepartments: { name: string }[];
};

describe('the plan as data', () => {
  it('lists the 28 tasks of section 三 and the 17 of section 四 with the plan departments', async () => {
    const res = await admin({ method: 'GET', url: '/api/v1/plan/tasks' });
    expect(res.statusCode).toBe(200);
    const tasks = res.json() as Task[];
    expect(tasks.filter((t) => t.ref.startsWith('三'))).toHaveLength(28);
    expect(tasks.filter((t) => t.ref.startsWith('四'))).toHaveLength(17);
    const byRef = new Map(tasks.map((t) => [t.ref, t]));
    const names = (ds: { name: string }[]) => ds.map((d) => d.name);
    expect(names(byRef.get('三(一)6')!.leadDepartments)).toEqual(['旗应急管理局']);
    expect(names(byRef.get('三(一)6')!.supportDepartments)).toEqual(['旗市场监管局']);
    expect(names(byRef.get('三(四)2')!.leadDepartments)).toEqual(['旗消防救援大队']);
    expect(names(byRef.get('三(四)2')!.supportDepartments)).toEqual(['旗工信和科技局']);
    expect(byRef.get('三(一)1')).toMatchObject({ section: '三(一)', townshipsImplement: true });
    expect(Object.keys(byRef.get('三(一)1')!).sort()).toEqual(
      [
        'leadDepartments',
        'ref',
        'section',
        'sectionTitle',
        'sectionTitleEn',
        'summaryEn',
        'supportDepartments',
        'text',
        'title',
        'titleEn',
        'townshipsImplement',
      ].sort(),
    );
  });

  it('filters by section (an encoded Chinese query)', async () => {
    const res = await admin({ method: 'GET', url: `/api/v1/plan/tasks?section=${encodeURIComponent('三(四)')}` });
    expect((res.json() as Task[]).map((t) => t.ref)).toEqual(['三(四)1', '三(四)2', '三(四)3', '三(四)4', '三(四)5']);
  });

  it('lists the leading group, the office and the member departments', async () => {
    const deps = (await admin({ method: 'GET', url: '/api/v1/departments' })).json() as {
      kind: string;
      code: string;
    }[];
    expect(deps.filter((d) => d.kind === 'department')).toHaveLength(16);
    expect(deps.map((d) => d.kind)).toEqual(expect.arrayContaining(['leading_group', 'office']));
  });

  it('seeds the organisation only once', async () => {
    expect(await seedOrganisation(ctx.database.db)).toBe(false);
    expect((await admin({ method: 'GET', url: '/api/v1/plan/tasks' })).json()).toHaveLength(45);
  });
});

describe('the campaign', () => {
  it('has the three phases with the plan dates, editable by the office', async () => {
    const [campaign] = (await admin({ method: 'GET', url: '/api/v1/campaigns' })).json();
    expect(
      campaign.phases.map((p: { code: string; startsOn: string; endsOn: string | null }) => [
        p.code,
        p.startsOn,
        p.endsOn,
      ]),
    ).toEqual([
      ['intensive', '2023-08-01', '2023-11-30'],
      ['consolidation', '2023-12-01', '2024-06-30'],
      ['long_term', '2024-07-01', null],
    ]);
    const res = await admin({
      method: 'PATCH',
      url: `/api/v1/campaigns/${campaign.id}`,
      payload: {
        name: '某县城镇燃气安全专项整治',
        phases: [{ code: 'intensive', name: '集中攻坚', startsOn: '2023-09-01', endsOn: '2023-11-30' }],
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().name).toBe('某县城镇燃气安全专项整治');
    expect(res.json().phases[0].startsOn).toBe('2023-09-01');
  });

  it('refuses overlapping phases, and refuses non-administrators', async () => {
    const [campaign] = (await admin({ method: 'GET', url: '/api/v1/campaigns' })).json();
    const bad = await admin({
      method: 'PATCH',
      url: `/api/v1/campaigns/${campaign.id}`,
      payload: {
        phases: [
          { code: 'intensive', name: 'a', startsOn: '2023-08-01', endsOn: '2023-12-31' },
          { code: 'consolidation', name: 'b', startsOn: '2023-12-01', endsOn: '2024-06-30' },
        ],
      },
    });
    expect(bad.json().error.code).toBe('campaigns.phase_dates_invalid');
    const leader = await buildUser(ctx.database.db, 'leader', 'global');
    const send = await login(ctx.app, leader.username, leader.password);
    expect(
      (await send({ method: 'PATCH', url: `/api/v1/campaigns/${campaign.id}`, payload: { name: 'x' } })).statusCode,
    ).toBe(403);
  });

  it('orders phases: no overlap, only the last open-ended', () => {
    const p = (startsOn: string, endsOn: string | null) => ({
      code: 'intensive' as const,
      name: 'x',
      startsOn,
      endsOn,
    });
    expect(phasesInOrder([p('2023-08-01', '2023-11-30'), p('2023-12-01', null)])).toBe(true);
    expect(phasesInOrder([p('2023-08-01', null), p('2023-12-01', null)])).toBe(false);
    expect(phasesInOrder([p('2023-08-01', '2023-07-01')])).toBe(false);
    expect(phasesInOrder([p('2023-12-01', '2024-01-01'), p('2023-08-01', '2023-12-01')])).toBe(false);
  });
});
