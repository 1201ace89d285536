import { parseDuration } from './duration';

describe('parseDuration', () => {
  it('accepts Go-style durations', () => {
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('100ms')).toBe(100);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('-2s')).toBe(-2000);
  });
  it('rejects what is not a duration', () => {
    for (const bad of ['', '10', '1.5', 's', '1x', '1s2', 'ms', '1 s'])
      expect(parseDuration(bad)).toBeUndefined();
  });
});
