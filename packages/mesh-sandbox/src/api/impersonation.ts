import { ApiError } from './ApiError';
import { ResourceAttributes, UserInfo } from './rbacAuthorizer';

/**
 * The apiserver's impersonation filter (k8s.io/apiserver/pkg/endpoints/filters/impersonation.go):
 * `Impersonate-User` and `Impersonate-Group` headers switch the identity a request is authorized
 * as, once the authenticated caller has been allowed the `impersonate` verb on each of them.
 */

export interface ImpersonationRequest {
  /** The requested user name; `system:serviceaccount:<ns>:<name>` impersonates a ServiceAccount. */
  user: string;
  groups: string[];
}

/** Request headers as Node's `IncomingMessage.headersDistinct` gives them: lower-case names, every value. */
export type DistinctHeaders = Record<string, string[] | undefined>;

const SERVICE_ACCOUNT_USER = /^system:serviceaccount:([^:]+):([^:]+)$/;

/**
 * Group headers, one per line as client-go sends them; a value with commas is also split, because
 * some HTTP stacks fold repeated headers into one comma-joined line (group names have no commas).
 */
function headerGroups(headers: DistinctHeaders): string[] {
  return (headers['impersonate-group'] ?? [])
    .flatMap(value => value.split(','))
    .map(group => group.trim())
    .filter(group => group !== '');
}

/** Go's `%v` of the ObjectReference the apiserver builds for each group, e.g. `{Group  team-a    }`. */
function groupReference(group: string): string {
  return `{Group  ${group}    }`;
}

/**
 * Reads the impersonation headers: undefined when there are none, a 400 when groups (or extras, or a
 * uid) are asked for without a user.
 */
export function readImpersonation(
  headers: DistinctHeaders,
): ImpersonationRequest | ApiError | undefined {
  const user = (headers['impersonate-user'] ?? [])[0]?.trim() ?? '';
  const groups = headerGroups(headers);
  const others = Object.keys(headers).some(
    name => name.startsWith('impersonate-extra-') || name === 'impersonate-uid',
  );
  if (user === '') {
    if (groups.length === 0 && !others) return undefined;
    return ApiError.badRequest(
      `requested [${groups.map(groupReference).join(' ')}] without impersonating a user`,
    );
  }
  return { user, groups };
}

/** What the caller must be allowed (verb `impersonate`) for this impersonation, in the apiserver's order. */
export function impersonationAttributes(
  request: ImpersonationRequest,
): ResourceAttributes[] {
  const serviceAccount = SERVICE_ACCOUNT_USER.exec(request.user);
  const userAttributes: ResourceAttributes = serviceAccount
    ? {
        verb: 'impersonate',
        apiGroup: '',
        resource: 'serviceaccounts',
        namespace: serviceAccount[1],
        name: serviceAccount[2],
      }
    : {
        verb: 'impersonate',
        apiGroup: '',
        resource: 'users',
        name: request.user,
      };
  return [
    userAttributes,
    ...request.groups.map(group => ({
      verb: 'impersonate',
      apiGroup: '',
      resource: 'groups',
      name: group,
    })),
  ];
}

/**
 * The identity the request then runs as. A ServiceAccount gets its fixed groups when no groups are
 * asked for; every user but `system:anonymous` also gets `system:authenticated`, unless
 * `system:authenticated` or `system:unauthenticated` is already among the groups.
 */
export function impersonatedUser(request: ImpersonationRequest): UserInfo {
  const groups = [...request.groups];
  const serviceAccount = SERVICE_ACCOUNT_USER.exec(request.user);
  if (serviceAccount && groups.length === 0)
    groups.push(
      'system:serviceaccounts',
      `system:serviceaccounts:${serviceAccount[1]}`,
    );
  if (
    request.user !== 'system:anonymous' &&
    !groups.includes('system:authenticated') &&
    !groups.includes('system:unauthenticated')
  ) {
    groups.push('system:authenticated');
  }
  return { name: request.user, groups };
}
