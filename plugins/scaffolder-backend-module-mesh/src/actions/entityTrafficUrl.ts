import { InputError } from '@backstage/errors';

/** `kind:namespace/name` or `kind:name` (namespace `default`), as Backstage writes entity refs. */
const ENTITY_REF = /^([^:/\s]+):(?:([^:/\s]+)\/)?([^:/\s]+)$/;

/**
 * The entity's Traffic tab, relative to the app, optionally opened on one canary:
 * `/catalog/<namespace>/<kind>/<name>/traffic?canary=<id>`. Kind and namespace are lower-cased
 * as the catalog's own entity routes do; the kind is required since the route needs it.
 */
export function entityTrafficUrl(entityRef: string, canaryId?: string): string {
  const match = ENTITY_REF.exec(entityRef.trim());
  if (!match)
    throw new InputError(
      `entityRef: must be kind:namespace/name, e.g. component:default/reviews (got "${entityRef}")`,
    );
  const [, kind, namespace = 'default', name] = match;
  const path = [namespace.toLowerCase(), kind.toLowerCase(), name]
    .map(encodeURIComponent)
    .join('/');
  const query =
    canaryId === undefined ? '' : `?canary=${encodeURIComponent(canaryId)}`;
  return `/catalog/${path}/traffic${query}`;
}
