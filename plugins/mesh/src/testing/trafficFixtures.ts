import {
  EffectivePolicy,
  EntityTraffic,
  RouteTrace,
} from '@meshport/plugin-mesh-common';

/** Test data shaped like the backend's traffic and trace answers for Bookinfo's `reviews`. */

const secondsAgo = (s: number) => new Date(Date.now() - s * 1000).toISOString();

const noPolicy: EffectivePolicy = {
  loadBalancer: null,
  connectionPool: null,
  outlierDetection: null,
  tls: null,
};

const HOST = 'reviews.bookinfo.svc.cluster.local';

export function reviewsTraffic(clusters: string[] = ['east']): EntityTraffic {
  return {
    entityRef: 'component:default/reviews',
    generatedAt: secondsAgo(1),
    clusters: clusters.map(cluster => ({
      cluster,
      sync: {
        status: 'synced',
        lastEventAt: secondsAgo(12),
        lastSyncedAt: secondsAgo(300),
        objectCounts: {},
        missingKinds: [],
      },
      services: [
        {
          name: 'reviews',
          namespace: 'bookinfo',
          host: HOST,
          ports: [{ name: 'http', port: 9080, protocol: 'TCP' }],
        },
      ],
      resources: [
        {
          cluster,
          apiVersion: 'networking.istio.io/v1',
          kind: 'VirtualService',
          namespace: 'bookinfo',
          name: 'reviews',
          reasons: ['routes host reviews'],
          hosts: ['reviews'],
          gateways: ['mesh'],
          findings: [
            {
              code: 'IST0101',
              level: 'Error',
              message:
                'Referenced host+subset in destinationrule not found: "reviews+v4"',
              resource: {
                kind: 'VirtualService',
                namespace: 'bookinfo',
                name: 'reviews',
              },
              path: 'spec.http[2].route[0]',
            },
            {
              code: 'MSH0201',
              level: 'Warning',
              message: 'rule 2 is never reached: rule 1 matches every request',
              resource: {
                kind: 'VirtualService',
                namespace: 'bookinfo',
                name: 'reviews',
              },
              path: 'spec.http[2]',
            },
            {
              code: 'IST0134',
              level: 'Info',
              message: 'The VirtualService exports to all namespaces',
              resource: {
                kind: 'VirtualService',
                namespace: 'bookinfo',
                name: 'reviews',
              },
              path: '',
            },
          ],
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
              actions: ['fault: delay 7s for 100 % of requests'],
              isDefault: false,
              findings: [],
            },
            {
              index: 1,
              protocol: 'http',
              path: 'spec.http[1]',
              when: 'every request',
              destinations: [
                {
                  host: 'reviews',
                  subset: 'v1',
                  weight: 80,
                  text: 'reviews (subset v1) — 80 %',
                },
                {
                  host: 'reviews',
                  subset: 'v3',
                  weight: 20,
                  text: 'reviews (subset v3) — 20 %',
                },
              ],
              actions: ['timeout 10s', 'retries: 3 attempts, 2s each'],
              isDefault: true,
              findings: [],
            },
            {
              index: 2,
              protocol: 'http',
              path: 'spec.http[2]',
              when: 'path starts with "/v4"',
              destinations: [
                {
                  host: 'reviews',
                  subset: 'v4',
                  weight: 100,
                  text: 'reviews (subset v4) — 100 %',
                },
              ],
              actions: [],
              isDefault: false,
              shadowedBy: 1,
              findings: [
                {
                  code: 'IST0101',
                  level: 'Error',
                  message:
                    'Referenced host+subset in destinationrule not found: "reviews+v4"',
                  resource: {
                    kind: 'VirtualService',
                    namespace: 'bookinfo',
                    name: 'reviews',
                  },
                  path: 'spec.http[2].route[0]',
                },
                {
                  code: 'MSH0201',
                  level: 'Warning',
                  message:
                    'rule 2 is never reached: rule 1 matches every request',
                  resource: {
                    kind: 'VirtualService',
                    namespace: 'bookinfo',
                    name: 'reviews',
                  },
                  path: 'spec.http[2]',
                },
              ],
            },
          ],
        },
        {
          cluster,
          apiVersion: 'networking.istio.io/v1',
          kind: 'DestinationRule',
          namespace: 'bookinfo',
          name: 'reviews',
          reasons: ['policies for host reviews'],
          findings: [],
          host: 'reviews',
          policies: [
            {
              scope: 'all ports',
              lines: ['load balancer: least requests'],
            },
          ],
          subsets: [
            {
              name: 'v1',
              labels: { version: 'v1' },
              pods: 1,
              readyPods: 1,
              policies: [],
            },
            {
              name: 'v3',
              labels: { version: 'v3' },
              pods: 2,
              readyPods: 1,
              policies: [
                {
                  scope: 'subset v3',
                  lines: [
                    'outlier detection: eject after 5 consecutive 5xx for 30s',
                  ],
                },
              ],
            },
          ],
        },
        {
          cluster,
          apiVersion: 'networking.istio.io/v1',
          kind: 'Gateway',
          namespace: 'bookinfo',
          name: 'bookinfo-gateway',
          reasons: ['exposes reviews on port 80'],
          findings: [],
          servers: [
            { port: 80, protocol: 'HTTP', hosts: ['bookinfo.example.com'] },
            {
              port: 443,
              protocol: 'HTTPS',
              hosts: ['bookinfo.example.com'],
              tls: 'TLS terminated with credential bookinfo-cert',
            },
          ],
        },
        {
          cluster,
          apiVersion: 'networking.istio.io/v1',
          kind: 'Sidecar',
          namespace: 'bookinfo',
          name: 'default',
          reasons: ['applies to every workload in bookinfo'],
          findings: [],
          summary: ['egress only to hosts in bookinfo and istio-system'],
        },
        {
          cluster,
          apiVersion: 'networking.istio.io/v1alpha3',
          kind: 'EnvoyFilter',
          namespace: 'bookinfo',
          name: 'reviews-ratelimit',
          reasons: ['local rate limit on reviews'],
          findings: [],
          rateLimit: {
            text: 'rate limit 100 per 1m (burst 100)',
            maxTokens: 100,
            tokensPerFill: 100,
            fillInterval: '60s',
          },
        },
      ],
    })),
  };
}

