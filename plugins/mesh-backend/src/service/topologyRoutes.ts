import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { BasicPermission } from '@backstage/plugin-permission-common';
import {
  describeZodError,
  GRAPH_TYPES,
  GraphType,
  meshClusterReadPermission,
  meshEntityReadPermission,
  parseWindow,
  resourceNameSchema,
} from '@meshport/plugin-mesh-common';
import { Request, Router } from 'express';
import { z } from 'zod';
import { EntityAccess } from './entityAccess';
import { TopologyService } from './TopologyService';

export interface TopologyRoutesOptions {
  access: EntityAccess;
  topology: TopologyService;
  /** The router's check of a plain permission (the admin page's `mesh.cluster.read`). */
  authorize: (
    req: Request,
    permission: BasicPermission,
  ) => Promise<BackstageCredentials>;
}

/** Graphs default to the last minute (as Kiali's, and what the shipped recording rules cover); charts to 5 minutes. */
const windowSchema = (fallback: '1m' | '5m') =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const seconds = parseWindow(text);
      if (seconds === undefined) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `"${text}" must be a duration from 10s to 24h, such as 30s, 5m or 1h`,
        });
        return z.NEVER;
      }
      return seconds;
    });

const graphSchema = z
  .enum(GRAPH_TYPES as [GraphType, ...GraphType[]], {
    errorMap: () => ({ message: `must be one of ${GRAPH_TYPES.join(', ')}` }),
  })
  .default('workload');

/** `a,b` → names, each a DNS-1123 label. */
const nameListSchema = z
  .string()
  .transform(text =>
    text
      .split(',')
      .map(s => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(resourceNameSchema).max(100));

const entityTopologyQuerySchema = z
  .object({
    window: windowSchema('1m'),
    graph: graphSchema,
    hops: z
      .string()
      .regex(/^[1-3]$/, 'must be 1, 2 or 3')
      .default('1')
      .transform(Number),
  })
  .strict();

const meshTopologyQuerySchema = z
  .object({
    window: windowSchema('1m'),
    graph: graphSchema,
    namespace: nameListSchema.optional(),
    cluster: nameListSchema.optional(),
  })
  .strict();

const metricsQuerySchema = z
  .object({
    window: windowSchema('5m'),
    cluster: resourceNameSchema.optional(),
    namespace: resourceNameSchema.optional(),
    workload: z.string().min(1).max(253).optional(),
    service: z.string().min(1).max(253).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!!v.workload === !!v.service)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [v.workload ? 'service' : 'workload'],
        message: v.workload
          ? 'cannot be given with workload: ask for one'
          : 'or service is required',
      });
  });

/** Query strings as zod sees them: repeated parameters (arrays) are refused by the schemas. */
function parseQuery<T extends z.ZodTypeAny>(
  schema: T,
  query: unknown,
): z.infer<T> {
  const parsed = schema.safeParse(query);
  if (!parsed.success)
    throw new InputError(`Invalid query: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

/**
 * The Topology tab's and the admin page's routes. Permission is checked before anything is read
 * (the answers are shared between viewers for a few seconds), and the query is validated first
 * so a bad parameter is a 400 naming it. Metrics trouble is never an error: the graph says so in
 * `metrics.status`.
 */
export function registerTopologyRoutes(
  router: Router,
  { access, topology, authorize }: TopologyRoutesOptions,
): void {
  const base = '/entities/:kind/:namespace/:name';

  router.get(`${base}/topology`, async (req, res) => {
    const q = parseQuery(entityTopologyQuerySchema, req.query);
    const { entity, credentials } = await access.authorizeEntity(
      req,
      meshEntityReadPermission,
      EntityAccess.refFromParams(req),
    );
    res.json(
      await topology.entityGraph(entity, credentials, {
        windowSeconds: q.window,
        graphType: q.graph,
        hops: q.hops,
      }),
    );
  });

  router.get(`${base}/metrics`, async (req, res) => {
    const q = parseQuery(metricsQuerySchema, req.query);
    const { entity } = await access.authorizeEntity(
      req,
      meshEntityReadPermission,
      EntityAccess.refFromParams(req),
    );
    res.json(
      await topology.charts(entity, {
        windowSeconds: q.window,
        cluster: q.cluster,
        namespace: q.namespace,
        workload: q.workload,
        service: q.service,
      }),
    );
  });

  router.get('/meshes/:mesh/topology', async (req, res) => {
    await authorize(req, meshClusterReadPermission);
    const q = parseQuery(meshTopologyQuerySchema, req.query);
    res.json(
      await topology.meshGraph(req.params.mesh, {
        windowSeconds: q.window,
        graphType: q.graph,
        namespaces: q.namespace,
        clusters: q.cluster,
      }),
    );
  });
}
