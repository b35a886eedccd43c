/**
 * Reading an uploaded .xlsx export of the old platform (accounts, projects): the first sheet, columns found by their
 * header text in row 1 (any order, other columns ignored, a few spellings per column), every non-empty row as text
 * (NFC) with its row number as Excel shows it. Refusals are 422 with Chinese messages naming the file or the column.
 */
import ExcelJS from 'exceljs';
import multer from 'multer';
import type { Request, Response } from 'express';
import { ApiError, unprocessable } from './errors';
import { textProblem } from '../domain/text';

export const XLSX_IMPORT_MESSAGES = {
  fileRequired: '请选择要导入的 .xlsx 文件',
  fileTooLarge: '文件不能超过5MB',
  fileNotXlsx: '请上传 Excel 文件（.xlsx）',
  fileUnreadable: '文件无法读取，请上传旧平台导出的 .xlsx 文件',
  missingColumns: (columns: string[]) => `缺少列：${columns.join('、')}`,
  tooManyRows: (max: number) => `一次最多导入${max}行`,
} as const;
const M = XLSX_IMPORT_MESSAGES;

export const XLSX_IMPORT_MAX_BYTES = 5 * 1024 * 1024;

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: XLSX_IMPORT_MAX_BYTES, files: 1, fields: 5 } }).single('file');

/** The multipart field `file` (≤ 5 MB), or a 413/422/400 in Chinese. */
export function receiveXlsx(req: Request, res: Response): Promise<Express.Multer.File> {
  return new Promise<Express.Multer.File>((resolve, reject) => {
    if (!req.is('multipart/form-data')) return reject(unprocessable(M.fileRequired, [{ path: 'file', message: M.fileRequired }]));
    upload(req, res, (err: unknown) => {
      if (err instanceof multer.MulterError) {
        if (err.code === 'LIMIT_FILE_SIZE') return reject(new ApiError(413, 'FILE_TOO_LARGE', M.fileTooLarge));
        return reject(unprocessable(M.fileRequired, [{ path: 'file', message: M.fileRequired }]));
      }
      if (err) return reject(new ApiError(400, 'BAD_UPLOAD', M.fileUnreadable));
      if (!req.file) return reject(unprocessable(M.fileRequired, [{ path: 'file', message: M.fileRequired }]));
      resolve(req.file);
    });
  });
}

export interface XlsxImportRow<K extends string> {
  /** Row number in the sheet (header is row 1), as the user sees it in Excel. */
  row: number;
  /** Every column of the layout; '' where the cell is empty or the optional column is absent. */
  values: Record<K, string>;
}

export interface XlsxLayout<K extends string> {
  /** Header spellings per column (the first that appears is used). */
  columns: Record<K, readonly string[]>;
  /** The column's name in messages. */
  labels: Record<K, string>;
  /** Columns that may be absent from the file. */
  optional?: readonly NoInfer<K>[];
  maxRows: number;
  /** Message when the sheet has no data row, e.g. 文件中没有企业数据. */
  noRows: string;
}

function cellText(value: ExcelJS.CellValue): string {
  return rawCellText(value).normalize('NFC');
}

function rawCellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('').trim();
    if ('text' in value) return String(value.text).trim();
    if ('result' in value) return String(value.result ?? '').trim();
    if (value instanceof Date) return value.toISOString();
  }
  return String(value).trim();
}

export async function readXlsxRows<K extends string>(file: { buffer: Buffer }, layout: XlsxLayout<K>): Promise<XlsxImportRow<K>[]> {
  // .xlsx is a zip: check the content, not the name.
  if (file.buffer.length < 4 || file.buffer.readUInt32LE(0) !== 0x04034b50) {
    throw unprocessable(M.fileNotXlsx, [{ path: 'file', message: M.fileNotXlsx }], 'FILE_TYPE');
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file.buffer as unknown as ExcelJS.Buffer);
  } catch {
    throw unprocessable(M.fileUnreadable, [{ path: 'file', message: M.fileUnreadable }], 'FILE_UNREADABLE');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw unprocessable(layout.noRows, [{ path: 'file', message: layout.noRows }], 'FILE_EMPTY');
  const keys = Object.keys(layout.columns) as K[];
  const columnOf = {} as Record<K, number>;
  sheet.getRow(1).eachCell((cell, col) => {
    const text = cellText(cell.value).replace(/\s/g, '');
    for (const key of keys) if (columnOf[key] === undefined && layout.columns[key].includes(text)) columnOf[key] = col;
  });
  const missing = keys.filter((k) => columnOf[k] === undefined && !layout.optional?.includes(k)).map((k) => layout.labels[k]);
  if (missing.length) throw unprocessable(M.missingColumns(missing), missing.map((c) => ({ path: c, message: M.missingColumns([c]) })), 'IMPORT_COLUMNS');
  const rows: XlsxImportRow<K>[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const values = Object.fromEntries(keys.map((k) => [k, columnOf[k] === undefined ? '' : cellText(row.getCell(columnOf[k]).value)])) as Record<K, string>;
    if (Object.values<string>(values).every((v) => v === '')) continue;
    rows.push({ row: r, values });
    if (rows.length > layout.maxRows) throw unprocessable(M.tooManyRows(layout.maxRows), [{ path: 'file', message: M.tooManyRows(layout.maxRows) }], 'IMPORT_TOO_MANY_ROWS');
  }
  if (!rows.length) throw unprocessable(layout.noRows, [{ path: 'file', message: layout.noRows }], 'FILE_EMPTY');
  return rows;
}

/** True when PostgreSQL can store every cell of the row (an .xlsx can encode control characters as _x0000_). */
export function storableRow(row: XlsxImportRow<string>): boolean {
  return Object.values<string>(row.values).every((v) => !textProblem(v));
}

/** Reports each cell PostgreSQL cannot store through `problem`; true when there was one (check the row no further). */
export function reportUnstorableCells<K extends string>(values: Record<K, string>, problem: (column: K, message: string) => void): boolean {
  let found = false;
  for (const column of Object.keys(values) as K[]) {
    const why = textProblem(values[column]);
    if (why) problem(column, why);
    found ||= !!why;
  }
  return found;
}
