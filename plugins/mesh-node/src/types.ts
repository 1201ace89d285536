import {
  MetricQuery,
  MetricQueryResult,
  MetricRangeResult,
} from '@meshport/plugin-mesh-common';

/**
 * Where a mesh's metrics come from. Implementations: `PrometheusMetricsSource` (Prometheus's
 * HTTP API) and `DirectScrapeMetricsSource` (scrapes Prometheus-format endpoints and keeps a
 * short window in memory). Modules add others through `meshMetricsSourcesExtensionPoint`.
 *
 * Every method rejects with `MetricsUnavailableError` when the source cannot answer (down, slow,
 * refused): callers show that and keep working.
 */
export interface MetricsSource {
  /** `prometheus`, `direct-scrape`, or a module's own type. */
  readonly type: string;
  /** For people: e.g. `Prometheus at http://127.0.0.1:9090`. Never contains credentials. */
  readonly description: string;
  /**
   * The query's value at `at` (default now). `fresh`: from the raw series as of the last scrape,
   * never from precomputed ones that may lag by a rule interval (decisions such as canary steps).
   */
  query(
    query: MetricQuery,
    options?: { at?: Date; signal?: AbortSignal; fresh?: boolean },
  ): Promise<MetricQueryResult>;
  /** The query evaluated every `stepSeconds` from `start` to `end`. */
  queryRange(
    query: MetricQuery,
    range: { start: Date; end: Date; stepSeconds: number },
    options?: { signal?: AbortSignal },
  ): Promise<MetricRangeResult>;
  /** Raw PromQL (canary checks' custom queries); sources that cannot run PromQL leave it out. */
  queryPromQL?(
    expr: string,
    options?: { at?: Date; signal?: AbortSignal },
  ): Promise<MetricQueryResult>;
  /** Stops background work (scrape loops). */
  close?(): Promise<void>;
}

/** What a mesh registration says about its metrics (from `mesh_meshes` or app-config). */
export interface MeshMetricsConfig {
  mesh: string;
  /** Prometheus's base URL, e.g. `http://prometheus.istio-system:9090`. */
  prometheusUrl?: string;
  /** Sent as the `Authorization` header to Prometheus, e.g. `Bearer …`. A credential: never logged or returned. */
  prometheusAuthHeader?: string;
  /** Prometheus-format endpoints to scrape directly when no Prometheus is configured. */
  scrapeUrls?: string[];
  /** `PrometheusMetricsSource`'s `recordingRules` (app-config `mesh.prometheus.recordingRules`). */
  prometheusRecordingRules?: 'auto' | 'off';
  /** `PrometheusMetricsSource`'s `compression` (app-config `mesh.prometheus.compression`). */
  prometheusCompression?: boolean;
}

/** Creates a source for a mesh, or returns undefined when the mesh's config is not for it. */
export interface MetricsSourceFactory {
  readonly type: string;
  create(config: MeshMetricsConfig): MetricsSource | undefined;
}
