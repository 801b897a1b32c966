import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import { ZodError } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { isForeignKeyViolation, isUniqueViolation } from '../../platform/db-errors.ts';
import { AppError, validationFailed } from '../../platform/errors.ts';
import {
  importEmpty,
  importInvalid,
  importMissingColumns,
  importTooManyRows,
  importUnreadable,
  importUnsupportedType,
} from './tabular.errors.ts';
import type { ExportValue, ImportRowCode, TabularColumn, TabularKind, UpsertOutcome } from './tabular.types.ts';
import { loadExcelJS } from '../../platform/lazy-libs.ts';

/** Limits of one import; a larger file answers registry.import_file_too_large / import_too_many_rows. */
export const IMPORT_LIMITS = { maxBytes: 10 * 1024 * 1024, maxRows: 20_000, maxReportedErrors: 1000 } as const;

/** The name of the template's instructions sheet (never read as data). */
export const GUIDE_SHEET = '填写说明';

// biome-ignore lint/suspicious/noExplicitAny: the registry holds kinds of every row and query type
export type AnyTabularKind = TabularKind<any, any>;

/**
 * Thrown by a kind's `upsert` to refuse one row (outside the importer's scope, a conflicting
 * record): the import reports it on the row's line and goes on; nothing of the row is stored.
 */
export class RowRejected extends Error {
  constructor(
    message: string,
    readonly column: string | null = null,
    /** A service's error code (when the row was refused by the API's use case), or what kind of refusal it is. */
    readonly code: ImportRowCode | (string & {}) = 'import.refused',
  ) {
    super(message);
    this.name = 'RowRejected';
  }
}

/**
 * One bad row: the line, the column at fault (its header, and its key in `key`) when one is, and a stable `code`:
 * a service's own error code when the use case refused the row, else one of `importRowCodes`.
 */
export type ImportError = {
  line: number;
  column: string | null;
  key: string | null;
  message: string;
  code: string;
};

export type ImportReport = {
  /** Data rows in the file (the header and the template's example row are not counted). */
  total: number;
  /** Rows that passed validation and could be stored. */
  valid: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportError[];
  /** All errors, including any left out of `errors` beyond the report's limit. */
  errorCount: number;
  /** Header cells that named no column of this kind (ignored). */
  ignoredColumns: string[];
  dryRun: boolean;
  mode: ImportMode;
};

export type ImportMode = 'strict' | 'clean_only';

type SheetRow = { line: number; cells: string[] };

// ---------------------------------------------------------------------------------------------
// Reading files

function isZip(b: Uint8Array) {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

function isOle(b: Uint8Array) {
  return b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;
}

/** UTF-8 (with or without BOM); bytes that are not valid UTF-8 are read as GB18030 (Excel's "CSV" on Chinese Windows). */
export function decodeText(bytes: Uint8Array): string {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('gb18030').decode(body);
  }
}

/** The delimiter of a CSV file: whichever of , ; or tab is most frequent in its first line. */
function sniffDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t']) {
    const n = firstLine.split(d).length - 1;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/** RFC 4180 CSV: quoted fields may hold delimiters, doubled quotes and line breaks. Records are numbered from 1. */
