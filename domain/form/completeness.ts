/**
 * Completeness before 提交 (issue 12.4): what 提交 would say, computed from the same schemas, and how much of each
 * (sub-)tab is filled in.
 *
 * `submitProblems` is THE list the API answers a refused 提交 with (422 details, in that order): every tab's problems
 * (validateForSubmit), then the year's 企业信息, then 申报主体 eligibility. The browser runs the same function on what is
 * on the screen, so the meter and the server cannot disagree about what is missing.
 *
 * A field counts as *required* when leaving it empty, with everything else as it is, would be a 提交 problem at that
 * field: the static rules (请填写项目名称), the conditional ones (a built key system's 服务商, 现场价值 unless 用例不适用,
 * the 安全管理 chain, 宏站 数量 once 宏站 is described, 合作内容 with 合作单位) and the lists that need a row. It is
 * *filled* when it is not empty. Found by probing the submit schema field by field, so it never drifts from the rules.
 */
import { validateEnterpriseProfile, ENTERPRISE_PROFILE_LABELS } from './enterpriseProfile';
import { isBlank } from './fields';
import { eligibilityProblem } from '../eligibility';
import { materialItems, requiredMaterialKinds } from './materials';
import { formatPath, type Problem } from './problems';
import { SECTION_KEYS, type SectionKey } from './sections';
import { FIELD_LABELS, sectionSchema, sectionSubmitProblems, validateForSubmit } from './index';

export interface SubmitCheckInput {
  /** The form as saved (or, in the browser, as on the screen). */
  sections: Partial<Record<SectionKey, unknown>>;
  /** The campaign year's 企业信息 that 提交 snapshots (the registration data while none was saved). */
  enterprise: unknown;
  year: number;
  /** The ministry allowed this enterprise to declare although its 国民经济分类 is outside the notice's sectors. */
  eligibilityException: boolean;
}

/** The problems of the year's 企业信息, worded to send the user to the 企业信息 menu. */
export function enterpriseProblems(enterprise: unknown, year: number): Problem[] {
  const check = validateEnterpriseProfile(enterprise, 'submit');
  return check.ok ? [] : check.problems.map((p) => ({ ...p, message: `${p.message}（请在“企业信息”菜单中补充${year}年度企业信息）` }));
}

export function eligibilityProblems(input: Pick<SubmitCheckInput, 'enterprise' | 'eligibilityException'>): Problem[] {
  const code = (input.enterprise as { enterpriseInfo?: { nationalEconomyCode?: unknown } } | null | undefined)?.enterpriseInfo
    ?.nationalEconomyCode;
  const message = eligibilityProblem(typeof code === 'string' ? code : null, { exception: input.eligibilityException, when: 'submit' });
  return message ? [{ section: 'enterprise', path: 'enterpriseInfo.nationalEconomyCode', message }] : [];
}

/** Everything 提交 refuses, in the order the API lists it. Empty when 提交 would pass these checks. */
export function submitProblems(input: SubmitCheckInput): Problem[] {
  return [...validateForSubmit(input.sections), ...enterpriseProblems(input.enterprise, input.year), ...eligibilityProblems(input)];
}

export interface Meter {
  /** Required fields (as paths in the form's dot/bracket notation). */
  required: string[];
  /** Those of them that are filled in. */
  filled: string[];
  /** What 提交 would say about this part, exactly as the API words it. */
  problems: Problem[];
}

type Json = Record<string, unknown>;

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function getAt(values: unknown, keys: readonly (string | number)[]): unknown {
  return keys.reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Json)[key as string] : undefined), values);
}

function unsetAt(values: Json, keys: readonly string[]): void {
  const parent = getAt(values, keys.slice(0, -1));
  if (parent && typeof parent === 'object') delete (parent as Json)[keys[keys.length - 1]!];
}

function isEmptyValue(value: unknown): boolean {
  return isBlank(value) || (Array.isArray(value) && value.length === 0);
}

/**
 * The fields of a section from its labels: `a`, `a.b` (a group's field), `rows[].c` (a column of a list). A group's
 * own label (`address`) is not a field; a list's label is (a required list needs a row).
 */
function fieldsOf(labels: Readonly<Record<string, string>>): { plain: string[]; columns: { list: string; column: string }[] } {
  const keys = Object.keys(labels);
  const plain: string[] = [];
  const columns: { list: string; column: string }[] = [];
  for (const key of keys) {
    const row = /^(.+)\[\]\.(.+)$/.exec(key);
    if (row) {
      columns.push({ list: row[1]!, column: row[2]! });
      continue;
    }
    const isList = keys.some((other) => other.startsWith(`${key}[].`));
    const isGroup = keys.some((other) => other.startsWith(`${key}.`));
    if (isList || !isGroup) plain.push(key);
  }
  return { plain, columns };
}

