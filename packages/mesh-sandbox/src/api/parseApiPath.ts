/**
 * Splits an apiserver URL path the way k8s.io/apiserver's RequestInfoFactory does:
 * `/api/v1/namespaces/bookinfo/pods/x/status`, `/apis/apps/v1/deployments`, ...
 */

export type ApiPath =
  | { kind: 'core-root' } // /api
  | { kind: 'groups-root' } // /apis
  | { kind: 'group'; group: string } // /apis/<group>
  | { kind: 'group-version'; group: string; version: string } // /api/v1, /apis/<group>/<version>
  | {
      kind: 'resource';
      group: string;
      version: string;
      namespace?: string;
      resource: string;
      name?: string;
      subresource?: string;
      /** The legacy `/watch/` path prefix. */
      legacyWatch: boolean;
    };

/** Namespace subresources, which must not be read as a resource inside the namespace. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function parseApiPath(pathname: string): ApiPath | undefined {
  const parts = pathname
    .split('/')
    .filter(part => part !== '')
    .map(decodeURIComponent);
  if (parts.length === 0) {
    return undefined;
  }
  let group: string;
  let rest: string[];
  if (parts[0] === 'api') {
    if (parts.length === 1) return { kind: 'core-root' };
    group = '';
    rest = parts.slice(1);
  } else if (parts[0] === 'apis') {
    if (parts.length === 1) return { kind: 'groups-root' };
    if (parts.length === 2) return { kind: 'group', group: parts[1] };
    group = parts[1];
    rest = parts.slice(2);
  } else {
    return undefined;
  }
  const version = rest[0];
  let tail = rest.slice(1);
  if (tail.length === 0) {
    return { kind: 'group-version', group, version };
  }
  let legacyWatch = false;
  if (tail[0] === 'watch') {
    legacyWatch = true;
    tail = tail.slice(1);
  }
  let namespace: string | undefined;
  if (
    tail[0] === 'namespaces' &&
    tail.length > 2 &&
    !NAMESPACE_SUBRESOURCES.has(tail[2])
  ) {
    namespace = tail[1];
    tail = tail.slice(2);
  }
  if (tail.length === 0 || tail.length > 3) {
    return undefined;
  }
  return {
    kind: 'resource',
    group,
    version,
    namespace,
    resource: tail[0],
    name: tail[1],
    subresource: tail[2],
    legacyWatch,
  };
}
