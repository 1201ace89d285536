import { ApiError } from './ApiError';
import { ApiPath } from './parseApiPath';
import { ResourceAttributes } from './rbacAuthorizer';

/** Who a bearer token authenticates as. */
export interface ApiIdentity {
  /** The Kubernetes user name, e.g. `system:serviceaccount:kube-system:meshport-viewer`. */
  user: string;
  /** Bound to the built-in `view` ClusterRole: reads everything but Secrets, writes nothing. */
  readOnly: boolean;
}

export const ADMIN: ApiIdentity = {
  user: 'system:serviceaccount:kube-system:meshport-admin',
  readOnly: false,
};
export const VIEWER: ApiIdentity = {
  user: 'system:serviceaccount:kube-system:meshport-viewer',
  readOnly: true,
};

/**
 * Decides one resource request (or a check inside one, such as the create that a server-side
 * apply of a new object implies): undefined when allowed, else the apiserver's 403 Status.
 */
export type RequestAuthorizer = (
  attributes: ResourceAttributes,
) => ApiError | undefined;

const READ_VERBS = new Set(['get', 'list', 'watch']);

/** The request's verb as the apiserver's RequestInfoFactory names it. */
export function requestVerb(
  method: string,
  path: Extract<ApiPath, { kind: 'resource' }>,
  query: URLSearchParams,
): string {
  const named = path.name !== undefined;
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (
        path.legacyWatch ||
        query.get('watch') === 'true' ||
        query.get('watch') === '1'
      )
        return 'watch';
      return named ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

/** `metadata.name=x` (or `==x`) among a field selector's terms: a list or watch of one object. */
function exactName(fieldSelector: string | null): string | undefined {
  for (const term of (fieldSelector ?? '').split(',')) {
    const match = /^\s*metadata\.name\s*==?\s*([^\s/%]+)\s*$/.exec(term);
    if (match && match[1] !== '.' && match[1] !== '..') return match[1];
  }
  return undefined;
}

/** The authorizer attributes of a resource request, as the apiserver's RequestInfoFactory derives them. */
export function requestAttributes(
  method: string,
  path: Extract<ApiPath, { kind: 'resource' }>,
  query: URLSearchParams,
): ResourceAttributes {
  const verb = requestVerb(method, path, query);
  // `/api/v1/namespaces/<name>` is, for RBAC, a request inside namespace <name>: a RoleBinding there can grant it.
  const namespace =
    path.namespace ??
    (path.group === '' &&
    path.resource === 'namespaces' &&
    path.name !== undefined
      ? path.name
      : undefined);
  // A list or watch selecting one name is authorized for that name, so `resourceNames` rules can allow
  // an informer on a single object.
  const name =
    path.name ??
    (verb === 'list' || verb === 'watch' || verb === 'deletecollection'
      ? exactName(query.get('fieldSelector'))
      : undefined);
  return {
    verb,
    apiGroup: path.group,
    resource: path.resource,
    ...(path.subresource !== undefined
      ? { subresource: path.subresource }
      : {}),
    ...(name !== undefined ? { name } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
  };
}

/** The apiserver's Forbidden Status (responsewriters.Forbidden): `<resource> "<name>" is forbidden: User "<u>" cannot <verb> resource ...`. */
export function forbidden(
  user: string,
  attributes: ResourceAttributes,
): ApiError {
  const { verb, apiGroup, resource, subresource, name, namespace } = attributes;
  const qualified = apiGroup ? `${resource}.${apiGroup}` : resource;
  const subject = name ? `${qualified} "${name}"` : qualified;
  const combined = subresource ? `${resource}/${subresource}` : resource;
  const scope = namespace
    ? `in the namespace "${namespace}"`
    : 'at the cluster scope';
  return new ApiError(
    403,
    'Forbidden',
    `${subject} is forbidden: User "${user}" cannot ${verb} resource "${combined}" in API group "${apiGroup}" ${scope}`,
    {
      ...(name ? { name } : {}),
      ...(apiGroup ? { group: apiGroup } : {}),
      kind: resource,
    },
  );
}

/**
 * RBAC for the sandbox's two fixed identities: the admin token may do anything (cluster-admin); the
 * viewer token has the `view` ClusterRole, so it may get, list and watch every resource except
 * Secrets, and nothing else (in particular not impersonate).
 */
export function authorizeIdentity(
  identity: ApiIdentity,
  attributes: ResourceAttributes,
): ApiError | undefined {
  if (!identity.readOnly) return undefined;
  if (READ_VERBS.has(attributes.verb) && attributes.resource !== 'secrets')
    return undefined;
  return forbidden(identity.user, attributes);
}
