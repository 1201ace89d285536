import { createPermission } from '@backstage/plugin-permission-common';

/** Register, change or delete clusters and meshes: a portal-admin permission. */
export const meshClusterRegisterPermission = createPermission({
  name: 'mesh.cluster.register',
  attributes: { action: 'create' },
});

/** See registered clusters and meshes and their sync state. */
export const meshClusterReadPermission = createPermission({
  name: 'mesh.cluster.read',
  attributes: { action: 'read' },
});

export const meshPermissions = [meshClusterRegisterPermission, meshClusterReadPermission];
