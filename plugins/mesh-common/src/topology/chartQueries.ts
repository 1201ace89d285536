import { LabelMatcher, MetricQuery, MetricRangeResult } from '../metrics/types';
import { effectiveResponseCode, responseClass } from './responseCodes';
import { RedSeries } from './types';

export interface ChartTarget {
  cluster?: string;
  namespace: string;
  workload?: string;
  /** A Service's name, for a service's inbound charts. */
  service?: string;
}

/** Labels the error series keep, so `toRedSeries` can count gRPC failures answered with HTTP 200. */
const CODE_LABELS = [
  'request_protocol',
  'response_code',
  'grpc_response_status',
];

function targetMatchers(
  target: ChartTarget,
  direction: 'inbound' | 'outbound',
): LabelMatcher[] {
  const eq = (label: string, value: string): LabelMatcher => ({
    label,
    op: '=',
    value,
  });
  if (direction === 'outbound') {
    if (!target.workload)
      throw new TypeError(
        'outbound charts need a workload: a Service makes no calls of its own',
      );
    return [
      // The caller's own proxy: it reports what the workload experienced, failures before any endpoint included.
      eq('reporter', 'source'),
      eq('source_workload_namespace', target.namespace),
      eq('source_workload', target.workload),
      ...(target.cluster ? [eq('source_cluster', target.cluster)] : []),
    ];
  }
  if (target.workload)
    return [
      // What reached the workload, including callers without a sidecar that only it can see.
      eq('reporter', 'destination'),
      eq('destination_workload_namespace', target.namespace),
      eq('destination_workload', target.workload),
      ...(target.cluster ? [eq('destination_cluster', target.cluster)] : []),
    ];
  if (!target.service)
    throw new TypeError('a chart target needs a workload or a service');
  return [
    // A service's callers see the requests that found no endpoint (503 UH, NR), which no destination reports.
    eq('reporter', 'source'),
    eq('destination_service_namespace', target.namespace),
    eq('destination_service_name', target.service),
    ...(target.cluster ? [eq('destination_cluster', target.cluster)] : []),
  ];
}

/**
 * The range queries behind a workload's or service's RED charts. `windowSeconds` is each point's
 * rate window (e.g. 60), not the span of the chart. The error series keep the response labels and
 * are classified in `toRedSeries` with the graph's rules (gRPC status, code 0), so a chart and the
 * graph never disagree on what an error is.
 */
export function chartQueries(o: {
  windowSeconds: number;
  target: ChartTarget;
  direction: 'inbound' | 'outbound';
}): Record<keyof RedSeries, MetricQuery> {
  const matchers = targetMatchers(o.target, o.direction);
  const rate = (by: string[]): MetricQuery => ({
    kind: 'rate',
    metric: 'istio_requests_total',
    matchers,
    windowSeconds: o.windowSeconds,
    by,
    // As the graph counts them, so an edge's panel charts the errors that turned it red.
    countNewSeries: true,
  });
  const quantile = (q: number): MetricQuery => ({
    kind: 'quantile',
    quantile: q,
    metric: 'istio_request_duration_milliseconds',
    matchers,
    windowSeconds: o.windowSeconds,
    by: [],
  });
  return {
    rps: rate([]),
    rps4xx: rate(CODE_LABELS),
    rps5xx: rate(CODE_LABELS),
    p50: quantile(0.5),
    p95: quantile(0.95),
    p99: quantile(0.99),
  };
}

type Points = Array<[number, number]>;

/** Points of several series added per timestamp; a series missing at a timestamp adds nothing. */
function sumSeries(
  result: MetricRangeResult,
  keep: (labels: Record<string, string>) => boolean,
): Points {
  const totals = new Map<number, number>();
  for (const series of result.series) {
    const include = keep(series.labels);
    for (const [t, v] of series.points) {
      if (!Number.isFinite(v)) continue;
      // Timestamps where only non-matching series have points are zeros, not gaps.
      totals.set(t, (totals.get(t) ?? 0) + (include ? v : 0));
    }
  }
  return [...totals.entries()].sort((a, b) => a[0] - b[0]);
}

function classIs(cls: '4xx' | '5xx') {
  return (labels: Record<string, string>) =>
    responseClass(effectiveResponseCode(labels)) === cls;
}

/** The answers to `chartQueries` as chart series: rates summed per timestamp, quantiles as they came. */
export function toRedSeries(
  results: Record<keyof RedSeries, MetricRangeResult>,
): RedSeries {
  // `sum by ()` gives a quantile one series; NaN points (no requests at that step) are gaps.
  const quantile = (r: MetricRangeResult): Points =>
    (r.series[0]?.points ?? []).filter(([, v]) => Number.isFinite(v));
  return {
    rps: sumSeries(results.rps, () => true),
    rps4xx: sumSeries(results.rps4xx, classIs('4xx')),
    rps5xx: sumSeries(results.rps5xx, classIs('5xx')),
    p50: quantile(results.p50),
    p95: quantile(results.p95),
    p99: quantile(results.p99),
  };
}