function problemPaths(section: SectionKey, data: unknown): Set<string> {
  const result = sectionSchema(section, 'submit').safeParse(data);
  if (result.success) return new Set();
  return new Set(result.error.issues.map((issue) => formatPath(issue.path.map((k) => (typeof k === 'number' ? k : String(k))))));
}

/** Required and filled fields of one section (materials excepted: see materialsMeter). */
function sectionFields(section: Exclude<SectionKey, 'materials'>, data: unknown): { required: string[]; filled: string[] } {
  const values = (data && typeof data === 'object' ? data : {}) as Json;
  const { plain, columns } = fieldsOf(FIELD_LABELS[section]);
  const required: string[] = [];
  const filled: string[] = [];
  for (const path of plain) {
    const keys = path.split('.');
    const probe = clone(values);
    unsetAt(probe, keys);
    if (!problemPaths(section, probe).has(path)) continue;
    required.push(path);
    if (!isEmptyValue(getAt(values, keys))) filled.push(path);
  }
  // A column: empty it in every row at once (rows have no rules between them), then read which rows then miss it.
  const byList = new Map<string, string[]>();
  for (const { list, column } of columns) byList.set(list, [...(byList.get(list) ?? []), column]);
  for (const [list, listColumns] of byList) {
    const rows = getAt(values, list.split('.'));
    if (!Array.isArray(rows) || rows.length === 0) continue;
    for (const column of listColumns) {
      const probe = clone(values);
      for (const row of getAt(probe, list.split('.')) as unknown[]) if (row && typeof row === 'object') delete (row as Json)[column];
      const missing = problemPaths(section, probe);
      rows.forEach((row, index) => {
        const path = `${list}[${index}].${column}`;
        if (!missing.has(path)) return;
        required.push(path);
        if (!isEmptyValue(getAt(row, [column]))) filled.push(path);
      });
    }
  }
  return { required, filled };
}

function materialsFields(sections: Partial<Record<SectionKey, unknown>>): { required: string[]; filled: string[] } {
  const present = new Set(materialItems(sections.materials).map((i) => i.kind));
  const required = requiredMaterialKinds(sections);
  return { required, filled: required.filter((kind) => present.has(kind)) };
}

/** The meter of one section, given the whole form (some rules read other sections). */
export function sectionMeter(section: SectionKey, sections: Partial<Record<SectionKey, unknown>>): Meter {
  const { required, filled } = section === 'materials' ? materialsFields(sections) : sectionFields(section, sections[section]);
  return { required, filled, problems: sectionSubmitProblems(section, sections) };
}

/** The meter of the year's 企业信息 as 提交 reads it (shown on the 企业实体信息 tab). */
export function enterpriseMeter(input: Pick<SubmitCheckInput, 'enterprise' | 'year' | 'eligibilityException'>): Meter {
  const values = (input.enterprise && typeof input.enterprise === 'object' ? input.enterprise : {}) as Json;
  const required: string[] = [];
  const filled: string[] = [];
  for (const path of fieldsOf(ENTERPRISE_PROFILE_LABELS).plain) {
    const keys = path.split('.');
    const probe = clone(values);
    unsetAt(probe, keys);
    const check = validateEnterpriseProfile(probe, 'submit');
    if (check.ok || !check.problems.some((p) => p.path === path)) continue;
    required.push(path);
    if (!isEmptyValue(getAt(values, keys))) filled.push(path);
  }
  return { required, filled, problems: [...enterpriseProblems(input.enterprise, input.year), ...eligibilityProblems(input)] };
}

export interface FormMeter {
  sections: Record<SectionKey, Meter>;
  enterprise: Meter;
  /** Equal to submitProblems(input): the meter's problems in the API's order. */
  problems: Problem[];
}

export function formMeter(input: SubmitCheckInput): FormMeter {
  const sections = Object.fromEntries(SECTION_KEYS.map((s) => [s, sectionMeter(s, input.sections)])) as Record<SectionKey, Meter>;
  const enterprise = enterpriseMeter(input);
  return { sections, enterprise, problems: [...SECTION_KEYS.flatMap((s) => sections[s].problems), ...enterprise.problems] };
}

/** Several meters added up (a tab with sub-tabs). */
export function sumMeters(meters: readonly Meter[]): Meter {
  return {
    required: meters.flatMap((m) => m.required),
    filled: meters.flatMap((m) => m.filled),
    problems: meters.flatMap((m) => m.problems),
  };
}
