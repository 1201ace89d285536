import { usePermission } from '@backstage/plugin-permission-react';
import { meshConfigUpdatePermission } from '@meshport/plugin-mesh-common';

export interface ConfigUpdatePermission {
  allowed: boolean;
  loading: boolean;
  /** Why writes are not offered, for the disabled button; undefined when allowed. */
  reason?: string;
}

/**
 * Whether the user may change the entity's mesh configuration (`mesh.config.update` on the catalog
 * entity). Only gates the UI: the backend checks the same permission on every preview and apply.
 */
export function useConfigUpdatePermission(
  entityRef: string,
): ConfigUpdatePermission {
  const { allowed, loading } = usePermission({
    permission: meshConfigUpdatePermission,
    resourceRef: entityRef,
  });
  if (loading)
    return { allowed: false, loading, reason: 'Checking your permissions…' };
  if (!allowed) {
    return {
      allowed,
      loading,
      reason: `You need the mesh.config.update permission on ${entityRef}; ask the entity's owners or a portal admin.`,
    };
  }
  return { allowed, loading };
}
