import { eq } from 'drizzle-orm';
import type ExcelJS from 'exceljs';
import { fundSourceLabels, fundSources } from '../../../domain/renewal/projects.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { isOffice } from './renewal.access.ts';
import { targetOfficeOnly } from './renewal.errors.ts';
import { createProjectsRepository } from './projects.repository.ts';
import type { createProjectsService } from './projects.service.ts';
import { renewalTargetsTable } from './renewal.table.ts';
import { loadExcelJS } from '../../platform/lazy-libs.ts';

type Project = Awaited<ReturnType<ReturnType<typeof createProjectsService>['matching']>>[number];
type Group = {
  id: string | null;
  name: string;
  projects: number;
  lengthKm: number;
  doneKm: number;
  budgetYuan: number;
  plannedYuan: number;
  receivedYuan: number;
};

const km = (m: number) => Math.round(m) / 1000;
const r2 = (n: number) => Math.round(n * 100) / 100;
const gasOnYear = (x: Project) => {
  const d = x.milestones.find((m) => m.milestone === 'gas_on')?.doneOn;
  return d ? Number(d.slice(0, 4)) : null;
};

function group(rows: Project[], key: (x: Project) => { id: string | null; name: string }): Group[] {
  const out = new Map<string, Group>();
  for (const x of rows) {
    const k = key(x);
    const g = out.get(k.id ?? '') ?? {
      ...k,
      projects: 0,
      lengthKm: 0,
      doneKm: 0,
      budgetYuan: 0,
      plannedYuan: 0,
      receivedYuan: 0,
    };
    g.projects++;
    g.lengthKm = r2(g.lengthKm + km(x.lengthM));
    if (x.status === 'done') g.doneKm = r2(g.doneKm + km(x.lengthM));
    g.budgetYuan = r2(g.budgetYuan + x.budgetYuan);
    g.plannedYuan = r2(g.plannedYuan + x.plannedYuan);
    g.receivedYuan = r2(g.receivedYuan + x.receivedYuan);
    out.set(k.id ?? '', g);
  }
  return [...out.values()].sort((a, b) => b.lengthKm - a.lengthKm || a.name.localeCompare(b.name, 'zh'));
}

/**
 * The renewal figures for the returns: km renewed (gas on again) per year against the plan's target,
 * km planned per plan year, funds by source, and the sums by township and by operator.
 */
export function createRenewalFigures({ db, projects }: { db: Db; projects: ReturnType<typeof createProjectsService> }) {
  async function figures(actor: Actor, planYear?: number) {
    const all = await projects.matching(actor, {});
    const targets = await createProjectsRepository({ db }).targets();
    const years = new Set<number>(targets.map((t) => t.year));
    for (const x of all) {
      years.add(x.planYear);
      const y = gasOnYear(x);
      if (y) years.add(y);
    }
    const chosen = planYear ? all.filter((x) => x.planYear === planYear) : all;
    const [totals] = group(chosen, () => ({ id: null, name: '' }));
    return {
      years: [...years]
        .sort((a, b) => a - b)
        .map((year) => ({
          year,
          targetKm: targets.find((t) => t.year === year)?.targetKm ?? null,
          plannedKm: r2(all.filter((x) => x.planYear === year).reduce((s, x) => s + km(x.lengthM), 0)),
          doneKm: r2(all.filter((x) => gasOnYear(x) === year).reduce((s, x) => s + km(x.lengthM), 0)),
        })),
      bySource: fundSources.map((source) => ({
        source,
        plannedYuan: r2(chosen.reduce((s, x) => s + (x.funds.find((f) => f.source === source)?.plannedYuan ?? 0), 0)),
        receivedYuan: r2(chosen.reduce((s, x) => s + (x.funds.find((f) => f.source === source)?.receivedYuan ?? 0), 0)),
      })),
      byRegion: group(chosen, (x) => x.region),
      byOperator: group(chosen, (x) => x.operator),
      totals: (({ id: _, name: __, ...t }) => t)(
        totals ?? {
          id: null,
          name: '',
          projects: 0,
          lengthKm: 0,
          doneKm: 0,
          budgetYuan: 0,
          plannedYuan: 0,
          receivedYuan: 0,
        },
      ),
      canSetTargets: isOffice(actor),
    };
  }

  return {
    get: ({ actor, planYear }: { actor: Actor; planYear?: number }) => figures(actor, planYear),

    /** The plan's target of km renewed in a year: the campaign office's data, audited. */
    async setTarget({ actor, year, targetKm }: { actor: Actor; year: number; targetKm: number }) {
      requirePermission(actor, 'renewal.manage');
      if (!isOffice(actor)) throw targetOfficeOnly();
      return db.transaction(async (tx) => {
        const [before] = await tx.select().from(renewalTargetsTable).where(eq(renewalTargetsTable.year, year));
        await tx
          .insert(renewalTargetsTable)
          .values({ year, targetKm, updatedBy: actor.type === 'user' ? actor.id : null })
          .onConflictDoUpdate({
            target: renewalTargetsTable.year,
            set: { targetKm, updatedBy: actor.type === 'user' ? actor.id : null, updatedAt: new Date() },
          });
        await recordAudit(tx, {
          actor,
          action: 'renewal.target.set',
          subject: { type: 'renewal_target', id: String(year) },
          before: before ? { year, targetKm: before.targetKm } : undefined,
          after: { year, targetKm },
        });
        return { year, targetKm };
      });
    },

    /** The figures as .xlsx for the returns: years against target, funds by source, by township, by operator. */
    async export({ actor, planYear }: { actor: Actor; planYear?: number }) {
      const f = await figures(actor, planYear);
      const wb = new (await loadExcelJS()).Workbook();
      wb.creator = '燃安';
      const years = wb.addWorksheet('年度完成情况');
      years.addRow(['年度', '目标（公里）', '计划改造（公里）', '已完成改造（公里）', '完成率']).font = { bold: true };
      for (const y of f.years)
        years.addRow([
          y.year,
          y.targetKm ?? '',
          y.plannedKm,
          y.doneKm,
          y.targetKm ? `${Math.round((y.doneKm / y.targetKm) * 1000) / 10}%` : '',
        ]);
      const src = wb.addWorksheet('资金来源');
      src.addRow(['资金来源', '计划（元）', '到位（元）']).font = { bold: true };
      for (const s of f.bySource) src.addRow([fundSourceLabels[s.source].zh, s.plannedYuan, s.receivedYuan]);
      for (const [title, head, groups] of [
        ['按乡镇', '乡镇（街道）', f.byRegion],
        ['按运营单位', '运营单位', f.byOperator],
      ] as const) {
        const ws = wb.addWorksheet(title);
        ws.addRow([
          head,
          '项目数',
          '改造长度（公里）',
          '已完成（公里）',
          '总投资（元）',
          '计划资金（元）',
          '到位资金（元）',
        ]).font = { bold: true };
        for (const g of groups)
          ws.addRow([g.name, g.projects, g.lengthKm, g.doneKm, g.budgetYuan, g.plannedYuan, g.receivedYuan]);
        ws.getColumn(1).width = 26;
      }
      for (const ws of wb.worksheets) for (const c of ws.columns) if (!c.width) c.width = 16;
      return Buffer.from(await wb.xlsx.writeBuffer());
    },
  };
}
