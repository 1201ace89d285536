import { EDGE_LABELS } from './istioLabels';
import { joinPreferredPromQL, preferredAlternatives } from './preferredValues';
import { promQLString, renderPromQL } from './renderPromQL';
import {
  LabelMatcher,
  MetricQuery,
  parseWindow,
  PreferredValues,
  QuantileQuery,
} from './types';

/**
 * Prometheus recording rules that precompute, per window, the per-edge rates and latency quantiles
 * the mesh graph and the charts read, and the rewriting that lets a query read them instead of the
 * raw Istio series.
 *
 * Why: a 1,000-service mesh has ~75,000 latency bucket series; `histogram_quantile` over them takes
 * seconds per request, every time someone opens a graph. Evaluated once per rule interval in the
 * background, the same answers cost a plain selector at query time. Istio's own guidance for
 * production-scale Prometheus is recording rules; these are ours, named and shaped for our queries.
 */

/** One recorded series: what it holds, as the metrics model would ask for it uncached. */
export interface RecordedSeries {
  /** The recorded metric's name, e.g. `meshport_edge:istio_requests_total:rate1m`. */
  record: string;
  /** The PromQL Prometheus evaluates for it. */
  expr: string;
  kind: 'rate' | 'bucket-rate' | 'quantile';
  /** The counter (rates), or the histogram's base name (bucket rates and quantiles). */
  metric: string;
  windowSeconds: number;
  /** The labels each recorded series keeps (bucket rates also keep `le`). */
  labels: readonly string[];
  quantile?: number;
  /** Rates only: new series count from zero (see `RateQuery.countNewSeries`). */
  countNewSeries?: boolean;
  /** Quantiles only: one series per group, from the preferred value (see `PreferredValues`). */
  prefer?: PreferredValues;
}

/** A group as Prometheus's rule files hold it (`groups: [{ name, interval, rules }]`). */
export interface RecordingRuleGroup {
  name: string;
  interval?: string;
  rules: Array<{ record: string; expr: string }>;
}

/** Prefix of every recorded metric, so our rules are told apart from an operator's own. */
export const RECORDED_PREFIX = 'meshport_edge';

/** The labels request rates are recorded by: everything the graph and the charts group or filter on. */
export const RECORDED_REQUEST_LABELS = [
  ...EDGE_LABELS,
  'response_code',
  'grpc_response_status',
  'connection_security_policy',
] as const;

/** TCP byte rates: the request labels without the response. */
export const RECORDED_TCP_LABELS = RECORDED_REQUEST_LABELS.filter(
  l => !['response_code', 'grpc_response_status'].includes(l),
);

/**
 * Latency is recorded by the edge's workloads and service only (app and version follow from the
 * workload): twenty bucket series per edge make this the costly rule, and its cost grows with the
 * labels kept. `le` is kept besides these on the bucket rates.
 */
export const RECORDED_LATENCY_LABELS = [
  'reporter',
  'source_cluster',
  'source_workload',
  'source_workload_namespace',
  'destination_cluster',
  'destination_workload',
  'destination_workload_namespace',
  'destination_service',
  'destination_service_name',
  'destination_service_namespace',
  'request_protocol',
] as const;

export const RECORDED_QUANTILES = [0.5, 0.95, 0.99] as const;

/**
 * The reporter the recorded quantiles keep per edge: the caller's, else the destination side's — the
 * side the graph takes an edge's numbers from (see `buildMeshGraph`). Choosing in the rule, not at
 * query time, makes the graph's latency a plain selector over half the series: with `or ignoring`
 * at query time each quantile cost Prometheus 46–59 ms on a 1,000-service mesh, read as recorded
 * 25–26 ms (measured on the bench's Prometheus, bench/README.md).
 */
export const RECORDED_LATENCY_PREFERENCE: PreferredValues = {
  label: 'reporter',
  values: ['source'],
};

/** `60` → `1m`, `300` → `5m`, `3600` → `1h`, `90` → `90s`: the window as rule names spell it. */
export function windowName(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds <= 0)
    throw new TypeError(`window must be a positive whole number of seconds`);
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

function quantileName(q: number): string {
  // 0.5 → p50, 0.95 → p95, 0.999 → p99_9
  return `p${String(Math.round(q * 1000) / 10).replace('.', '_')}`;
}

/** `source_first` for `{ label: 'reporter', values: ['source'] }`: what a record name says of it. */
function preferenceName(p: PreferredValues): string {
  return `${p.values.join('_')}_first`;
}

