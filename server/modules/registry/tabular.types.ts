import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/access.ts';

/**
 * The contract between the register's import/export machinery (tabular.ts) and each object kind
 * (`<kind>.io.ts`). A kind describes its columns once; the machinery makes the template, reads
 * .xlsx and .csv files, validates every row, reports bad rows by line number, imports all-or-nothing
 * (or only the clean rows on request), and writes filtered lists to .xlsx with Chinese headers.
 */
export type TabularColumn = {
  /** Key of the parsed row and of the exported record. */
  key: string;
  /** Chinese header: the template's, the export's, and the one an import matches first. */
  header: string;
  headerEn: string;
  required?: boolean;
  /** An example value for the template's sample row, and a hint for the instructions sheet. */
  example?: string;
  hint?: string;
  width?: number;
  /** The allowed values as written in the file (e.g. enum labels): the template offers them as a drop-down. */
  options?: readonly string[];
  /** Shown in exports only (a computed status): left out of the template and ignored on import. */
  exportOnly?: boolean;
};

/** A column shown only in exports (a list's export that has no import), with its Chinese and English headers. */
export const exportColumn = (key: string, header: string, headerEn: string, width?: number): TabularColumn => ({
  key,
  header,
  headerEn,
  width,
  exportOnly: true,
});

/**
 * One problem with a row. `code` names the kind of problem, stable across versions (the web and scripts match on it);
 * a kind's own rule without one is reported as `import.invalid_value` of its column.
 */
export type RowError = { column: string | null; message: string; code?: ImportRowCode };

/**
 * The codes of an import's row errors besides a service's own error codes (`module.reason`, when a row is refused
 * by the same use case as the API's): what is wrong with a cell, with the row in the file, or with the row against
 * what is stored.
 */
export const importRowCodes = [
  'import.required',
  'import.too_long',
  'import.invalid_choice',
  'import.invalid_number',
  'import.out_of_range',
  'import.invalid_date',
  'import.invalid_boolean',
  'import.invalid_format',
  'import.invalid_value',
  'import.duplicate_in_file',
  'import.duplicate_record',
  'import.reference_not_found',
  'import.outside_scope',
  'import.archived',
  'import.refused',
] as const;
export type ImportRowCode = (typeof importRowCodes)[number];

export type ParsedRow<T> = { ok: true; value: T } | { ok: false; errors: RowError[] };

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

export type ExportValue = string | number | boolean | null;

export type TabularKind<T, Q = Record<string, unknown>> = {
  /** URL segment: /api/v1/registry/<kind>/template|import|export, e.g. 'enterprises'. */
  kind: string;
  /** Sheet and file name in Chinese, e.g. '燃气企业'. */
  title: string;
  columns: TabularColumn[];
  /**
   * Validates one raw row (cell text by column key, already trimmed; '' for empty) and resolves its
   * references (a region by name or code, an enterprise by credit code) inside the import's transaction.
   */
  parseRow(raw: Record<string, string>, ctx: { db: Db; actor: Actor }): Promise<ParsedRow<T>>;
  /** The natural key (credit code, licence number, plate, name + address): duplicates in one file are refused. */
  naturalKey(value: T): string;
  /** Inserts or updates by natural key, with its audit entry, refusing rows outside the actor's scope. */
  upsert(value: T, ctx: { db: Db; actor: Actor }): Promise<UpsertOutcome>;
  /** The export's rows for a filter (the same filters as the list route), in the actor's scope. */
  /** `cylinderRoomThresholdKg`: the ledger's configured threshold, for risk flags that depend on it. */
  exportRows(
    query: Q,
    ctx: { db: Db; actor: Actor; cylinderRoomThresholdKg?: number },
  ): AsyncIterable<Record<string, ExportValue>>;
};
