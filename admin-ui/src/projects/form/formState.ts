/* eslint-disable @typescript-eslint/no-explicit-any -- form values are untyped until the section's zod schema checks them */
/** Plain helpers of the declaration form screen: the browser's draft check, problems grouped by tab, tab order. */
import type { FieldValues, Resolver } from 'react-hook-form';
import { saveOrderProblems, sectionSchema, SECTION_KEYS, TABS, tabOf, type Problem, type SectionKey } from '../../../../domain/form';
import { zodFieldErrors } from '../../components/zodErrors';
import { fieldPath } from '../../providers/http';
import { valuesToSave } from './layout';

/** Put a message at a dotted path of a react-hook-form errors object (`edgeComputing.0.location`). */
export function setErrorAt(errors: Record<string, any>, path: string, message: string): void {
  const keys = path.split('.').filter(Boolean);
  let node = errors;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) {
      node[key] ??= { type: 'manual', message };
      return;
    }
    node[key] ??= /^\d+$/.test(keys[i + 1]) ? [] : {};
    node = node[key];
  });
}

/**
 * 暂存 checks formats in the browser with the very draft schema the API applies, so a wrong value is marked
 * before anything is sent (the server still checks, and its messages land on the same fields).
 */
export function draftResolver(section: SectionKey): Resolver<FieldValues> {
  const schema = sectionSchema(section, 'draft');
  return async (values) => {
    const flat = zodFieldErrors(schema, valuesToSave(section, values));
    // 项目情况 is never saved without a 项目名称 (the order rule the API applies too).
    for (const problem of saveOrderProblems(section, values)) flat[problem.path] ??= problem.message;
    const keys = Object.keys(flat);
    if (keys.length === 0) return { values, errors: {} };
    const errors: Record<string, any> = {};
    for (const key of keys) setErrorAt(errors, key || 'root', flat[key]);
    return { values: {}, errors };
  };
}

/** The section a problem belongs to on screen; 企业信息 problems show on the 企业实体信息 tab. */
export function sectionOfProblem(problem: Problem): SectionKey {
  return problem.section === 'enterprise' ? 'contacts' : problem.section;
}

export interface ProblemGroup {
  tabKey: string;
  tabLabel: string;
  problems: Problem[];
}

/** The server's 422 details of 提交, grouped by the form's four tabs in their order. */
export function groupProblemsByTab(problems: readonly Problem[]): ProblemGroup[] {
  return TABS.map((tab) => ({
    tabKey: tab.key,
    tabLabel: tab.label,
    problems: problems.filter((p) => tabOf(sectionOfProblem(p)).key === tab.key),
  })).filter((group) => group.problems.length > 0);
}

export function nextSection(section: SectionKey): SectionKey | undefined {
  return SECTION_KEYS[SECTION_KEYS.indexOf(section) + 1];
}

export const LAST_SECTION: SectionKey = SECTION_KEYS[SECTION_KEYS.length - 1];

/** Problems of one section as react-hook-form field errors (path → message). */
export function problemsOf(section: SectionKey, problems: readonly Problem[]): { path: string; message: string }[] {
  return problems
    .filter((p) => p.section === section)
    .map((p) => ({ path: fieldPath(p.path), message: p.message }));
}

// ---------------------------------------------------------------------------------------------------------------
// Unsaved input and completeness

/**
 * A section's values as 暂存 would store them: hidden and computed fields dropped, then the draft schema's
 * normalisation (blanks dropped, texts trimmed, totals recomputed). What the server would hold after a save.
 */
export function normalizedSection(section: SectionKey, values: unknown): unknown {
  const toSave = valuesToSave(section, (values ?? {}) as Record<string, any>);
  const result = sectionSchema(section, 'draft').safeParse(toSave);
  return result.success ? result.data : toSave;
}

/** Whether the values on screen differ from what the server has saved for the section. */
export function differsFromSaved(section: SectionKey, values: unknown, saved: unknown): boolean {
  return JSON.stringify(normalizedSection(section, values)) !== JSON.stringify(normalizedSection(section, saved ?? {}));
}

/** The form as 提交 would read it if every unsaved section were saved now. */
export function formAsIfSaved(
  saved: Partial<Record<SectionKey, unknown>> | undefined,
  unsaved: Partial<Record<SectionKey, unknown>>,
): Partial<Record<SectionKey, unknown>> {
  const form: Partial<Record<SectionKey, unknown>> = { ...(saved ?? {}) };
  for (const [section, values] of Object.entries(unsaved) as [SectionKey, unknown][]) {
    form[section] = normalizedSection(section, values);
  }
  return form;
}

/** A problem's or a required field's path as react-hook-form writes it (`edgeComputing.0.location`). */
export function formPath(path: string): string {
  return fieldPath(path);
}

/** The columns of a list that every row must fill in (from the submit schema, probing one empty row). */
export function requiredColumns(section: SectionKey, list: string): string[] {
  const key = `${section}:${list}`;
  const cached = REQUIRED_COLUMNS.get(key);
  if (cached) return cached;
  const result = sectionSchema(section, 'submit').safeParse({ [list]: [{}] });
  const prefix = `${list}.0.`;
  const columns = result.success
    ? []
    : [...new Set(result.error.issues.map((i) => fieldPath(i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)))).filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length)))];
  REQUIRED_COLUMNS.set(key, columns);
  return columns;
}
const REQUIRED_COLUMNS = new Map<string, string[]>();
