import { usePermission } from '@backstage/plugin-permission-react';
import { meshCanaryManagePermission } from '@meshport/plugin-mesh-common';

export interface CanaryManagePermission {
  allowed: boolean;
  loading: boolean;
  /** Why Promote, Abort and Resume are not offered, for the disabled buttons; undefined when allowed. */
  reason?: string;
}

/**
 * Whether the user may promote, abort and resume the entity's canaries (`mesh.canary.manage` on the
 * catalog entity, which the app's policy grants to the entity's owners). Only gates the UI: the
 * backend checks the same permission on every action.
 */
export function useCanaryManagePermission(
  entityRef: string,
): CanaryManagePermission {
  const { allowed, loading } = usePermission({
    permission: meshCanaryManagePermission,
    resourceRef: entityRef,
  });
  if (loading)
    return { allowed: false, loading, reason: 'Checking your permissions…' };
  if (!allowed) {
    return {
      allowed,
      loading,
      reason: `You need the mesh.canary.manage permission on ${entityRef}; ask the entity's owners or a portal admin.`,
    };
  }
  return { allowed, loading };
}
