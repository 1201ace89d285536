import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  buildClusterOverview,
  ClusterOverview,
  entityMeshSelector,
  EntityOverview,
} from '@meshport/plugin-mesh-common';
import { ClusterCacheManager } from '../cache/ClusterCacheManager';
import { entityClusters } from '../model/entityClusters';
import { GenerationMemo } from '../model/GenerationMemo';
import { MeshModelRegistry } from '../model/MeshModelRegistry';

/**
 * Answers the Mesh tab for one entity from the live models only. A cluster's part of the answer
 * is memoised on the model's generation, so repeated views between changes cost a map lookup;
 * the sync state (how fresh each cluster is) is read fresh every time.
 */
export class EntityOverviewService {
  private readonly memo = new GenerationMemo<ClusterOverview>();

  constructor(
    private readonly models: MeshModelRegistry,
    private readonly caches: ClusterCacheManager,
  ) {}

  getOverview(entity: Entity): EntityOverview {
    const resolved = entityMeshSelector(entity);
    if (!resolved.ok) throw new InputError(resolved.message);
    const selector = resolved.selector;
    const entityRef = stringifyEntityRef(entity);
    const targets = entityClusters(this.models, selector);
    const clusters = targets.map(({ cluster, model }) => {
      const sync = this.caches.syncState(cluster);
      const overview = this.memo.get(entityRef, cluster, model, () =>
        buildClusterOverview(cluster, sync, model.index, selector),
      );
      return { ...overview, sync };
    });
    return {
      entityRef,
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
