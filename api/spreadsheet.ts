/**
 * Spreadsheet cells from text that people typed (issue 14.8, OWASP "CSV/formula injection"): a cell that starts with
 * = + - @ (or a tab or carriage return, which some programs skip before looking for them) could be taken for a formula
 * by Excel, WPS or LibreOffice when the file is opened or a cell is edited — `=HYPERLINK("http://…","点击")` would
 * become a live link. Such text is written with a leading apostrophe, the spreadsheet convention for "this is text".
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function safeCell<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/** Every string of a row made safe (numbers and dates stay what they are). */
export function safeRow<T extends Record<string, unknown>>(row: T): T {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, safeCell(v)])) as T;
}
