/**
 * 对比版本 (issue 11.5): what changed between two saved versions of a declaration, field by field, with the Chinese
 * labels of FIELD_LABELS. Pure and browser-safe: the API answers a stale 推荐 with it and the UI renders it.
 *
 * - Blank values ('' / null / absent / [] / {}) are all "not filled": clearing a field is a removal, not a change.
 * - Lists of rows (边缘计算部署, 数据采集产品 …) are matched by content first (the longest common run of identical rows),
 *   so removing the first of three rows reads "第1行 已删除", not three changed rows; unmatched rows between two
 *   matched ones are compared field by field.
 * - A value that is a file id (a uuid: the form holds uploads by id) is a file: replacing it is `fileReplaced`, so the
 *   UI can show the two pictures side by side.
 */
import { SECTION_KEYS, SECTION_LABELS, type SectionKey } from './sections';
import { FIELD_LABELS } from './index';

export type ChangeKind = 'added' | 'removed' | 'changed' | 'rowAdded' | 'rowRemoved' | 'fileReplaced';

export interface FieldChange {
  section: SectionKey;
  sectionLabel: string;
  /** Path inside the section, rows by index: `edgeComputing[1].location`. */
  path: string;
  /** What a reader sees: `边缘计算部署 第2行 · 设备部署位置`. */
  label: string;
  kind: ChangeKind;
  /** The value before (absent for added), a whole row for rowRemoved. */
  before?: unknown;
  /** The value after (absent for removed), a whole row for rowAdded. */
  after?: unknown;
}

export const CHANGE_KIND_LABELS: Record<ChangeKind, string> = {
  added: '新填',
  removed: '已清空',
  changed: '已修改',
  rowAdded: '新增行',
  rowRemoved: '删除行',
  fileReplaced: '已更换',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isFileId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

type Plain = Record<string, unknown>;

function isObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBlankValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.every(isBlankValue);
  if (isObject(value)) return Object.values(value).every(isBlankValue);
  return false;
}

/** JSON with sorted keys and blanks dropped: two values that read the same compare equal. */
function canonical(value: unknown): string {
  if (isBlankValue(value)) return '';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => !isBlankValue(value[k]))
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function isRowList(value: unknown): value is Plain[] {
  return Array.isArray(value) && value.length > 0 && value.every(isObject);
}

/** Pairs of indexes of identical rows, in order (longest common subsequence). */
function commonRows(before: string[], after: string[]): [number, number][] {
  const n = before.length;
  const m = after.length;
  const table: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i]![j] = before[i] === after[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (before[i] === after[j]) pairs.push([i++, j++]);
    else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

class Walker {
  readonly changes: FieldChange[] = [];

  constructor(private readonly section: SectionKey) {}

  private orderOf(labelKey: string): number {
    const index = Object.keys(FIELD_LABELS[this.section]).indexOf(labelKey);
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  }

  private labelOf(labelKey: string): string {
    return FIELD_LABELS[this.section][labelKey] ?? labelKey.split(/[.[\]]+/).filter(Boolean).pop() ?? labelKey;
  }

  private push(kind: ChangeKind, path: string, label: string, before: unknown, after: unknown): void {
    const change: FieldChange = { section: this.section, sectionLabel: SECTION_LABELS[this.section], path, label, kind };
    if (!isBlankValue(before)) change.before = before;
    if (!isBlankValue(after)) change.after = after;
    this.changes.push(change);
  }

  /**
   * @param path    the path with row indexes (`edgeComputing[1].location`)
   * @param labelKey the FIELD_LABELS key (`edgeComputing[].location`)
   * @param prefix  what goes before the field's label inside a row (`边缘计算部署 第2行 · `)
   */
  walk(before: unknown, after: unknown, path: string, labelKey: string, prefix: string): void {
    if (canonical(before) === canonical(after)) return;
    if (isObject(before) || isObject(after)) {
      const a = isObject(before) ? before : {};
      const b = isObject(after) ? after : {};
      // In the form's own order (the order of FIELD_LABELS), whatever order the stored JSON has.
      const keyOf = (key: string) => (labelKey ? `${labelKey}.${key}` : key);
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort((x, y) => this.orderOf(keyOf(x)) - this.orderOf(keyOf(y)) || x.localeCompare(y));
      for (const key of keys) this.walk(a[key], b[key], path ? `${path}.${key}` : key, keyOf(key), prefix);
      return;
    }
    if (isRowList(before) || isRowList(after)) {
      this.rows(isRowList(before) ? before : [], isRowList(after) ? after : [], path, labelKey);
      return;
    }
    const label = `${prefix}${this.labelOf(labelKey)}`;
    if (isBlankValue(before)) this.push('added', path, label, before, after);
    else if (isBlankValue(after)) this.push('removed', path, label, before, after);
    else if (isFileId(before) && isFileId(after)) this.push('fileReplaced', path, label, before, after);
    else this.push('changed', path, label, before, after);
  }

  private rows(before: Plain[], after: Plain[], path: string, labelKey: string): void {
    const listLabel = this.labelOf(labelKey);
    const pairs = commonRows(before.map(canonical), after.map(canonical));
    let [i, j] = [0, 0];
    for (const [pi, pj] of [...pairs, [before.length, after.length] as [number, number]]) {
      // Rows between two unchanged ones: pair them in order, the rest were added or removed.
      while (i < pi && j < pj) {
        this.walk(before[i], after[j], `${path}[${j}]`, `${labelKey}[]`, `${listLabel} 第${j + 1}行 · `);
        i++;
        j++;
      }
      for (; i < pi; i++) this.push('rowRemoved', `${path}[${i}]`, `${listLabel} 原第${i + 1}行`, before[i], undefined);
      for (; j < pj; j++) this.push('rowAdded', `${path}[${j}]`, `${listLabel} 第${j + 1}行`, undefined, after[j]);
      i = pi + 1;
      j = pj + 1;
    }
  }
}

/** Every field that differs between two versions of the form, section by section in the form's order. */
export function diffForms(before: Partial<Record<string, unknown>>, after: Partial<Record<string, unknown>>): FieldChange[] {
  return SECTION_KEYS.flatMap((section) => {
    const walker = new Walker(section);
    walker.walk(before[section], after[section], '', '', '');
    return walker.changes;
  });
}

/** A value as text for people: lists joined with 、, booleans 是/否, blanks —. */
export function displayValue(value: unknown): string {
  if (isBlankValue(value)) return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) return value.map(displayValue).join('、');
  if (isObject(value)) {
    return Object.values(value)
      .filter((v) => !isBlankValue(v))
      .map(displayValue)
      .join('，');
  }
  return String(value);
}
