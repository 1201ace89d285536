import { InputError } from '@backstage/errors';
import {
  canIRequestSchema,
  describeZodError,
  meshEntityReadPermission,
  parseWindow,
  securityQuerySchema,
} from '@meshport/plugin-mesh-common';
import { Router } from 'express';
import { EntityAccess } from './entityAccess';
import { EntitySecurityService } from './EntitySecurityService';
import { parseBody } from './parseBody';

export interface SecurityRoutesOptions {
  access: EntityAccess;
  security: EntitySecurityService;
}

/** The observed-traffic window when the tab names none. */
const DEFAULT_WINDOW_SECONDS = 300;

/** `?window=5m` → seconds; a 400 naming the parameter when it is not a duration of 10 s to 24 h. */
function windowOf(query: unknown): number {
  const parsed = securityQuerySchema.safeParse(query);
  if (!parsed.success)
    throw new InputError(`Invalid query: ${describeZodError(parsed.error)}`);
  if (parsed.data.window === undefined) return DEFAULT_WINDOW_SECONDS;
  const seconds = parseWindow(parsed.data.window);
  if (seconds === undefined)
    throw new InputError(
      `Invalid query: window "${parsed.data.window}" must be a duration from 10s to 24h, such as 30s, 5m or 1h`,
    );
  return seconds;
}

/**
 * The Security tab's routes, both reads (mesh.entity.read on the entity): the view, and "may A
 * call B" answering the same JSON as `meshport can-i --format json`. Input is validated before
 * the permission check, as the other entity routes do, so a malformed request is a 400 naming the
 * field; metrics trouble never fails the view (it says so in `observed.metrics`).
 */
export function registerSecurityRoutes(
  router: Router,
  { access, security }: SecurityRoutesOptions,
): void {
  const base = '/entities/:kind/:namespace/:name';

  router.get(`${base}/security`, async (req, res) => {
    const windowSeconds = windowOf(req.query);
    const { entity } = await access.authorizeEntity(
      req,
      meshEntityReadPermission,
      EntityAccess.refFromParams(req),
    );
    res.json(await security.getSecurity(entity, { windowSeconds }));
  });

  router.post(`${base}/can-i`, async (req, res) => {
    const body = parseBody(canIRequestSchema, req.body);
    const { entity } = await access.authorizeEntity(
      req,
      meshEntityReadPermission,
      EntityAccess.refFromParams(req),
    );
    res.json(security.canI(entity, body));
  });
}
