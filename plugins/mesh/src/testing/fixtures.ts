import {
  ClusterSummary,
  EntityOverview,
  PodView,
} from '@meshport/plugin-mesh-common';

/** Test data shaped like the backend's answers for Istio's Bookinfo `reviews` service. */

const secondsAgo = (s: number) => new Date(Date.now() - s * 1000).toISOString();

const injected = (name: string, version: string): PodView => ({
  name,
  namespace: 'bookinfo',
  phase: 'Running',
  ready: true,
  restarts: 0,
  nodeName: 'node-1',
  proxyVersion: version,
  sidecar: {
    injected: true,
    expected: true,
    decidedBy: 'namespace-injection-label',
    revision: 'default',
    reason: 'Injected because namespace bookinfo has istio-injection=enabled.',
  },
});

export function reviewsOverview(): EntityOverview {
  return {
    entityRef: 'component:default/reviews',
    selector: {
      labelSelector: 'app=reviews',
      namespace: 'bookinfo',
      serviceNames: [],
    },
    generatedAt: secondsAgo(1),
    clusters: [
      {
        cluster: 'east',
        sync: {
          status: 'synced',
          lastEventAt: secondsAgo(12),
          lastSyncedAt: secondsAgo(300),
          objectCounts: { pods: 9 },
          missingKinds: [],
        },
        workloads: [
          {
            kind: 'Deployment',
            name: 'reviews-v1',
            namespace: 'bookinfo',
            labels: { app: 'reviews', version: 'v1' },
            replicas: { desired: 1, ready: 1 },
            pods: [injected('reviews-v1-7d8f9c-abcde', '1.27.1')],
          },
          {
            kind: 'Deployment',
            name: 'reviews-v2',
            namespace: 'bookinfo',
            labels: { app: 'reviews', version: 'v2' },
            replicas: { desired: 2, ready: 1 },
            pods: [
              injected('reviews-v2-5b6c7d-fghij', '1.26.0'),
              {
                name: 'reviews-v2-5b6c7d-klmno',
                namespace: 'bookinfo',
                phase: 'Running',
                ready: false,
                restarts: 3,
                sidecar: {
                  injected: false,
                  expected: true,
                  decidedBy: 'namespace-injection-label',
                  revision: 'default',
                  reason:
                    'No sidecar, although namespace bookinfo has istio-injection=enabled.',
                  repair:
                    'The pod was probably created before injection was enabled: restart the workload (kubectl rollout restart) to inject it.',
                },
              },
            ],
          },
        ],
        services: [
          {
            name: 'reviews',
            namespace: 'bookinfo',
            host: 'reviews.bookinfo.svc.cluster.local',
            type: 'ClusterIP',
            clusterIP: '10.96.0.12',
            selector: { app: 'reviews' },
            ports: [
              {
                name: 'http',
                port: 9080,
                protocol: 'TCP',
                appProtocol: 'http',
                targetPort: 9080,
              },
            ],
          },
        ],
        istioResources: [
          {
            apiVersion: 'networking.istio.io/v1',
            kind: 'VirtualService',
            namespace: 'bookinfo',
            name: 'reviews',
            reasons: ['routes host reviews.bookinfo.svc.cluster.local'],
          },
        ],
        summary: {
          pods: 3,
          podsReady: 2,
          podsWithSidecar: 2,
          injectionMismatches: 1,
          proxyVersions: ['1.26.0', '1.27.1'],
        },
      },
    ],
  };
}

export function eastCluster(
  overrides: Partial<ClusterSummary> = {},
): ClusterSummary {
  return {
    name: 'east',
    title: 'East (sandbox)',
    apiUrl: 'https://127.0.0.1:6443',
    authKind: 'bearerToken',
    hasCaData: true,
    insecureSkipTlsVerify: false,
    gitops: false,
    impersonate: false,
    source: 'api',
    labels: {},
    createdBy: 'user:default/guest',
    createdAt: '2026-03-01T10:00:00Z',
    sync: {
      status: 'synced',
      lastEventAt: secondsAgo(12),
      lastSyncedAt: secondsAgo(60),
      objectCounts: { pods: 9, services: 4, virtualservices: 2 },
      missingKinds: [],
    },
    ...overrides,
  };
}
