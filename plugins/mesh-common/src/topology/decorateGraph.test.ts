import { KubeObject, Pod, Workload } from '../kube/types';
import { MeshIndex } from '../istio/index/MeshIndex';
import { istio, ns, pod, service } from '../istio/model/__fixtures__/objects';
import { decorateGraph, DecorateGraphOptions } from './decorateGraph';
import { DEFAULT_HEALTH_CONFIG } from './health';
import { GraphEdge, GraphNode, GraphType, MeshGraph, Red } from './types';

const B = 'bookinfo';

function deployment(
  namespace: string,
  name: string,
  labels: Record<string, string>,
  replicas = 1,
): Workload {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels } },
    },
  };
}

function ready(p: Pod, isReady = true): Pod {
  return {
    ...p,
    status: {
      ...p.status,
      conditions: [{ type: 'Ready', status: isReady ? 'True' : 'False' }],
    },
  };
}

/** A Deployment with its pods: `pods` of them, the first `readyPods` ready. */
function workload(
  namespace: string,
  app: string,
  version: string | undefined,
  o: {
    replicas?: number;
    pods?: number;
    readyPods?: number;
    sidecar?: boolean;
  } = {},
): KubeObject[] {
  const name = version ? `${app}-${version}` : app;
  const labels: Record<string, string> = version ? { app, version } : { app };
  const count = o.pods ?? o.replicas ?? 1;
  const readyPods = o.readyPods ?? count;
  const pods = Array.from({ length: count }, (_, i) =>
    ready(
      pod(namespace, `${name}-${i}`, labels, { sidecar: o.sidecar }),
      i < readyPods,
    ),
  );
  return [deployment(namespace, name, labels, o.replicas ?? count), ...pods];
}

const route = (host: string, subset?: string, weight?: number) => ({
  destination: { host, ...(subset ? { subset } : {}) },
  ...(weight !== undefined ? { weight } : {}),
});

function meshObjects(): KubeObject[] {
  return [
    ns('istio-system'),
    ns(B, { 'istio-injection': 'enabled' }),
    ns('legacy'),
    ns('amb', { 'istio.io/dataplane-mode': 'ambient' }),
    service(B, 'productpage', { app: 'productpage' }),
    service(B, 'reviews', { app: 'reviews' }),
    service(B, 'ratings', { app: 'ratings' }),
    service(B, 'details', { app: 'details' }),
    ...workload(B, 'productpage', 'v1'),
    ...workload(B, 'reviews', 'v1'),
    ...workload(B, 'reviews', 'v2', { replicas: 2, readyPods: 1 }),
    ...workload(B, 'reviews', 'v3'),
    ...workload(B, 'ratings', 'v1'),
    ...workload(B, 'details', 'v1'),
    ...workload('legacy', 'sleep', undefined, { sidecar: false }),
    ...workload('amb', 'echo', undefined, { sidecar: false }),
    ...workload('istio-system', 'istio-ingressgateway', undefined),
    istio('VirtualService', B, 'reviews', {
      hosts: ['reviews'],
      http: [
        {
          match: [{ headers: { 'end-user': { exact: 'jason' } } }],
          fault: { delay: { fixedDelay: '7s', percentage: { value: 100 } } },
          route: [route('reviews', 'v2')],
        },
        {
          route: [route('reviews', 'v1', 50), route('reviews', 'v3', 50)],
          timeout: '2s',
          retries: { attempts: 3, perTryTimeout: '500ms' },
          mirror: { host: 'ratings' },
        },
      ],
    }),
    // Retries turned off: a VirtualService, but no retries badge.
    istio('VirtualService', B, 'details', {
      hosts: ['details'],
      http: [{ route: [route('details')], retries: { attempts: 0 } }],
    }),
    istio('DestinationRule', B, 'reviews', {
      host: 'reviews',
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        {
          name: 'v2',
          labels: { version: 'v2' },
          trafficPolicy: { outlierDetection: { consecutive5xxErrors: 5 } },
        },
        { name: 'v3', labels: { version: 'v3' } },
      ],
    }),
    istio('DestinationRule', B, 'ratings', {
      host: 'ratings',
      trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } },
    }),
    istio('AuthorizationPolicy', B, 'ratings-viewer', {
      selector: { matchLabels: { app: 'ratings' } },
      rules: [{ from: [{ source: { namespaces: [B] } }] }],
    }),
    istio('RequestAuthentication', B, 'productpage-jwt', {
      selector: { matchLabels: { app: 'productpage' } },
      jwtRules: [{ issuer: 'https://issuer.example.com' }],
    }),
    istio('EnvoyFilter', B, 'details-ratelimit', {
      workloadSelector: { labels: { app: 'details' } },
      configPatches: [
        {
          applyTo: 'HTTP_FILTER',
          patch: {
            value: {
              name: 'envoy.filters.http.local_ratelimit',
              typed_config: {
                token_bucket: { max_tokens: 10, fill_interval: '1s' },
              },
            },
          },
        },
      ],
    }),
  ];
}

