import { MeshEntityRef } from '../api/MeshApi';

/** `component:default/reviews`: the form permission checks and change requests name an entity by. */
export function formatEntityRef(ref: MeshEntityRef): string {
  return `${ref.kind}:${ref.namespace}/${ref.name}`;
}
