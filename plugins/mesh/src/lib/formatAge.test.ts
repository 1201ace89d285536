import { formatAge } from './formatAge';

describe('formatAge', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');

  it.each([
    ['2026-03-01T11:59:48Z', '12 s ago'],
    ['2026-03-01T11:57:00Z', '3 min ago'],
    ['2026-03-01T09:00:00Z', '3 h ago'],
    ['2026-02-25T12:00:00Z', '4 d ago'],
    ['2026-03-01T12:00:05Z', '0 s ago'],
  ])('formats %s as %s', (iso, expected) => {
    expect(formatAge(iso, now)).toBe(expected);
  });

  it('returns undefined for a missing or malformed time', () => {
    expect(formatAge(undefined, now)).toBeUndefined();
    expect(formatAge('yesterday', now)).toBeUndefined();
  });
});
