import { extrapolatedRate } from './extrapolatedRate';

const s = (seconds: number) => seconds * 1000;

describe('extrapolatedRate (Prometheus 2.x rate())', () => {
  it('is undefined with fewer than two samples, as Prometheus returns nothing', () => {
    expect(extrapolatedRate([s(10)], [5], s(0), s(60))).toBeUndefined();
    expect(extrapolatedRate([], [], s(0), s(60))).toBeUndefined();
  });

  it('extrapolates to both ends when the samples come close to them', () => {
    // Every 10 s from t=5 to t=55, +10 each: 50 counted over 50 s, ends 5 s away (< 1.1 × 10 s),
    // so Prometheus extrapolates to the full 60 s: 60 increase / 60 s = 1/s.
    const t = [5, 15, 25, 35, 45, 55].map(s);
    const v = [100, 110, 120, 130, 140, 150];
    expect(extrapolatedRate(t, v, s(0), s(60))).toBeCloseTo(1, 10);
  });

  it('extrapolates only half an interval where the series starts or stops inside the range', () => {
    // Samples from t=30 to t=50 in a 60 s range, 10 s apart (threshold 11 s): 30 s to the start
    // is a gap, so only 5 s are added there; 10 s to the end is extrapolated fully.
    // 20 increase × (20 + 5 + 10) / 20, per 60 s.
    const t = [30, 40, 50].map(s);
    const v = [1000, 1010, 1020];
    expect(extrapolatedRate(t, v, s(0), s(60))).toBeCloseTo(
      (20 * (35 / 20)) / 60,
      10,
    );
  });

  it('does not extrapolate back past the counter being zero', () => {
    // 2 → 12 → 22 over 20 s: at 1/s the counter was zero 2 s before the first sample, closer than
    // the 5 s to the range start, so the start is extrapolated by 2 s only.
    const t = [5, 15, 25].map(s);
    const v = [2, 12, 22];
    const expected = (20 * ((20 + 2 + 5) / 20)) / 30;
    expect(extrapolatedRate(t, v, s(0), s(30))).toBeCloseTo(expected, 10);
  });

  it('adds back what was counted before a counter reset', () => {
    // 100 → 150, reset, 20 → 70: an increase of 50 + 20 + 50 = 120 (the reset counts from 0).
    const t = [0, 10, 20, 30].map(s);
    const v = [100, 150, 20, 70];
    // Range [0, 30] exactly covered: no extrapolation, 120 / 30 s.
    expect(extrapolatedRate(t, v, s(0), s(30))).toBeCloseTo(4, 10);
  });

  it('handles several resets', () => {
    const t = [0, 10, 20, 30, 40].map(s);
    const v = [10, 5, 8, 1, 4];
    // 10 → 5 (reset, +5), 5 → 8 (+3), 8 → 1 (reset, +1), 1 → 4 (+3): 12 over 40 s.
    expect(extrapolatedRate(t, v, s(0), s(40))).toBeCloseTo(12 / 40, 10);
  });

  it('gives 0 for a counter that did not move', () => {
    expect(extrapolatedRate([s(1), s(2)], [7, 7], s(0), s(3))).toBe(0);
  });
});
