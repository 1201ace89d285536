import { meshConfigUpdatePermission } from '@meshport/plugin-mesh-common';
import { EntityPermission, useEntityPermission } from './useEntityPermission';

export type ConfigUpdatePermission = EntityPermission;

/** Whether the user may change the entity's mesh configuration (`mesh.config.update`). */
export function useConfigUpdatePermission(
  entityRef: string,
): ConfigUpdatePermission {
  return useEntityPermission(meshConfigUpdatePermission, entityRef);
}
