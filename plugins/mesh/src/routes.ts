import { createRouteRef } from '@backstage/core-plugin-api';

/** Where the Mesh entity tab is mounted (under an entity page). */
export const rootRouteRef = createRouteRef({ id: 'mesh' });

/** The mesh admin page (clusters and meshes). */
export const adminRouteRef = createRouteRef({ id: 'mesh:admin' });

/** Where the Traffic entity tab is mounted (under an entity page). */
export const trafficRouteRef = createRouteRef({ id: 'mesh:traffic' });

/** Where the Security entity tab is mounted (under an entity page). */
export const securityRouteRef = createRouteRef({ id: 'mesh:security' });

/** Where the Topology entity tab is mounted (under an entity page). */
export const topologyRouteRef = createRouteRef({ id: 'mesh:topology' });
