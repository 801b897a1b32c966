import type { ImportReport } from '../../../app/api-types.ts';
import { ApiError, downloadFile, http, withQuery } from '../../../app/http.ts';

/** The filters of a list, as they go into a query string (empty values are left out). */
export type TabularFilters = Record<string, string | number | boolean | null | undefined>;

export type { ImportReport };
export type ImportMode = ImportReport['mode'];

/** An import either ran (ok) or was refused as a whole because some rows are bad (strict mode). */
export type ImportOutcome = { ok: true; report: ImportReport } | { ok: false; report: ImportReport };

/**
 * Where a kind's template, import and export live: a register kind's name (/api/v1/registry/<kind>/…),
 * or another module's own base path (e.g. '/api/v1/sensors' → /api/v1/sensors/template|import|export).
 */
const baseOf = (kind: string) => (kind.startsWith('/') ? kind : `/api/v1/registry/${encodeURIComponent(kind)}`);
const nameOf = (kind: string) => kind.split('/').pop() ?? kind;

export const tabularApi = {
  /** GET /api/v1/registry/:kind/template */
  downloadTemplate: (kind: string) => downloadFile(`${baseOf(kind)}/template`, `${nameOf(kind)}-template.xlsx`),

  /** GET /api/v1/registry/:kind/export with the list's current filters. */
  downloadExport: (kind: string, filters?: TabularFilters) =>
    downloadFile(withQuery(`${baseOf(kind)}/export`, filters), `${nameOf(kind)}.xlsx`),

  /** POST /api/v1/registry/:kind/import (multipart). A strict import with bad rows comes back as ok: false with its report. */
  async importFile(kind: string, file: File, options: { mode: ImportMode; dryRun?: boolean }): Promise<ImportOutcome> {
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const report = await http.upload<ImportReport>(`${baseOf(kind)}/import`, form, {
        mode: options.mode,
        dryRun: options.dryRun ? 'true' : undefined,
      });
      return { ok: true, report };
    } catch (error) {
      if (error instanceof ApiError && error.code === 'registry.import_invalid') {
        return { ok: false, report: error.details as ImportReport };
      }
      throw error;
    }
  },
};