const red = (over: Partial<Red> = {}): Red => ({
  rps: 0,
  rps4xx: 0,
  rps5xx: 0,
  errorRatio: 0,
  ...over,
});

function gnode(id: string, over: Partial<GraphNode> = {}): GraphNode {
  return {
    id,
    kind: 'workload',
    namespace: B,
    name: id,
    workload: id,
    inbound: red(),
    outbound: red(),
    health: { status: 'unknown', reasons: [] },
    badges: [],
    ...over,
  };
}

function gedge(
  source: string,
  target: string,
  codes: Record<string, number>,
  over: Partial<GraphEdge> = {},
): GraphEdge {
  const rps = Object.values(codes).reduce((s, v) => s + v, 0);
  const sum = (p: string) =>
    Object.entries(codes)
      .filter(([c]) => c.startsWith(p))
      .reduce((s, [, v]) => s + v, 0);
  return {
    id: `${source}->${target}:http`,
    source,
    target,
    protocol: 'http',
    rps,
    rps4xx: sum('4'),
    rps5xx: sum('5'),
    errorRatio: rps > 0 ? sum('5') / rps : 0,
    responseCodes: codes,
    health: { status: 'unknown', reasons: [] },
    ...over,
  };
}

function graph(
  graphType: GraphType,
  nodes: GraphNode[],
  edges: GraphEdge[] = [],
): MeshGraph {
  return {
    graphType,
    windowSeconds: 300,
    generatedAt: '2026-01-01T00:00:00Z',
    metrics: { source: 'prometheus', description: 'test', status: 'ok' },
    nodes,
    edges,
  };
}

function decorate(
  g: MeshGraph,
  o: Partial<DecorateGraphOptions> = {},
  index = MeshIndex.build(meshObjects()),
): MeshGraph {
  return decorateGraph(g, { index, health: DEFAULT_HEALTH_CONFIG, ...o });
}

const nodeOf = (g: MeshGraph, id: string) => g.nodes.find(n => n.id === id)!;
const badgesOf = (n: GraphNode) =>
  Object.fromEntries(n.badges.map(b => [b.kind, b.resources]));

