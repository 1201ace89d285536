import { useApi } from '@backstage/core-plugin-api';
import { meshApiRef, MeshEntityRef } from '../../api/MeshApi';
import { MeshEntityGate } from '../EntityMeshContent/MeshEntityGate';
import { TopologyView } from './TopologyView';

/** Props of the Topology entity tab. */
export interface EntityTopologyContentProps {
  /** How often the graph refreshes, in milliseconds. Default 15 000; positions are kept. */
  refreshIntervalMs?: number;
  /** Canvas height in pixels. Default 560. */
  height?: number;
}

function EntityTopologyView(
  props: EntityTopologyContentProps & { entityRef: MeshEntityRef },
) {
  const meshApi = useApi(meshApiRef);
  const { kind, namespace, name } = props.entityRef;
  return (
    <TopologyView
      fetchGraph={q =>
        meshApi.getEntityTopology(
          { kind, namespace, name },
          { window: q.window, hops: q.hops, graph: q.graph },
        )
      }
      deps={[meshApi, kind, namespace, name]}
      entityRef={props.entityRef}
      showHops
      refreshIntervalMs={props.refreshIntervalMs}
      height={props.height}
      errorTitle="Could not load the topology"
    />
  );
}

/**
 * The Topology tab of a catalog entity: the service graph around its workloads from the mesh's
 * metrics, each node and edge judged healthy or not with the reasons in words, the catalog's
 * declared dependencies laid over what the mesh observed.
 */
export function EntityTopologyContent(props: EntityTopologyContentProps) {
  return (
    <MeshEntityGate>
      {entityRef => <EntityTopologyView {...props} entityRef={entityRef} />}
    </MeshEntityGate>
  );
}
