import { and, eq, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { type CheckItem, checkItems } from '../../../domain/hazards/checklist.ts';
import { isYmd } from '../../../domain/hazards/dates.ts';
import { itemsFor } from '../../../domain/hazards/evaluate.ts';
import type { HazardState } from '../../../domain/hazards/hazard-state.ts';
import { type HazardLimits, type Severity, defaultLimits } from '../../../domain/hazards/limits.ts';
import type { Db } from '../../db/client.ts';
import { DATE_YEARS } from '../../platform/schemas.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { loadLedgerObject } from '../registry/index.ts';
import { departmentsTable, regionsTable } from '../organisation/index.ts';
import {
  enterprisesTable,
  facilitiesTable,
  pipelineSegmentsTable,
  vehiclesTable,
  venuesTable,
} from '../registry/index.ts';
import { chinaToday as todayInChina } from '../../../domain/dates.ts';
import { type ImportRowCode, findRegionByCodeOrName, readTable } from '../registry/index.ts';
import { hazardImportMissingColumns } from './hazards.errors.ts';
import { hazardReadScope, hazardScope } from './hazards.access.ts';
import { createHazardInTransaction, hazardValuesInScope, recordHazardEvent } from './hazards.service.ts';
import { hazardsTable } from './hazards.table.ts';

/** The 台账 columns an import reads, each with the header variants found in ledgers kept before the platform. */
const headerVariants: Record<string, string[]> = {
  objectName: ['隐患单位', '单位名称', '单位', '隐患单位名称', '场所名称', '企业名称', '检查对象', '被检查单位'],
  address: ['地址', '单位地址', '详细地址', '场所地址'],
  township: ['所属乡镇', '乡镇', '苏木镇', '所属苏木镇', '乡镇苏木', '所属乡镇苏木', '属地'],
  description: ['隐患描述', '隐患内容', '存在问题', '问题描述', '隐患问题', '存在的问题', '隐患情况'],
  severity: ['隐患等级', '等级', '隐患级别', '隐患类别'],
  item: ['检查项/依据', '检查项', '依据', '检查依据', '检查项目'],
  department: ['责任部门', '监管部门', '主管部门', '行业部门'],
  person: ['整治责任人', '责任人', '整改责任人'],
  phone: ['联系电话', '电话', '联系方式', '手机'],
  deadline: ['完成时限', '整改时限', '整改期限', '整治时限', '完成时间'],
  interimControl: ['管控措施', '临时管控措施'],
  rectification: ['整治措施/进展', '整治措施', '整改措施', '整改情况', '整治进展', '整改进展'],
  status: ['整治状态', '整改状态', '状态', '是否整改'],
  closedOn: ['销号时间', '销号日期', '整改完成时间', '完成整改时间'],
  number: ['隐患编号', '编号'],
  foundOn: ['发现日期', '排查日期', '检查日期', '发现时间', '排查时间'],
  // Known but not read: the row number and whether it was overdue (computed by the platform).
  seq: ['序号'],
  overdue: ['是否超期', '超期'],
};

const normalise = (s: string) =>
  s
    .replace(/\s+/g, '')
    .replace(/[*＊]/g, '')
    .replace(/[（(].*?[)）]/g, '')
    .replace(/／/g, '/')
    .toLowerCase();

const byHeader = new Map<string, string>();
for (const [key, names] of Object.entries(headerVariants)) for (const n of names) byHeader.set(normalise(n), key);

export type HazardImportReport = {
  total: number;
  valid: number;
  created: number;
  /** Rows naming a hazard already in the ledger whose 整治责任人 or 联系电话 changed (see importLedger). */
  updated: number;
  /** Rows naming a hazard already in the ledger, left as they are. */
  skipped: number;
  /**
   * `code` is stable (the web and scripts match on it): one of the register's `importRowCodes` (a cell's kind of
   * fault, a number twice in the file, a unit not found, outside the importer's scope or archived), or the hazards
   * service's own code when the use case refused the row. `column` is the header at fault, when a cell is.
   */
  errors: { line: number; column: string | null; message: string; code: string }[];
  errorCount: number;
  ignoredColumns: string[];
  dryRun: boolean;
  mode: 'strict' | 'clean_only';
};

class RowError extends Error {
  constructor(
    message: string,
    readonly column: string | null,
    readonly code: ImportRowCode,
  ) {
    super(message);
  }
}

/** The ledger column a field of the hazards service's refusal (`details.field`) was read from. */
const columnOfField: Record<string, string> = {
  objectId: '隐患单位',
  itemId: '检查项/依据',
  severity: '隐患等级',
  departmentId: '责任部门',
  responsiblePersonId: '整治责任人',
  responsiblePersonName: '整治责任人',
  responsiblePhone: '联系电话',
  foundOn: '发现日期',
  deadline: '完成时限',
  interimControl: '管控措施',
};

/** A bad row's entry in the report: the importer's own reason, or the service's refusal by its code. */
function rowErrorOf(err: unknown): { column: string | null; message: string; code: string } | null {
  if (err instanceof RowError) return { column: err.column, message: err.message, code: err.code };
  if (err instanceof AppError) {
    const field = (err.details as { field?: unknown } | undefined)?.field;
    // The service's own message is English; the web shows the code's text in the user's language.
    return {
      column: typeof field === 'string' ? (columnOfField[field] ?? null) : null,
      message: `该行未能保存（${err.code}）`,
      code: err.code,
    };
  }
  return null;
}
class Rollback extends Error {}

/** '2023-09-30', '2023/9/30', '2023.9.30', '2023年9月30日' → 'YYYY-MM-DD'; null for an empty cell. */
export function parseDay(text: string, column: string): string | null {
  const t = text.trim();
  if (!t) return null;
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?/.exec(t);
  const ymd = m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : t;
  if (!isYmd(ymd)) throw new RowError(`日期无法识别：${t}`, column, 'import.invalid_date');
  // The same years as every date the API takes (year 0000 is refused by PostgreSQL itself).
  const year = Number(ymd.slice(0, 4));
  if (year < DATE_YEARS.min || year > DATE_YEARS.max)
    throw new RowError(`日期超出范围：${t}`, column, 'import.invalid_date');
  return ymd;
}

function parseSeverity(text: string): Severity {
  const t = text.trim();
  if (!t || t.startsWith('一般')) return 'general';
  if (t.startsWith('重大') || t === '较大') return 'major';
  throw new RowError(`隐患等级应为“一般”或“重大”：${t}`, '隐患等级', 'import.invalid_choice');
}

function parseStatus(text: string, closedOn: string | null): HazardState {
  const t = text.trim();
  if (!t) return closedOn ? 'closed' : 'open';
  if (/销号|已整改|已完成|完成整改|已闭环|是/.test(t) && !/待复核|未/.test(t)) return 'closed';
  if (/待复核|待验收/.test(t)) return 'submitted';
  if (/整改中|正在/.test(t)) return 'rectifying';
  if (/未整改|待整改|否|未完成/.test(t)) return 'open';
  throw new RowError(`整治状态无法识别：${t}`, '整治状态', 'import.invalid_choice');
}

/** The check item a ledger cell names: its id, or its Chinese text, among the items of the object. */
function findItem(text: string, applicable: CheckItem[]): CheckItem | undefined {
  const t = text.trim();
  if (!t) return undefined;
  return (
    applicable.find((i) => t.includes(i.id)) ??
    applicable.filter((i) => t.includes(i.text.zh)).sort((a, b) => b.text.zh.length - a.text.zh.length)[0]
  );
}

const planRefIn = (text: string) =>
  /[一二三四五六七八九十]+[（(][一二三四五六七八九十]+[)）]\d*/
    .exec(text)?.[0]
    ?.replace(/（/g, '(')
    .replace(/）/g, ')');

/**
 * The hazard a 隐患编号 cell names, in the importer's read scope: the ledger's own number (YH-…, as the
 * export writes it) or the number a row of an earlier import carried; undefined when none.
 */
async function knownHazard(db: Db, actor: Actor, number: string) {
  const [row] = await db
    .select()
    .from(hazardsTable)
    .where(
      and(
        or(eq(hazardsTable.number, number), and(eq(hazardsTable.source, 'import'), eq(hazardsTable.sourceRef, number))),
        hazardReadScope(actor),
      ),
    )
    .limit(1);
  return row;
}

/**
 * A row naming a hazard already in the ledger (re-importing the ledger's own export, or a file
 * imported twice) creates nothing. Only 整治责任人 and 联系电话 may change from a file, and only on a
 * hazard that is not closed and that the importer manages: the finding (unit, description, level,
 * check item, department, day found — signed at the inspection), the deadline (a move needs a
 * reason) and the state (moved only by the closed loop's steps) are never taken from a file.
 * Returns whether anything changed (audited and on the hazard's timeline like an edit).
 */
async function updateKnownHazard(
  tx: Db,
  actor: Actor,
  hazard: typeof hazardsTable.$inferSelect,
  { person, phone, line, file }: { person: string; phone: string; line: number; file: string },
): Promise<boolean> {
  if (hazard.status === 'closed') return false;
  const next: { responsiblePersonName?: string; responsiblePhone?: string } = {};
  // The export writes the party when no person is named, and '' for no phone: the same values are no change.
  if (person && person !== (hazard.responsiblePersonName ?? hazard.responsibleParty))
    next.responsiblePersonName = person;
  if (phone && phone !== (hazard.responsiblePhone ?? '')) next.responsiblePhone = phone;
  const fields = Object.keys(next) as (keyof typeof next)[];
  if (fields.length === 0) return false;
  const [manageable] = await tx
    .select({ id: hazardsTable.id })
    .from(hazardsTable)
    .where(and(eq(hazardsTable.id, hazard.id), hazardScope(actor, 'hazard.manage')));
  if (!manageable) return false;
  const before = Object.fromEntries(fields.map((f) => [f, hazard[f]]));
  await tx.update(hazardsTable).set(next).where(eq(hazardsTable.id, hazard.id));
  await recordHazardEvent(tx, {
    actor,
    hazard,
    event: 'updated',
    action: 'update',
    details: { fields, before, after: next, import: { file, line } },
    before,
    after: next,
  });
  return true;
}

/**
 * Imports an Excel ledger kept before the platform: each row is matched to a registered venue,
 * enterprise, facility, pipeline or vehicle by name (and address when the name is not enough; the
 * names the export writes — 企业（设施）, 管线（编号）, 车牌（企业） — match back too), within the
 * importer's scope, and becomes a hazard with source 'import'; a row whose 隐患编号 names a hazard
 * already in the ledger is matched to it and updated or skipped (`updateKnownHazard`), so importing
 * the ledger's own export creates nothing; every row that cannot be matched or read is reported with
 * its line and reason. Strict mode stores nothing unless every row is good; clean_only stores the
 * good rows; dryRun stores nothing. Each row is created through the same use case as a hand-made
 * hazard (in a savepoint), so the rules, audit and timeline are the same.
 */
export async function importLedger(
  db: Db,
  actor: Actor,
  file: { bytes: Buffer; filename: string; mimetype: string },
  {
    mode,
    dryRun,
    limits = defaultLimits,
    today = todayInChina(),
  }: {
    mode: 'strict' | 'clean_only';
    dryRun: boolean;
    limits?: HazardLimits;
    today?: string;
  },
): Promise<HazardImportReport> {
  requirePermission(actor, 'hazard.manage');
  const rows = await readTable(file, '隐患台账');
  const [header, ...data] = rows;
  const index = new Map<string, number>();
  const ignored: string[] = [];
  (header?.cells ?? []).forEach((cell, i) => {
    const key = byHeader.get(normalise(cell));
    if (key && !index.has(key)) index.set(key, i);
    else if (cell.trim()) ignored.push(cell.trim());
  });
  const missing = ['objectName', 'description'].filter((k) => !index.has(k));
  if (missing.length) throw hazardImportMissingColumns({ missing: missing.map((k) => headerVariants[k]![0]) });

  const report: HazardImportReport = {
    total: data.length,
    valid: 0,
    created: 0,
    updated: 0,
    skipped: 0,
    errors: [],
    errorCount: 0,
    ignoredColumns: ignored,
    dryRun,
    mode,
  };
  const departments = await db
    .select({ id: departmentsTable.id, name: departmentsTable.name, shortName: departmentsTable.shortName })
    .from(departmentsTable)
    .where(isNull(departmentsTable.archivedAt));

  const cell = (r: { cells: string[] }, key: string) => {
    const i = index.get(key);
    return i === undefined ? '' : (r.cells[i] ?? '').trim();
  };

  /** The first line of each 隐患编号 in the file: a second row with the same number is a duplicate, not a match. */
  const lineOfNumber = new Map<string, number>();
  const outcome = async (tx: Db) => {
    for (const r of data) {
      try {
        await tx.transaction(async (sp) => {
          const name = cell(r, 'objectName');
          if (!name) throw new RowError('缺少隐患单位', '隐患单位', 'import.required');
          const description = cell(r, 'description');
          if (!description) throw new RowError('缺少隐患描述', '隐患描述', 'import.required');
          const number = cell(r, 'number');
          if (number) {
            const first = lineOfNumber.get(number);
            if (first !== undefined)
              throw new RowError(`隐患编号与第 ${first} 行重复：${number}`, '隐患编号', 'import.duplicate_in_file');
            lineOfNumber.set(number, r.line);
            const known = await knownHazard(sp, actor, number);
            if (known) {
              const changed = await updateKnownHazard(sp, actor, known, {
                person: cell(r, 'person'),
                phone: cell(r, 'phone'),
                line: r.line,
                file: file.filename,
              });
              if (changed) report.updated++;
              else report.skipped++;
              return;
            }
          }
          const object = await matchObject(
            sp,
            actor,
            { name, address: cell(r, 'address'), township: cell(r, 'township') },
            today,
          );
          const closedOn = parseDay(cell(r, 'closedOn'), '销号时间');
          const status = parseStatus(cell(r, 'status'), closedOn);
          if (status === 'closed' && !closedOn)
            throw new RowError('已销号的隐患需填写销号时间', '销号时间', 'import.required');
          const deadline = parseDay(cell(r, 'deadline'), '完成时限') ?? undefined;
          let foundOn = parseDay(cell(r, 'foundOn'), '发现日期') ?? undefined;
          if (!foundOn) {
            // Old ledgers often keep no day found: the earliest of today, the deadline and the close-out.
            foundOn = [today, deadline, closedOn].filter((d): d is string => !!d).sort()[0]!;
          }
          const itemCell = cell(r, 'item');
          const item = findItem(itemCell, itemsFor(object.checklistObject, checkItems));
          const deptCell = cell(r, 'department');
          const dept = deptCell
            ? (departments.find((d) => d.name === deptCell || d.shortName === deptCell) ??
              departments.find((d) => d.name.includes(deptCell) || deptCell.includes(d.shortName)))
            : undefined;
          // A department the file names but the organisation does not hold (or holds archived) is not dropped.
          if (deptCell && !dept)
            throw new RowError(`责任部门无法识别：${deptCell}`, '责任部门', 'import.reference_not_found');
          await createHazardInTransaction(
            sp,
            actor,
            {
              objectType: object.type,
              objectId: object.id,
              itemId: item?.id,
              severity: cell(r, 'severity') || !item ? parseSeverity(cell(r, 'severity')) : undefined,
              departmentId: dept?.id,
              description,
              photoIds: [],
              responsiblePersonName: cell(r, 'person') || undefined,
              responsiblePhone: cell(r, 'phone') || undefined,
              foundOn,
              deadline,
              interimControl: cell(r, 'interimControl') || undefined,
            },
            {
              source: 'import',
              sourceRef: number || null,
              today,
              limits,
              object,
              planRef: item ? null : (planRefIn(itemCell) ?? null),
              imported: {
                status,
                closedAt: status === 'closed' ? new Date(`${closedOn}T12:00:00+08:00`) : null,
                rectification: cell(r, 'rectification') || null,
              },
              auditDetails: { line: r.line, file: file.filename },
            },
          );
          report.created++;
        });
        report.valid++;
      } catch (err) {
        const e = rowErrorOf(err);
        if (!e) throw err;
        report.errorCount++;
        if (report.errors.length < 1000) report.errors.push({ line: r.line, ...e });
      }
    }
    if (dryRun || (mode === 'strict' && report.errorCount > 0)) throw new Rollback();
    await recordAudit(tx, {
      actor,
      action: 'hazard.import',
      subject: { type: 'hazard_ledger' },
      details: { file: file.filename, mode, total: report.total, created: report.created, errors: report.errorCount },
    });
  };

  try {
    await db.transaction((tx) => outcome(tx));
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
    // Nothing was stored: report what would have been created.
    if (!dryRun) report.created = 0;
  }
  return report;
}

/**
 * A registered venue or enterprise by name (+ address, + township), in the importer's scope; otherwise a RowError
 * saying which: several match, it lies outside the scope, it is archived, or nothing is registered by that name.
 */
async function matchObject(
  db: Db,
  actor: Actor,
  { name, address, township }: { name: string; address: string; township: string },
  today: string,
) {
  let regionPath: string | null = null;
  if (township) {
    const region = await findRegionByCodeOrName(db, township);
    if (region === 'ambiguous')
      throw new RowError(`所属乡镇“${township}”对应多个区划，请填写区划代码`, '所属乡镇', 'import.invalid_value');
    if (!region) throw new RowError(`所属乡镇无法识别：${township}`, '所属乡镇', 'import.reference_not_found');
    regionPath = region.path;
  }
  const inRegion = (
    col:
      | typeof venuesTable.regionId
      | typeof enterprisesTable.regionId
      | typeof facilitiesTable.regionId
      | typeof pipelineSegmentsTable.regionId,
  ) =>
    regionPath
      ? sql`${col} in (select ${regionsTable.id} from ${regionsTable} where starts_with(${regionsTable.path}, ${regionPath}))`
      : undefined;
  const venues = await db
    .select({ id: venuesTable.id, address: venuesTable.address })
    .from(venuesTable)
    .where(and(eq(venuesTable.name, name), isNull(venuesTable.archivedAt), inRegion(venuesTable.regionId)));
  const enterprises = await db
    .select({ id: enterprisesTable.id, address: enterprisesTable.address })
    .from(enterprisesTable)
    .where(
      and(eq(enterprisesTable.name, name), isNull(enterprisesTable.archivedAt), inRegion(enterprisesTable.regionId)),
    );
  let candidates: {
    type: 'venue' | 'enterprise' | 'facility' | 'pipeline' | 'vehicle';
    id: string;
    address: string;
  }[] = [
    ...venues.map((v) => ({ type: 'venue' as const, ...v })),
    ...enterprises.map((e) => ({ type: 'enterprise' as const, ...e })),
  ];
  // The ledger names a facility 企业（设施）, a pipeline 管线（编号） and a vehicle 车牌（企业）.
  const pair = /^(.+)（([^（）]+)）$/.exec(name);
  if (candidates.length === 0 && pair) {
    const [, outer, inner] = pair as unknown as [string, string, string];
    const pipelines = await db
      .select({ id: pipelineSegmentsTable.id })
      .from(pipelineSegmentsTable)
      .where(
        and(
          eq(pipelineSegmentsTable.name, outer),
          eq(pipelineSegmentsTable.code, inner),
          isNull(pipelineSegmentsTable.archivedAt),
          inRegion(pipelineSegmentsTable.regionId),
        ),
      );
    const facilities = await db
      .select({ id: facilitiesTable.id, address: facilitiesTable.address })
      .from(facilitiesTable)
      .innerJoin(enterprisesTable, eq(enterprisesTable.id, facilitiesTable.enterpriseId))
      .where(
        and(
          eq(enterprisesTable.name, outer),
          eq(facilitiesTable.name, inner),
          isNull(facilitiesTable.archivedAt),
          inRegion(facilitiesTable.regionId),
        ),
      );
    const vehicles = await db
      .select({ id: vehiclesTable.id })
      .from(vehiclesTable)
      .innerJoin(enterprisesTable, eq(enterprisesTable.id, vehiclesTable.enterpriseId))
      .where(
        and(
          eq(vehiclesTable.plate, outer),
          eq(enterprisesTable.name, inner),
          isNull(vehiclesTable.archivedAt),
          inRegion(enterprisesTable.regionId),
        ),
      );
    candidates = [
      ...pipelines.map((p) => ({ type: 'pipeline' as const, id: p.id, address: '' })),
      ...facilities.map((f) => ({ type: 'facility' as const, ...f })),
      ...vehicles.map((v) => ({ type: 'vehicle' as const, id: v.id, address: '' })),
    ];
  }
  const squash = (s: string) => s.replace(/\s+/g, '');
  if (address && candidates.length > 1) {
    const same = candidates.filter((c) => squash(c.address) === squash(address));
    if (same.length) candidates = same;
  }
  const visible = [];
  for (const c of candidates) {
    const object = await loadLedgerObject(db, { type: c.type, id: c.id }, today);
    if (!object) continue;
    const ok = await hazardValuesInScope(
      db,
      actor,
      'hazard.manage',
      {
        objectType: object.type,
        objectId: object.id,
        regionId: object.regionId,
        objectKind: object.objectKind,
        ownerEnterpriseId: object.ownerEnterpriseId,
        departmentId: null,
      },
      'read',
    );
    if (ok) visible.push(object);
  }
  if (visible.length > 1)
    throw new RowError(`单位名称对应多个登记对象，请填写地址或所属乡镇：${name}`, '隐患单位', 'import.invalid_value');
  if (visible.length === 1) return visible[0]!;
  if (candidates.length > 0)
    throw new RowError(`该单位不在您的管理范围内：${name}`, '隐患单位', 'import.outside_scope');
  // Nothing live by that name: an archived venue or enterprise is named as such, anything else is not registered.
  const [archivedVenue] = await db
    .select({ id: venuesTable.id })
    .from(venuesTable)
    .where(and(eq(venuesTable.name, name), isNotNull(venuesTable.archivedAt), inRegion(venuesTable.regionId)))
    .limit(1);
  const [archivedEnterprise] = archivedVenue
    ? [archivedVenue]
    : await db
        .select({ id: enterprisesTable.id })
        .from(enterprisesTable)
        .where(
          and(
            eq(enterprisesTable.name, name),
            isNotNull(enterprisesTable.archivedAt),
            inRegion(enterprisesTable.regionId),
          ),
        )
        .limit(1);
  if (archivedEnterprise) throw new RowError(`该单位已归档：${name}`, '隐患单位', 'import.archived');
  throw new RowError(
    `未找到已登记的单位：${name}${address ? `（${address}）` : ''}`,
    '隐患单位',
    'import.reference_not_found',
  );
}
