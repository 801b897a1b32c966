import type ExcelJS from 'exceljs';
import {
  caseSourceLabels,
  caseStatusLabels,
  caseSubjectTypeLabels,
  measureLabels,
} from '../../../domain/enforcement/enforcement.ts';
import type { createEnforcementService } from './enforcement.service.ts';
import { loadExcelJS } from '../../platform/lazy-libs.ts';

type CaseRow = Awaited<ReturnType<ReturnType<typeof createEnforcementService>['exportRows']>>[number];

/** The cases list as a workbook (执法案件台账): one row a case, the columns of the list and the decision. */
export async function casesWorkbook(rows: CaseRow[]): Promise<Buffer> {
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = '燃安';
  const ws = wb.addWorksheet('执法案件');
  const columns: [string, number, (c: CaseRow) => string | number][] = [
    ['立案编号', 24, (c) => c.number],
    ['办案部门', 14, (c) => c.departmentName ?? ''],
    ['乡镇/区域', 14, (c) => c.regionName ?? ''],
    ['当事人类型', 10, (c) => caseSubjectTypeLabels[c.subjectType].zh],
    ['当事人', 28, (c) => c.subjectName],
    ['案件来源', 12, (c) => caseSourceLabels[c.source].zh],
    ['违法事实', 50, (c) => c.facts],
    ['法律依据', 50, (c) => c.legalBasis.map((b) => b.text).join('；')],
    ['状态', 10, (c) => caseStatusLabels[c.status].zh],
    ['处理措施', 40, (c) => c.measures.map((m) => measureLabels[m.type].zh).join('、')],
    ['罚款（元）', 12, (c) => c.fineTotal],
    ['责令整改指令书', 24, (c) => c.correctionOrderNumber ?? ''],
    ['行政处罚决定书', 24, (c) => c.penaltyDecisionNumber ?? ''],
    ['立案日期', 12, (c) => c.openedOn],
    ['决定日期', 12, (c) => c.decidedOn ?? ''],
    ['结案日期', 12, (c) => c.closedOn ?? ''],
  ];
  ws.columns = columns.map(([header, width]) => ({ header, width }));
  ws.getRow(1).font = { bold: true };
  for (const c of rows) ws.addRow(columns.map(([, , value]) => value(c)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
