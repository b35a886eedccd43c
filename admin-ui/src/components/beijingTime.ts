/**
 * Times in the UI, always 北京时间 whatever the browser's own time zone. The text itself comes from the platform's one
 * formatter, `beijingText` in domain/time.ts (the API's exports and messages use the same).
 */
import { beijingText } from '../../../domain/time';

/** An instant from the API as the platform shows it (2025-03-31 23:59:59); '—' when there is none. */
export function chinaTime(value: unknown): string {
  if (!value) return '—';
  return beijingText(String(value), { seconds: true }) || String(value);
}

/** react-admin's DateField options for the same: Beijing time, 24-hour clock. */
export const BEIJING: Intl.DateTimeFormatOptions = {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
};
