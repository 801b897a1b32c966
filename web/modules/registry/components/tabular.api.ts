import { ApiError, NetworkError } from '../../../app/http.ts';

/** The filters of a list, as they go into a query string (empty values are left out). */
export type TabularFilters = Record<string, string | number | boolean | null | undefined>;

export type ImportMode = 'strict' | 'clean_only';

export type ImportReport = {
  total: number;
  valid: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: { line: number; column: string | null; key: string | null; message: string }[];
  errorCount: number;
  ignoredColumns: string[];
  dryRun: boolean;
  mode: ImportMode;
};

/** An import either ran (ok) or was refused as a whole because some rows are bad (strict mode). */
export type ImportOutcome = { ok: true; report: ImportReport } | { ok: false; report: ImportReport };

function query(filters: TabularFilters = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

async function apiError(res: Response): Promise<ApiError> {
  let body: { error?: { code?: string; message?: string; details?: unknown }; requestId?: string } | undefined;
  try {
    body = (await res.json()) as typeof body;
  } catch {
    body = undefined;
  }
  return new ApiError(
    res.status,
    body?.error?.code ?? `http.${res.status}`,
    body?.error?.message ?? res.statusText,
    body?.error?.details,
    body?.requestId ?? null,
  );
}

/** The file name the server proposes in Content-Disposition (RFC 5987 form first). */
function filenameOf(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) return decodeURIComponent(star[1]);
  const plain = /filename="([^"]+)"/i.exec(header);
  return plain?.[1] ?? null;
}

/** Fetches a file and saves it through the browser (an error answer is thrown as ApiError, not saved). */
async function saveFile(url: string, fallbackName: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin' });
  } catch (err) {
    throw new NetworkError(err);
  }
  if (!res.ok) throw await apiError(res);
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filenameOf(res.headers.get('content-disposition')) ?? fallbackName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
}

export const tabularApi = {
  /** GET /api/v1/registry/:kind/template */
  downloadTemplate: (kind: string) =>
    saveFile(`/api/v1/registry/${encodeURIComponent(kind)}/template`, `${kind}-template.xlsx`),

  /** GET /api/v1/registry/:kind/export with the list's current filters. */
  downloadExport: (kind: string, filters?: TabularFilters) =>
    saveFile(`/api/v1/registry/${encodeURIComponent(kind)}/export${query(filters)}`, `${kind}.xlsx`),

  /** POST /api/v1/registry/:kind/import (multipart). A strict import with bad rows comes back as ok: false with its report. */
  async importFile(kind: string, file: File, options: { mode: ImportMode; dryRun?: boolean }): Promise<ImportOutcome> {
    const form = new FormData();
    form.append('file', file, file.name);
    let res: Response;
    try {
      res = await fetch(
        `/api/v1/registry/${encodeURIComponent(kind)}/import${query({ mode: options.mode, dryRun: options.dryRun ? 'true' : undefined })}`,
        { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json' }, body: form },
      );
    } catch (err) {
      throw new NetworkError(err);
    }
    if (res.ok) return { ok: true, report: (await res.json()) as ImportReport };
    const error = await apiError(res);
    if (error.code === 'registry.import_invalid') return { ok: false, report: error.details as ImportReport };
    throw error;
  },
};
