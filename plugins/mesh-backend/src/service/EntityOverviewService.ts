import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { buildClusterOverview, entityMeshSelector, EntityOverview } from '@meshport/plugin-mesh-common';
import { ClusterCacheManager } from '../cache/ClusterCacheManager';
import { MeshStore } from '../database/MeshStore';

/** Answers the Mesh tab for one entity, from the watched caches only. */
export class EntityOverviewService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly store: MeshStore,
    private readonly caches: ClusterCacheManager,
  ) {}

  async getOverview(
    ref: { kind: string; namespace: string; name: string },
    credentials: BackstageCredentials,
  ): Promise<EntityOverview> {
    const entity = await this.catalog.getEntityByRef(ref, { credentials });
    if (!entity) throw new NotFoundError(`Entity ${ref.kind}:${ref.namespace}/${ref.name} not found in the catalog`);
    const resolved = entityMeshSelector(entity);
    if (!resolved.ok) throw new InputError(resolved.message);
    const selector = resolved.selector;

    let clusterNames: string[];
    if (selector.mesh) {
      const mesh = await this.store.getMesh(selector.mesh);
      if (!mesh) throw new InputError(`Annotation meshport.io/mesh names mesh "${selector.mesh}", which is not registered`);
      clusterNames = mesh.members.map(m => m.cluster);
    } else {
      clusterNames = (await this.store.listClusters()).map(c => c.name);
    }

    const clusters = clusterNames.map(name => {
      const cache = this.caches.get(name);
      const sync = this.caches.syncState(name);
      const objects = cache?.snapshot(selector.namespace) ?? {
        namespaces: [], pods: [], services: [], deployments: [], replicaSets: [], statefulSets: [], istio: [],
      };
      return buildClusterOverview(name, sync, objects, selector);
    });
    return {
      entityRef: stringifyEntityRef(entity),
      selector: {
        labelSelector: selector.labelSelector,
        namespace: selector.namespace,
        serviceNames: selector.serviceNames,
        mesh: selector.mesh,
      },
      clusters,
      generatedAt: new Date().toISOString(),
    };
  }
}
