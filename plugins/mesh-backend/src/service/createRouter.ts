import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  ClusterSummary,
  meshClusterDeletePermission,
  meshClusterReadPermission,
  meshClusterRegisterPermission,
  MeshSummary,
  registerClusterRequestSchema,
  registerMeshRequestSchema,
  resourceNameSchema,
} from '@meshport/plugin-mesh-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { ClusterCacheManager } from '../cache/ClusterCacheManager';
import { ChangeService } from '../changes/ChangeService';
import { MetricsSourceRegistry } from '../metrics/MetricsSourceRegistry';
import { checkMetricsUrls } from '../metrics/checkMetricsUrls';
import { MeshModelRegistry } from '../model/MeshModelRegistry';
import { auditedWrite } from './auditedWrite';
import { registerCanaryRoutes } from './canaryRoutes';
import { registerChangeRoutes } from './changeRoutes';
import { EntityAccess } from './entityAccess';
import { registerEntityRoutes } from './entityRoutes';
import { CanaryService } from '../canary/CanaryService';
import { TrafficShiftService } from '../canary/TrafficShiftService';
import { checkClusterUrl } from '../cluster/checkClusterUrl';
import { ClusterConnection } from '../cluster/ClusterConnection';
import { normalizeCaData } from '../cluster/normalizeCaData';
import { testClusterConnection } from '../cluster/testClusterConnection';
import { MeshStore, StoredCluster, StoredMesh } from '../database/MeshStore';
import { EntityOverviewService } from './EntityOverviewService';
import { EntityTrafficService } from './EntityTrafficService';
import { EntitySecurityService } from './EntitySecurityService';
import { parseBody } from './parseBody';
import { registerSecurityRoutes } from './securityRoutes';
import { registerTopologyRoutes } from './topologyRoutes';
import { TopologyService } from './TopologyService';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  store: MeshStore;
  caches: ClusterCacheManager;
  overviews: EntityOverviewService;
  traffic: EntityTrafficService;
  models: MeshModelRegistry;
  changes: ChangeService;
  access: EntityAccess;
  metrics: MetricsSourceRegistry;
  topology: TopologyService;
  security: EntitySecurityService;
  canaries: CanaryService;
  shifts: TrafficShiftService;
  /** Connection test timeout for registrations. */
  connectionTimeoutMs?: number;
  /** `mesh.allowPrivateClusterUrls`: registrations may point at private and loopback addresses. */
  allowPrivateClusterUrls?: boolean;
}

function principalRef(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return p.userEntityRef ?? p.subject ?? p.type;
}

