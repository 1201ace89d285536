import { Config } from '@backstage/config';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  CATALOG_ENTITY_RESOURCE_TYPE,
  meshClusterReadPermission,
  meshCanaryManagePermission,
  meshConfigUpdatePermission,
  meshEntityReadPermission,
} from '@meshport/plugin-mesh-common';

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/** Meshport permissions every signed-in user holds: seeing clusters and an entity's mesh tabs. */
const MESH_READS = new Set([
  meshClusterReadPermission.name,
  meshEntityReadPermission.name,
]);

export interface MeshPermissionPolicyOptions {
  /** User or group entity refs whose members may do everything (`permission.meshAdmins`). */
  admins: string[];
  /**
   * Allow every non-Meshport permission to everyone, as Backstage's allow-all policy does
   * (`permission.allowAllOtherPermissions`). For the embedded default only: production leaves
   * it off, so the catalog, Kubernetes and scaffolder plugins get read-for-users, rest-for-admins.
   */
  allowAllOtherPermissions?: boolean;
}

/** What the owners of an entity may do to it. */
const OWNER_PERMISSIONS = new Set([
  meshConfigUpdatePermission.name,
  meshCanaryManagePermission.name,
]);

/**
 * Running a template: every signed-in user may, as in Backstage's default. What a template does
 * is still decided per step: Meshport's actions call the mesh backend with the user's token, so
 * `mesh.canary.manage` on the entity decides whether the canary starts.
 */
const TEMPLATE_RUN = new Set([
  'scaffolder.task.create',
  'scaffolder.task.cancel',
  'scaffolder.action.execute',
]);

/** Meshport's permissions all start with `mesh.`; see plugins/mesh-common/src/permissions.ts. */
const isMeshPermission = (p: Permission) => p.name.startsWith('mesh.');

/**
 * The app's policy.
 *
 * - Mesh admins (users who own, i.e. are or are members of, one of `permission.meshAdmins`) may
 *   do everything.
 * - Meshport: `mesh.cluster.read` and `mesh.entity.read` to every signed-in user;
 *   `mesh.config.update` and `mesh.canary.manage` to the owners of the entity, as a conditional decision the catalog
 *   evaluates with its own `isEntityOwner` rule; anything else (register, delete, permissions
 *   added later) to admins only, so a new permission is never open by accident.
 * - Other plugins' permissions: read-type ones (`attributes.action === 'read'`) and running
 *   templates to signed-in users, the rest to admins, unless `permission.allowAllOtherPermissions` is set.
 *
 * Requests without a user are unauthenticated ones (service principals never reach a policy:
 * the permissions service decides those itself), so they get nothing but the allow-all escape.
 */
export class MeshPermissionPolicy implements PermissionPolicy {
  static fromConfig(config: Config): MeshPermissionPolicy {
    return new MeshPermissionPolicy({
      admins: config.getOptionalStringArray('permission.meshAdmins') ?? [],
      allowAllOtherPermissions:
        config.getOptionalBoolean('permission.allowAllOtherPermissions') ??
        false,
    });
  }

  private readonly admins: Set<string>;
  private readonly allowAllOtherPermissions: boolean;

  constructor(options: MeshPermissionPolicyOptions) {
    // Entity refs compare case-insensitively; the catalog hands out lowercase ones.
    this.admins = new Set(
      options.admins.map(ref => ref.toLocaleLowerCase('en-US')),
    );
    this.allowAllOtherPermissions = options.allowAllOtherPermissions ?? false;
  }

  private isAdmin(user?: PolicyQueryUser): boolean {
    const owned = user?.info.ownershipEntityRefs ?? [];
    return owned.some(ref => this.admins.has(ref.toLocaleLowerCase('en-US')));
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!isMeshPermission(permission))
      return this.handleOther(permission, user);
    if (!user) return DENY;
    if (this.isAdmin(user)) return ALLOW;
    if (MESH_READS.has(permission.name)) return ALLOW;
    if (
      OWNER_PERMISSIONS.has(permission.name) &&
      isResourcePermission(permission, CATALOG_ENTITY_RESOURCE_TYPE)
    ) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({
          claims: user.info.ownershipEntityRefs,
        }),
      );
    }
    return DENY;
  }

  private handleOther(
    permission: Permission,
    user?: PolicyQueryUser,
  ): PolicyDecision {
    if (this.allowAllOtherPermissions) return ALLOW;
    if (!user) return DENY;
    if (this.isAdmin(user)) return ALLOW;
    if (TEMPLATE_RUN.has(permission.name)) return ALLOW;
    return permission.attributes.action === 'read' ? ALLOW : DENY;
  }
}