export function parseCsv(text: string): SheetRow[] {
  const delimiter = sniffDelimiter(text);
  const rows: SheetRow[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  let record = 1;
  const endField = () => {
    cells.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    rows.push({ line: record++, cells });
    cells = [];
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === delimiter) {
      endField();
      i++;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || cells.length > 0) endRecord();
  return rows;
}

function ymd(d: Date): string {
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
}

/** The text of one spreadsheet cell as a person would read it: dates as YYYY-MM-DD, rich text flattened, formula results. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) return ymd(value);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return '';
  }
  return String(value);
}

async function readXlsx(bytes: Buffer, title: string): Promise<SheetRow[]> {
  const wb = new (await loadExcelJS()).Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw importUnreadable({ format: 'xlsx' });
  }
  const sheets = wb.worksheets;
  const ws = sheets.find((s) => s.name === title) ?? sheets.find((s) => s.name !== GUIDE_SHEET) ?? sheets[0];
  if (!ws) return [];
  if (ws.actualRowCount > IMPORT_LIMITS.maxRows + 2) throw importTooManyRows({ limit: IMPORT_LIMITS.maxRows });
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    for (let k = 0; k < cells.length; k++) cells[k] ??= '';
    rows.push({ line, cells });
  });
  return rows;
}

/** The rows of an uploaded .xlsx or .csv file, header first; anything else is refused with 415. */
export async function readTable(
  file: { bytes: Buffer; filename: string; mimetype: string },
  title: string,
): Promise<SheetRow[]> {
  const name = file.filename.toLowerCase();
  let rows: SheetRow[];
  if (isZip(file.bytes)) {
    rows = await readXlsx(file.bytes, title);
  } else if (isOle(file.bytes) || name.endsWith('.xls')) {
    throw importUnsupportedType({ reason: 'legacy_xls', hint: 'Save the workbook as .xlsx' });
  } else if (name.endsWith('.xlsx')) {
    throw importUnreadable({ format: 'xlsx' });
  } else if (name.endsWith('.csv') || name.endsWith('.txt') || file.mimetype.startsWith('text/')) {
    if (file.bytes.includes(0)) throw importUnreadable({ format: 'csv' });
    rows = parseCsv(decodeText(file.bytes));
  } else {
    throw importUnsupportedType({ filename: file.filename, mimetype: file.mimetype });
  }
  return rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
}

// ---------------------------------------------------------------------------------------------
// Header and rows

const normaliseHeader = (s: string) =>
  s
    .replace(/\s+/g, '')
    .replace(/[*＊]+$/, '')
    .replace(/^[*＊]+/, '')
    .toLowerCase();

/** The columns an import reads (export-only ones are left out). */
export function importColumns(kind: AnyTabularKind): TabularColumn[] {
  return kind.columns.filter((c) => !c.exportOnly);
}

/** Which cell of the header row holds each column: by Chinese header (a trailing * ignored), English header or key. */
export function matchHeader(columns: TabularColumn[], header: string[]) {
  const byName = new Map<string, TabularColumn>();
  for (const c of columns) {
    for (const name of [c.key, c.headerEn, c.header]) byName.set(normaliseHeader(name), c);
  }
  const indexOf = new Map<string, number>();
  const ignored: string[] = [];
  header.forEach((cell, i) => {
    const name = normaliseHeader(cell);
    if (!name) return;
    const column = byName.get(name);
    if (column && !indexOf.has(column.key)) indexOf.set(column.key, i);
    else ignored.push(cell.trim());
  });
  const missing = columns.filter((c) => c.required && !indexOf.has(c.key));
  return { indexOf, missing, ignored };
}

function errorOf(err: unknown): { column: string | null; message: string; code: string } | null {
  if (err instanceof RowRejected) return { column: err.column, message: err.message, code: err.code };
  if (err instanceof AppError) {
    const field = (err.details as { field?: unknown } | undefined)?.field;
    // The service's own message is English; the Chinese text is the web's, found by the code.
    return { column: typeof field === 'string' ? field : null, message: `该行未能保存（${err.code}）`, code: err.code };
  }
  if (isUniqueViolation(err)) return { column: null, message: '与已登记的记录重复', code: 'import.duplicate_record' };
  if (isForeignKeyViolation(err))
    return { column: null, message: '引用的记录不存在', code: 'import.reference_not_found' };
  return null;
}

class Rollback extends Error {}

/**
 * Imports one file for one kind: reads it, matches the header, validates every row, refuses
 * duplicate natural keys within the file, and upserts the good rows in one transaction (each row
 * in its own savepoint, so a refused row leaves no trace). Strict mode stores nothing when any row
 * is bad (422 with the full report); clean_only stores the good rows and reports the bad ones; a
 * dry run reports what would happen and stores nothing.
 */
export async function runImport({
  db,
  actor,
  kind,
  file,
  mode = 'strict',
  dryRun = false,
}: {
  db: Db;
  actor: Actor;
  kind: AnyTabularKind;
  file: { bytes: Buffer; filename: string; mimetype: string };
  mode?: ImportMode;
  dryRun?: boolean;
}): Promise<ImportReport> {
  const table = await readTable(file, kind.title);
  if (table.length === 0) throw importEmpty();
  const [header, ...data] = table as [SheetRow, ...SheetRow[]];
  if (data.length > IMPORT_LIMITS.maxRows) throw importTooManyRows({ limit: IMPORT_LIMITS.maxRows, rows: data.length });
  const columns = importColumns(kind);
  const { indexOf, missing, ignored } = matchHeader(columns, header.cells);
  if (missing.length > 0) {
    throw importMissingColumns({ missing: missing.map((c) => c.header), line: header.line });
  }
  const headerOf = new Map(columns.map((c) => [c.key, c.header]));
  const isExample = (raw: Record<string, string>) => columns.every((c) => raw[c.key] === (c.example ?? '').trim());
  const rows = data
    .map((r) => ({
      line: r.line,
      raw: Object.fromEntries(
        columns.map((c) => {
          const i = indexOf.get(c.key);
          return [c.key, i === undefined ? '' : (r.cells[i] ?? '').trim()];
        }),
      ) as Record<string, string>,
    }))
    .filter((r) => !isExample(r.raw));
  if (rows.length === 0) throw importEmpty();

  const report: ImportReport = {
    total: rows.length,
    valid: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    errors: [],
    errorCount: 0,
    ignoredColumns: ignored,
    dryRun,
    mode,
  };
  const badLines = new Set<number>();
  const addError = (line: number, column: string | null, message: string, code: string) => {
    badLines.add(line);
    report.errorCount++;
    if (report.errors.length < IMPORT_LIMITS.maxReportedErrors) {
      report.errors.push({
        line,
        column: column ? (headerOf.get(column) ?? column) : null,
        key: column && headerOf.has(column) ? column : null,
        message,
        code,
      });
    }
  };

  try {
    await db.transaction(async (tx) => {
      const ctx = { db: tx, actor };
      const firstLineOf = new Map<string, number>();
      for (const row of rows) {
        const parsed = await kind.parseRow(row.raw, ctx);
        if (!parsed.ok) {
          for (const e of parsed.errors) addError(row.line, e.column, e.message, e.code ?? 'import.invalid_value');
          continue;
        }
        const key = kind.naturalKey(parsed.value);
        const first = firstLineOf.get(key);
        if (first !== undefined) {
          addError(row.line, null, `与第 ${first} 行重复（${key}）`, 'import.duplicate_in_file');
          continue;
        }
        firstLineOf.set(key, row.line);
        let outcome: UpsertOutcome;
        try {
          outcome = await tx.transaction((sp) => kind.upsert(parsed.value, { db: sp, actor }));
        } catch (err) {
          const e = errorOf(err);
          if (!e) throw err;
          addError(row.line, e.column, e.message, e.code);
          continue;
        }
        report.valid++;
        report[outcome]++;
      }
      if (dryRun || (mode === 'strict' && badLines.size > 0)) throw new Rollback();
      if (report.created + report.updated > 0) {
        await recordAudit(tx, {
          actor,
          action: 'registry.import',
          subject: { type: kind.kind },
          details: {
            kind: kind.kind,
            filename: file.filename,
            mode,
            total: report.total,
            created: report.created,
            updated: report.updated,
            unchanged: report.unchanged,
            errors: report.errorCount,
          },
        });
      }
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  if (!dryRun && mode === 'strict' && badLines.size > 0) {
    throw importInvalid({ ...report, created: 0, updated: 0, unchanged: 0 });
  }
  return report;
}

// ---------------------------------------------------------------------------------------------
// Template and export

const headerFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F0FF' } };

function columnWidth(c: TabularColumn): number {
  return c.width ?? Math.max(12, [...c.header].length * 2 + 4);
}

/** The import template: a header row (required columns marked *), one example row, and the 填写说明 sheet. */
export async function buildTemplate(kind: AnyTabularKind): Promise<Buffer> {
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = '燃安';
  const ws = wb.addWorksheet(kind.title, { views: [{ state: 'frozen', ySplit: 1 }] });
  const columns = importColumns(kind);
  // Text format keeps credit codes, phone numbers and dates exactly as typed.
  ws.columns = columns.map((c) => ({
    header: c.required ? `${c.header}*` : c.header,
    key: c.key,
    width: columnWidth(c),
    style: { numFmt: '@' },
  }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.eachCell((cell, col) => {
    cell.fill = headerFill;
    if (columns[col - 1]?.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
    const hint = columns[col - 1]?.hint;
    if (hint) cell.note = hint;
  });
  const example = ws.addRow(Object.fromEntries(columns.map((c) => [c.key, c.example ?? ''])));
  example.font = { italic: true, color: { argb: 'FF808080' } };
  columns.forEach((c, i) => {
    if (!c.options?.length) return;
    const list = `"${c.options.join(',')}"`;
    if (list.length > 255) return; // Excel's limit for an inline list
    for (let r = 2; r <= 501; r++) {
      ws.getCell(r, i + 1).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [list],
        showErrorMessage: true,
        errorTitle: c.header,
        error: `请从下拉列表中选择${c.header}`,
      };
    }
  });

  const guide = wb.addWorksheet(GUIDE_SHEET);
  guide.columns = [
    { header: '列名', key: 'header', width: 22 },
    { header: 'English', key: 'headerEn', width: 24 },
    { header: '必填', key: 'required', width: 8 },
    { header: '填写说明', key: 'hint', width: 70 },
    { header: '示例', key: 'example', width: 28 },
  ];
  guide.getRow(1).font = { bold: true };
  for (const c of columns) {
    const options = c.options?.length ? `可选值：${c.options.join('、')}` : '';
    guide.addRow({
      header: c.header,
      headerEn: c.headerEn,
      required: c.required ? '是' : '否',
      hint: [c.hint, options].filter(Boolean).join('；'),
      example: c.example ?? '',
    });
  }
  guide.getColumn('hint').alignment = { wrapText: true, vertical: 'top' };
  guide.addRow({});
  for (const note of [
    `说明：第 1 行为表头（带 * 的为必填列），第 2 行为示例，可删除；与示例完全相同的行导入时自动跳过。`,
    `支持 .xlsx 和 .csv（UTF-8 或 GB18030 编码）；单个文件不超过 ${IMPORT_LIMITS.maxBytes / 1024 / 1024} MB、${IMPORT_LIMITS.maxRows} 行。`,
    '默认“全部校验通过才导入”：任何一行有误则不导入任何数据，并列出每一行的错误；也可选择“仅导入无误的行”。',
    '重复导入同一文件不会产生重复记录：已登记的记录按唯一标识更新，内容相同的行不作改动。',
  ]) {
    guide.addRow({ header: note });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function exportCell(v: ExportValue | undefined): string | number | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v ? '是' : '否';
  return v;
}

export { attachmentHeader } from '../../platform/download.ts';

/**
 * Streams a filtered list as .xlsx with Chinese headers. The first row is fetched before the
 * answer starts, so a bad filter still answers 400 in JSON rather than a broken download.
 */
export async function streamExport({
  kind,
  query,
  db,
  actor,
  cylinderRoomThresholdKg,
}: {
  /** An export needs only the title, the columns and the rows (export-only lists use it too). */
  kind: Pick<AnyTabularKind, 'title' | 'columns' | 'exportRows'>;
  query: Record<string, unknown>;
  db: Db;
  actor: Actor;
  cylinderRoomThresholdKg?: number;
}): Promise<PassThrough> {
  const iterator = kind.exportRows(query, { db, actor, cylinderRoomThresholdKg })[Symbol.asyncIterator]();
  let first: IteratorResult<Record<string, ExportValue>>;
  try {
    first = await iterator.next();
  } catch (err) {
    if (err instanceof ZodError) {
      throw validationFailed({
        issues: err.issues.map((i) => ({
          path: ['querystring', ...i.path.map((p) => (typeof p === 'number' ? p : String(p)))],
          code: i.code,
          message: i.message,
        })),
      });
    }
    throw err;
  }
  const out = new PassThrough();
  const wb = new (await loadExcelJS()).stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = '燃安';
  const ws = wb.addWorksheet(kind.title, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = kind.columns.map((c) => ({ header: c.header, key: c.key, width: columnWidth(c) }));
  ws.getRow(1).font = { bold: true };
  void (async () => {
    try {
      let n = 0;
      for (let r = first; !r.done; r = await iterator.next()) {
        const row: Record<string, string | number | null> = {};
        for (const c of kind.columns) row[c.key] = exportCell(r.value[c.key]);
        ws.addRow(row).commit();
        if (++n % 200 === 0 && out.writableNeedDrain) await once(out, 'drain');
      }
      ws.commit();
      await wb.commit();
    } catch (err) {
      await iterator.return?.();
      out.destroy(err as Error);
    }
  })();
  return out;
}
