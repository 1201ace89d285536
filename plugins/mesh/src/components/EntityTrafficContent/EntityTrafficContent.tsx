import { useEntity } from '@backstage/plugin-catalog-react';
import { entityMeshSelector } from '@meshport/plugin-mesh-common';
import { MissingAnnotationState } from '../EntityMeshContent/MissingAnnotationState';
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
    <EntityTrafficView
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