/** `GET /` from productpage with `end-user: jason`: rule 0 of bookinfo/reviews. */
export function jasonTrace(): RouteTrace {
  return {
    request: {
      protocol: 'http',
      sourceNamespace: 'bookinfo',
      sourceLabels: { app: 'productpage' },
      gateway: 'mesh',
      host: HOST,
      port: 9080,
      method: 'GET',
      path: '/',
    },
    outcome: 'route',
    virtualService: { namespace: 'bookinfo', name: 'reviews' },
    ruleIndex: 0,
    ruleName: 'jason',
    matchIndex: 0,
    destinations: [
      {
        host: HOST,
        subset: 'v2',
        port: 9080,
        weight: 100,
        known: true,
        destinationRule: { namespace: 'bookinfo', name: 'reviews' },
        policy: {
          ...noPolicy,
          loadBalancer: { simple: 'LEAST_REQUEST' },
        },
      },
    ],
    fault: { delay: { fixedDelay: '7s', percentage: { value: 100 } } },
    timeout: null,
    retries: {
      attempts: 2,
      perTryTimeout: null,
      retryOn: 'connect-failure',
      source: 'default',
    },
    mirror: [],
    rewrite: null,
    redirect: null,
    directResponse: null,
    headers: null,
    steps: [
      {
        kind: 'host-resolved',
        message: `host ${HOST} is Service bookinfo/reviews`,
      },
      {
        kind: 'rule-matched',
        message: 'rule 0 (jason) of bookinfo/reviews matches on match[0]',
        virtualService: { namespace: 'bookinfo', name: 'reviews' },
        ruleIndex: 0,
      },
    ],
  };
}

/** The same request without the header: rule 0 is skipped, rule 1 (the default) splits 80/20. */
export function defaultTrace(): RouteTrace {
  const t = jasonTrace();
  return {
    ...t,
    ruleIndex: 1,
    ruleName: null,
    matchIndex: null,
    fault: null,
    timeout: '10s',
    retries: {
      attempts: 3,
      perTryTimeout: '2s',
      retryOn: null,
      source: 'route',
    },
    mirror: [
      { host: 'reviews-shadow', subset: null, port: null, percentage: 5 },
    ],
    destinations: [
      { ...t.destinations[0], subset: 'v1', weight: 80 },
      {
        ...t.destinations[0],
        subset: 'v3',
        weight: 20,
        policy: {
          ...t.destinations[0].policy,
          outlierDetection: {
            consecutive5xxErrors: 5,
            baseEjectionTime: '30s',
          },
        },
      },
    ],
    steps: [
      t.steps[0],
      {
        kind: 'rule-skipped',
        message: 'rule 0 (jason) of bookinfo/reviews does not match',
        virtualService: { namespace: 'bookinfo', name: 'reviews' },
        ruleIndex: 0,
        reason: 'header end-user is absent (wanted exactly "jason")',
      },
      {
        kind: 'rule-matched',
        message: 'rule 1 of bookinfo/reviews matches (it has no conditions)',
        virtualService: { namespace: 'bookinfo', name: 'reviews' },
        ruleIndex: 1,
      },
    ],
  };
}
