import {
  LabelMatcher,
  MetricSample,
  PreferredValues,
  QuantileQuery,
  RateQuery,
} from '../metrics/types';
import {
  RECORDED_LATENCY_LABELS,
  RECORDED_LATENCY_PREFERENCE,
} from '../metrics/recordingRules';
import { EDGE_LABELS } from '../metrics/istioLabels';
import { anyOfValues } from '../metrics/regexOfValues';

/**
 * The labels latency is grouped by: the edge's identity without what follows from it (app and
 * version from the workload). The histogram queries are the expensive ones — twenty bucket series
 * per request series — and Prometheus's cost for `sum by` grows with the labels it keeps, so they
 * keep only these; the same as the recording rules keep, so a recorded quantile answers as is.
 */
export const LATENCY_LABELS = RECORDED_LATENCY_LABELS;

/**
 * Latency from the reporter the graph takes an edge's numbers from (see `buildMeshGraph`): the
 * caller's, else the destination side's. Asked of the source rather than sorted out after, it halves
 * the latency answers — three of the six queries and two thirds of a large graph's bytes. The same
 * preference as the recording rules choose by, so a recorded quantile answers as is.
 */
export const LATENCY_REPORTER: PreferredValues = RECORDED_LATENCY_PREFERENCE;

export interface TopologyQueries {
  /** Request rates per edge, reporter, response code and security policy. */
  requests: RateQuery;
  p50: QuantileQuery;
  p95: QuantileQuery;
  p99: QuantileQuery;
  /** `istio_tcp_sent_bytes_total`: bytes sent back to the caller (Istio's "sent during response"). */
  tcpSent: RateQuery;
  /** `istio_tcp_received_bytes_total`: bytes the caller sent ("received during request"). */
  tcpReceived: RateQuery;
}

/** The samples answering each of `TopologyQueries`, what `buildMeshGraph` reads. */
export type TopologySamples = { [K in keyof TopologyQueries]: MetricSample[] };

function eitherSide(
  values: string[] | undefined,
  labels: string[],
): LabelMatcher[][] | undefined {
  if (!values || values.length === 0) return undefined;
  const value = anyOfValues([...new Set(values)].sort());
  return labels.map(label => [{ label, op: '=~' as const, value }]);
}

/**
 * The queries behind a mesh graph over the last `windowSeconds`. Rows keep both reporters (the
 * graph prefers the caller's report and falls back to the destination's, see `buildMeshGraph`).
 * A namespace or cluster filter keeps traffic with either end in it — a graph of bookinfo shows
 * the ingress gateway calling in and the calls bookinfo makes out. Both filters: either end in
 * one of the namespaces, and either end in one of the clusters.
 */
export function topologyQueries(o: {
  windowSeconds: number;
  namespaces?: string[];
  clusters?: string[];
}): TopologyQueries {
  const namespaces = eitherSide(o.namespaces, [
    'source_workload_namespace',
    'destination_service_namespace',
    'destination_workload_namespace',
  ]);
  const clusters = eitherSide(o.clusters, [
    'source_cluster',
    'destination_cluster',
  ]);
  let anyOf: LabelMatcher[][] | undefined;
  if (namespaces && clusters)
    anyOf = namespaces.flatMap(n => clusters.map(c => [...n, ...c]));
  else anyOf = namespaces ?? clusters;
  const filter = anyOf ? { anyOf } : {};
  const edge = [...EDGE_LABELS];
  const quantile = (q: number): QuantileQuery => ({
    kind: 'quantile',
    quantile: q,
    metric: 'istio_request_duration_milliseconds',
    ...filter,
    windowSeconds: o.windowSeconds,
    by: [...LATENCY_LABELS],
    prefer: LATENCY_REPORTER,
  });
  const tcp = (metric: string): RateQuery => ({
    kind: 'rate',
    metric,
    ...filter,
    windowSeconds: o.windowSeconds,
    by: [...edge, 'connection_security_policy'],
  });
  return {
    requests: {
      kind: 'rate',
      metric: 'istio_requests_total',
      ...filter,
      windowSeconds: o.windowSeconds,
      // A fault's first 5xx, or a call never made before, shows from the scrape that first sees it.
      countNewSeries: true,
      by: [
        ...edge,
        'response_code',
        'grpc_response_status',
        'connection_security_policy',
      ],
    },
    p50: quantile(0.5),
    p95: quantile(0.95),
    p99: quantile(0.99),
    tcpSent: tcp('istio_tcp_sent_bytes_total'),
    tcpReceived: tcp('istio_tcp_received_bytes_total'),
  };
}
