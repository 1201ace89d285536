import { Config } from '@backstage/config';
import { AuthorizeResult, PolicyDecision } from '@backstage/plugin-permission-common';
import { PermissionPolicy, PolicyQuery, PolicyQueryUser } from '@backstage/plugin-permission-node';
import { meshClusterRegisterPermission } from '@meshport/plugin-mesh-common';

/** Permissions only portal admins hold: registering and deleting clusters and meshes. */
const ADMIN_ONLY = new Set([meshClusterRegisterPermission.name]);

/**
 * The app's policy: everyone signed in may read; admin-only permissions are allowed to users
 * who own (are, or are members of) one of `permission.meshAdmins`.
 */
export class MeshPermissionPolicy implements PermissionPolicy {
  static fromConfig(config: Config): MeshPermissionPolicy {
    return new MeshPermissionPolicy(config.getOptionalStringArray('permission.meshAdmins') ?? []);
  }

  constructor(private readonly admins: string[]) {}

  async handle(request: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    if (!ADMIN_ONLY.has(request.permission.name)) return { result: AuthorizeResult.ALLOW };
    const owned = user?.info.ownershipEntityRefs ?? [];
    const isAdmin = owned.some(ref => this.admins.includes(ref.toLocaleLowerCase('en-US')));
    return { result: isAdmin ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
  }
}
