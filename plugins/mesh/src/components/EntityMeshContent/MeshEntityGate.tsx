import { ReactElement } from 'react';
import { useEntity } from '@backstage/plugin-catalog-react';
import { entityMeshSelector } from '@meshport/plugin-mesh-common';
import { MeshEntityRef } from '../../api/MeshApi';
import { MissingAnnotationState } from './MissingAnnotationState';

/**
 * What every Meshport entity tab does first: check the entity's annotations (with the same
 * function the backend uses), so an entity without them gets instructions rather than a 400, and
 * hand the tab the entity's ref as the backend's routes spell it.
 */
export function MeshEntityGate(props: {
  children: (entityRef: MeshEntityRef) => ReactElement;
}) {
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
  // Lower-cased like catalog entity routes: refs are case-insensitive, URLs should be stable.
  return props.children({
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: (entity.metadata.namespace ?? 'default').toLocaleLowerCase(
      'en-US',
    ),
    name: entity.metadata.name,
  });
}
