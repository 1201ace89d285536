import { MeshEntityGate } from '../EntityMeshContent/MeshEntityGate';
import { EntityTrafficView } from './EntityTrafficView';

/** Props of the Traffic entity tab. */
export interface EntityTrafficContentProps {
  /** How often the tab re-fetches, in milliseconds. Default 10 000: the backend answers from its cache. */
  refreshIntervalMs?: number;
}

/**
 * The Traffic tab of a catalog entity: every routing resource that affects its services, in
 * words, with the analyzers' findings at their rules, a request tracer, and edits through the
 * change pipeline. Checks the entity's annotations first, like the Mesh tab.
 */
export function EntityTrafficContent(props: EntityTrafficContentProps) {
  return (
    <MeshEntityGate>
      {entityRef => (
        <EntityTrafficView
          entityRef={entityRef}
          refreshIntervalMs={props.refreshIntervalMs ?? 10_000}
        />
      )}
    </MeshEntityGate>
  );
}
