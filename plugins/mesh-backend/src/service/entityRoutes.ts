import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  describeZodError,
  indexKindOf,
  LiveResource,
  liveResourceQuerySchema,
  meshEntityReadPermission,
  traceRequestBodySchema,
} from '@meshport/plugin-mesh-common';
import { Router } from 'express';
import { ChangeService } from '../changes/ChangeService';
import { cleanManifest, toYaml } from '../changes/manifestYaml';
import { MeshModelRegistry } from '../model/MeshModelRegistry';
import { EntityAccess } from './entityAccess';
import { EntityOverviewService } from './EntityOverviewService';
import { EntityTrafficService } from './EntityTrafficService';
import { parseBody } from './parseBody';

export interface EntityRoutesOptions {
  access: EntityAccess;
  overviews: EntityOverviewService;
  traffic: EntityTrafficService;
  changes: ChangeService;
  models: MeshModelRegistry;
}

/** The entity tabs' read routes: each checks mesh.entity.read on the entity and answers from the live models. */
export function registerEntityRoutes(
  router: Router,
  { access, overviews, traffic, changes, models }: EntityRoutesOptions,
): void {
  const base = '/entities/:kind/:namespace/:name';

  router.get(`${base}/overview`, async (req, res) => {
    const { entity } = await access.authorizeEntity(
      req,
      meshEntityReadPermission,
      EntityAccess.refFromParams(req),
    );
    res.json(overviews.getOverview(entity));
  });

  router.get(`${base}/traffic`, async (req, res) => {
    const { entity } = await access.authorizeEntity(
      req,
      meshEntityReadPermission,
      EntityAccess.refFromParams(req),
    );
    res.json(traffic.getTraffic(entity));
  });

  /** Which route a request takes: the same JSON as `meshport trace --format json`. */
  router.post(`${base}/trace`, async (req, res) => {
    const body = parseBody(traceRequestBodySchema, req.body);
    const { entity } = await access.authorizeEntity(
      req,
      meshEntityReadPermission,
      EntityAccess.refFromParams(req),
    );
    res.json(traffic.trace(entity, body));
  });

  router.get(`${base}/history`, async (req, res) => {
    const ref = EntityAccess.refFromParams(req);
    await access.authorize(req, meshEntityReadPermission, ref);
    res.json({ items: await changes.history(stringifyEntityRef(ref)) });
  });

  /** One live object for the YAML editor, from the model (never a live call). */
  router.get(`${base}/resource`, async (req, res) => {
    await access.authorize(
      req,
      meshEntityReadPermission,
      EntityAccess.refFromParams(req),
    );
    const parsed = liveResourceQuerySchema.safeParse(req.query);
    if (!parsed.success)
      throw new InputError(`Invalid query: ${describeZodError(parsed.error)}`);
    const q = parsed.data;
    const model = models.forCluster(q.cluster);
    const object = model?.index.get(
      indexKindOf({ apiVersion: q.apiVersion, kind: q.kind }),
      q.namespace,
      q.name,
      q.cluster,
    );
    if (!object)
      throw new NotFoundError(
        `No ${q.kind} ${q.namespace ? `${q.namespace}/` : ''}${q.name} in cluster ${q.cluster}`,
      );
    const manifest = cleanManifest(object);
    const body: LiveResource = {
      cluster: q.cluster,
      manifest: manifest as unknown as Record<string, unknown>,
      yaml: toYaml(manifest),
      resourceVersion: object.metadata.resourceVersion,
    };
    res.json(body);
  });
}
