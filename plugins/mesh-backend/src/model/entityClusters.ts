import { InputError } from '@backstage/errors';
import { EntityMeshSelector } from '@meshport/plugin-mesh-common';
import { MeshModel } from './MeshModel';
import { MeshModelRegistry } from './MeshModelRegistry';

/**
 * The clusters an entity's tabs look at, each with the live model that holds it: the members of
 * the mesh its `meshport.io/mesh` annotation names, else every registered cluster.
 */
export function entityClusters(
  models: MeshModelRegistry,
  selector: EntityMeshSelector,
): Array<{ cluster: string; model: MeshModel }> {
  if (selector.mesh) {
    const model = models.forMesh(selector.mesh);
    if (!model)
      throw new InputError(
        `Annotation meshport.io/mesh names mesh "${selector.mesh}", which is not registered`,
      );
    return model.spec.clusters.map(cluster => ({ cluster, model }));
  }
  const seen = new Set<string>();
  const out: Array<{ cluster: string; model: MeshModel }> = [];
  for (const model of models.all()) {
    for (const cluster of model.spec.clusters) {
      if (seen.has(cluster)) continue;
      seen.add(cluster);
      out.push({ cluster, model });
    }
  }
  return out.sort((a, b) => (a.cluster < b.cluster ? -1 : 1));
}
