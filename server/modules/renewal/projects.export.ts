import {
  fundSourceLabels,
  fundSources,
  milestoneLabels,
  projectStatusLabels,
} from '../../../domain/renewal/projects.ts';
import { exportColumn, type TabularColumn, type TabularKind } from '../registry/index.ts';
import { ProjectFilters } from './projects.schemas.ts';
import type { createProjectsService } from './projects.service.ts';

const col = exportColumn;

export const projectColumns: TabularColumn[] = [
  col('code', '项目编号', 'Number', 16),
  col('name', '项目名称', 'Name', 30),
  col('planYear', '计划年度', 'Plan year', 10),
  col('region', '乡镇（街道）', 'Township', 14),
  col('operator', '运营单位', 'Operator', 26),
  col('contractor', '施工单位', 'Contractor', 24),
  col('segments', '管段数', 'Segments', 8),
  col('lengthKm', '改造长度（公里）', 'Length (km)', 12),
  col('budgetYuan', '总投资（元）', 'Budget (yuan)', 14),
  ...fundSources.flatMap((s) => [
    col(`planned_${s}`, `${fundSourceLabels[s].zh}计划（元）`, `${fundSourceLabels[s].en} planned`, 14),
    col(`received_${s}`, `${fundSourceLabels[s].zh}到位（元）`, `${fundSourceLabels[s].en} received`, 14),
  ]),
  col('receivedYuan', '到位合计（元）', 'Received (yuan)', 14),
  col('overBudgetReason', '超预算说明', 'Over-budget reason', 24),
  col('progressPercent', '形象进度（%）', 'Progress (%)', 10),
  col('status', '状态', 'Status', 10),
  col('design', `${milestoneLabels.design.zh}完成`, 'Design done', 12),
  col('works', `${milestoneLabels.works.zh}完成`, 'Works done', 12),
  col('acceptance', `${milestoneLabels.acceptance.zh}完成`, 'Accepted', 12),
  col('gas_on', `${milestoneLabels.gas_on.zh}完成`, 'Gas on', 12),
  col('overdue', '滞后节点', 'Behind schedule', 16),
];

/** The project list as the register's tabular export (.xlsx, Chinese headers, same filters as the list). */
export function projectsExport(
  projects: ReturnType<typeof createProjectsService>,
): Pick<TabularKind<never>, 'title' | 'columns' | 'exportRows'> {
  return {
    title: '管网改造项目',
    columns: projectColumns,
    async *exportRows(query, { actor }) {
      for (const x of await projects.matching(actor, ProjectFilters.parse(query))) {
        const done = (m: string) => x.milestones.find((y) => y.milestone === m)?.doneOn ?? null;
        yield {
          code: x.code,
          name: x.name,
          planYear: x.planYear,
          region: x.region.name,
          operator: x.operator.name,
          contractor: x.contractor,
          segments: x.segmentCount,
          lengthKm: Math.round(x.lengthM) / 1000,
          budgetYuan: x.budgetYuan,
          ...Object.fromEntries(
            x.funds.flatMap((f) => [
              [`planned_${f.source}`, f.plannedYuan],
              [`received_${f.source}`, f.receivedYuan],
            ]),
          ),
          receivedYuan: x.receivedYuan,
          overBudgetReason: x.overBudgetReason,
          progressPercent: x.progressPercent,
          status: projectStatusLabels[x.status].zh,
          design: done('design'),
          works: done('works'),
          acceptance: done('acceptance'),
          gas_on: done('gas_on'),
          overdue: x.overdueMilestones.map((m) => milestoneLabels[m].zh).join('、'),
        };
      }
    },
  };
}
