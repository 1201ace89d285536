import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Request } from 'express';
import { ChangeActor } from '../changes/ChangeService';

/**
 * Permission checks on catalog entities, shared by every entity-scoped route: the permission is
 * decided for the entity (so a policy may say "owners of the entity"), and the entity must exist.
 */
export class EntityAccess {
  constructor(
    private readonly httpAuth: HttpAuthService,
    private readonly permissions: PermissionsService,
    private readonly userInfo: UserInfoService,
    private readonly catalog: CatalogService,
  ) {}

  /** The entity named by `:kind/:namespace/:name`. */
  static refFromParams(req: Request): CompoundEntityRef {
    const { kind, namespace, name } = req.params;
    return {
      kind: kind.toLocaleLowerCase('en-US'),
      namespace: namespace.toLocaleLowerCase('en-US'),
      name,
    };
  }

  /** Parses an entity ref written in a request body, as a 400 naming the field when it is malformed. */
  static parseRef(ref: string, field: string): CompoundEntityRef {
    try {
      const parsed = parseEntityRef(ref);
      return {
        kind: parsed.kind.toLocaleLowerCase('en-US'),
        namespace: parsed.namespace.toLocaleLowerCase('en-US'),
        name: parsed.name,
      };
    } catch (e) {
      throw new InputError(`${field}: ${(e as Error).message}`);
    }
  }

  /** Checks `permission` on the entity and that it exists; returns the caller's credentials and the entity. */
  async authorizeEntity(
    req: Request,
    permission: ResourcePermission<'catalog-entity'>,
    ref: CompoundEntityRef,
  ): Promise<{ credentials: BackstageCredentials; entity: Entity }> {
    const credentials = await this.httpAuth.credentials(req);
    const entityRef = stringifyEntityRef(ref);
    const [decision] = await this.permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Requires the ${permission.name} permission on ${entityRef}`,
      );
    }
    const entity = await this.catalog.getEntityByRef(ref, { credentials });
    if (!entity)
      throw new NotFoundError(`Entity ${entityRef} not found in the catalog`);
    return { credentials, entity };
  }

  /** Checks `permission` on the entity and that it exists; returns the caller's credentials. */
  async authorize(
    req: Request,
    permission: ResourcePermission<'catalog-entity'>,
    ref: CompoundEntityRef,
  ): Promise<BackstageCredentials> {
    return (await this.authorizeEntity(req, permission, ref)).credentials;
  }

  /** The person a write is made for; writes need a user, not a service acting alone. */
  async actor(credentials: BackstageCredentials): Promise<ChangeActor> {
    if ((credentials.principal as { type?: string }).type !== 'user')
      throw new NotAllowedError(
        'Changes are made by users; this request has no user',
      );
    const info = await this.userInfo.getUserInfo(
      credentials as BackstageCredentials<{
        type: 'user';
        userEntityRef: string;
      }>,
    );
    return {
      userEntityRef: info.userEntityRef,
      ownershipEntityRefs: info.ownershipEntityRefs,
    };
  }
}
