import { DirectScrapeMetricsSource } from './DirectScrapeMetricsSource';
import { PrometheusMetricsSource } from './PrometheusMetricsSource';
import {
  MeshMetricsConfig,
  MetricsSource,
  MetricsSourceFactory,
} from './types';

/** Prometheus's HTTP API, for meshes with a `prometheusUrl`. */
export const prometheusMetricsSourceFactory: MetricsSourceFactory = {
  type: 'prometheus',
  create(config) {
    if (!config.prometheusUrl) return undefined;
    return new PrometheusMetricsSource({
      baseUrl: config.prometheusUrl,
      authHeader: config.prometheusAuthHeader,
      recordingRules: config.prometheusRecordingRules,
      compression: config.prometheusCompression,
    });
  },
};

/** The in-memory scraper, for meshes that list `scrapeUrls` and have no Prometheus. */
export const directScrapeMetricsSourceFactory: MetricsSourceFactory = {
  type: 'direct-scrape',
  create(config) {
    if (!config.scrapeUrls?.length) return undefined;
    return new DirectScrapeMetricsSource({ scrapeUrls: config.scrapeUrls });
  },
};

/**
 * The metrics source for a mesh: the first factory that accepts its config, asking the factories
 * modules added (through `meshMetricsSourcesExtensionPoint`) first, so a module can replace the
 * built-ins for any mesh; then Prometheus when a URL is set, so a configured Prometheus wins over
 * scraping; then the direct scrape. Undefined when nothing applies: the mesh has no metrics, and
 * views say "not configured".
 */
export function createMetricsSource(
  config: MeshMetricsConfig,
  moduleFactories: readonly MetricsSourceFactory[] = [],
): MetricsSource | undefined {
  for (const factory of [
    ...moduleFactories,
    prometheusMetricsSourceFactory,
    directScrapeMetricsSourceFactory,
  ]) {
    const source = factory.create(config);
    if (source) return source;
  }
  return undefined;
}
