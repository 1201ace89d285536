import {
  AccessRow,
  CanIAnswer,
  EntitySecurity,
  LiveResource,
} from '@meshport/plugin-mesh-common';

/**
 * Test data shaped like the backend's security and can-i answers for Bookinfo's `ratings`, with
 * the "allow only reviews" policy in place: productpage is denied, and seen being denied.
 */

const secondsAgo = (s: number) => new Date(Date.now() - s * 1000).toISOString();

const ALLOW_REVIEWS = { namespace: 'bookinfo', name: 'ratings-allow' };

function inbound(
  source: string,
  serviceAccount: string,
  allowed: boolean,
  sourceSidecar = true,
): AccessRow {
  return {
    source,
    sourceServiceAccount: serviceAccount,
    sourceSidecar,
    destination: 'bookinfo/ratings-v1',
    port: 9080,
    method: 'GET',
    path: '/',
    allowed,
    status: allowed ? 200 : 403,
    action: allowed ? 'ALLOW' : null,
    policy: allowed ? ALLOW_REVIEWS : null,
    ruleIndex: allowed ? 0 : null,
    reason: allowed
      ? 'allowed by rule 0 of ALLOW policy bookinfo/ratings-allow'
      : 'ALLOW policies apply (bookinfo/ratings-allow) but none matches, so the request is denied',
  };
}

export function ratingsSecurity(): EntitySecurity {
  return {
    entityRef: 'component:default/ratings',
    generatedAt: secondsAgo(1),
    clusters: [
      {
        cluster: 'east',
        trustDomain: 'cluster.local',
        sync: {
          status: 'synced',
          lastEventAt: secondsAgo(12),
          lastSyncedAt: secondsAgo(300),
          objectCounts: {},
          missingKinds: [],
        },
        workloads: [
          {
            namespace: 'bookinfo',
            workload: 'ratings-v1',
            serviceAccount: 'bookinfo-ratings',
            principal: 'cluster.local/ns/bookinfo/sa/bookinfo-ratings',
            dataPlane: 'sidecar',
            pods: 1,
            ports: [
              {
                port: 9080,
                servicePort: { service: 'ratings', port: 9080, name: 'http' },
                mode: 'PERMISSIVE',
                level: 'namespace',
                decidedBy: {
                  kind: 'PeerAuthentication',
                  namespace: 'bookinfo',
                  name: 'default',
                  path: 'spec.mtls.mode',
                },
                reason:
                  'namespace-level PeerAuthentication bookinfo/default sets PERMISSIVE',
                client: {
                  tls: 'DISABLE',
                  source: 'destination-rule',
                  resource: {
                    kind: 'DestinationRule',
                    namespace: 'bookinfo',
                    name: 'ratings',
                    path: 'spec.trafficPolicy.tls.mode',
                  },
                },
                conflicts: [
                  {
                    code: 'IST0113',
                    message:
                      'DestinationRule bookinfo/ratings sends plaintext to a port that accepts mTLS',
                    resource: {
                      kind: 'DestinationRule',
                      namespace: 'bookinfo',
                      name: 'ratings',
                      path: 'spec.trafficPolicy.tls.mode',
                    },
                  },
                ],
              },
            ],
          },
        ],
        policies: [
          {
            cluster: 'east',
            apiVersion: 'security.istio.io/v1',
            kind: 'AuthorizationPolicy',
            namespace: 'bookinfo',
            name: 'ratings-allow',
            scope: 'workload',
            action: 'ALLOW',
            appliesTo: ['bookinfo/ratings-v1'],
            summary: 'allows only the requests its rules match',
            lines: [
              {
                text: 'ALLOW GET on /ratings/* from service account bookinfo/bookinfo-reviews',
                path: 'spec.rules[0]',
                findings: [
                  {
                    code: 'MSH0301',
                    level: 'Warning',
                    message: 'no workload runs as bookinfo/bookinfo-reviewz',
                    resource: {
                      kind: 'AuthorizationPolicy',
                      namespace: 'bookinfo',
                      name: 'ratings-allow',
                    },
                    path: 'spec.rules[0].from[0].source.principals[1]',
                  },
                ],
              },
            ],
            findings: [],
          },
          {
            cluster: 'east',
            apiVersion: 'security.istio.io/v1',
            kind: 'PeerAuthentication',
            namespace: 'bookinfo',
            name: 'default',
            scope: 'namespace',
            appliesTo: ['bookinfo/ratings-v1'],
            summary: 'PERMISSIVE mTLS for every workload in bookinfo',
            lines: [
              {
                text: 'mTLS PERMISSIVE: accepts mTLS and plaintext',
                path: 'spec.mtls',
                findings: [],
              },
            ],
            findings: [],
          },
        ],
        access: {
          peers: 4,
          inbound: [
            inbound('bookinfo/reviews-v2', 'bookinfo-reviews', true),
            inbound('bookinfo/productpage-v1', 'bookinfo-productpage', false),
            inbound('bookinfo/details-v1', 'bookinfo-details', false),
          ],
          outbound: [],
        },
        observed: {
          windowSeconds: 300,
          metrics: {
            source: 'prometheus',
            description: 'Prometheus at http://127.0.0.1:9090',
            status: 'ok',
          },
          callers: [
            {
              source: 'bookinfo/reviews-v2',
              destination: 'bookinfo/ratings-v1',
              port: 9080,
              requestsPerSecond: 1.5,
              deniedPerSecond: 0,
              reporter: 'destination',
              plaintextPerSecond: 0,
              allowedByPolicy: true,
              status: 'allowed-seen',
            },
            {
              source: 'bookinfo/productpage-v1',
              destination: 'bookinfo/ratings-v1',
              port: 9080,
              requestsPerSecond: 0.8,
              deniedPerSecond: 0.8,
              reporter: 'destination',
              plaintextPerSecond: 0,
              allowedByPolicy: false,
              status: 'denied-seen',
            },
            {
              source: 'unknown/unknown',
              destination: 'bookinfo/ratings-v1',
              requestsPerSecond: 0.2,
              deniedPerSecond: 0,
              reporter: 'destination',
              plaintextPerSecond: 0.2,
              status: 'plaintext-permissive',
            },
          ],
        },
        conflicts: [
          {
            code: 'IST0113',
            message:
              'DestinationRule bookinfo/ratings sends plaintext to a port that accepts mTLS',
          },
        ],
      },
    ],
  };
}

