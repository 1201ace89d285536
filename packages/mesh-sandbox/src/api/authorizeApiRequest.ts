import { ApiError } from './ApiError';
import { ApiPath } from './parseApiPath';

/** Who a bearer token authenticates as. */
export interface ApiIdentity {
  /** The Kubernetes user name, e.g. `system:serviceaccount:kube-system:meshport-viewer`. */
  user: string;
  /** Bound to the built-in `view` ClusterRole: reads everything but Secrets, writes nothing. */
  readOnly: boolean;
}

export const ADMIN: ApiIdentity = { user: 'system:serviceaccount:kube-system:meshport-admin', readOnly: false };
export const VIEWER: ApiIdentity = { user: 'system:serviceaccount:kube-system:meshport-viewer', readOnly: true };

const READ_VERBS = new Set(['get', 'list', 'watch']);

/** The request's verb as the apiserver's RequestInfoFactory names it. */
export function requestVerb(method: string, path: Extract<ApiPath, { kind: 'resource' }>, query: URLSearchParams): string {
  const named = path.name !== undefined;
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (path.legacyWatch || query.get('watch') === 'true' || query.get('watch') === '1') return 'watch';
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

/**
 * RBAC for the sandbox's two identities: the admin token may do anything (cluster-admin); the
 * viewer token has the `view` ClusterRole, so it may get, list and watch every resource except
 * Secrets, and nothing else. Returns the apiserver's 403 Forbidden, or undefined when allowed.
 * Non-resource paths (discovery, OpenAPI, version) are open to every authenticated user.
 */
export function authorizeApiRequest(identity: ApiIdentity, method: string, path: ApiPath | undefined, query: URLSearchParams): ApiError | undefined {
  if (!identity.readOnly || !path || path.kind !== 'resource') return undefined;
  const verb = requestVerb(method, path, query);
  const resource = path.subresource ? `${path.resource}/${path.subresource}` : path.resource;
  if (READ_VERBS.has(verb) && path.resource !== 'secrets') return undefined;
  const qualified = path.group ? `${path.resource}.${path.group}` : path.resource;
  const subject = path.name !== undefined ? `${qualified} "${path.name}"` : qualified;
  const scope = path.namespace !== undefined ? `in the namespace "${path.namespace}"` : 'at the cluster scope';
  return new ApiError(403, 'Forbidden', `${subject} is forbidden: User "${identity.user}" cannot ${verb} resource "${resource}" in API group "${path.group}" ${scope}`, {
    ...(path.name !== undefined ? { name: path.name } : {}),
    ...(path.group ? { group: path.group } : {}),
    kind: path.resource,
  });
}
