/**
 * @meshport/plugin-mesh-node: Meshport's backend extension points and the metrics sources behind
 * them, for the mesh backend plugin and its modules.
 *
 * @packageDocumentation
 */

export * from './types';
export {
  meshMetricsSourcesExtensionPoint,
  type MeshMetricsSourcesExtensionPoint,
} from './extensions';
export { MetricsUnavailableError } from './MetricsUnavailableError';
export {
  PrometheusMetricsSource,
  type PrometheusMetricsSourceOptions,
} from './PrometheusMetricsSource';
export {
  DirectScrapeMetricsSource,
  type DirectScrapeMetricsSourceOptions,
  type ScrapeStatus,
} from './DirectScrapeMetricsSource';
export {
  createMetricsSource,
  directScrapeMetricsSourceFactory,
  prometheusMetricsSourceFactory,
} from './createMetricsSource';
export {
  parsePrometheusText,
  type ExpositionSample,
} from './parsePrometheusText';
export { extrapolatedRate } from './extrapolatedRate';
