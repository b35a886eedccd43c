import { fromBeijingInput, toBeijingInput } from './beijingTime';

describe('deadlines in Beijing time', () => {
  it('shows an instant as Beijing wall-clock time', () => {
    expect(toBeijingInput('2026-03-31T15:59:59.000Z')).toBe('2026-03-31T23:59');
    expect(toBeijingInput('2026-12-31T18:00:00+08:00')).toBe('2026-12-31T18:00');
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
