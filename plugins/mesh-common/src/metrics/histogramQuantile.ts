/** Prometheus ignores relative differences this small between neighbouring buckets (float noise from rate()). */
const SMALL_DELTA_TOLERANCE = 1e-12;

/**
 * The q-quantile of a histogram given as cumulative bucket counts (or their rates), with
 * Prometheus' `histogram_quantile` semantics, so the direct-scrape source and a real Prometheus
 * give the same number:
 * - buckets are sorted by `le`, duplicates summed, counts forced non-decreasing;
 * - the quantile is interpolated linearly inside the bucket that holds its rank, the lowest
 *   bucket starting at 0 (or returning its bound when that is ≤ 0);
 * - a rank in the `+Inf` bucket returns the highest finite bound;
 * - q < 0 is -Infinity and q > 1 is +Infinity, as in Prometheus.
 * Undefined where Prometheus says NaN: no `+Inf` bucket, fewer than two buckets, no observations.
 */
export function histogramQuantile(
  q: number,
  buckets: Array<{ le: number; count: number }>,
): number | undefined {
  if (Number.isNaN(q)) return undefined;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = [...buckets]
    .filter(b => !Number.isNaN(b.le) && !Number.isNaN(b.count))
    .sort((a, b) => a.le - b.le);
  if (sorted.length === 0 || sorted[sorted.length - 1].le !== Infinity)
    return undefined;
  // The same bound from several series (e.g. an `le="1"` and an `le="1.0"`) is one bucket.
  const merged: Array<{ le: number; count: number }> = [];
  for (const b of sorted) {
    const last = merged[merged.length - 1];
    if (last && last.le === b.le) last.count += b.count;
    else merged.push({ le: b.le, count: b.count });
  }
  // Rates of cumulative counters can dip below the bucket before them (scrapes not atomic, float
  // error); like Prometheus, treat a bucket as holding at least what the ones below hold.
  for (let i = 1; i < merged.length; i += 1) {
    const prev = merged[i - 1].count;
    const cur = merged[i].count;
    if (cur < prev || Math.abs(cur - prev) <= SMALL_DELTA_TOLERANCE * cur)
      merged[i].count = prev;
  }
  if (merged.length < 2) return undefined;
  const observations = merged[merged.length - 1].count;
  if (!(observations > 0)) return undefined;
  let rank = q * observations;
  // The first finite bucket holding the rank; past all of them means the +Inf bucket.
  let b = merged.findIndex(
    (bucket, i) => i < merged.length - 1 && bucket.count >= rank,
  );
  if (b === -1) b = merged.length - 1;
  if (b === merged.length - 1) return merged[merged.length - 2].le;
  if (b === 0 && merged[0].le <= 0) return merged[0].le;
  let bucketStart = 0;
  const bucketEnd = merged[b].le;
  let count = merged[b].count;
  if (b > 0) {
    bucketStart = merged[b - 1].le;
    count -= merged[b - 1].count;
    rank -= merged[b - 1].count;
  }
  const value = bucketStart + (bucketEnd - bucketStart) * (rank / count);
  return Number.isNaN(value) ? undefined : value;
}

/** Prometheus' text for a bucket bound (`le="+Inf"`, `le="0.5"`) as a number; NaN when it is not one. */
export function parseBucketBound(le: string): number {
  if (le === '+Inf' || le === 'Inf' || le === 'inf' || le === '+inf')
    return Infinity;
  return le.trim() === '' ? NaN : Number(le);
}
