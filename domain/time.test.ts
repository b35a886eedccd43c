import { beijingDate, beijingText, fromBeijingInput, toBeijingInput } from './time';

describe('北京时间 as the platform writes it', () => {
  it('writes an instant as Beijing wall-clock time to the minute', () => {
    expect(beijingText(new Date('2026-03-31T15:59:59.000Z'))).toBe('2026-03-31 23:59');
    expect(beijingText('2026-03-31T23:59:59+08:00')).toBe('2026-03-31 23:59');
    expect(beijingText(Date.parse('2026-01-01T00:00:00Z'))).toBe('2026-01-01 08:00');
  });

  it('writes seconds when asked (exports, the audit log)', () => {
    expect(beijingText('2024-10-14T01:12:53.400Z', { seconds: true })).toBe('2024-10-14 09:12:53');
  });

  it('crosses midnight and the year end by the Beijing calendar, not the UTC one', () => {
    expect(beijingText('2025-12-31T16:30:00Z')).toBe('2026-01-01 00:30');
    expect(beijingDate('2025-12-31T16:30:00Z')).toBe('2026-01-01');
    expect(beijingDate('2025-12-31T15:59:59Z')).toBe('2025-12-31');
  });

  it.each(['UTC', 'America/Los_Angeles', 'Asia/Shanghai'])('gives the same text with TZ=%s', (tz) => {
    const saved = process.env.TZ;
    process.env.TZ = tz;
    try {
      expect(beijingText('2026-04-10T15:59:59Z', { seconds: true })).toBe('2026-04-10 23:59:59');
    } finally {
      process.env.TZ = saved;
    }
  });

  it('leaves a missing or unreadable value empty instead of writing "Invalid Date"', () => {
    expect(beijingText(null)).toBe('');
    expect(beijingText(undefined)).toBe('');
    expect(beijingText('')).toBe('');
    expect(beijingText('not a time')).toBe('');
    expect(beijingDate(null)).toBe('');
  });
});

describe('deadlines typed in Beijing time', () => {
  it('shows an instant as Beijing wall-clock time in a datetime-local input', () => {
    expect(toBeijingInput('2026-03-31T15:59:59.000Z')).toBe('2026-03-31T23:59');
    expect(toBeijingInput('2026-12-31T18:00:00+08:00')).toBe('2026-12-31T18:00');
    expect(toBeijingInput('2026-12-31T18:00')).toBe('2026-12-31T18:00');
    expect(toBeijingInput(null)).toBe('');
  });

  it('sends what was typed as a Beijing instant', () => {
    expect(fromBeijingInput('2027-01-10T18:00')).toBe('2027-01-10T18:00:00+08:00');
    expect(fromBeijingInput('')).toBeNull();
  });

  it('gives back the same wall-clock time it showed', () => {
    const shown = toBeijingInput('2026-04-10T15:59:59.000Z');
    expect(toBeijingInput(fromBeijingInput(shown))).toBe(shown);
  });
});
