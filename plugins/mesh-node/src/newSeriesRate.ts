import type { SeriesView } from './evaluateMetricQuery';

/** Prometheus's lookback for an instant selector: a sample older than this is no longer "now". */
const LOOKBACK_MS = 5 * 60 * 1000;

/** The `up` series of each target, by job and instance (the labels Prometheus joins them on). */
export type TargetScrapes = (
  labels: Readonly<Record<string, string>>,
) => SeriesView | undefined;

export function targetScrapes(up: Iterable<SeriesView>): TargetScrapes {
  const byTarget = new Map<string, SeriesView>();
  const key = (l: Readonly<Record<string, string>>) =>
    `${l.job ?? ''}\u0000${l.instance ?? ''}`;
  for (const series of up) byTarget.set(key(series.labels), series);
  return labels => byTarget.get(key(labels));
}

/**
 * What `m / w and on(job, instance) sum_over_time(up[w]) >= 2` gives a series that has no rate
 * (fewer than two samples in the window), as `renderPromQL` asks Prometheus for
 * `RateQuery.countNewSeries`: its value over the window, counted from zero, when
 *
 * - the series is there at `atMs` — its latest sample is from its target's latest scrape, within
 *   Prometheus's five-minute lookback (a later scrape without it, or a failed one, ends it: the
 *   stale marker Prometheus writes), and
 * - its target had at least two successful scrapes in the window (`up` summed), so an earlier
 *   scrape did not have it: it is new, not merely first seen (a new target, a restart).
 *
 * Undefined otherwise. `up` holds the target's scrapes: 1 for each success, 0 for each failure.
 */
export function newSeriesRate(
  series: SeriesView,
  up: SeriesView | undefined,
  rangeStartMs: number,
  atMs: number,
  windowSeconds: number,
): number | undefined {
  if (!up) return undefined;
  const last = lowerBound(series.timestamps, atMs + 1) - 1;
  if (last < 0) return undefined;
  const seenAt = series.timestamps[last];
  if (atMs - seenAt > LOOKBACK_MS) return undefined;
  const lastScrape = lowerBound(up.timestamps, atMs + 1) - 1;
  if (lastScrape < 0 || up.timestamps[lastScrape] !== seenAt) return undefined;
  let successes = 0;
  for (let i = lowerBound(up.timestamps, rangeStartMs); i <= lastScrape; i += 1)
    successes += up.values[i];
  if (successes < 2) return undefined;
  return series.values[last] / windowSeconds;
}

/** First index whose timestamp is ≥ t. */
export function lowerBound(timestamps: readonly number[], t: number): number {
  let lo = 0;
  let hi = timestamps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timestamps[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