describe('decorateGraph badges', () => {
  const workloadGraph = decorate(
    graph('workload', [
      gnode('productpage-v1', { app: 'productpage' }),
      gnode('reviews-v1', { app: 'reviews' }),
      gnode('reviews-v2', { app: 'reviews' }),
      gnode('ratings-v1', { app: 'ratings' }),
      gnode('details-v1', { app: 'details' }),
    ]),
  );

  it('gives a routed workload its VirtualService, shifting, fault, timeout, retries, mirror and circuit breaker', () => {
    expect(badgesOf(nodeOf(workloadGraph, 'reviews-v1'))).toEqual({
      'virtual-service': ['VirtualService bookinfo/reviews'],
      'traffic-shifting': ['VirtualService bookinfo/reviews'],
      'fault-injection': ['VirtualService bookinfo/reviews'],
      timeout: ['VirtualService bookinfo/reviews'],
      retries: ['VirtualService bookinfo/reviews'],
      mirror: ['VirtualService bookinfo/reviews'],
      'circuit-breaker': ['DestinationRule bookinfo/reviews'],
    });
    // The badge order is fixed, whatever order the rules came in.
    expect(nodeOf(workloadGraph, 'reviews-v2').badges.map(b => b.kind)).toEqual(
      [
        'virtual-service',
        'traffic-shifting',
        'fault-injection',
        'timeout',
        'retries',
        'mirror',
        'circuit-breaker',
      ],
    );
  });

  it('marks the target of a mirror, and an authorization policy selecting it', () => {
    expect(badgesOf(nodeOf(workloadGraph, 'ratings-v1'))).toEqual({
      mirror: ['VirtualService bookinfo/reviews'],
      'authorization-policy': ['AuthorizationPolicy bookinfo/ratings-viewer'],
    });
  });

  it('leaves out retries a route turned off, and finds a local rate limit', () => {
    expect(badgesOf(nodeOf(workloadGraph, 'details-v1'))).toEqual({
      'virtual-service': ['VirtualService bookinfo/details'],
      'rate-limit': ['EnvoyFilter bookinfo/details-ratelimit'],
    });
  });

  it('finds a request authentication', () => {
    expect(badgesOf(nodeOf(workloadGraph, 'productpage-v1'))).toEqual({
      'request-authentication': [
        'RequestAuthentication bookinfo/productpage-jwt',
      ],
    });
  });

  it('lists the pods without a sidecar, but not ambient ones', () => {
    const g = decorate(
      graph('workload', [
        gnode('sleep', { namespace: 'legacy', app: 'sleep' }),
        gnode('echo', { namespace: 'amb', app: 'echo' }),
      ]),
    );
    expect(badgesOf(nodeOf(g, 'sleep'))).toEqual({
      'missing-sidecar': ['Pod legacy/sleep-0'],
    });
    expect(nodeOf(g, 'sleep').dataPlane).toBe('none');
    expect(nodeOf(g, 'echo').badges).toEqual([]);
    expect(nodeOf(g, 'echo').dataPlane).toBe('ambient');
  });

  it('gives mesh-wide policies to every workload', () => {
    const index = MeshIndex.build([
      ...meshObjects(),
      istio('AuthorizationPolicy', 'istio-system', 'deny-all', {}),
    ]);
    const g = decorate(
      graph('workload', [
        gnode('reviews-v3'),
        gnode('sleep', { namespace: 'legacy' }),
      ]),
      {},
      index,
    );
    for (const n of g.nodes)
      expect(badgesOf(n)['authorization-policy']).toEqual([
        'AuthorizationPolicy istio-system/deny-all',
      ]);
  });

  it('reuses a node’s model facts until the model changes, then reads them again', () => {
    const index = MeshIndex.build(meshObjects());
    const g = graph('workload', [gnode('reviews-v3')]);
    const first = decorate(g, {}, index);
    // Asked again of the same model: the same facts, not recomputed.
    expect(nodeOf(decorate(g, {}, index), 'reviews-v3').badges).toBe(
      nodeOf(first, 'reviews-v3').badges,
    );
    expect(badgesOf(nodeOf(first, 'reviews-v3'))['authorization-policy']).toBe(
      undefined,
    );
    index.upsert(istio('AuthorizationPolicy', 'istio-system', 'deny-all', {}));
    expect(
      badgesOf(nodeOf(decorate(g, {}, index), 'reviews-v3'))[
        'authorization-policy'
      ],
    ).toEqual(['AuthorizationPolicy istio-system/deny-all']);
  });

  it('maps app and versioned-app nodes by their labels', () => {
    const g = decorate(
      graph('app', [
        gnode('app:reviews', {
          kind: 'app',
          name: 'reviews',
          app: 'reviews',
          workload: 'reviews-v1',
        }),
      ]),
    );
    const reviews = nodeOf(g, 'app:reviews');
    expect(reviews.replicas).toEqual({ ready: 3, desired: 4 });
    expect(reviews.dataPlane).toBe('sidecar');
    expect(badgesOf(reviews)['virtual-service']).toEqual([
      'VirtualService bookinfo/reviews',
    ]);

    const v = decorate(
      graph('versioned-app', [
        gnode('va:reviews:v2', {
          kind: 'versioned-app',
          name: 'reviews v2',
          app: 'reviews',
          version: 'v2',
          workload: 'reviews-v2',
        }),
      ]),
    );
    expect(nodeOf(v, 'va:reviews:v2').replicas).toEqual({
      ready: 1,
      desired: 2,
    });
  });

  it('maps a service node to its Service: routing badges, its pods’ policies, no pods of its own', () => {
    const g = decorate(
      graph('service', [
        gnode('svc:ratings', {
          kind: 'service',
          name: 'ratings',
          workload: undefined,
          service: 'ratings.bookinfo.svc.cluster.local',
        }),
      ]),
    );
    const ratings = nodeOf(g, 'svc:ratings');
    expect(badgesOf(ratings)).toEqual({
      mirror: ['VirtualService bookinfo/reviews'],
      'authorization-policy': ['AuthorizationPolicy bookinfo/ratings-viewer'],
    });
    expect(ratings.dataPlane).toBeUndefined();
    expect(ratings.replicas).toBeUndefined();
  });

  it('gives unknown callers nothing and external hosts their routing rules', () => {
    const index = MeshIndex.build([
      ...meshObjects(),
      istio('VirtualService', B, 'api-ext', {
        hosts: ['api.example.com'],
        http: [{ route: [route('api.example.com')], timeout: '3s' }],
      }),
    ]);
    const g = decorate(
      graph('workload', [
        gnode('unknown', {
          kind: 'unknown',
          namespace: '',
          name: 'unknown',
          workload: undefined,
        }),
        gnode('ext:api.example.com', {
          kind: 'external',
          namespace: '',
          name: 'api.example.com',
          workload: undefined,
          service: 'api.example.com',
        }),
      ]),
      {},
      index,
    );
    expect(nodeOf(g, 'unknown').badges).toEqual([]);
    expect(badgesOf(nodeOf(g, 'ext:api.example.com'))).toEqual({
      'virtual-service': ['VirtualService bookinfo/api-ext'],
      timeout: ['VirtualService bookinfo/api-ext'],
    });
  });
});

