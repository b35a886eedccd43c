/* eslint-disable @typescript-eslint/no-explicit-any -- form values are untyped until the section's zod schema checks them */
/** Plain helpers of the declaration form screen: the browser's draft check, problems grouped by tab, tab order. */
import type { FieldValues, Resolver } from 'react-hook-form';
import { sectionSchema, SECTION_KEYS, TABS, tabOf, type Problem, type SectionKey } from '../../../../domain/form';
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
