import { InputError } from '@backstage/errors';
import {
  histogramQuantile,
  keepPreferred,
  MetricQuery,
  MetricSample,
  parseBucketBound,
  preferredAlternatives,
  seriesMatches,
} from '@meshport/plugin-mesh-common';
import { extrapolatedRate } from './extrapolatedRate';
import { lowerBound, newSeriesRate, targetScrapes } from './newSeriesRate';

/** One stored series as the evaluator reads it: ascending timestamps (ms) and their values. */
export interface SeriesView {
  labels: Readonly<Record<string, string>>;
  timestamps: readonly number[];
  values: readonly number[];
}

/** The series whose metric name is `name` (e.g. `istio_requests_total`). */
export type SeriesLookup = (name: string) => Iterable<SeriesView>;

/**
 * Evaluates a `MetricQuery` at `atMs` the way Prometheus evaluates the PromQL `renderPromQL`
 * prints for it: `rate()` per series (Prometheus's extrapolation and counter resets), `sum by`
 * the query's labels, and for quantiles `histogram_quantile` over the per-`le` summed rates.
 * Samples whose value is NaN (a histogram without observations) are left out, as the Prometheus
 * source leaves them out, so both sources answer alike. `prefer` evaluates each alternative and
 * keeps each group's first answer. A rate query that counts new series reads each target's `up`
 * (see `newSeriesRate`).
 */
export function evaluateMetricQuery(
  query: MetricQuery,
  lookup: SeriesLookup,
  atMs: number,
): MetricSample[] {
  if (query.prefer)
    return keepPreferred(
      preferredAlternatives(query).map(a =>
        evaluateMetricQuery(a, lookup, atMs),
      ),
      query.prefer.label,
    );
  const matches = compileMatchers(query);
  const rangeStartMs = atMs - query.windowSeconds * 1000;
  const name = query.kind === 'rate' ? query.metric : `${query.metric}_bucket`;
  const groupLabels =
    query.kind === 'rate'
      ? query.by
      : [...query.by.filter(l => l !== 'le'), 'le'];

  const scrapesOf =
    query.kind === 'rate' && query.countNewSeries
      ? targetScrapes(lookup('up'))
      : undefined;

  const sums = new Map<string, MetricSample>();
  for (const series of lookup(name)) {
    if (!matches(series.labels)) continue;
    let rate = rateInRange(series, rangeStartMs, atMs);
    if (rate === undefined && scrapesOf)
      rate = newSeriesRate(
        series,
        scrapesOf(series.labels),
        rangeStartMs,
        atMs,
        query.windowSeconds,
      );
    if (rate === undefined) continue;
    const labels = pickLabels(series.labels, groupLabels);
    const key = groupKey(labels, groupLabels);
    const sum = sums.get(key);
    if (sum) sum.value += rate;
    else sums.set(key, { labels, value: rate });
  }

  if (query.kind === 'rate') {
    return [...sums.values()].filter(s => !Number.isNaN(s.value));
  }

  // histogram_quantile: the buckets of one group are the summed series that differ only in `le`.
  const by = groupLabels.slice(0, -1);
  const groups = new Map<
    string,
    {
      labels: Record<string, string>;
      buckets: Array<{ le: number; count: number }>;
    }
  >();
  for (const { labels, value } of sums.values()) {
    const le = parseBucketBound(labels.le ?? '');
    if (Number.isNaN(le)) continue; // Prometheus ignores buckets whose le is not a number
    const { le: _le, ...rest } = labels;
    const key = groupKey(rest, by);
    let group = groups.get(key);
    if (!group) {
      group = { labels: rest, buckets: [] };
      groups.set(key, group);
    }
    group.buckets.push({ le, count: value });
  }
  const out: MetricSample[] = [];
  for (const group of groups.values()) {
    const value = histogramQuantile(query.quantile, group.buckets);
    if (value !== undefined && !Number.isNaN(value))
      out.push({ labels: group.labels, value });
  }
  return out;
}

/** The series' rate over `[startMs, endMs]`, both ends inclusive (Prometheus 2.x range selection). */
function rateInRange(
  series: SeriesView,
  startMs: number,
  endMs: number,
): number | undefined {
  const from = lowerBound(series.timestamps, startMs);
  const to = lowerBound(series.timestamps, endMs + 1);
  if (to - from < 2) return undefined;
  return extrapolatedRate(
    series.timestamps.slice(from, to),
    series.values.slice(from, to),
    startMs,
    endMs,
  );
}

/** PromQL's `sum by`: empty and missing labels are the same and are left out of the result. */
function pickLabels(
  labels: Readonly<Record<string, string>>,
  names: string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = labels[name];
    if (value) out[name] = value;
  }
  return out;
}

function groupKey(labels: Record<string, string>, names: string[]): string {
  return JSON.stringify(names.map(n => labels[n] ?? ''));
}

/**
 * The query's series selection (`matchers`, `anyOf`) with mesh-common's `seriesMatches`, the same
 * semantics `renderPromQL` gives Prometheus. Regexes are compiled once up front, so a pattern
 * JavaScript rejects is the caller's InputError rather than a failure in the middle of a scan.
 */
function compileMatchers(
  query: MetricQuery,
): (labels: Readonly<Record<string, string>>) => boolean {
  for (const m of [...(query.matchers ?? []), ...(query.anyOf ?? []).flat()]) {
    if (m.op !== '=~' && m.op !== '!~') continue;
    try {
      RegExp(`^(?:${m.value})$`, 's');
    } catch (e) {
      throw new InputError(
        `label matcher ${m.label}${m.op}"${m.value}" is not a valid regular expression`,
        e,
      );
    }
  }
  return labels => seriesMatches(labels as Record<string, string>, query);
}
