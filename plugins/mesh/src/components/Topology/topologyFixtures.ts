import { MeshGraph, MetricsStatus } from '@meshport/plugin-mesh-common';
import { red, testEdge, testNode } from '../../lib/topology/testGraph';

const okMetrics: MetricsStatus = {
  source: 'prometheus',
  description: 'Prometheus at http://127.0.0.1:9090',
  status: 'ok',
};

/** Bookinfo's graph around reviews, as the backend answered it for the sandbox (versioned apps). */
export function reviewsGraph(metrics: MetricsStatus = okMetrics): MeshGraph {
  const node = testNode;
  return {
    graphType: 'versioned-app',
    windowSeconds: 300,
    generatedAt: new Date(Date.now() - 3_000).toISOString(),
    metrics,
    nodes: [
      node('gw', {
        kind: 'gateway',
        namespace: 'istio-system',
        name: 'istio-ingressgateway',
        cluster: 'east',
        outbound: red({ rps: 10 }),
      }),
      node('pp', {
        kind: 'versioned-app',
        name: 'productpage v1',
        app: 'productpage',
        version: 'v1',
        cluster: 'east',
        inbound: red({ rps: 10, p95: 40 }),
        outbound: red({ rps: 20, rps5xx: 1, errorRatio: 0.05 }),
        entityRef: 'component:default/productpage',
      }),
      node('rv2', {
        kind: 'versioned-app',
        name: 'reviews v2',
        app: 'reviews',
        version: 'v2',
        workload: 'reviews-v2',
        cluster: 'east',
        focus: true,
        inbound: red({
          rps: 10,
          rps4xx: 0.5,
          rps5xx: 1.23,
          errorRatio: 0.123,
          p50: 12,
          p95: 230,
          p99: 480,
        }),
        outbound: red({ rps: 10 }),
        status: 'failure',
        health: {
          status: 'failure',
          reasons: [
            {
              code: 'error-rate-5xx',
              status: 'failure',
              message: '5xx 12.3 % of 10 req/s ≥ failure 10 %',
            },
            {
              code: 'proxy-outdated',
              status: 'degraded',
              message:
                'istio-proxy 1.27.1 is older than the control plane 1.28.0',
            },
          ],
        },
        badges: [
          {
            kind: 'fault-injection',
            resources: ['VirtualService bookinfo/reviews'],
          },
        ],
        dataPlane: 'sidecar',
        replicas: { ready: 1, desired: 2 },
        entityRef: 'component:default/reviews',
      }),
      node('ratings', {
        kind: 'versioned-app',
        name: 'ratings v1',
        cluster: 'east',
        inbound: red({ rps: 10 }),
      }),
      node('details', {
        kind: 'versioned-app',
        name: 'details v1',
        cluster: 'east',
        inbound: red({ rps: 10 }),
      }),
    ],
    edges: [
      testEdge('gw', 'pp', { rps: 10, mtlsShare: 1 }),
      testEdge('pp', 'rv2', {
        rps: 10,
        rps4xx: 0.5,
        rps5xx: 1.23,
        errorRatio: 0.123,
        p50: 12,
        p95: 230,
        p99: 480,
        mtlsShare: 0.75,
        responseCodes: { '200': 8.27, '404': 0.5, '503': 1.23 },
        status: 'failure',
        health: {
          status: 'failure',
          reasons: [
            {
              code: 'error-rate-5xx',
              status: 'failure',
              message: '5xx 12.3 % of 10 req/s ≥ failure 10 %',
            },
          ],
        },
      }),
      testEdge('pp', 'details', { rps: 10, mtlsShare: 1, undeclared: true }),
      testEdge('rv2', 'ratings', { rps: 10, mtlsShare: 1 }),
    ],
    unobserved: [
      {
        fromEntityRef: 'component:default/reviews',
        toEntityRef: 'component:default/mongodb',
        relation: 'dependsOn',
        from: 'rv2',
      },
    ],
  };
}
