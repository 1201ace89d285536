import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
} from '@meshport/plugin-mesh-common';

/**
 * Whether to show the Mesh tab for an entity (for `EntityLayout.Route if={isMeshAvailable}`): it
 * has one of the annotations that say which pods are its own. A malformed value still counts, so the
 * tab can say what is wrong with it.
 */
export function isMeshAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[ANNOTATION_KUBERNETES_ID]?.trim() ||
    annotations[ANNOTATION_KUBERNETES_LABEL_SELECTOR]?.trim(),
  );
}
