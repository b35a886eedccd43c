/**
 * Times in the UI: one format on every screen, 北京时间 `YYYY-MM-DD HH:mm` whatever the browser's own time zone or
 * locale. The text comes from the platform's one formatter, `beijingText` in domain/time.ts (the API's exports and
 * messages use the same).
 */
import { useFieldValue } from 'ra-core';
import type { FieldProps } from 'react-admin';
import { Typography } from '@mui/material';
import { beijingText } from '../../../domain/time';

/** An instant from the API as the platform shows it (2025-03-31 23:59); '—' when there is none. */
export function chinaTime(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  return beijingText(String(value)) || String(value);
}

/** react-admin field for an instant, in place of DateField (whose text depends on the browser's locale). */
export function BeijingDateField(props: FieldProps) {
  const value = useFieldValue(props);
  return (
    <Typography component="span" variant="body2" sx={{ whiteSpace: 'nowrap' }}>
      {chinaTime(value)}
    </Typography>
  );
}
