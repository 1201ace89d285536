/**
 * The labels of Istio's standard metrics (`istio_requests_total`, `istio_request_duration_milliseconds`,
 * `istio_tcp_*`) that say who called whom: what graphs group by and recording rules keep.
 */

/** Who the caller was, as Istio labels it (`unknown` without a sidecar on the caller). */
export const SOURCE_LABELS = [
  'source_cluster',
  'source_workload',
  'source_workload_namespace',
  'source_app',
  'source_version',
] as const;

/** Where the request went: the endpoint's workload (`unknown` when none was reached) and the service. */
export const DESTINATION_LABELS = [
  'destination_cluster',
  'destination_workload',
  'destination_workload_namespace',
  'destination_app',
  'destination_version',
  'destination_service',
  'destination_service_name',
  'destination_service_namespace',
] as const;

/** Everything that tells one edge of the finest graph (workload to workload) from another. */
export const EDGE_LABELS = [
  'reporter',
  ...SOURCE_LABELS,
  ...DESTINATION_LABELS,
  'request_protocol',
] as const;
