import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { meshApiRef } from './api/MeshApi';
import { MeshClient } from './api/MeshClient';
import {
  adminRouteRef,
  rootRouteRef,
  securityRouteRef,
  topologyRouteRef,
  trafficRouteRef,
} from './routes';

/** The Meshport frontend plugin for apps on the legacy frontend system. */
export const meshPlugin = createPlugin({
  id: 'mesh',
  apis: [
    createApiFactory({
      api: meshApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MeshClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    admin: adminRouteRef,
    traffic: trafficRouteRef,
    security: securityRouteRef,
    topology: topologyRouteRef,
  },
});

/** The Mesh tab: mount it under `<EntityLayout.Route path="/mesh" title="Mesh">`. */
export const EntityMeshContent = meshPlugin.provide(
  createRoutableExtension({
    name: 'EntityMeshContent',
    component: () =>
      import('./components/EntityMeshContent').then(m => m.EntityMeshContent),
    mountPoint: rootRouteRef,
  }),
);

/** The Traffic tab: mount it under `<EntityLayout.Route path="/traffic" title="Traffic">`. */
export const EntityTrafficContent = meshPlugin.provide(
  createRoutableExtension({
    name: 'EntityTrafficContent',
    component: () =>
      import('./components/EntityTrafficContent').then(
        m => m.EntityTrafficContent,
      ),
    mountPoint: trafficRouteRef,
  }),
);

/** The Security tab: mount it under `<EntityLayout.Route path="/security" title="Security">`. */
export const EntitySecurityContent = meshPlugin.provide(
  createRoutableExtension({
    name: 'EntitySecurityContent',
    component: () =>
      import('./components/EntitySecurityContent').then(
        m => m.EntitySecurityContent,
      ),
    mountPoint: securityRouteRef,
  }),
);

/** The Topology tab: mount it under `<EntityLayout.Route path="/topology" title="Topology">`. */
export const EntityMeshTopologyContent = meshPlugin.provide(
  createRoutableExtension({
    name: 'EntityMeshTopologyContent',
    component: () =>
      import('./components/Topology').then(m => m.EntityTopologyContent),
    mountPoint: topologyRouteRef,
  }),
);

/** The mesh admin page: mount it with `<Route path="/mesh-admin" element={<MeshAdminPage />} />`. */
export const MeshAdminPage = meshPlugin.provide(
  createRoutableExtension({
    name: 'MeshAdminPage',
    component: () =>
      import('./components/MeshAdminPage').then(m => m.MeshAdminPage),
    mountPoint: adminRouteRef,
  }),
);
