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
import { LRUCache } from 'lru-cache';
import { ChangeActor } from '../changes/ChangeService';

/** How long a read decision and a catalog lookup are reused for the same caller and entity. */
const DEFAULT_REUSE_MS = 10_000;

/** A stable key for who is asking, or undefined when the caller cannot be told apart. */
function principalKey(credentials: BackstageCredentials): string | undefined {
  const p = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (p.type === 'user' && p.userEntityRef) return `user:${p.userEntityRef}`;
  if (p.type === 'service' && p.subject) return `service:${p.subject}`;
  return undefined;
}

/**
 * Permission checks on catalog entities, shared by every entity-scoped route: the permission is
 * decided for the entity (so a policy may say "owners of the entity"), and the entity must exist.
 *
 * Tabs poll, and each answer would otherwise cost two in-process HTTP round trips (the permission
 * backend and the catalog), most of a request's time. So, per caller and entity, *read* decisions
 * and the entity itself are reused for a few seconds (`reuseMs`): a policy, ownership or catalog
 * change reaches reads within that time. Write permissions are decided afresh on every request.
 */
export class EntityAccess {
  private readonly readDecisions: LRUCache<
    string,
    AuthorizeResult.ALLOW | AuthorizeResult.DENY
  >;
  private readonly entities: LRUCache<string, Entity>;
  private readonly reuse: boolean;

  constructor(
    private readonly httpAuth: HttpAuthService,
    private readonly permissions: PermissionsService,
    private readonly userInfo: UserInfoService,
    private readonly catalog: CatalogService,
    reuseMs = DEFAULT_REUSE_MS,
  ) {
    this.readDecisions = new LRUCache({
      max: 20_000,
      ttl: Math.max(1, reuseMs),
    });
    this.entities = new LRUCache({ max: 10_000, ttl: Math.max(1, reuseMs) });
    this.reuse = reuseMs > 0;
  }

  private async decide(
    credentials: BackstageCredentials,
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
  ): Promise<AuthorizeResult> {
    const who = principalKey(credentials);
    const cacheable =
      this.reuse &&
      who !== undefined &&
      permission.attributes.action === 'read';
    const key = `${who}\u0000${permission.name}\u0000${entityRef}`;
    if (cacheable) {
      const known = this.readDecisions.get(key);
      if (known) return known;
    }
    const [decision] = await this.permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (
      cacheable &&
      (decision.result === AuthorizeResult.ALLOW ||
        decision.result === AuthorizeResult.DENY)
    ) {
      this.readDecisions.set(key, decision.result);
    }
    return decision.result;
  }

  private async entity(
    credentials: BackstageCredentials,
    ref: CompoundEntityRef,
    entityRef: string,
  ): Promise<Entity | undefined> {
    const who = principalKey(credentials);
    const key = `${who}\u0000${entityRef}`;
    if (this.reuse && who !== undefined) {
      const known = this.entities.get(key);
      if (known) return known;
    }
    const entity = await this.catalog.getEntityByRef(ref, { credentials });
    if (entity && this.reuse && who !== undefined)
      this.entities.set(key, entity);
    return entity;
  }

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
    const decision = await this.decide(credentials, permission, entityRef);
    if (decision !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Requires the ${permission.name} permission on ${entityRef}`,
      );
    }
    const entity = await this.entity(credentials, ref, entityRef);
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
