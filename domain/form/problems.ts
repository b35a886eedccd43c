/** What validation reports: one Problem per missing or wrong field, naming it in Chinese. */
import type { z } from 'zod';
import { messages } from './messages';
import type { SectionKey } from './sections';

export type Problem = { section: SectionKey | 'enterprise'; path: string; message: string };
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** zod issues → Problems: dot/bracket paths, and a row's problems prefixed with the list and row number. */
export function toProblems(
  section: Problem['section'],
  issues: readonly z.core.$ZodIssue[],
  labels: Readonly<Record<string, string>>,
): Problem[] {
  const problems = issues.map((issue) => {
    const path = issue.path.map((key) => (typeof key === 'number' ? key : String(key)));
    let message = issue.message;
    const rowIndex = path.findIndex((key) => typeof key === 'number');
    if (rowIndex > 0) {
      const listPath = path.slice(0, rowIndex).join('.');
      const isRowList = Object.keys(labels).some((labelPath) => labelPath.startsWith(`${listPath}[].`));
      if (isRowList) message = messages.inRow(labels[listPath] ?? listPath, path[rowIndex] as number, message);
    }
    return { section, path: formatPath(path), message };
  });
  // Cross-field problems are found after the fields' own: list them all in the order of the form.
  const fieldOrder = [...new Set(Object.keys(labels).map(topLevelKey))];
  const position = (problem: Problem) => fieldOrder.indexOf(topLevelKey(problem.path));
  return problems.sort((a, b) => position(a) - position(b));
}

function topLevelKey(path: string): string {
  return path.split(/[.[]/)[0];
}

export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${key}` : key),
    '',
  );
}
