import {
  ClusterTraffic,
  EntityTraffic,
  RuleDestination,
  SubsetView,
  TrafficResource,
} from '@meshport/plugin-mesh-common';

/** Test data for the canary target picker: Bookinfo's `reviews` in the Traffic view's shape. */

const HOST = 'reviews.bookinfo.svc.cluster.local';

export function subset(
  name: string,
  readyPods = 1,
  pods = readyPods,
  version = name,
): SubsetView {
  return { name, labels: { version }, pods, readyPods, policies: [] };
}

export function reviewsDestinationRule(
  cluster: string,
  subsets: SubsetView[],
  host = 'reviews',
): TrafficResource {
  return {
    cluster,
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    namespace: 'bookinfo',
    name: 'reviews',
    reasons: ['policies for host reviews'],
    findings: [],
    host,
    policies: [],
    subsets,
  };
}

/** The reviews VirtualService for sidecars, its catch-all rule split as given (subset → percent). */
export function reviewsVirtualService(
  cluster: string,
  split: Record<string, number> | 'bare host',
): TrafficResource {
  const destinations: RuleDestination[] =
    split === 'bare host'
      ? [{ host: 'reviews', weight: 100, text: 'reviews — 100 %' }]
      : Object.entries(split).map(([s, weight]) => ({
          host: 'reviews',
          subset: s,
          weight,
          text: `reviews (subset ${s}) — ${weight} %`,
        }));
  return {
    cluster,
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    namespace: 'bookinfo',
    name: 'reviews',
    reasons: ['routes host reviews'],
    findings: [],
    hosts: ['reviews'],
    gateways: ['mesh'],
    rules: [
      {
        index: 0,
        name: 'jason',
        protocol: 'http',
        path: 'spec.http[0]',
        when: 'header end-user is exactly "jason"',
        destinations: [
          {
            host: 'reviews',
            subset: 'v2',
            weight: 100,
            text: 'reviews (subset v2) — 100 %',
          },
        ],
        actions: [],
        isDefault: false,
        findings: [],
      },
      {
        index: 1,
        protocol: 'http',
        path: 'spec.http[1]',
        when: 'every request',
        destinations,
        actions: [],
        isDefault: true,
        findings: [],
      },
    ],
  };
}

export function reviewsCluster(
  cluster: string,
  resources: TrafficResource[],
): ClusterTraffic {
  return {
    cluster,
    sync: { status: 'synced', objectCounts: {}, missingKinds: [] },
    services: [
      {
        name: 'reviews',
        namespace: 'bookinfo',
        host: HOST,
        ports: [{ name: 'http', port: 9080, protocol: 'TCP' }],
      },
    ],
    resources,
  };
}

/** reviews with v1, v2 and v3 running, all requests on v1 today. */
export function reviewsVersionsTraffic(
  clusters: string[] = ['east'],
): EntityTraffic {
  return {
    entityRef: 'component:default/reviews',
    generatedAt: new Date().toISOString(),
    clusters: clusters.map(c =>
      reviewsCluster(c, [
        reviewsVirtualService(c, { v1: 100 }),
        reviewsDestinationRule(c, [subset('v1'), subset('v2'), subset('v3')]),
      ]),
    ),
  };
}
