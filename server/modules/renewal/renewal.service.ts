import { and, eq } from 'drizzle-orm';
import type ExcelJS from 'exceljs';
import { chinaToday } from '../../../domain/dates.ts';
import { pipeMaterialLabels, pipelineAge, renewalStatusLabels } from '../../../domain/registry/registry.ts';
import {
  candidateReasonLabels,
  renewalCandidateReasons,
  renewalMaterialOf,
} from '../../../domain/renewal/candidates.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { pipelineSegmentsTable, registryFilter } from '../registry/index.ts';
import { createRenewalRepository } from './renewal.repository.ts';
import type { CandidateFilterValues } from './renewal.schemas.ts';
import { loadExcelJS } from '../../platform/lazy-libs.ts';

const seg = pipelineSegmentsTable;

type Group = { id: string | null; name: string; segments: number; lengthM: number };

function groupBy<T>(rows: T[], key: (r: T) => { id: string | null; name: string }, length: (r: T) => number): Group[] {
  const groups = new Map<string, Group>();
  for (const r of rows) {
    const k = key(r);
    const g = groups.get(k.id ?? '') ?? { ...k, segments: 0, lengthM: 0 };
    g.segments++;
    g.lengthM = Math.round((g.lengthM + length(r)) * 10) / 10;
    groups.set(k.id ?? '', g);
  }
  return [...groups.values()].sort((a, b) => b.lengthM - a.lengthM || a.name.localeCompare(b.name, 'zh'));
}

/**
 * Renewal of ageing pipelines (plan 四(二)1–2, 国办发〔2022〕22号): the register's segments that the
 * candidate rule lists, with reasons, by township and operator. The assessment's finding is the
 * ledger: a hazard still open on the segment.
 */
export function createRenewalService({ db, today = chinaToday }: { db: Db; today?: () => string }) {
  const repo = createRenewalRepository({ db });

  async function candidates(actor: Actor, f: CandidateFilterValues) {
    requirePermission(actor, 'registry.read');
    const now = today();
    const rows = await repo.segments({
      where: and(
        registryFilter(actor, 'registry.read', 'pipeline', {
          regionId: seg.regionId,
          enterpriseId: seg.ownerEnterpriseId,
        }),
        f.regionId ? eq(seg.regionId, f.regionId) : undefined,
        f.operatorId ? eq(seg.ownerEnterpriseId, f.operatorId) : undefined,
      ),
    });
    return rows
      .map((r) => {
        const serviceYears = pipelineAge(r.installedYear, now);
        const reasons = renewalCandidateReasons({
          kind: 'pipe',
          material: renewalMaterialOf(r.material),
          serviceYears,
          hazardFound: r.openHazards > 0,
        });
        return {
          id: r.id,
          code: r.code,
          name: r.name,
          material: r.material,
          lengthM: r.lengthM,
          installedYear: r.installedYear,
          serviceYears,
          openHazards: r.openHazards,
          renewalStatus: r.renewalStatus,
          region: { id: r.regionId, name: r.regionName },
          operator: r.operatorId && r.operatorName !== null ? { id: r.operatorId, name: r.operatorName } : null,
          reasons,
        };
      })
      .filter((c) => c.reasons.length > 0 && (!f.reason || c.reasons.includes(f.reason)));
  }

  return {
    async list({
      actor,
      page,
      pageSize,
      ...f
    }: { actor: Actor; page: number; pageSize: number } & CandidateFilterValues) {
      const all = await candidates(actor, f);
      const len = (c: { lengthM: number | null }) => c.lengthM ?? 0;
      return {
        items: all.slice((page - 1) * pageSize, page * pageSize),
        total: all.length,
        page,
        pageSize,
        byRegion: groupBy(all, (c) => c.region, len),
        byOperator: groupBy(all, (c) => c.operator ?? { id: null, name: '（未登记运营单位）' }, len),
        totalLengthM: Math.round(all.reduce((s, c) => s + len(c), 0) * 10) / 10,
      };
    },

    /** The candidates as .xlsx (for the returns): one row each, and the sums by township and by operator. */
    async export({ actor, ...f }: { actor: Actor } & CandidateFilterValues) {
      const all = await candidates(actor, f);
      const wb = new (await loadExcelJS()).Workbook();
      const ws = wb.addWorksheet('改造对象');
      ws.addRow([
        '管段编号',
        '管段名称',
        '乡镇（街道）',
        '运营单位',
        '材质',
        '长度（米）',
        '建设年份',
        '运行年限',
        '未销号隐患',
        '改造状态',
        '列入理由',
      ]).font = { bold: true };
      for (const c of all)
        ws.addRow([
          c.code,
          c.name,
          c.region.name,
          c.operator?.name ?? '',
          pipeMaterialLabels[c.material].zh,
          c.lengthM ?? '',
          c.installedYear ?? '',
          c.serviceYears ?? '',
          c.openHazards,
          renewalStatusLabels[c.renewalStatus].zh,
          c.reasons.map((r) => candidateReasonLabels[r].zh).join('；'),
        ]);
      for (const [i, w] of [14, 24, 14, 24, 10, 10, 10, 10, 10, 10, 36].entries()) ws.getColumn(i + 1).width = w;
      const len = (c: { lengthM: number | null }) => c.lengthM ?? 0;
      for (const [title, groups] of [
        ['按乡镇', groupBy(all, (c) => c.region, len)],
        ['按运营单位', groupBy(all, (c) => c.operator ?? { id: null, name: '（未登记运营单位）' }, len)],
      ] as const) {
        const g = wb.addWorksheet(title);
        g.addRow([title === '按乡镇' ? '乡镇（街道）' : '运营单位', '管段数', '长度（米）']).font = { bold: true };
        for (const x of groups) g.addRow([x.name, x.segments, x.lengthM]);
        g.getColumn(1).width = 26;
      }
      return Buffer.from(await wb.xlsx.writeBuffer());
    },
  };
}
