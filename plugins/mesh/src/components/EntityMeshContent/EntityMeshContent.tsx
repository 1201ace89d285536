import { EntityMeshOverview } from './EntityMeshOverview';
import { MeshEntityGate } from './MeshEntityGate';

/** Props of the Mesh entity tab. */
export interface EntityMeshContentProps {
  /** How often the tab re-fetches, in milliseconds. Default 10 000: the backend answers from its cache. */
  refreshIntervalMs?: number;
}

/**
 * The Mesh tab of a catalog entity: its workloads, pods and sidecars, Services and Istio
 * resources in every cluster. Checks the entity's annotations first (with the same function the
 * backend uses), so an entity without them gets instructions rather than a 400.
 */
export function EntityMeshContent(props: EntityMeshContentProps) {
  return (
    <MeshEntityGate>
      {entityRef => (
        <EntityMeshOverview
          entityRef={entityRef}
          refreshIntervalMs={props.refreshIntervalMs ?? 10_000}
        />
      )}
    </MeshEntityGate>
  );
}
