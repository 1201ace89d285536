import { LoggerService } from '@backstage/backend-plugin-api';
import { ClusterSyncState } from '@meshport/plugin-mesh-common';
import { MeshStore, StoredCluster } from '../database/MeshStore';
import {
  ClusterCache,
  ClusterCacheListener,
  ClusterCacheOptions,
} from './ClusterCache';

const STOPPED: ClusterSyncState = {
  status: 'stopped',
  objectCounts: {},
  missingKinds: [],
};

/**
 * Keeps one ClusterCache per registered cluster: starts caches for new registrations,
 * stops them for deleted ones, restarts them when a registration changes.
 * Refreshes run one at a time, so two registrations at once never start two watchers for one
 * cluster (the second refresh sees what the first started).
 */
export class ClusterCacheManager {
  private readonly caches = new Map<
    string,
    { cache: ClusterCache; version: string }
  >();
  /** Clusters that cannot be watched at all (e.g. credentials that no longer decrypt), with why. */
  private readonly failed = new Map<
    string,
    { version: string; state: ClusterSyncState }
  >();
  private readonly listeners = new Set<ClusterCacheListener>();
  private readonly cacheChangeListeners = new Set<
    (cluster: string, cache: ClusterCache | undefined) => void
  >();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: MeshStore,
    private readonly logger: LoggerService,
    private readonly options: ClusterCacheOptions = {},
  ) {}

  /** Brings the set of caches in line with the registry; concurrent calls run one after another. */
  refresh(): Promise<void> {
    const run = this.queue.then(() => this.refreshNow());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async refreshNow(): Promise<void> {
    const clusters = await this.store.listClusters();
    const wanted = new Set(clusters.map(c => c.name));
    for (const [name, entry] of this.caches) {
      if (!wanted.has(name)) {
        this.caches.delete(name);
        await entry.cache.stop();
        this.notifyCacheChange(name, undefined);
        this.logger.info(`Stopped watching cluster ${name}`);
      }
    }
    for (const name of this.failed.keys())
      if (!wanted.has(name)) this.failed.delete(name);
    for (const cluster of clusters) await this.ensure(cluster);
  }

  private async ensure(cluster: StoredCluster): Promise<void> {
    const version = `${cluster.apiUrl}|${cluster.updatedAt}`;
    const existing = this.caches.get(cluster.name);
    if (existing?.version === version) return;
    if (this.failed.get(cluster.name)?.version === version) return;
    let token: string;
    try {
      const credentials = await this.store.getClusterCredentials(cluster.name);
      if (!credentials) return;
      token = credentials.token;
    } catch (e) {
      // One cluster's unreadable credentials (a changed encryption key, a corrupt row) must not
      // stop the backend or any other cluster: it becomes that cluster's error state.
      const message = `credentials cannot be read: ${(e as Error).message}`;
      this.failed.set(cluster.name, {
        version,
        state: {
          status: 'error',
          lastError: { message, at: new Date().toISOString() },
          objectCounts: {},
          missingKinds: [],
        },
      });
      this.logger.error(`Cluster ${cluster.name}: ${message}`);
      return;
    }
    this.failed.delete(cluster.name);
    if (existing) await existing.cache.stop();
    const cache = new ClusterCache(
      {
        name: cluster.name,
        apiUrl: cluster.apiUrl,
        caData: cluster.caData,
        insecureSkipTlsVerify: cluster.insecureSkipTlsVerify,
        token,
      },
      this.logger.child({ cluster: cluster.name }),
      this.options,
    );
    for (const l of this.listeners) cache.subscribe(l);
    this.caches.set(cluster.name, { cache, version });
    this.notifyCacheChange(cluster.name, cache);
    this.logger.info(`Watching cluster ${cluster.name} at ${cluster.apiUrl}`);
    // Starting must not block the caller: an unreachable cluster is retried in the background.
    cache
      .start()
      .catch(e =>
        this.logger.error(
          `Cluster ${cluster.name} cache failed to start: ${(e as Error).message}`,
        ),
      );
  }

  /** Listens to every cache's events, present and future. */
  subscribe(listener: ClusterCacheListener): void {
    this.listeners.add(listener);
    for (const { cache } of this.caches.values()) cache.subscribe(listener);
  }

  /** Told when a cluster's cache is replaced (new registration, changed one) or removed. */
  onCacheChange(
    listener: (cluster: string, cache: ClusterCache | undefined) => void,
  ): void {
    this.cacheChangeListeners.add(listener);
  }

  private notifyCacheChange(cluster: string, cache: ClusterCache | undefined) {
    for (const l of this.cacheChangeListeners) l(cluster, cache);
  }

  get(name: string): ClusterCache | undefined {
    return this.caches.get(name)?.cache;
  }

  names(): string[] {
    return [...this.caches.keys()];
  }

  syncState(name: string): ClusterSyncState {
    return (
      this.caches.get(name)?.cache.syncState() ??
      this.failed.get(name)?.state ??
      STOPPED
    );
  }

  async stopAll(): Promise<void> {
    await this.queue;
    const all = [...this.caches.values()];
    this.caches.clear();
    await Promise.all(all.map(e => e.cache.stop()));
  }
}
