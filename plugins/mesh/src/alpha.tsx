import {
  convertLegacyRouteRef,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import DeviceHubIcon from '@material-ui/icons/DeviceHub';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
} from '@meshport/plugin-mesh-common';
import { meshApiRef } from './api/MeshApi';
import { MeshClient } from './api/MeshClient';
import {
  adminRouteRef,
  rootRouteRef,
  securityRouteRef,
  topologyRouteRef,
  trafficRouteRef,
} from './routes';

const meshApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: meshApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MeshClient({ discoveryApi, fetchApi }),
    }),
});

/** The Mesh tab, on entities that say which pods are theirs (the Kubernetes plugin's annotations). */
const entityMeshContent = EntityContentBlueprint.make({
  name: 'mesh',
  params: {
    path: '/mesh',
    title: 'Mesh',
    group: 'deployment',
    routeRef: convertLegacyRouteRef(rootRouteRef),
    filter: {
      $any: [
        {
          [`metadata.annotations.${ANNOTATION_KUBERNETES_ID}`]: {
            $exists: true,
          },
        },
        {
          [`metadata.annotations.${ANNOTATION_KUBERNETES_LABEL_SELECTOR}`]: {
            $exists: true,
          },
        },
      ],
    },
    loader: () =>
      import('./components/EntityMeshContent').then(m => (
        <m.EntityMeshContent />
      )),
  },
});

/**
 * The Traffic tab: routing rules in words, the request tracer and edits, on the same entities.
 * (The filter is written out twice: a shared constant loses the contextual FilterPredicate type.)
 */
const entityTrafficContent = EntityContentBlueprint.make({
  name: 'traffic',
  params: {
    path: '/traffic',
    title: 'Traffic',
    group: 'deployment',
    routeRef: convertLegacyRouteRef(trafficRouteRef),
    filter: {
      $any: [
        {
          [`metadata.annotations.${ANNOTATION_KUBERNETES_ID}`]: {
            $exists: true,
          },
        },
        {
          [`metadata.annotations.${ANNOTATION_KUBERNETES_LABEL_SELECTOR}`]: {
            $exists: true,
          },
        },
      ],
    },
    loader: () =>
      import('./components/EntityTrafficContent').then(m => (
        <m.EntityTrafficContent />
      )),
  },
});

/** The Security tab: mTLS, policies in words, who may call whom, can-i and wizards, on the same entities. */
const entitySecurityContent = EntityContentBlueprint.make({
  name: 'security',
  params: {
    path: '/security',
    title: 'Security',
    group: 'deployment',
    routeRef: convertLegacyRouteRef(securityRouteRef),
    filter: {
      $any: [
        {
          [`metadata.annotations.${ANNOTATION_KUBERNETES_ID}`]: {
            $exists: true,
          },
        },
        {
          [`metadata.annotations.${ANNOTATION_KUBERNETES_LABEL_SELECTOR}`]: {
            $exists: true,
          },
        },
      ],
    },
    loader: () =>
      import('./components/EntitySecurityContent').then(m => (
        <m.EntitySecurityContent />
      )),
  },
});

/** The Topology tab: the service graph around the entity's workloads, on the same entities. */
const entityTopologyContent = EntityContentBlueprint.make({
  name: 'topology',
  params: {
    path: '/topology',
    title: 'Topology',
    group: 'deployment',
    routeRef: convertLegacyRouteRef(topologyRouteRef),
    filter: {
      $any: [
        {
          [`metadata.annotations.${ANNOTATION_KUBERNETES_ID}`]: {
            $exists: true,
          },
        },
        {
          [`metadata.annotations.${ANNOTATION_KUBERNETES_LABEL_SELECTOR}`]: {
            $exists: true,
          },
        },
      ],
    },
    loader: () =>
      import('./components/Topology').then(m => <m.EntityTopologyContent />),
  },
});

const meshAdminPage = PageBlueprint.make({
  params: {
    path: '/mesh-admin',
    title: 'Mesh admin',
    icon: <DeviceHubIcon />,
    routeRef: convertLegacyRouteRef(adminRouteRef),
    loader: () =>
      import('./components/MeshAdminPage').then(m => <m.MeshAdminPage />),
  },
});

/** Meshport for apps on the new frontend system; `app.packages: all` picks up this default export. */
export default createFrontendPlugin({
  pluginId: 'mesh',
  title: 'Mesh',
  icon: <DeviceHubIcon />,
  extensions: [
    meshApi,
    entityMeshContent,
    entityTrafficContent,
    entitySecurityContent,
    entityTopologyContent,
    meshAdminPage,
  ],
  routes: convertLegacyRouteRefs({
    root: rootRouteRef,
    admin: adminRouteRef,
    traffic: trafficRouteRef,
    security: securityRouteRef,
    topology: topologyRouteRef,
  }),
});
