/**
 * The platform states every deadline in Beijing time (UTC+8, no daylight saving), whatever the browser's own
 * time zone: a datetime-local input shows and takes Beijing wall-clock time, and the API gets an ISO instant.
 */
const BEIJING_OFFSET_MS = 8 * 3600_000;
const LOCAL_INPUT = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/;

/** An instant from the API → 'YYYY-MM-DDTHH:mm' in Beijing, for <input type="datetime-local">. */
export function toBeijingInput(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string' && LOCAL_INPUT.test(value)) return value.slice(0, 16);
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) return '';
  return new Date(date.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 16);
}

/** 'YYYY-MM-DDTHH:mm' typed as Beijing time → the ISO instant with its offset, as the API expects. */
export function fromBeijingInput(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const match = LOCAL_INPUT.exec(value);
  if (!match) return value; // not a wall-clock value (already an instant): leave it to the server's check
  return `${match[1]}T${match[2]}${match[3] ?? ':00'}+08:00`;
}

/** DateField options: dates and times as shown in Beijing (the platform's time), 24-hour clock. */
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
