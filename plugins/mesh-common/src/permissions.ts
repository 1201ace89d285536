import { createPermission } from '@backstage/plugin-permission-common';

/** The catalog's resource type: mesh permissions on an entity are decided against the catalog entity. */
export const CATALOG_ENTITY_RESOURCE_TYPE = 'catalog-entity';

/** Register or change clusters and meshes: a portal-admin permission. */
export const meshClusterRegisterPermission = createPermission({
  name: 'mesh.cluster.register',
  attributes: { action: 'create' },
});

/** See registered clusters and meshes and their sync state. */
export const meshClusterReadPermission = createPermission({
  name: 'mesh.cluster.read',
  attributes: { action: 'read' },
});

/** Delete registered clusters and meshes: apart from register, since it stops every view of them. */
export const meshClusterDeletePermission = createPermission({
  name: 'mesh.cluster.delete',
  attributes: { action: 'delete' },
});

/**
 * Read an entity's mesh tabs (overview, traffic, security, topology, history). A resource
 * permission on the catalog entity, so a policy can decide per entity with the catalog's rules.
 */
export const meshEntityReadPermission = createPermission({
  name: 'mesh.entity.read',
  attributes: { action: 'read' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/**
 * Change the mesh configuration of an entity (preview, apply, revert). A resource permission on
 * the catalog entity, so a policy can say "owners of the entity may update" with the catalog's
 * `isEntityOwner` rule.
 */
export const meshConfigUpdatePermission = createPermission({
  name: 'mesh.config.update',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/**
 * Start, promote, abort and resume canary releases of an entity. A resource permission on the
 * catalog entity, so a policy can grant it to the entity's owners.
 */
export const meshCanaryManagePermission = createPermission({
  name: 'mesh.canary.manage',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

export const meshPermissions = [
  meshClusterRegisterPermission,
  meshClusterReadPermission,
  meshClusterDeletePermission,
  meshEntityReadPermission,
  meshConfigUpdatePermission,
  meshCanaryManagePermission,
];
