/**
 * Working days on the Chinese calendar (工作日), for SLAs such as "a withdrawal request untouched
 * for 3 working days is overdue" (SPEC §3): weekends are off, public holidays are off, and the
 * make-up working days of 调休 (e.g. Sunday 2025-09-28, Saturday 2025-10-11) are on.
 *
 * Dates are those of Asia/Shanghai, whatever the host's time zone. China has kept UTC+8 without
 * daylight saving since 1991, so the offset is a constant and no time-zone database is needed
 * (browsers, Node and Temporal's workflow sandbox all compute the same answer).
 *
 * The holiday data is the table published by the npm package chinese-days (dist/chinese-days.json,
 * following the State Council's yearly notices). Only its data is used, not its functions: they
 * read the host's local time zone (isWorkday(new Date('2025-10-01T00:00+08:00')) is true on a UTC
 * host) and findWorkday defaults to the current time. Years outside the table (see
 * HOLIDAY_DATA_YEARS) count weekdays only; update chinese-days when the State Council publishes
 * the next year's arrangement (usually in November).
 *
 * Nothing here reads the clock: callers pass `now`, so workflow code may use it.
 */
import chineseDays from 'chinese-days/dist/chinese-days.json';
import { BEIJING_OFFSET_MS } from './time';

/** A calendar date in Asia/Shanghai, 'YYYY-MM-DD'. */
export type CalendarDate = string;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Date → "English name,中文名,days" as published; only the keys matter here. */
const HOLIDAYS: Readonly<Record<string, string>> = chineseDays.holidays;
/** 调休上班: weekend days that are working days. */
const MAKE_UP_WORKDAYS: Readonly<Record<string, string>> = chineseDays.workdays;

function yearsOf(table: Readonly<Record<string, string>>): number[] {
  return Object.keys(table).map((date) => Number(date.slice(0, 4)));
}

/** The first and last year the holiday table covers. */
export const HOLIDAY_DATA_YEARS: { readonly first: number; readonly last: number } = (() => {
  const years = [...yearsOf(HOLIDAYS), ...yearsOf(MAKE_UP_WORKDAYS)];
  return { first: Math.min(...years), last: Math.max(...years) };
})();

/** Days since 1970-01-01 in Asia/Shanghai: the calendar day an instant falls on. */
type DayNumber = number;

function dayOfInstant(instant: Date): DayNumber {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  return Math.floor((ms + BEIJING_OFFSET_MS) / DAY_MS);
}

/** The instant a Shanghai calendar day begins (00:00 +08:00). */
function startOfDay(day: DayNumber): number {
  return day * DAY_MS - BEIJING_OFFSET_MS;
}

function dateOfDay(day: DayNumber): CalendarDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function dayOfDate(date: CalendarDate): DayNumber {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const ms = Date.UTC(year, month - 1, day);
    // Date.UTC rolls 2025-02-30 over to March; a date that does not round-trip does not exist.
    if (dateOfDay(ms / DAY_MS) === date) return ms / DAY_MS;
  }
  throw new RangeError(`not a calendar date (YYYY-MM-DD): "${date}"`);
}

function toDay(date: Date | CalendarDate): DayNumber {
  return typeof date === 'string' ? dayOfDate(date) : dayOfInstant(date);
}

function isWorkingDayNumber(day: DayNumber): boolean {
  const date = dateOfDay(day);
  if (MAKE_UP_WORKDAYS[date] !== undefined) return true;
  if (HOLIDAYS[date] !== undefined) return false;
  const weekday = new Date(day * DAY_MS).getUTCDay(); // 0 Sunday … 6 Saturday
  return weekday >= 1 && weekday <= 5;
}

/** The Asia/Shanghai calendar date of an instant. */
export function shanghaiDate(instant: Date): CalendarDate {
  return dateOfDay(dayOfInstant(instant));
}

/**
 * Whether a day is a working day: a calendar date ('2025-10-01'), or an instant, which counts on
 * the day it falls on in Shanghai.
 */
export function isWorkingDay(date: Date | CalendarDate): boolean {
  return isWorkingDayNumber(toDay(date));
}

export interface DayDetail {
  date: CalendarDate;
  working: boolean;
  /** The holiday it belongs to (国庆节, 春节 …), for a public holiday or a make-up working day. */
  holiday?: string;
  /** 调休上班: a weekend day worked in exchange for a holiday. */
  makeUpWorkday: boolean;
}