describe('decorateGraph live model', () => {
  it('reads replicas and data plane of workloads and gateways', () => {
    const g = decorate(
      graph('workload', [
        gnode('reviews-v2'),
        gnode('istio-ingressgateway', {
          kind: 'gateway',
          namespace: 'istio-system',
          app: 'istio-ingressgateway',
        }),
      ]),
    );
    expect(nodeOf(g, 'reviews-v2')).toMatchObject({
      replicas: { ready: 1, desired: 2 },
      dataPlane: 'sidecar',
    });
    expect(nodeOf(g, 'istio-ingressgateway')).toMatchObject({
      replicas: { ready: 1, desired: 1 },
      dataPlane: 'sidecar',
    });
  });

  it('finds a bare pod Istio named as its own workload', () => {
    const index = MeshIndex.build([
      ns(B),
      ready(pod(B, 'debug', { run: 'debug' })),
    ]);
    const g = decorate(graph('workload', [gnode('debug')]), {}, index);
    expect(nodeOf(g, 'debug')).toMatchObject({
      replicas: { ready: 1, desired: 1 },
      dataPlane: 'sidecar',
    });
  });

  it('leaves nodes the model does not know without model fields', () => {
    const g = decorate(
      graph('workload', [
        {
          ...gnode('gone'),
          dataPlane: 'sidecar',
          replicas: { ready: 1, desired: 1 },
        },
      ]),
    );
    expect(nodeOf(g, 'gone').dataPlane).toBeUndefined();
    expect(nodeOf(g, 'gone').replicas).toBeUndefined();
    expect(nodeOf(g, 'gone').health.status).toBe('idle');
  });

  it('looks in the node’s cluster, or in every cluster when the index does not know it', () => {
    const index = new MeshIndex();
    for (const o of workload(B, 'ratings', 'v1')) index.upsert(o, 'east');
    for (const o of workload(B, 'ratings', 'v1', { replicas: 3, readyPods: 0 }))
      index.upsert(o, 'west');
    const g = decorate(
      graph('workload', [
        gnode('east-ratings', { workload: 'ratings-v1', cluster: 'east' }),
        gnode('west-ratings', { workload: 'ratings-v1', cluster: 'west' }),
        gnode('any-ratings', { workload: 'ratings-v1', cluster: 'Kubernetes' }),
      ]),
      {},
      index,
    );
    expect(nodeOf(g, 'east-ratings').replicas).toEqual({
      ready: 1,
      desired: 1,
    });
    expect(nodeOf(g, 'west-ratings').replicas).toEqual({
      ready: 0,
      desired: 3,
    });
    expect(nodeOf(g, 'any-ratings').replicas).toEqual({ ready: 1, desired: 4 });
  });
});

