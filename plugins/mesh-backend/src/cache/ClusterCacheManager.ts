import { LoggerService } from '@backstage/backend-plugin-api';
import { ClusterSyncState } from '@meshport/plugin-mesh-common';
import { MeshStore } from '../database/MeshStore';
import { ClusterCache, ClusterCacheOptions } from './ClusterCache';

const STOPPED: ClusterSyncState = { status: 'stopped', objectCounts: {}, missingKinds: [] };

/**
 * Keeps one ClusterCache per registered cluster: starts caches for new registrations,
 * stops them for deleted ones, restarts them when a registration changes.
 */
export class ClusterCacheManager {
  private readonly caches = new Map<string, { cache: ClusterCache; version: string }>();

  constructor(
    private readonly store: MeshStore,
    private readonly logger: LoggerService,
    private readonly options: ClusterCacheOptions = {},
  ) {}

  /** Brings the set of caches in line with the registry. */
  async refresh(): Promise<void> {
    const clusters = await this.store.listClusters();
    const wanted = new Set(clusters.map(c => c.name));
    for (const [name, entry] of this.caches) {
      if (!wanted.has(name)) {
        this.caches.delete(name);
        await entry.cache.stop();
        this.logger.info(`Stopped watching cluster ${name}`);
      }
    }
    for (const cluster of clusters) {
      const version = `${cluster.apiUrl}|${cluster.updatedAt}`;
      const existing = this.caches.get(cluster.name);
      if (existing?.version === version) continue;
      if (existing) await existing.cache.stop();
      const credentials = await this.store.getClusterCredentials(cluster.name);
      if (!credentials) continue;
      const cache = new ClusterCache(
        {
          name: cluster.name,
          apiUrl: cluster.apiUrl,
          caData: cluster.caData,
          insecureSkipTlsVerify: cluster.insecureSkipTlsVerify,
          token: credentials.token,
        },
        this.logger.child({ cluster: cluster.name }),
        this.options,
      );
      this.caches.set(cluster.name, { cache, version });
      this.logger.info(`Watching cluster ${cluster.name} at ${cluster.apiUrl}`);
      // Starting must not block the caller: an unreachable cluster is retried in the background.
      cache.start().catch(e => this.logger.error(`Cluster ${cluster.name} cache failed to start: ${(e as Error).message}`));
    }
  }

  get(name: string): ClusterCache | undefined {
    return this.caches.get(name)?.cache;
  }

  syncState(name: string): ClusterSyncState {
    return this.caches.get(name)?.cache.syncState() ?? STOPPED;
  }

  async stopAll(): Promise<void> {
    const all = [...this.caches.values()];
    this.caches.clear();
    await Promise.all(all.map(e => e.cache.stop()));
  }
}
