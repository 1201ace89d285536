import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { meshPermissions } from '@meshport/plugin-mesh-common';
import { ClusterCacheManager } from './cache/ClusterCacheManager';
import { readMeshConfig } from './config/readMeshConfig';
import { DatabaseMeshStore } from './database/DatabaseMeshStore';
import { SecretBox } from './database/SecretBox';
import { createRouter } from './service/createRouter';
import { EntityOverviewService } from './service/EntityOverviewService';

/**
 * The `mesh` backend plugin: cluster and mesh registry in the plugin database, a watched cache
 * per cluster, and the REST API the Mesh tab and admin page read.
 */
export const meshPlugin = createBackendPlugin({
  pluginId: 'mesh',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
      },
      async init({ config, logger, database, httpRouter, httpAuth, permissions, permissionsRegistry, auditor, lifecycle, catalog }) {
        const meshConfig = readMeshConfig(config);
        const store = await DatabaseMeshStore.create({ database, secretBox: new SecretBox(meshConfig.encryptionKey) });
        for (const cluster of meshConfig.clusters) {
          const outcome = await store.upsertConfigCluster(cluster);
          if (outcome === 'skipped') logger.warn(`Config cluster ${cluster.name} ignored: a cluster of that name was registered through the API`);
        }
        for (const mesh of meshConfig.meshes) {
          const outcome = await store.upsertConfigMesh(mesh);
          if (outcome === 'skipped') logger.warn(`Config mesh ${mesh.name} ignored: a mesh of that name was registered through the API`);
        }
        permissionsRegistry.addPermissions(meshPermissions);

        const caches = new ClusterCacheManager(store, logger);
        await caches.refresh();
        lifecycle.addShutdownHook(() => caches.stopAll());

        httpRouter.use(
          await createRouter({
            logger,
            httpAuth,
            permissions,
            auditor,
            store,
            caches,
            overviews: new EntityOverviewService(catalog, store, caches),
          }),
        );
      },
    });
  },
});
