/**
 * Spreadsheet cells from text that people typed (issue 14.8, OWASP "CSV/formula injection"): a cell that starts with
 * = + - @ (or a tab or carriage return, which some programs skip before looking for them) could be taken for a formula
 * by Excel, WPS or LibreOffice when the file is opened or a cell is edited — `=HYPERLINK("http://…","点击")` would
 * become a live link. Such text is written with a leading apostrophe, the spreadsheet convention for "this is text".
 */
import ExcelJS from 'exceljs';
import type { Response } from 'express';

const FORMULA_START = /^[=+\-@\t\r]/;

export function safeCell<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/** Every string of a row made safe (numbers and dates stay what they are). */
export function safeRow<T extends Record<string, unknown>>(row: T): T {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, safeCell(v)])) as T;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The OpenAPI answer of an .xlsx download route. */
export const XLSX_RESPONSE = { contentType: XLSX_TYPE, description: 'Excel 文件' };

/**
 * A streamed .xlsx answer with one sheet and a bold header row: `fileName` is the Chinese name the browser saves
 * (RFC 6266 filename*), `asciiName` the fallback for old clients. Every row goes through safeRow; memory stays flat
 * because each row is committed as it is written.
 */
export function xlsxDownload(res: Response, o: { asciiName: string; fileName: string; sheetName: string; columns: { header: string; key: string; width: number }[] }) {
  res.setHeader('Content-Type', XLSX_TYPE);
  res.setHeader('Content-Disposition', `attachment; filename="${o.asciiName}"; filename*=UTF-8''${encodeURIComponent(o.fileName)}`);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(o.sheetName);
  sheet.columns = o.columns;
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  return {
    add: (row: Record<string, unknown>) => sheet.addRow(safeRow(row)).commit(),
    finish: async () => {
      sheet.commit();
      await workbook.commit();
    },
  };
}
