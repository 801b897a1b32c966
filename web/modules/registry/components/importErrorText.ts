import { isMessageKey, t } from '../../../app/i18n.ts';

/** One bad row of an import report as the server sends it. */
export type ImportRowError = { message: string; code?: string | null };

/**
 * The reason shown for a bad row: the importer's own (Chinese) reason for a cell or a row it refused
 * itself (no code, or one of the importers' `import.*` codes, whose message names the cell and its text),
 * and for a row a service refused, the web's text for the error code in the current locale — never the
 * service's English message. The register's imports and the hazard ledger's use it.
 */
export function importErrorText(e: ImportRowError): string {
  if (!e.code || e.code.startsWith('import.')) return e.message;
  const key = `errors.${e.code}`;
  return isMessageKey(key) ? t(key) : t('tabular.rowRefused', { code: e.code });
}
