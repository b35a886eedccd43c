import fc from 'fast-check';
import {
  HOLIDAY_DATA_YEARS,
  addWorkingDays,
  dayDetail,
  isOverdue,
  isWorkingDay,
  shanghaiDate,
  subtractWorkingDays,
  workingDaysBetween,
  workingTimeBetween,
} from './calendar';

/** An instant written in Beijing time, as people in the programme read it. */
const beijing = (dateTime: string) => new Date(`${dateTime}+08:00`);
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

describe('working days on the Chinese calendar', () => {
  describe('2025 National Day and Mid-Autumn (10月1日至8日放假调休，9月28日、10月11日上班)', () => {
    it.each(['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08'])(
      '%s is a holiday',
      (date) => {
        expect(isWorkingDay(date)).toBe(false);
      },
    );

    it('works on Sunday 28 September and Saturday 11 October (调休上班)', () => {
      expect(isWorkingDay('2025-09-28')).toBe(true);
      expect(isWorkingDay('2025-10-11')).toBe(true);
      expect(dayDetail('2025-09-28')).toEqual({ date: '2025-09-28', working: true, holiday: '国庆节', makeUpWorkday: true });
      expect(dayDetail('2025-10-11')).toEqual({ date: '2025-10-11', working: true, holiday: '国庆节', makeUpWorkday: true });
    });

    it('names the holiday of each day off', () => {
      expect(dayDetail('2025-10-01')).toEqual({ date: '2025-10-01', working: false, holiday: '国庆节', makeUpWorkday: false });
      expect(dayDetail('2025-10-06')).toEqual({ date: '2025-10-06', working: false, holiday: '中秋', makeUpWorkday: false });
    });

    it('keeps ordinary weekends around the holiday', () => {
      expect(isWorkingDay('2025-09-27')).toBe(false); // Saturday
      expect(isWorkingDay('2025-09-30')).toBe(true); // Tuesday
      expect(isWorkingDay('2025-10-09')).toBe(true); // Thursday
      expect(isWorkingDay('2025-10-12')).toBe(false); // Sunday
      expect(dayDetail('2025-10-12')).toEqual({ date: '2025-10-12', working: false, makeUpWorkday: false });
    });
  });

  describe('2026 Spring Festival (2月15日至23日放假调休，2月14日、2月28日上班)', () => {
    it('is nine days off, from Sunday 15 to Monday 23 February', () => {
      const days = Array.from({ length: 9 }, (_, i) => `2026-02-${String(15 + i).padStart(2, '0')}`);
      for (const date of days) expect(dayDetail(date)).toMatchObject({ working: false, holiday: '春节' });
      expect(isWorkingDay('2026-02-13')).toBe(true);
      expect(isWorkingDay('2026-02-24')).toBe(true);
    });

    it('works on Saturdays 14 and 28 February', () => {
      expect(dayDetail('2026-02-14')).toEqual({ date: '2026-02-14', working: true, holiday: '春节', makeUpWorkday: true });
      expect(dayDetail('2026-02-28')).toEqual({ date: '2026-02-28', working: true, holiday: '春节', makeUpWorkday: true });
    });
  });

  it('knows which years its holiday table covers', () => {
    expect(HOLIDAY_DATA_YEARS.first).toBe(2004);
    expect(HOLIDAY_DATA_YEARS.last).toBeGreaterThanOrEqual(2026);
  });

  it('refuses a date that does not exist', () => {
    expect(() => isWorkingDay('2025-02-30')).toThrow(RangeError);
    expect(() => isWorkingDay('2025-9-30')).toThrow(RangeError);
    expect(() => isWorkingDay(new Date(Number.NaN))).toThrow(RangeError);
  });

  describe('instants count on their Beijing date, whatever the server time zone', () => {
    it('places an instant on its Shanghai calendar day', () => {
      expect(shanghaiDate(new Date('2025-09-30T15:59:59Z'))).toBe('2025-09-30');
      expect(shanghaiDate(new Date('2025-09-30T16:00:00Z'))).toBe('2025-10-01');
      expect(isWorkingDay(beijing('2025-09-30T23:59:59'))).toBe(true);
      expect(isWorkingDay(beijing('2025-10-01T00:00:00'))).toBe(false);
    });

    it.each(['UTC', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati'])('gives the same answers with TZ=%s', (tz) => {
      const saved = process.env.TZ;
      process.env.TZ = tz;
      try {
        expect(isWorkingDay(beijing('2025-10-01T00:30:00'))).toBe(false);
        expect(isWorkingDay(beijing('2025-10-11T23:30:00'))).toBe(true);
        expect(isWorkingDay('2025-10-01')).toBe(false);
        expect(addWorkingDays(beijing('2025-09-30T10:00:00'), 3)).toEqual(beijing('2025-10-11T10:00:00'));
      } finally {
        process.env.TZ = saved;
      }
    });
  });

  describe('addWorkingDays', () => {
    it('keeps the time of day across an ordinary weekend', () => {
      // Friday 2025-11-14 15:00 + 3 working days = Wednesday 2025-11-19 15:00.
      expect(addWorkingDays(beijing('2025-11-14T15:00:00'), 3)).toEqual(beijing('2025-11-19T15:00:00'));
      expect(addWorkingDays(beijing('2025-11-14T15:00:00'), 1)).toEqual(beijing('2025-11-17T15:00:00'));
    });

    it('skips the National Day holiday and counts the make-up Saturday', () => {
      // Tuesday 30 September: then Thursday 9, Friday 10 and Saturday 11 October (调休上班).
      expect(addWorkingDays(beijing('2025-09-30T10:00:00'), 3)).toEqual(beijing('2025-10-11T10:00:00'));
      // Saturday 27 September is off, Sunday 28 is worked.
      expect(addWorkingDays(beijing('2025-09-26T09:00:00'), 1)).toEqual(beijing('2025-09-28T09:00:00'));
    });

    it('starts counting on the first working day when asked on a holiday', () => {
      // 3 October, during the holiday: 9, 10 and 11 October in full, so done at the end of the 11th.
      expect(addWorkingDays(beijing('2025-10-03T10:00:00'), 3)).toEqual(beijing('2025-10-12T00:00:00'));
    });

    it('crosses the 2026 Spring Festival', () => {
      // Friday 13 February 17:00, then Saturday 14 (worked), the holiday, Tuesday 24 and Wednesday 25.
      expect(addWorkingDays(beijing('2026-02-13T17:00:00'), 3)).toEqual(beijing('2026-02-25T17:00:00'));
    });

    it('adds nothing for zero days', () => {
      expect(addWorkingDays(beijing('2025-10-03T10:00:00'), 0)).toEqual(beijing('2025-10-03T10:00:00'));
    });

    it('refuses a negative or fractional count', () => {
      expect(() => addWorkingDays(beijing('2025-10-03T10:00:00'), -1)).toThrow(RangeError);
      expect(() => addWorkingDays(beijing('2025-10-03T10:00:00'), 1.5)).toThrow(RangeError);
    });
  });

  describe('subtractWorkingDays (remind an expert 2 working days before the review deadline)', () => {
    it('counts back across the 2026 National Day holiday', () => {
      // Friday 9 October 12:00: half of the 9th, the whole 8th, then back over 1–7 October to Wednesday 30 September.
      expect(subtractWorkingDays(beijing('2026-10-09T12:00:00'), 2)).toEqual(beijing('2026-09-30T12:00:00'));
    });

    it('counts a make-up Saturday and skips an ordinary weekend', () => {
      // Monday 12 October 10:00 minus 1: back to Saturday 10 October (调休上班) 10:00.
      expect(subtractWorkingDays(beijing('2026-10-12T10:00:00'), 1)).toEqual(beijing('2026-10-10T10:00:00'));
      // Monday 16 November 2026 10:00 minus 1: Friday 13 November 10:00.
      expect(subtractWorkingDays(beijing('2026-11-16T10:00:00'), 1)).toEqual(beijing('2026-11-13T10:00:00'));
    });

    it('counts a deadline at midnight from the end of the previous working day', () => {
      // 00:00 of Saturday 17 October 2026 (the end of Friday 16th) minus 2 = 00:00 of Thursday 15th.
      expect(subtractWorkingDays(beijing('2026-10-17T00:00:00'), 2)).toEqual(beijing('2026-10-15T00:00:00'));
    });

    it('is the inverse of addWorkingDays on working time', () => {
      fc.assert(
        fc.property(fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2026, 10, 1) }), fc.integer({ min: 0, max: 10 }), (ms, n) => {
          const back = subtractWorkingDays(new Date(ms), n);
          expect(workingTimeBetween(back, new Date(ms))).toBe(n * 24 * 3600_000);
        }),
      );
    });
  });

  describe('workingDaysBetween', () => {
    it('counts whole working days, leaving out the holiday', () => {
      // Friday 26 September 10:00 to Monday 13 October 10:00: 26 (part), 28, 29, 30, 9, 10, 11, 13 (part).
      expect(workingDaysBetween(beijing('2025-09-26T10:00:00'), beijing('2025-10-13T10:00:00'))).toBe(7);
      expect(workingTimeBetween(beijing('2025-09-26T10:00:00'), beijing('2025-10-13T10:00:00'))).toBe(7 * DAY);
    });

    it('counts nothing over a holiday', () => {
      expect(workingDaysBetween(beijing('2025-10-01T00:00:00'), beijing('2025-10-09T00:00:00'))).toBe(0);
      expect(workingTimeBetween(beijing('2025-10-01T08:00:00'), beijing('2025-10-08T20:00:00'))).toBe(0);
    });

    it('rounds down a part day', () => {
      expect(workingDaysBetween(beijing('2025-11-14T15:00:00'), beijing('2025-11-19T14:59:59'))).toBe(2);
      expect(workingTimeBetween(beijing('2025-11-14T15:00:00'), beijing('2025-11-14T18:30:00'))).toBe(3.5 * HOUR);
    });

    it('is negative when the end comes first', () => {
      expect(workingDaysBetween(beijing('2025-10-13T10:00:00'), beijing('2025-09-26T10:00:00'))).toBe(-7);
    });
  });

  describe('isOverdue (a withdrawal request untouched for 3 working days)', () => {
    const asked = beijing('2025-09-30T10:00:00'); // Tuesday before National Day

    it('is not overdue during the holiday', () => {
      expect(isOverdue(asked, beijing('2025-10-08T23:59:59'))).toBe(false);
    });

    it('is not overdue until the third working day has passed', () => {
      expect(isOverdue(asked, beijing('2025-10-11T09:59:59'))).toBe(false);
      expect(isOverdue(asked, beijing('2025-10-11T10:00:00'))).toBe(true);
    });

    it('takes another number of working days when asked', () => {
      expect(isOverdue(asked, beijing('2025-10-09T10:00:00'), 1)).toBe(true);
      expect(isOverdue(asked, beijing('2025-10-09T09:59:59'), 1)).toBe(false);
    });

    it('agrees with addWorkingDays and workingDaysBetween for any two instants', () => {
      const instant = fc.date({ min: new Date('2024-12-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true });
      fc.assert(
        fc.property(instant, instant, fc.integer({ min: 0, max: 10 }), (since, now, days) => {
          const deadline = addWorkingDays(since, days);
          expect(isOverdue(since, now, days)).toBe(now.getTime() >= deadline.getTime());
          // workingDaysBetween counts 0 for `now` before `since`, where nothing can be overdue yet.
          if (now.getTime() >= since.getTime()) expect(isOverdue(since, now, days)).toBe(workingDaysBetween(since, now) >= days);
          else expect(isOverdue(since, now, days)).toBe(false);
          expect(workingTimeBetween(since, deadline)).toBe(days * DAY);
        }),
      );
    });
  });
});
