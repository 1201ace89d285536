import { meshCanaryManagePermission } from '@meshport/plugin-mesh-common';
import { EntityPermission, useEntityPermission } from './useEntityPermission';

export type CanaryManagePermission = EntityPermission;

/**
 * Whether the user may promote, abort and resume the entity's canaries (`mesh.canary.manage`,
 * which the app's policy grants to the entity's owners).
 */
export function useCanaryManagePermission(
  entityRef: string,
): CanaryManagePermission {
  return useEntityPermission(meshCanaryManagePermission, entityRef);
}