/** What `meshport can-i --from bookinfo/productpage-v1 --to bookinfo/ratings-v1` answers under `ratings-allow`. */
export function productpageDenied(): CanIAnswer {
  return {
    allowed: false,
    action: null,
    policy: null,
    ruleIndex: null,
    reason:
      'ALLOW policies apply (bookinfo/ratings-allow) but none matches, so the request is denied',
    status: 403,
    principal: 'cluster.local/ns/bookinfo/sa/bookinfo-productpage',
    requestPrincipal: null,
    steps: [
      {
        kind: 'identity',
        message:
          'caller principal cluster.local/ns/bookinfo/sa/bookinfo-productpage',
      },
      {
        kind: 'applies',
        message: 'ALLOW policy bookinfo/ratings-allow applies (workload)',
        policy: ALLOW_REVIEWS,
      },
      {
        kind: 'applies',
        message: 'DENY policy istio-system/deny-legacy applies (mesh)',
        policy: { namespace: 'istio-system', name: 'deny-legacy' },
      },
      {
        kind: 'rule-not-matched',
        message: 'rule 0 of istio-system/deny-legacy does not match',
        policy: { namespace: 'istio-system', name: 'deny-legacy' },
        ruleIndex: 0,
        reason: 'source namespace bookinfo is not in [legacy]',
      },
      {
        kind: 'rule-not-matched',
        message: 'rule 0 of bookinfo/ratings-allow does not match',
        policy: ALLOW_REVIEWS,
        ruleIndex: 0,
        reason:
          'principal cluster.local/ns/bookinfo/sa/bookinfo-productpage is not in [cluster.local/ns/bookinfo/sa/bookinfo-reviews]',
      },
      {
        kind: 'decision',
        message:
          'ALLOW policies apply (bookinfo/ratings-allow) but none matches, so the request is denied',
      },
    ],
  };
}

/** The live `ratings-allow` policy as the wizards load it. */
export function ratingsAllowLive(): LiveResource {
  return {
    cluster: 'east',
    manifest: {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: {
        name: 'ratings-allow',
        namespace: 'bookinfo',
        creationTimestamp: '2026-01-01T00:00:00Z',
      },
      spec: {
        selector: { matchLabels: { app: 'ratings' } },
        action: 'ALLOW',
        rules: [
          {
            from: [
              {
                source: {
                  principals: ['cluster.local/ns/bookinfo/sa/bookinfo-reviews'],
                },
              },
            ],
            to: [{ operation: { methods: ['GET'], paths: ['/ratings/*'] } }],
          },
        ],
      },
    },
    yaml: 'kind: AuthorizationPolicy\n',
    resourceVersion: '41',
  };
}

/** The live namespace-wide PeerAuthentication. */
export function bookinfoPeerAuthLive(): LiveResource {
  return {
    cluster: 'east',
    manifest: {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: {
        name: 'default',
        namespace: 'bookinfo',
        creationTimestamp: '2026-01-01T00:00:00Z',
      },
      spec: { mtls: { mode: 'PERMISSIVE' } },
    },
    yaml: 'kind: PeerAuthentication\n',
    resourceVersion: '40',
  };
}
