import { useEntity } from '@backstage/plugin-catalog-react';
import { entityMeshSelector } from '@meshport/plugin-mesh-common';
import { EntityMeshOverview } from './EntityMeshOverview';
import { MissingAnnotationState } from './MissingAnnotationState';

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
  const { entity } = useEntity();
  const selection = entityMeshSelector(entity);
  if (!selection.ok) {
    return (
      <MissingAnnotationState
        entityName={entity.metadata.name}
        problem={selection.problem}
        message={selection.message}
      />
    );
  }
  return (
    <EntityMeshOverview
      // Lower-cased like catalog entity routes: refs are case-insensitive, URLs should be stable.
      entityRef={{
        kind: entity.kind.toLocaleLowerCase('en-US'),
        namespace: (entity.metadata.namespace ?? 'default').toLocaleLowerCase(
          'en-US',
        ),
        name: entity.metadata.name,
      }}
      refreshIntervalMs={props.refreshIntervalMs ?? 10_000}
    />
  );
}
