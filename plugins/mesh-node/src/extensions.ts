import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { MetricsSourceFactory } from './types';

/** What a backend module gets from `meshMetricsSourcesExtensionPoint`. */
export interface MeshMetricsSourcesExtensionPoint {
  /**
   * Adds a factory that is asked first, before the built-in Prometheus and direct-scrape
   * sources, for every mesh; it returns undefined for meshes it does not serve.
   */
  addMetricsSourceFactory(factory: MetricsSourceFactory): void;
}

/**
 * Lets backend modules of the `mesh` plugin supply where a mesh's metrics come from (a hosted
 * Prometheus with its own auth, Thanos, a vendor's API, …).
 *
 * @example
 * ```ts
 * export default createBackendModule({
 *   pluginId: 'mesh',
 *   moduleId: 'thanos-metrics',
 *   register(reg) {
 *     reg.registerInit({
 *       deps: { metrics: meshMetricsSourcesExtensionPoint },
 *       async init({ metrics }) {
 *         metrics.addMetricsSourceFactory(new ThanosMetricsSourceFactory());
 *       },
 *     });
 *   },
 * });
 * ```
 */
export const meshMetricsSourcesExtensionPoint =
  createExtensionPoint<MeshMetricsSourcesExtensionPoint>({
    id: 'mesh.metrics-sources',
  });
