import { histogramQuantile, parseBucketBound } from './histogramQuantile';

const h = (...pairs: Array<[number, number]>) =>
  pairs.map(([le, count]) => ({ le, count }));

// 2 observations ≤ 1, 4 more ≤ 2, 4 more ≤ 4, none above.
const FOUR = h([1, 2], [2, 6], [4, 10], [Infinity, 10]);

describe('histogramQuantile (Prometheus semantics, values worked by hand)', () => {
  it('interpolates linearly inside the bucket holding the rank', () => {
    expect(histogramQuantile(0.5, FOUR)).toBeCloseTo(1.75, 12); // rank 5: 1 + (5-2)/4
    expect(histogramQuantile(0.9, FOUR)).toBeCloseTo(3.5, 12); // rank 9: 2 + 2·(9-6)/4
    expect(histogramQuantile(1, FOUR)).toBeCloseTo(4, 12);
  });

  it('starts the lowest bucket at 0', () => {
    expect(histogramQuantile(0.1, FOUR)).toBeCloseTo(0.5, 12); // rank 1 of 2 in (0, 1]
  });

  it('answers the highest finite bound for a rank in the +Inf bucket', () => {
    expect(histogramQuantile(0.5, h([1, 1], [2, 2], [Infinity, 10]))).toBe(2);
    expect(histogramQuantile(0.99, h([1, 1], [2, 2], [Infinity, 10]))).toBe(2);
  });

  it('has no answer without observations, without +Inf or with +Inf alone', () => {
    expect(histogramQuantile(0.5, h([1, 0], [2, 0], [Infinity, 0]))).toBe(
      undefined,
    );
    expect(histogramQuantile(0.5, h([1, 2], [2, 6]))).toBeUndefined();
    expect(histogramQuantile(0.5, h([Infinity, 7]))).toBeUndefined();
    expect(histogramQuantile(0.5, [])).toBeUndefined();
    expect(histogramQuantile(NaN, FOUR)).toBeUndefined();
  });

  it('works with a single finite bucket', () => {
    expect(histogramQuantile(0.5, h([10, 4], [Infinity, 4]))).toBeCloseTo(
      5,
      12,
    );
  });

  it('sorts buckets and adds up repeated bounds (one histogram from several series)', () => {
    const shuffled = h([Infinity, 10], [2, 3], [4, 10], [1, 2], [2, 3]);
    // Merged le=2 is 6, as in FOUR; but le=1 then has 2 while le=2 holds 6 of 10.
    expect(histogramQuantile(0.5, shuffled)).toBeCloseTo(1.75, 12);
  });

  it('forces cumulative counts not to decrease', () => {
    // le=2 dipped below le=1 (scrapes are not atomic): it is read as 2.
    expect(
      histogramQuantile(0.5, h([1, 2], [2, 1], [4, 10], [Infinity, 10])),
    ).toBeCloseTo(2.75, 12); // rank 5 in (2, 4] holding 8: 2 + 2·3/8
  });

  it('returns a non-positive lowest bound as it is', () => {
    expect(histogramQuantile(0.25, h([-1, 2], [1, 4], [Infinity, 4]))).toBe(-1);
  });

  it('answers ±Infinity for q outside [0, 1], as Prometheus does', () => {
    expect(histogramQuantile(-0.1, FOUR)).toBe(-Infinity);
    expect(histogramQuantile(1.1, FOUR)).toBe(Infinity);
  });

  it('reads bucket bounds as Prometheus prints them', () => {
    expect(parseBucketBound('+Inf')).toBe(Infinity);
    expect(parseBucketBound('0.5')).toBe(0.5);
    expect(parseBucketBound('1e3')).toBe(1000);
    expect(parseBucketBound('')).toBeNaN();
  });
});
