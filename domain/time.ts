/**
 * 北京时间: how the platform writes an instant for people (lists, exports, messages, the audit log), whatever the time
 * zone of the server or the browser. China has kept UTC+8 without daylight saving since 1991, so the offset is a
 * constant and no time-zone database is needed: Node, browsers and Temporal's workflow sandbox give the same text.
 *
 * The one formatter of the code base — the API, the activities and the admin UI all import it.
 */

/** Asia/Shanghai's distance from UTC, all year round. */
export const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

export interface BeijingTextOptions {
  /** `YYYY-MM-DD HH:mm:ss` instead of `YYYY-MM-DD HH:mm`: exports and the audit log, where seconds matter. */
  seconds?: boolean;
}

/** The wall-clock time in Beijing as an ISO-like text without offset ('2026-03-31T23:59:59.000'), or null. */
function beijingWallClock(value: Date | string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (Number.isNaN(ms)) return null;
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 23);
}

/**
 * An instant as Beijing wall-clock text: `2026-03-31 23:59`, or `2026-03-31 23:59:59` with `{ seconds: true }`.
 * Accepts a Date, an ISO text or epoch milliseconds; gives '' for a missing or unreadable value, so that a list
 * cell stays empty rather than saying "Invalid Date".
 */
export function beijingText(value: Date | string | number | null | undefined, options: BeijingTextOptions = {}): string {
  const wallClock = beijingWallClock(value);
  if (wallClock === null) return '';
  return wallClock.replace('T', ' ').slice(0, options.seconds ? 19 : 16);
}

/** The Beijing calendar date of an instant, `YYYY-MM-DD` ('' for a missing or unreadable value). */
export function beijingDate(value: Date | string | number | null | undefined): string {
  return beijingWallClock(value)?.slice(0, 10) ?? '';
}

const WALL_CLOCK_INPUT = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/;

/** An instant → `YYYY-MM-DDTHH:mm` in Beijing, the value of an `<input type="datetime-local">` ('' when missing). */
export function toBeijingInput(value: unknown): string {
  if (typeof value === 'string' && WALL_CLOCK_INPUT.test(value)) return value.slice(0, 16); // already wall-clock text
  if (!(value instanceof Date) && typeof value !== 'string' && typeof value !== 'number') return '';
  return beijingWallClock(value)?.slice(0, 16) ?? '';
}

/** `YYYY-MM-DDTHH:mm[:ss]` typed as Beijing time → the ISO instant with its offset, as the API expects. */
export function fromBeijingInput(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const match = WALL_CLOCK_INPUT.exec(value);
  if (!match) return value; // not a wall-clock value (already an instant): leave it to the server's check
  return `${match[1]}T${match[2]}${match[3] ?? ':00'}+08:00`;
}
