import type { RowError } from './tabular.types.ts';

/**
 * Parsers for the text of one imported cell, shared by every kind's `parseRow`. Each returns the
 * value, or records a Chinese message for the column in `errors` and returns undefined.
 */
export type CellErrors = RowError[];

type Labels<T extends string> = Record<T, { zh: string; en: string }>;

/** The labels a template offers for an enumeration (its Chinese labels, in order). */
export function enumOptions<T extends string>(labels: Labels<T>): string[] {
  return Object.values<{ zh: string; en: string }>(labels).map((l) => l.zh);
}

/** An enumeration value from its Chinese label, English label or code (case-insensitive). */
export function parseEnum<T extends string>(
  errors: CellErrors,
  column: string,
  header: string,
  labels: Labels<T>,
  text: string,
  required: boolean,
): T | null | undefined {
  if (text === '') {
    if (required) errors.push({ column, message: `${header}不能为空`, code: 'import.required' });
    return required ? undefined : null;
  }
  const t = text.toLowerCase();
  for (const [code, l] of Object.entries<{ zh: string; en: string }>(labels)) {
    if (text === l.zh || t === l.en.toLowerCase() || t === code.toLowerCase()) return code as T;
  }
  errors.push({
    column,
    message: `${header}“${text}”无效，可选：${enumOptions(labels).join('、')}`,
    code: 'import.invalid_choice',
  });
  return undefined;
}

/** Required or optional text, trimmed, with a length limit. */
export function parseText(
  errors: CellErrors,
  column: string,
  header: string,
  text: string,
  { required = false, max = 200 }: { required?: boolean; max?: number } = {},
): string | undefined {
  if (required && text === '') {
    errors.push({ column, message: `${header}不能为空`, code: 'import.required' });
    return undefined;
  }
  if ([...text].length > max) {
    errors.push({ column, message: `${header}不能超过 ${max} 个字符`, code: 'import.too_long' });
    return undefined;
  }
  return text;
}

/** A number within [min, max]; '' is null. */
export function parseNumber(
  errors: CellErrors,
  column: string,
  header: string,
  text: string,
  { min, max, integer = false }: { min?: number; max?: number; integer?: boolean } = {},
): number | null | undefined {
  if (text === '') return null;
  const n = Number(text.replace(/,/g, ''));
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    errors.push({
      column,
      message: `${header}“${text}”不是有效的${integer ? '整数' : '数字'}`,
      code: 'import.invalid_number',
    });
    return undefined;
  }
  if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
    errors.push({ column, message: `${header}应在 ${min ?? '-∞'} 到 ${max ?? '∞'} 之间`, code: 'import.out_of_range' });
    return undefined;
  }
  return n;
}

/**
 * A calendar date as 'YYYY-MM-DD' from the ways people write one: 2024-01-05, 2024/1/5, 2024.1.5,
 * 2024年1月5日, 20240105, or an Excel date serial. '' is null.
 */
export function parseDate(errors: CellErrors, column: string, header: string, text: string): string | null | undefined {
  if (text === '') return null;
  let y: number;
  let m: number;
  let d: number;
  const parts =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (parts) {
    y = Number(parts[1]);
    m = Number(parts[2]);
    d = Number(parts[3]);
  } else if (/^\d{5}$/.test(text)) {
    // An Excel serial day number (1900 date system) that lost its date format.
    const date = new Date(Date.UTC(1899, 11, 30) + Number(text) * 86_400_000);
    y = date.getUTCFullYear();
    m = date.getUTCMonth() + 1;
    d = date.getUTCDate();
  } else {
    errors.push({ column, message: `${header}“${text}”不是有效日期，请写成 2024-01-31`, code: 'import.invalid_date' });
    return undefined;
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1900 || y > 2200) {
    errors.push({ column, message: `${header}“${text}”不是有效日期`, code: 'import.invalid_date' });
    return undefined;
  }
  return date.toISOString().slice(0, 10);
}

const truthy = new Set(['是', '有', 'y', 'yes', 'true', '1', '√', '已安装']);
const falsy = new Set(['否', '无', 'n', 'no', 'false', '0', '×', '未安装']);

/** 是/否 (also 有/无, yes/no, true/false, 1/0); '' is null. */
export function parseBool(
  errors: CellErrors,
  column: string,
  header: string,
  text: string,
): boolean | null | undefined {
  if (text === '') return null;
  const t = text.toLowerCase();
  if (truthy.has(t)) return true;
  if (falsy.has(t)) return false;
  errors.push({ column, message: `${header}“${text}”请填写“是”或“否”`, code: 'import.invalid_boolean' });
  return undefined;
}

/** A pattern check (credit code, phone). '' is null unless required. */
export function parsePattern(
  errors: CellErrors,
  column: string,
  header: string,
  text: string,
  pattern: RegExp,
  { required = false, hint = '' }: { required?: boolean; hint?: string } = {},
): string | null | undefined {
  if (text === '') {
    if (required) errors.push({ column, message: `${header}不能为空`, code: 'import.required' });
    return required ? undefined : null;
  }
  if (!pattern.test(text)) {
    errors.push({
      column,
      message: `${header}“${text}”格式不正确${hint ? `（${hint}）` : ''}`,
      code: 'import.invalid_format',
    });
    return undefined;
  }
  return text;
}
