import type { ZodType } from 'zod';
import { fieldPath } from '../providers/http';

/**
 * First message per field of a domain schema's result, keyed by react-hook-form path (`a.b.0.c`), so the
 * UI checks a form with the very schema the API parses it with and shows the same Chinese messages.
 */
export function zodFieldErrors(schema: ZodType, value: unknown): Record<string, string> {
  const result = schema.safeParse(value);
  if (result.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = fieldPath(issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)));
    if (!(key in errors)) errors[key] = issue.message;
  }
  return errors;
}

/** A react-admin `<SimpleForm validate>` from a domain schema (flat forms). */
export const zodFormValidator = (schema: ZodType) => (values: Record<string, unknown>) => zodFieldErrors(schema, values);