function selector(record: string, matchers: LabelMatcher[]): string {
  if (matchers.length === 0) return record;
  return `${record}{${matchers
    .map(m => `${m.label}${m.op}${promQLString(m.value)}`)
    .join(',')}}`;
}

/** Every series the rules record for one window, in evaluation order (bucket rates before the quantiles read them). */
export function recordedSeriesFor(windowSeconds: number): RecordedSeries[] {
  const w = windowName(windowSeconds);
  const rate = (
    metric: string,
    labels: readonly string[],
    countNewSeries = false,
  ): RecordedSeries => ({
    record: `${RECORDED_PREFIX}:${metric}:rate${w}`,
    expr: renderPromQL({
      kind: 'rate',
      metric,
      windowSeconds,
      by: [...labels],
      ...(countNewSeries ? { countNewSeries } : {}),
    }),
    kind: 'rate',
    metric,
    windowSeconds,
    labels,
    ...(countNewSeries ? { countNewSeries } : {}),
  });
  const histogram = 'istio_request_duration_milliseconds';
  const buckets: RecordedSeries = {
    ...rate(`${histogram}_bucket`, [...RECORDED_LATENCY_LABELS, 'le']),
    kind: 'bucket-rate',
    metric: histogram,
    labels: RECORDED_LATENCY_LABELS,
  };
  const prefer = RECORDED_LATENCY_PREFERENCE;
  const quantiles = RECORDED_QUANTILES.map((q): RecordedSeries => ({
    record: `${RECORDED_PREFIX}:${histogram}:${quantileName(q)}_${preferenceName(prefer)}_${w}`,
    // Read from the bucket rates recorded just before in the same group, at the same timestamp:
    // the quantile of each preferred value's buckets, joined as a preferring query joins them.
    expr: joinPreferredPromQL(
      preferredAlternatives({
        kind: 'quantile',
        quantile: q,
        metric: histogram,
        windowSeconds,
        by: [...RECORDED_LATENCY_LABELS],
        prefer,
      }).map(
        a =>
          `histogram_quantile(${q}, ${selector(buckets.record, a.matchers ?? [])})`,
      ),
      prefer.label,
    ),
    kind: 'quantile',
    metric: histogram,
    windowSeconds,
    labels: RECORDED_LATENCY_LABELS,
    quantile: q,
    prefer,
  }));
  return [
    // Requests count new series from zero, as every request query of the product asks (a fault's
    // first 5xx shows a scrape sooner); the bucket and byte rates do not.
    rate('istio_requests_total', RECORDED_REQUEST_LABELS, true),
    buckets,
    ...quantiles,
    rate('istio_tcp_sent_bytes_total', RECORDED_TCP_LABELS),
    rate('istio_tcp_received_bytes_total', RECORDED_TCP_LABELS),
  ];
}

/** The rule groups for these windows, one group per window so each is evaluated on its own. */
export function meshRecordingRuleGroups(
  windowsSeconds: number[],
  options: { intervalSeconds?: number } = {},
): RecordingRuleGroup[] {
  return [...new Set(windowsSeconds)]
    .sort((a, b) => a - b)
    .map(w => ({
      name: `meshport-istio-${windowName(w)}`,
      ...(options.intervalSeconds
        ? { interval: windowName(options.intervalSeconds) }
        : {}),
      rules: recordedSeriesFor(w).map(s => ({
        record: s.record,
        expr: s.expr,
      })),
    }));
}

/** The recorded series these metric names name (as Prometheus lists its rules), keyed by name. */
export function knownRecordedSeries(
  names: Iterable<string>,
): Map<string, RecordedSeries> {
  const found = new Map<string, RecordedSeries>();
  for (const name of names) {
    // `…:rate1m`, `…:p95_source_first_1m`: the window ends the name.
    const m = /(?::rate|_)(\d+[smh])$/.exec(name);
    if (!name.startsWith(`${RECORDED_PREFIX}:`) || !m) continue;
    // Windows outside what queries may ask for (10 s to 24 h) can never fit one.
    const seconds = parseWindow(m[1]);
    if (seconds === undefined) continue;
    const series = recordedSeriesFor(seconds).find(s => s.record === name);
    if (series) found.set(name, series);
  }
  return found;
}

function matcherLabels(q: MetricQuery): string[] {
  return [
    ...(q.matchers ?? []).map(m => m.label),
    ...(q.anyOf ?? []).flatMap(alt => alt.map(m => m.label)),
  ];
}

