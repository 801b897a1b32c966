import { inArray } from 'drizzle-orm';
import { chinaToday } from '../../domain/dates.ts';
import type { Db } from '../db/client.ts';
import { systemActor } from '../platform/access.ts';
import { pipelineSegmentsTable } from '../modules/registry/index.ts';
import { createDemoRenewal, renewalProjectsTable } from '../modules/renewal/index.ts';

const daysAgo = (today: string, n: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

type Spec = {
  code: string;
  name: string;
  segments: string[];
  contractor: string;
  budgetYuan: number;
  /** Shares of the budget planned and received by source: enterprise, government, users, special bonds. */
  planned: [number, number, number, number];
  received: [number, number, number, number];
  overBudgetReason?: string;
  /** Days before today: planned and done (null: not done) for design, works, acceptance, gas on. */
  milestones: [number | null, number | null][];
  progress: { percent: number; note: string } | null;
};

/**
 * The renewal demo (issue 16): four projects over the demo network's ageing segments — one renewed
 * (gas on again) whose received funds exceed its budget with the recorded reason, one on schedule,
 * two behind schedule — and the year's target set by the office. Through the service, so the rules
 * apply and the segments follow their projects. Idempotent: projects on file are left alone.
 */
export async function seedDemoRenewal(db: Db): Promise<{ projects: number }> {
  const [any] = await db.select({ id: renewalProjectsTable.id }).from(renewalProjectsTable).limit(1);
  if (any) return { projects: 0 };
  const today = chinaToday();
  const year = Number(today.slice(0, 4));
  const specs: Spec[] = [
    {
      code: `GZ-${year}-001`,
      name: '团结路、新华街低压管网更新改造工程',
      segments: ['GLT-DY-004', 'GLT-DY-005', 'GLT-DY-012'],
      contractor: '鄂尔多斯市宏源燃气工程有限公司',
      budgetYuan: 1_860_000,
      planned: [0.4, 0.3, 0.1, 0.2],
      received: [0.42, 0.3, 0.1, 0.2],
      overBudgetReason: '施工中发现团结路段地下障碍物需绕行，增加管道 120 米，追加投资经旗住建局审核同意，企业自筹补足',
      milestones: [
        [150, 148],
        [110, 105],
        [60, 52],
        [50, 45],
      ],
      progress: { percent: 100, note: '已完成置换通气，旧铸铁管已封堵废弃' },
    },
    {
      code: `GZ-${year}-002`,
      name: '萨如拉街中压主管更新改造工程',
      segments: ['GLT-ZY-001', 'GLT-ZY-002'],
      contractor: '内蒙古建工集团市政工程有限公司',
      budgetYuan: 3_200_000,
      planned: [0.3, 0.3, 0.05, 0.35],
      received: [0.3, 0.15, 0.02, 0.35],
      milestones: [
        [90, 85],
        [20, null],
        [-40, null],
        [-50, null],
      ],
      progress: { percent: 45, note: '西段开挖敷设完成约六成，东段因道路占用审批延误尚未开工' },
    },
    {
      code: `GZ-${year}-003`,
      name: '乌审大街中压管更新改造工程',
      segments: ['GLT-ZY-003'],
      contractor: '鄂尔多斯市宏源燃气工程有限公司',
      budgetYuan: 1_150_000,
      planned: [0.5, 0.3, 0, 0.2],
      received: [0.5, 0.2, 0, 0.2],
      milestones: [
        [40, 38],
        [-20, null],
        [-45, null],
        [-55, null],
      ],
      progress: { percent: 30, note: '管材进场验收完毕，已完成两处井室' },
    },
    {
      code: `GZ-${year}-004`,
      name: '苏力德苏木中压管网更新改造工程',
      segments: ['SLG-ZY-006', 'SLG-ZY-008'],
      contractor: '乌审旗城市建设工程有限公司',
      budgetYuan: 2_400_000,
      planned: [0.35, 0.35, 0.1, 0.2],
      received: [0.1, 0, 0, 0],
      milestones: [
        [30, null],
        [-60, null],
        [-120, null],
        [-130, null],
      ],
      progress: null,
    },
  ];
  const codes = specs.flatMap((s) => s.segments);
  const segs = await db
    .select({
      id: pipelineSegmentsTable.id,
      code: pipelineSegmentsTable.code,
      regionId: pipelineSegmentsTable.regionId,
      ownerEnterpriseId: pipelineSegmentsTable.ownerEnterpriseId,
    })
    .from(pipelineSegmentsTable)
    .where(inArray(pipelineSegmentsTable.code, codes));
  const renewal = createDemoRenewal(db);
  const actor = { ...systemActor, name: '旗住房和城乡建设局（演示）' };
  let n = 0;
  for (const s of specs) {
    const own = s.segments.map((c) => segs.find((x) => x.code === c)).filter((x) => x !== undefined);
    const first = own[0];
    if (!first?.ownerEnterpriseId || own.length !== s.segments.length) continue;
    const at = (d: number | null) => (d === null ? null : daysAgo(today, d));
    const sources = ['enterprise', 'government', 'users', 'special_bonds'] as const;
    const milestones = (['design', 'works', 'acceptance', 'gas_on'] as const).map((milestone, i) => ({
      milestone,
      plannedOn: at(s.milestones[i]![0]),
      doneOn: at(s.milestones[i]![1]),
    }));
    const created = await renewal.projects.create({
      actor,
      input: {
        code: s.code,
        name: s.name,
        planYear: year,
        regionId: first.regionId,
        operatorId: first.ownerEnterpriseId,
        contractor: s.contractor,
        segmentIds: own.map((x) => x.id),
        facilityIds: [],
        budgetYuan: s.budgetYuan,
        funds: sources.map((source, i) => ({
          source,
          plannedYuan: Math.round(s.budgetYuan * s.planned[i]!),
          receivedYuan: Math.round(s.budgetYuan * s.received[i]!),
        })),
        overBudgetReason: s.overBudgetReason ?? null,
        // Design first; the operator's reports below bring the rest, as on site.
        milestones: milestones.map((m) => (m.milestone === 'design' ? m : { ...m, doneOn: null })),
      },
    });
    if (s.progress)
      await renewal.projects.report({
        actor,
        id: created.id,
        input: {
          progressPercent: s.progress.percent,
          note: s.progress.note,
          photoFileIds: [],
          reportedOn: today,
          milestones: milestones.filter((m) => m.milestone !== 'design' && m.doneOn),
        },
      });
    n++;
  }
  await renewal.figures.setTarget({ actor, year, targetKm: 8 });
  await renewal.figures.setTarget({ actor, year: year + 1, targetKm: 12 });
  return { projects: n };
}
