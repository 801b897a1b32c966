import type ExcelJSLib from 'exceljs';
import type PDFDocumentLib from 'pdfkit';

/**
 * The spreadsheet (exceljs) and PDF (pdfkit) libraries, loaded on first use and kept for the process.
 * They are the heaviest of the server's dependencies to load (issue 8: about 0.8 s and 0.5 s of a
 * database test file's import at load ~10, bench/README.md "Test suite time"), and most processes
 * (a test file, a command, a server that is never asked for an export) write no spreadsheet or PDF.
 * Import them through these functions, never at the top of a module (test/boundaries.test.ts).
 */
let excel: Promise<typeof ExcelJSLib> | undefined;
let pdf: Promise<typeof PDFDocumentLib> | undefined;

export function loadExcelJS(): Promise<typeof ExcelJSLib> {
  excel ??= import('exceljs').then(
    (m) => m.default,
    (err: unknown) => {
      excel = undefined;
      throw err;
    },
  );
  return excel;
}

/** The PDFDocument class of pdfkit. */
export function loadPDFDocument(): Promise<typeof PDFDocumentLib> {
  pdf ??= import('pdfkit').then(
    (m) => m.default,
    (err: unknown) => {
      pdf = undefined;
      throw err;
    },
  );
  return pdf;
}