/** The recorded series, filtered like the query; alternatives joined by `or` keep a series once. */
function selection(record: string, q: MetricQuery): string {
  const base = q.matchers ?? [];
  const alternatives = q.anyOf && q.anyOf.length > 0 ? q.anyOf : [[]];
  return alternatives
    .map(alt => selector(record, [...base, ...alt]))
    .join(' or ');
}

function sumBy(labels: string[], inner: string): string {
  return labels.length === 0
    ? `sum(${inner})`
    : `sum by (${labels.join(',')}) (${inner})`;
}

/** Whether a query groups by exactly the labels a series was recorded with (order aside). */
function groupsExactlyBy(q: MetricQuery, s: RecordedSeries): boolean {
  const by = new Set(q.by.filter(l => l !== 'le'));
  return s.labels.length === by.size && s.labels.every(l => by.has(l));
}

function samePreference(
  a: PreferredValues | undefined,
  b: PreferredValues | undefined,
): boolean {
  if (!a || !b) return a === b;
  return (
    a.label === b.label &&
    a.values.length === b.values.length &&
    a.values.every((v, i) => v === b.values[i])
  );
}

/**
 * The PromQL answering `q` from recorded series, or undefined when none fits. A recorded series fits
 * when it is of the same metric and window and keeps every label the query groups by or filters on:
 * summing recorded rates further, or bucket rates before the quantile, gives the same answer as from
 * the raw series (up to the rule's evaluation lag). A query grouped by exactly the recorded labels
 * reads the recorded series as they are, a plain selector: summing thousands of one-series groups
 * costs Prometheus more than the rest of the query. The answer keeps the recorded metric's name,
 * which sources drop (a computed answer has none); dropping it in PromQL instead (`(…) * 1`) saves
 * Prometheus ~70 bytes per series to encode but costs it more in evaluation — on a 1,000-service
 * graph's request rates 66–74 ms against 49 ms in all (bench/README.md). A preferring quantile reads a
 * quantile recorded with the same preference; without one, each alternative is read on its own.
 */
export function recordedPromQL(
  q: MetricQuery,
  available: ReadonlyMap<string, RecordedSeries>,
): string | undefined {
  const used = [...q.by, ...matcherLabels(q)];
  const fits = (s: RecordedSeries) =>
    s.metric === q.metric &&
    s.windowSeconds === q.windowSeconds &&
    // A recorded rate answers only queries that count new series as it was recorded.
    (q.kind !== 'rate' || !!s.countNewSeries === !!q.countNewSeries) &&
    // A series recorded with a preference holds one value per group: it answers only that preference.
    samePreference(s.prefer, q.prefer) &&
    used.every(l => s.labels.includes(l));
  const candidates = [...available.values()].filter(fits);
  if (q.prefer) {
    // Filters on labels but the preferred one select whole groups: the same before or after choosing.
    const preferred =
      q.kind === 'quantile' && !matcherLabels(q).includes(q.prefer.label)
        ? exactQuantile(q, candidates)
        : undefined;
    if (preferred) return selection(preferred.record, q);
    const parts = preferredAlternatives(q).map(a =>
      recordedPromQL(a, available),
    );
    if (parts.some(p => p === undefined)) return undefined;
    return joinPreferredPromQL(parts as string[], q.prefer.label);
  }
  if (q.kind === 'rate') {
    const s = candidates.find(c => c.kind === 'rate');
    if (!s) return undefined;
    return groupsExactlyBy(q, s)
      ? selection(s.record, q)
      : sumBy(q.by, selection(s.record, q));
  }
  return quantileFromRecorded(q, candidates);
}

/** A recorded quantile that answers `q` as recorded: the same quantile, grouped by exactly its labels. */
function exactQuantile(
  q: QuantileQuery,
  candidates: RecordedSeries[],
): RecordedSeries | undefined {
  return candidates.find(
    c =>
      c.kind === 'quantile' &&
      c.quantile === q.quantile &&
      groupsExactlyBy(q, c),
  );
}

function quantileFromRecorded(
  q: QuantileQuery,
  candidates: RecordedSeries[],
): string | undefined {
  const exact = exactQuantile(q, candidates);
  // Filters on the recorded labels select whole groups, so filtering after the quantile is the same.
  if (exact) return selection(exact.record, q);
  const buckets = candidates.find(c => c.kind === 'bucket-rate');
  if (!buckets) return undefined;
  const by = q.by.filter(l => l !== 'le');
  return `histogram_quantile(${q.quantile}, ${sumBy(
    ['le', ...by],
    selection(buckets.record, q),
  )})`;
}
