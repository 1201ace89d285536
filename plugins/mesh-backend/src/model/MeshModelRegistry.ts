import { LoggerService } from '@backstage/backend-plugin-api';
import { ClusterCacheEvent } from '../cache/ClusterCache';
import { ClusterCacheManager } from '../cache/ClusterCacheManager';
import { MeshStore, StoredMesh } from '../database/MeshStore';
import { MeshModel, MeshModelSpec } from './MeshModel';

function specOfMesh(mesh: StoredMesh): MeshModelSpec {
  return {
    key: mesh.name,
    mesh: mesh.name,
    clusters: mesh.members.map(m => m.cluster).sort(),
    options: {
      rootNamespace: mesh.rootNamespace ?? 'istio-system',
      domain: mesh.clusterDomain ?? 'cluster.local',
      trustDomain: mesh.trustDomain,
      revision: mesh.revision,
    },
  };
}

function specOfLoneCluster(cluster: string): MeshModelSpec {
  return { key: `cluster:${cluster}`, clusters: [cluster], options: {} };
}

const specId = (s: MeshModelSpec) => JSON.stringify(s);

/**
 * The live models: one per registered mesh and one per cluster that belongs to no mesh. Each is
 * fed by its clusters' cache events as they happen, never rebuilt per request; a model is built
 * from the caches' contents only when it appears or its registration changes. A cluster in two
 * meshes feeds both.
 */
export class MeshModelRegistry {
  private readonly models = new Map<string, { model: MeshModel; id: string }>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: MeshStore,
    private readonly caches: ClusterCacheManager,
    private readonly logger: LoggerService,
  ) {
    caches.subscribe((cluster, event) => this.onEvent(cluster, event));
  }

  private onEvent(cluster: string, event: ClusterCacheEvent): void {
    for (const { model } of this.models.values())
      if (model.hasCluster(cluster)) model.apply(cluster, event);
  }

  /** Brings the models in line with the registered meshes and clusters; calls run one at a time. */
  refresh(): Promise<void> {
    const run = this.queue.then(() => this.refreshNow());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async refreshNow(): Promise<void> {
    const [meshes, clusters] = await Promise.all([
      this.store.listMeshes(),
      this.store.listClusters(),
    ]);
    const inMesh = new Set(meshes.flatMap(m => m.members.map(x => x.cluster)));
    const specs = [
      ...meshes.map(specOfMesh),
      ...clusters
        .filter(c => !inMesh.has(c.name))
        .map(c => specOfLoneCluster(c.name)),
    ];
    const wanted = new Set(specs.map(s => s.key));
    for (const key of this.models.keys())
      if (!wanted.has(key)) this.models.delete(key);
    for (const spec of specs) {
      const id = specId(spec);
      if (this.models.get(spec.key)?.id === id) continue;
      const initial = spec.clusters.map(cluster => ({
        cluster,
        objects: this.caches.get(cluster)?.allObjects() ?? [],
      }));
      this.models.set(spec.key, { model: new MeshModel(spec, initial), id });
      this.logger.info(`Live model ${spec.key}: ${spec.clusters.join(', ')}`);
    }
  }

  /** The model of a registered mesh. */
  forMesh(mesh: string): MeshModel | undefined {
    return this.models.get(mesh)?.model;
  }

  /** The model a cluster's objects live in (its first mesh, or its own). */
  forCluster(cluster: string): MeshModel | undefined {
    for (const { model } of this.models.values())
      if (model.hasCluster(cluster)) return model;
    return undefined;
  }

  all(): MeshModel[] {
    return [...this.models.values()].map(e => e.model);
  }
}
