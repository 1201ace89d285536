import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { meshPermissions } from '@meshport/plugin-mesh-common';
import {
  meshMetricsSourcesExtensionPoint,
  MetricsSourceFactory,
} from '@meshport/plugin-mesh-node';
import { ClusterCacheManager } from './cache/ClusterCacheManager';
import { ChangeService } from './changes/ChangeService';
import { checkConfigClusters } from './config/checkConfigClusters';
import { readMeshConfig } from './config/readMeshConfig';
import { readTopologyConfig } from './config/readTopologyConfig';
import { CanaryController } from './canary/CanaryController';
import { CanaryService } from './canary/CanaryService';
import { RoutingWrites } from './canary/RoutingWrites';
import { TrafficShiftService } from './canary/TrafficShiftService';
import { DatabaseCanaryStore } from './database/DatabaseCanaryStore';
import { DatabaseChangeStore } from './database/DatabaseChangeStore';
import { DatabaseMeshStore } from './database/DatabaseMeshStore';
import { SecretBox } from './database/SecretBox';
import { MetricsSourceRegistry } from './metrics/MetricsSourceRegistry';
import { MeshModelRegistry } from './model/MeshModelRegistry';
import { ModelFindings } from './model/ModelFindings';
import { createRouter } from './service/createRouter';
import { EntityAccess } from './service/entityAccess';
import { EntityOverviewService } from './service/EntityOverviewService';
import { EntitySecurityService } from './service/EntitySecurityService';
import { EntityTrafficService } from './service/EntityTrafficService';
import { TopologyService } from './service/TopologyService';

/**
 * The `mesh` backend plugin: cluster and mesh registry in the plugin database, a watched cache
 * per cluster feeding one live model per mesh, the REST API the tabs and admin page read, and
 * the write path (preview, apply, revert, export) with its history, and canary releases with
 * their controller.
 */
export const meshPlugin = createBackendPlugin({
  pluginId: 'mesh',
  register(env) {
    // Modules add metrics sources here before init runs; they are asked before the built-in ones.
    const metricsFactories: MetricsSourceFactory[] = [];
    env.registerExtensionPoint(meshMetricsSourcesExtensionPoint, {
      addMetricsSourceFactory(factory) {
        metricsFactories.push(factory);
      },
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const {
          config,
          logger,
          database,
          httpRouter,
          httpAuth,
          auth,
          userInfo,
          permissions,
          permissionsRegistry,
          auditor,
          lifecycle,
          scheduler,
          catalog,
        } = deps;
        // Invalid health or topology settings stop the start here, naming the key.
        const topologyConfig = readTopologyConfig(config);
        // Config clusters whose URL breaks the rules (and meshes using them) are skipped with a warning.
        const meshConfig = await checkConfigClusters(readMeshConfig(config), {
          logger,
        });
        const store = await DatabaseMeshStore.create({
          database,
          secretBox: new SecretBox(meshConfig.encryptionKey),
        });
        for (const cluster of meshConfig.clusters) {
          const outcome = await store.upsertConfigCluster(cluster);
          if (outcome === 'skipped')
            logger.warn(
              `Config cluster ${cluster.name} ignored: a cluster of that name was registered through the API`,
            );
        }
        for (const mesh of meshConfig.meshes) {
          const outcome = await store.upsertConfigMesh(mesh);
          if (outcome === 'skipped')
            logger.warn(
              `Config mesh ${mesh.name} ignored: a mesh of that name was registered through the API`,
            );
        }
        permissionsRegistry.addPermissions(meshPermissions);

        const caches = new ClusterCacheManager(store, logger);
        const models = new MeshModelRegistry(store, caches, logger);
        const metrics = new MetricsSourceRegistry(
          store,
          metricsFactories,
          logger,
          {
            prometheusRecordingRules: topologyConfig.prometheus.recordingRules,
            prometheusCompression: topologyConfig.prometheus.compression,
          },
        );
        const refreshLive = async () => {
          await caches.refresh();
          await Promise.all([models.refresh(), metrics.refresh()]);
        };
        await refreshLive();
        lifecycle.addShutdownHook(() => caches.stopAll());
        lifecycle.addShutdownHook(() => metrics.close());
        // Registrations made through another replica reach this one within one interval. Local
        // scope: every replica keeps its own caches and models, so each must run it.
        await scheduler.scheduleTask({
          id: 'mesh-registry-sync',
          scope: 'local',
          frequency: {
            seconds: config.getOptionalNumber('mesh.registrySyncSeconds') ?? 10,
          },
          timeout: { seconds: 60 },
          initialDelay: {
            seconds: config.getOptionalNumber('mesh.registrySyncSeconds') ?? 10,
          },
          fn: refreshLive,
        });

        const findings = new ModelFindings();
        const overviews = new EntityOverviewService(models, caches);
        const knex = await database.getClient();
        const changes = new ChangeService(
          store,
          new DatabaseChangeStore(knex),
          caches,
          models,
          undefined,
          findings,
        );
        const canaryStore = new DatabaseCanaryStore(knex);
        const canaries = new CanaryService({
          store: canaryStore,
          changes,
          models,
          overviews,
          metrics,
          logger: logger.child({ task: 'canary' }),
          queryTimeoutSeconds: topologyConfig.queryTimeoutSeconds,
        });
        const controller = new CanaryController({
          store: canaryStore,
          canaries,
          logger: logger.child({ task: 'canary' }),
          concurrency: config.getOptionalNumber('mesh.canary.concurrency'),
        });
        // Global scope: the scheduler runs it on one replica at a time, through a lock in the
        // database; the store's per-canary lease makes each step happen once regardless.
        const tickSeconds =
          config.getOptionalNumber('mesh.canary.tickSeconds') ?? 5;
        await scheduler.scheduleTask({
          id: 'mesh-canary-controller',
          scope: 'global',
          frequency: { seconds: tickSeconds },
          timeout: { minutes: 5 },
          initialDelay: { seconds: tickSeconds },
          fn: async () => {
            await controller.tick();
          },
        });

        httpRouter.use(
          await createRouter({
            logger,
            httpAuth,
            permissions,
            auditor,
            store,
            caches,
            models,
            changes,
            access: new EntityAccess(httpAuth, permissions, userInfo, catalog),
            overviews,
            traffic: new EntityTrafficService(models, caches, findings),
            metrics,
            topology: new TopologyService({
              models,
              metrics,
              overviews,
              store,
              catalog,
              auth,
              ...topologyConfig,
            }),
            security: new EntitySecurityService({
              models,
              caches,
              findings,
              metrics,
              cacheSeconds: topologyConfig.cacheSeconds,
              queryTimeoutSeconds: topologyConfig.queryTimeoutSeconds,
            }),
            canaries,
            shifts: new TrafficShiftService(
              new RoutingWrites({ changes, models, overviews }),
            ),
            allowPrivateClusterUrls: meshConfig.allowPrivateClusterUrls,
          }),
        );
      },
    });
  },
});
