/** Helpers for the form's tests (not used by the application). */
import { exampleForm, validateSection, type FormMode, type SectionKey } from './index';

export type Example = ReturnType<typeof exampleForm>;

/** The problems of one section of the example form after applying a change, as [path, message] pairs. */
export function problemsAfter<S extends SectionKey>(
  section: S,
  change: (data: Example[S]) => unknown,
  mode: FormMode = 'submit',
): [string, string][] {
  const data = exampleForm()[section];
  const changed = change(data) ?? data;
  const result = validateSection(section, changed, mode);
  return result.ok ? [] : result.problems.map((p) => [p.path, p.message]);
}
