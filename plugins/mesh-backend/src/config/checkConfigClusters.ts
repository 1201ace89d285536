import { LoggerService } from '@backstage/backend-plugin-api';
import { checkClusterUrl, LookupAll } from '../cluster/checkClusterUrl';
import { NewMesh } from '../database/MeshStore';
import { checkMetricsUrls } from '../metrics/checkMetricsUrls';
import { MeshConfig } from './readMeshConfig';

/**
 * Applies the cluster URL rules (`checkClusterUrl`) to the clusters from config. A cluster that
 * fails is left out with a warning, and so is every config mesh that has it as a member, rather
 * than failing the whole backend: one bad entry (or a DNS hiccup at start) should not take down
 * the clusters that are fine. Returns the config without them, for the caller to upsert.
 */
export async function checkConfigClusters(
  meshConfig: MeshConfig,
  options: { logger: LoggerService; lookup?: LookupAll },
): Promise<MeshConfig & { rejectedClusters: string[] }> {
  const results = await Promise.all(
    meshConfig.clusters.map(async (cluster, i) => {
      try {
        await checkClusterUrl(cluster.apiUrl, {
          allowInsecure: cluster.allowInsecure,
          allowPrivateClusterUrls: meshConfig.allowPrivateClusterUrls,
          field: `mesh.clusters[${i}].apiUrl`,
          lookup: options.lookup,
        });
        return { cluster, ok: true };
      } catch (e) {
        options.logger.warn(
          `Config cluster ${cluster.name} skipped: ${(e as Error).message}`,
        );
        return { cluster, ok: false };
      }
    }),
  );
  const rejected = new Set(results.filter(r => !r.ok).map(r => r.cluster.name));
  const meshes = meshConfig.meshes.filter(mesh => {
    const missing = mesh.members
      .filter(m => rejected.has(m.cluster))
      .map(m => m.cluster);
    if (missing.length > 0) {
      options.logger.warn(
        `Config mesh ${mesh.name} skipped: its member cluster ${missing.join(', ')} was skipped`,
      );
    }
    return missing.length === 0;
  });
  const checkedMeshes = await Promise.all(
    meshes.map(async (mesh): Promise<NewMesh> => {
      const i = meshConfig.meshes.indexOf(mesh);
      try {
        await checkMetricsUrls(mesh, {
          allowPrivateClusterUrls: meshConfig.allowPrivateClusterUrls,
          prefix: `mesh.meshes[${i}].`,
          lookup: options.lookup,
        });
        return mesh;
      } catch (e) {
        options.logger.warn(
          `Config mesh ${mesh.name}: metrics settings ignored: ${(e as Error).message}`,
        );
        const {
          prometheusUrl: _url,
          prometheusAuthHeader: _header,
          metricsScrapeUrls: _scrape,
          ...rest
        } = mesh;
        return rest;
      }
    }),
  );
  return {
    ...meshConfig,
    clusters: results.filter(r => r.ok).map(r => r.cluster),
    meshes: checkedMeshes,
    rejectedClusters: [...rejected],
  };
}