describe('decorateGraph health', () => {
  const nodes = [
    gnode('istio-ingressgateway', {
      kind: 'gateway',
      namespace: 'istio-system',
      outbound: red({ rps: 10 }),
    }),
    gnode('productpage-v1', {
      inbound: red({ rps: 10, p99: 300 }),
      outbound: red({ rps: 12, rps5xx: 3, errorRatio: 0.25 }),
    }),
    gnode('details-v1', {
      inbound: red({ rps: 4, rps5xx: 1, errorRatio: 0.25, p99: 40 }),
    }),
    gnode('reviews-v1', { inbound: red({ rps: 8, rps5xx: 2, p99: 900 }) }),
    gnode('reviews-v3'),
    gnode('sleep', { namespace: 'legacy', outbound: red({ rps: 1 }) }),
    gnode('unknown', {
      kind: 'unknown',
      namespace: '',
      name: 'unknown',
      workload: undefined,
      outbound: red({ rps: 2 }),
    }),
  ];
  const edges = [
    gedge('istio-ingressgateway', 'productpage-v1', { '200': 10 }),
    gedge('productpage-v1', 'details-v1', { '200': 3, '503': 1 }),
    gedge('productpage-v1', 'reviews-v1', { '200': 6, '500': 2 }, { p99: 900 }),
    gedge('sleep', 'reviews-v1', { '200': 1 }),
    gedge('unknown', 'details-v1', { '200': 2 }),
  ];
  const g = decorate(graph('workload', nodes, edges), {
    latencySloP99Ms: n => (n.workload === 'reviews-v1' ? 500 : undefined),
    health: { ...DEFAULT_HEALTH_CONFIG, latencySloP99Ms: 1000 },
  });

  it('judges a node by the response codes of its inbound edges', () => {
    expect(nodeOf(g, 'details-v1').health).toEqual({
      status: 'failure',
      reasons: [
        {
          code: 'error-rate-5xx',
          status: 'failure',
          message: '5xx 16.7 % of 6.0 req/s (failure at 10 %)',
        },
      ],
    });
  });

  it('judges a source that serves nothing by what it sent', () => {
    expect(nodeOf(g, 'istio-ingressgateway').health).toEqual({
      status: 'healthy',
      reasons: [],
    });
    expect(nodeOf(g, 'unknown').health.status).toBe('healthy');
  });

  it('judges a node that serves traffic by what it served only', () => {
    // productpage's callees fail, which their edges show; productpage itself serves fine.
    expect(nodeOf(g, 'productpage-v1').health).toEqual({
      status: 'healthy',
      reasons: [],
    });
  });

  it('uses the node’s own latency objective before the config’s', () => {
    const reviews = nodeOf(g, 'reviews-v1').health;
    expect(reviews.status).toBe('failure');
    expect(reviews.reasons.map(r => r.message)).toEqual([
      '5xx 22.2 % of 9.0 req/s (failure at 10 %)',
      'p99 900 ms over the 500 ms SLO',
    ]);
    // 300 ms is within the config's 1000 ms.
    expect(nodeOf(g, 'productpage-v1').health.reasons).toEqual([]);
  });

  it('judges replicas, sidecars and quiet nodes', () => {
    // reviews-v3 has no traffic, but its one replica is ready: healthy, as Kiali has it.
    expect(nodeOf(g, 'reviews-v3').health).toEqual({
      status: 'healthy',
      reasons: [],
    });
    expect(nodeOf(g, 'sleep').health).toEqual({
      status: 'degraded',
      reasons: [
        {
          code: 'proxy-missing',
          status: 'degraded',
          message: 'no sidecar: not in the mesh',
        },
      ],
    });
    const v2 = decorate(graph('workload', [gnode('reviews-v2')]));
    expect(nodeOf(v2, 'reviews-v2').health.reasons).toEqual([
      {
        code: 'availability',
        status: 'degraded',
        message: '1 of 2 replicas ready',
      },
    ]);
  });

  it('flags proxies that differ from the control plane', () => {
    const h = decorate(graph('workload', [gnode('reviews-v3')]), {
      expectedProxyVersion: '1.28.0',
    });
    expect(nodeOf(h, 'reviews-v3').health.reasons).toEqual([
      {
        code: 'proxy-outdated',
        status: 'degraded',
        message: 'proxy 1.27.1, control plane 1.28.0',
      },
    ]);
  });

  it('judges every edge by its own codes and the destination’s objective', () => {
    const byId = Object.fromEntries(g.edges.map(e => [e.id, e.health]));
    expect(byId['istio-ingressgateway->productpage-v1:http']).toEqual({
      status: 'healthy',
      reasons: [],
    });
    expect(byId['productpage-v1->details-v1:http'].reasons).toEqual([
      {
        code: 'error-rate-5xx',
        status: 'failure',
        message: '5xx 25.0 % of 4.0 req/s (failure at 10 %)',
      },
    ]);
    expect(
      byId['productpage-v1->reviews-v1:http'].reasons.map(r => r.message),
    ).toEqual([
      '5xx 25.0 % of 8.0 req/s (failure at 10 %)',
      'p99 900 ms over the 500 ms SLO',
    ]);
    // An edge has no pods: the caller's missing sidecar is the node's finding, not the edge's.
    expect(byId['sleep->reviews-v1:http'].status).toBe('healthy');
  });

  it('uses a rule for edges only on edges', () => {
    const lenient = decorate(graph('workload', nodes, edges), {
      health: {
        rate: [
          { kind: ['edge'], code: '5\\d\\d', degraded: 30, failure: 50 },
          ...DEFAULT_HEALTH_CONFIG.rate,
        ],
      },
    });
    expect(
      lenient.edges.find(e => e.id === 'productpage-v1->details-v1:http')!
        .health.status,
    ).toBe('healthy');
    expect(nodeOf(lenient, 'details-v1').health.status).toBe('failure');
  });

  it('keeps the rest of the graph as it was', () => {
    expect(g.edges.map(e => e.id)).toEqual(edges.map(e => e.id));
    expect(g.nodes.map(n => n.id)).toEqual(nodes.map(n => n.id));
    expect(g.metrics).toEqual(graph('workload', []).metrics);
    // The input is not changed.
    expect(nodes[2].health.status).toBe('unknown');
  });
});
