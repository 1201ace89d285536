import { ResourcePermission } from '@backstage/plugin-permission-common';
import { usePermission } from '@backstage/plugin-permission-react';

/** Whether the user holds a permission on an entity, and why not, for a disabled button. */
export interface EntityPermission {
  allowed: boolean;
  loading: boolean;
  /** Why the action is not offered; undefined when allowed. */
  reason?: string;
}

/**
 * A catalog-entity resource permission of the signed-in user on one entity. Only gates the UI:
 * the backend checks the same permission on every request.
 */
export function useEntityPermission(
  permission: ResourcePermission<'catalog-entity'>,
  entityRef: string,
): EntityPermission {
  const { allowed, loading } = usePermission({
    permission,
    resourceRef: entityRef,
  });
  if (loading)
    return { allowed: false, loading, reason: 'Checking your permissions…' };
  if (!allowed) {
    return {
      allowed,
      loading,
      reason: `You need the ${permission.name} permission on ${entityRef}; ask the entity's owners or a portal admin.`,
    };
  }
  return { allowed, loading };
}