/** What the calendar says about a day, for showing deadlines ("10月11日（调休上班）"). */
export function dayDetail(date: Date | CalendarDate): DayDetail {
  const day = toDay(date);
  const key = dateOfDay(day);
  const entry = MAKE_UP_WORKDAYS[key] ?? HOLIDAYS[key];
  // Entries read "National Day,国庆节,3": English name, Chinese name, length of the holiday.
  const holiday = entry?.split(',')[1];
  return {
    date: key,
    working: isWorkingDayNumber(day),
    ...(holiday ? { holiday } : {}),
    makeUpWorkday: MAKE_UP_WORKDAYS[key] !== undefined,
  };
}

/**
 * Working time between two instants, in milliseconds: the part of [from, to) that lies on working
 * days. Negative when `to` is before `from`.
 *
 * This is the one clock the SLA functions share: time passes on working days only, whole days at a
 * time, so a request made on Friday at 15:00 has waited one working day on Monday at 15:00, and one
 * made during the National Day holiday starts waiting on the first working day after it.
 */
export function workingTimeBetween(from: Date, to: Date): number {
  const [a, b] = [from.getTime(), to.getTime()];
  if (Number.isNaN(a) || Number.isNaN(b)) throw new RangeError('Invalid Date');
  if (b < a) return -workingTimeBetween(to, from);
  let total = 0;
  for (let day = dayOfInstant(from), last = dayOfInstant(to); day <= last; day++) {
    if (!isWorkingDayNumber(day)) continue;
    const start = Math.max(a, startOfDay(day));
    const end = Math.min(b, startOfDay(day + 1));
    if (end > start) total += end - start;
  }
  return total;
}

/**
 * Whole working days that have passed between two instants (rounded down; negative when `to` is
 * before `from`). workingDaysBetween(since, now) >= n exactly when isOverdue(since, now, n).
 */
export function workingDaysBetween(from: Date, to: Date): number {
  return Math.trunc(workingTimeBetween(from, to) / DAY_MS);
}

/**
 * The earliest instant at which `n` working days have passed since `instant`: Friday 15:00 plus 3
 * is the next Wednesday 15:00 (a normal week); an instant on a holiday counts from the start of the
 * next working day, so Saturday 10:00 plus 3 is the end of Wednesday (Thursday 00:00 Shanghai).
 */
export function addWorkingDays(instant: Date, n: number): Date {
  return moveWorkingDays('addWorkingDays', instant, n, 1);
}

/**
 * The latest instant `n` working days before `instant`: the mirror of addWorkingDays, for "remind the expert 2
 * working days before the review deadline". Friday 2026-10-09 12:00 minus 2 is Wednesday 2026-09-30 12:00 (the
 * National Day holiday in between does not count); a deadline on a holiday counts back from the end of the last
 * working day before it.
 */
export function subtractWorkingDays(instant: Date, n: number): Date {
  return moveWorkingDays('subtractWorkingDays', instant, n, -1);
}

/** `n` working days from `instant`, forward (`direction` 1) or back (-1), one day boundary at a time. */
function moveWorkingDays(name: string, instant: Date, n: number, direction: 1 | -1): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} needs a whole number ≥ 0, got ${n}`);
  let t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('Invalid Date');
  if (n === 0) return new Date(t);
  let remaining = n * DAY_MS;
  // The loop ends because working days recur (no year has more than a fortnight off in a row).
  for (;;) {
    // The day being crossed: going forward the one t falls on, going back the one just before t (so that midnight
    // counts as the end of the previous day); the boundary is that day's end or start.
    const day = dayOfInstant(new Date(direction === 1 ? t : t - 1));
    const boundary = startOfDay(direction === 1 ? day + 1 : day);
    const span = Math.abs(boundary - t);
    if (isWorkingDayNumber(day)) {
      if (remaining <= span) return new Date(t + direction * remaining);
      remaining -= span;
    }
    t = boundary;
  }
}

/**
 * Whether something waiting since `since` has waited `workingDays` working days or more by `now`
 * (SPEC §3: a withdrawal request untouched for 3 working days is overdue).
 */
export function isOverdue(since: Date, now: Date, workingDays = 3): boolean {
  // Defined through addWorkingDays so the two can never disagree (also for 0 days and for `now` before `since`).
  return now.getTime() >= addWorkingDays(since, workingDays).getTime();
}