function nameParam(req: Request, param: string): string {
  const parsed = resourceNameSchema.safeParse(req.params[param]);
  if (!parsed.success)
    throw new NotFoundError(`No ${param} named "${req.params[param]}"`);
  return parsed.data;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    auditor,
    store,
    caches,
    overviews,
    models,
    changes,
    access,
  } = options;
  /** A registration changed: caches first (they feed the models), then the models and metrics. */
  const refreshLive = async () => {
    await caches.refresh();
    await Promise.all([models.refresh(), options.metrics.refresh()]);
  };
  const refreshMeshes = () =>
    Promise.all([models.refresh(), options.metrics.refresh()]);
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  const authorize = async (req: Request, permission: BasicPermission) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Requires the ${permission.name} permission`);
    }
    return credentials;
  };

  /** Runs a write and records it with the auditor, as success or failure with the error. */
  const audited = <T>(
    req: Request,
    eventId: string,
    meta: Record<string, string>,
    write: () => Promise<T>,
  ): Promise<T> =>
    auditedWrite(
      auditor,
      { eventId, severityLevel: 'medium', request: req, meta },
      write,
    );

  const clusterSummary = (c: StoredCluster): ClusterSummary => ({
    name: c.name,
    title: c.title,
    apiUrl: c.apiUrl,
    authKind: 'bearerToken',
    hasCaData: !!c.caData,
    insecureSkipTlsVerify: c.insecureSkipTlsVerify,
    gitops: c.gitops,
    impersonate: c.impersonate,
    source: c.source,
    labels: c.labels,
    createdBy: c.createdBy,
    createdAt: c.createdAt,
    sync: caches.syncState(c.name),
  });
  /** StoredMesh never holds the Prometheus header; the summary says only whether there is one. */
  const meshSummary = (m: StoredMesh): MeshSummary => {
    const { updatedAt: _updated, ...rest } = m;
    return rest;
  };

  /**
   * Validates a registration body and returns the connection it describes (CA as PEM). The URL
   * rules run before anything connects, so neither the test nor the registration sends the
   * token to a URL the rules refuse.
   */
  const connectionFromBody = async (
    body: unknown,
  ): Promise<{
    conn: ClusterConnection;
    input: ReturnType<typeof registerClusterRequestSchema.parse>;
  }> => {
    const input = parseBody(registerClusterRequestSchema, body);
    await checkClusterUrl(input.apiUrl, {
      allowInsecure: input.allowInsecure,
      allowPrivateClusterUrls: options.allowPrivateClusterUrls ?? false,
    });
    return {
      input,
      conn: {
        name: input.name,
        apiUrl: input.apiUrl,
        caData: input.caData ? normalizeCaData(input.caData) : undefined,
        insecureSkipTlsVerify: input.insecureSkipTlsVerify ?? false,
        token: input.token,
      },
    };
  };

  router.get('/clusters', async (req, res) => {
    await authorize(req, meshClusterReadPermission);
    const clusters = await store.listClusters();
    res.json({ items: clusters.map(clusterSummary) });
  });

  router.post('/clusters/connection-test', async (req, res) => {
    await authorize(req, meshClusterRegisterPermission);
    const { conn } = await connectionFromBody(req.body);
    const result = await testClusterConnection(
      conn,
      options.connectionTimeoutMs,
    );
    res.json({ ok: true, serverVersion: result.serverVersion });
  });

  router.post('/clusters', async (req, res) => {
    const credentials = await authorize(req, meshClusterRegisterPermission);
    const { conn, input } = await connectionFromBody(req.body);
    const stored = await audited(
      req,
      'cluster-register',
      { cluster: input.name, apiUrl: input.apiUrl },
      async () => {
        // Checked before the connection test so a duplicate fails fast; the insert checks again.
        if (await store.getCluster(input.name)) {
          throw new ConflictError(
            `A cluster named "${input.name}" is already registered`,
          );
        }
        await testClusterConnection(conn, options.connectionTimeoutMs);
        const created = await store.createCluster({
          name: input.name,
          title: input.title,
          apiUrl: input.apiUrl,
          caData: conn.caData,
          insecureSkipTlsVerify: conn.insecureSkipTlsVerify,
          allowInsecure: input.allowInsecure ?? false,
          gitops: input.gitops ?? false,
          impersonate: input.impersonate ?? false,
          labels: input.labels ?? {},
          source: 'api',
          createdBy: principalRef(credentials),
          credentials: { kind: 'bearerToken', token: input.token },
        });
        await refreshLive();
        return created;
      },
    );
    res.status(201).json(clusterSummary(stored));
  });

  router.delete('/clusters/:name', async (req, res) => {
    await authorize(req, meshClusterDeletePermission);
    const name = nameParam(req, 'name');
    await audited(req, 'cluster-delete', { cluster: name }, async () => {
      if (!(await store.deleteCluster(name)))
        throw new NotFoundError(`No cluster named "${name}"`);
      await refreshLive();
    });
    res.status(204).end();
  });

  router.get('/meshes', async (req, res) => {
    await authorize(req, meshClusterReadPermission);
    res.json({ items: (await store.listMeshes()).map(meshSummary) });
  });

  router.post('/meshes', async (req, res) => {
    const credentials = await authorize(req, meshClusterRegisterPermission);
    const input = parseBody(registerMeshRequestSchema, req.body);
    // Before anything is stored: the backend will fetch these URLs, with the header.
    await checkMetricsUrls(input, {
      allowPrivateClusterUrls: options.allowPrivateClusterUrls ?? false,
    });
    const stored = await audited(
      req,
      'mesh-register',
      { mesh: input.name },
      async () => {
        const created = await store.createMesh({
          ...input,
          source: 'api',
          createdBy: principalRef(credentials),
        });
        await refreshMeshes();
        return created;
      },
    );
    res.status(201).json(meshSummary(stored));
  });

  router.delete('/meshes/:name', async (req, res) => {
    await authorize(req, meshClusterDeletePermission);
    const name = nameParam(req, 'name');
    await audited(req, 'mesh-delete', { mesh: name }, async () => {
      if (!(await store.deleteMesh(name)))
        throw new NotFoundError(`No mesh named "${name}"`);
      await refreshMeshes();
    });
    res.status(204).end();
  });

  registerEntityRoutes(router, {
    access,
    overviews,
    traffic: options.traffic,
    changes,
    models,
  });
  registerChangeRoutes(router, { changes, access, auditor });
  registerTopologyRoutes(router, {
    access,
    topology: options.topology,
    authorize,
  });
  registerSecurityRoutes(router, { access, security: options.security });
  registerCanaryRoutes(router, {
    canaries: options.canaries,
    shifts: options.shifts,
    access,
    auditor,
  });

  return router;
}
