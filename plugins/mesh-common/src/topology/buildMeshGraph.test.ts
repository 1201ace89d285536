import { MetricSample, MetricsStatus } from '../metrics/types';
import { buildMeshGraph } from './buildMeshGraph';
import { topologyQueries, TopologySamples } from './topologyQueries';
import { GraphType, MeshGraph } from './types';
import {
  fixtureRate,
  readFixture,
  topologySamplesFrom,
} from './__testUtils__/scrapeRates';

const metrics: MetricsStatus = {
  source: 'direct-scrape',
  description: 'recorded sandbox scrapes',
  status: 'ok',
};

// Two scrapes of the sandbox's Bookinfo, 6 s apart (scripts/recordTopologyFixture.ts).
const before = readFixture('bookinfo-0.prom');
const after = readFixture('bookinfo-1.prom');
const recorded = topologySamplesFrom(
  topologyQueries({ windowSeconds: 60 }),
  before,
  after,
);
const rate = (where: Record<string, string>, metric?: string) =>
  fixtureRate(before, after, where, metric);

function build(samples: TopologySamples, graphType: GraphType): MeshGraph {
  return buildMeshGraph(samples, {
    graphType,
    windowSeconds: 60,
    generatedAt: '2026-12-10T00:00:00.000Z',
    metrics,
  });
}

function edge(graph: MeshGraph, id: string) {
  const found = graph.edges.find(e => e.id === id);
  if (!found)
    throw new Error(
      `no edge ${id}; have:\n${graph.edges.map(e => e.id).join('\n')}`,
    );
  return found;
}

function node(graph: MeshGraph, id: string) {
  const found = graph.nodes.find(n => n.id === id);
  if (!found)
    throw new Error(
      `no node ${id}; have:\n${graph.nodes.map(n => n.id).join('\n')}`,
    );
  return found;
}

const wl = (name: string, ns = 'bookinfo') => `workload:east:${ns}:${name}`;

describe('buildMeshGraph on recorded Bookinfo metrics (workload graph)', () => {
  const graph = build(recorded, 'workload');

  it('has a node per workload, the unknown caller, the gateway, the external host and the endpoint-less service', () => {
    expect(graph.nodes.map(n => `${n.id} ${n.kind}`)).toEqual([
      'external:api.example.com external',
      'service:east:bookinfo:notifications service',
      'unknown unknown',
      `${wl('details-v1')} workload`,
      `${wl('mongodb-v1')} workload`,
      `${wl('productpage-v1')} workload`,
      `${wl('ratings-v1')} workload`,
      `${wl('reviews-v1')} workload`,
      `${wl('reviews-v2')} workload`,
      `${wl('reviews-v3')} workload`,
      `${wl('istio-ingressgateway', 'istio-system')} gateway`,
    ]);
    expect(node(graph, wl('reviews-v2'))).toMatchObject({
      cluster: 'east',
      namespace: 'bookinfo',
      name: 'reviews-v2',
      workload: 'reviews-v2',
      app: 'reviews',
      version: 'v2',
      health: { status: 'unknown', reasons: [] },
      badges: [],
    });
  });

  it('counts each request once: the caller-reported rate, not the sum of both reporters', () => {
    const e = edge(graph, `${wl('productpage-v1')}->${wl('reviews-v2')}:http`);
    const bySource = rate({
      reporter: 'source',
      source_workload: 'productpage-v1',
      destination_workload: 'reviews-v2',
    });
    const both = rate({
      source_workload: 'productpage-v1',
      destination_workload: 'reviews-v2',
    });
    expect(bySource).toBeGreaterThan(5);
    expect(e.rps).toBeCloseTo(bySource, 9);
    // Both proxies saw every request (no retries here), so the sum would double it.
    expect(both).toBeCloseTo(2 * bySource, 9);
    // The gateway's 50 page views a second reach productpage once.
    const pages = edge(
      graph,
      `${wl('istio-ingressgateway', 'istio-system')}->${wl('productpage-v1')}:http`,
    );
    expect(pages.rps).toBeCloseTo(
      rate({ reporter: 'source', source_workload: 'istio-ingressgateway' }),
      9,
    );
    expect(node(graph, wl('productpage-v1')).inbound.rps).toBeCloseTo(
      pages.rps,
      9,
    );
  });

  it('takes callers without a sidecar from the destination reports, as the unknown node, over plaintext', () => {
    const e = edge(graph, `unknown->${wl('ratings-v1')}:http`);
    const destinationOnly = rate({
      reporter: 'destination',
      source_workload: 'unknown',
    });
    expect(destinationOnly).toBeGreaterThan(5);
    expect(rate({ reporter: 'source', source_workload: 'unknown' })).toBe(0);
    expect(e.rps).toBeCloseTo(destinationOnly, 9);
    expect(e.mtlsShare).toBe(0);
    expect(node(graph, 'unknown')).toMatchObject({
      kind: 'unknown',
      name: 'unknown',
    });
    // ratings' inbound: reviews v2 and v3 (caller-reported) plus the unknown caller.
    expect(node(graph, wl('ratings-v1')).inbound.rps).toBeCloseTo(
      rate({ reporter: 'source', destination_workload: 'ratings-v1' }) +
        destinationOnly,
      9,
    );
  });

  it('reads mTLS from the destination proxy only', () => {
    for (const v of ['v1', 'v2', 'v3'])
      expect(
        edge(graph, `${wl('productpage-v1')}->${wl(`reviews-${v}`)}:http`)
          .mtlsShare,
      ).toBe(1);
    // Nobody on the far side of an external host or an endpoint-less service reports anything.
    expect(
      edge(graph, `${wl('productpage-v1')}->external:api.example.com:http`)
        .mtlsShare,
    ).toBeUndefined();
  });

  it('splits 4xx and 5xx by response code', () => {
    const e = edge(graph, `${wl('productpage-v1')}->${wl('details-v1')}:http`);
    const where = {
      reporter: 'source',
      source_workload: 'productpage-v1',
      destination_workload: 'details-v1',
    };
    const denied = rate({ ...where, response_code: '403' });
    const failed = rate({ ...where, response_code: '500' });
    expect(denied).toBeGreaterThan(0);
    expect(failed).toBeGreaterThan(0);
    expect(e.rps4xx).toBeCloseTo(denied, 9);
    expect(e.rps5xx).toBeCloseTo(failed, 9);
    expect(e.errorRatio).toBeCloseTo(failed / e.rps, 9);
    // The AuthorizationPolicy denies Bookinfo's jason (a tenth of users); details fails 8 % of the rest.
    expect(e.rps4xx / e.rps).toBeGreaterThan(0.05);
    expect(e.rps4xx / e.rps).toBeLessThan(0.2);
    expect(Object.keys(e.responseCodes).sort()).toEqual(['200', '403', '500']);
    expect(
      e.responseCodes['200'] + e.responseCodes['403'] + e.responseCodes['500'],
    ).toBeCloseTo(e.rps, 9);
  });

  it('sends requests that found no endpoint to the service node, and unregistered hosts to an external node', () => {
    const notifications = node(graph, 'service:east:bookinfo:notifications');
    expect(notifications).toMatchObject({
      kind: 'service',
      name: 'notifications',
      namespace: 'bookinfo',
      service: 'notifications.bookinfo.svc.cluster.local',
    });
    const uh = edge(
      graph,
      `${wl('reviews-v2')}->service:east:bookinfo:notifications:http`,
    );
    expect(uh.errorRatio).toBe(1);
    expect(uh.responseCodes).toEqual({ '503': uh.rps });
    const external = node(graph, 'external:api.example.com');
    expect(external).toMatchObject({
      kind: 'external',
      name: 'api.example.com',
      service: 'api.example.com',
      namespace: '',
    });
    expect(external.cluster).toBeUndefined();
  });

  it('gives TCP edges bytes each way from the caller, and no request rate', () => {
    const e = edge(graph, `${wl('ratings-v1')}->${wl('mongodb-v1')}:tcp`);
    const sent = rate(
      { reporter: 'source', destination_workload: 'mongodb-v1' },
      'istio_tcp_sent_bytes_total',
    );
    const received = rate(
      { reporter: 'source', destination_workload: 'mongodb-v1' },
      'istio_tcp_received_bytes_total',
    );
    expect(sent).toBeGreaterThan(received); // the database answers 2400 bytes to 120-byte queries
    expect(e.protocol).toBe('tcp');
    expect(e.tcpSentBytesPerSecond).toBeCloseTo(sent, 6);
    expect(e.tcpReceivedBytesPerSecond).toBeCloseTo(received, 6);
    expect(e.rps).toBe(0);
    expect(e.mtlsShare).toBe(1);
    expect(e.p50).toBeUndefined();
    expect(node(graph, wl('mongodb-v1')).inbound.tcpBytesPerSecond).toBeCloseTo(
      sent + received,
      6,
    );
    expect(
      node(graph, wl('ratings-v1')).outbound.tcpBytesPerSecond,
    ).toBeCloseTo(sent + received, 6);
  });

  it('takes latency from the preferred reporter, in order p50 ≤ p95 ≤ p99', () => {
    const e = edge(graph, `${wl('productpage-v1')}->${wl('reviews-v2')}:http`);
    const fromSource = (q: 'p50' | 'p95' | 'p99') =>
      recorded[q].find(
        s =>
          s.labels.reporter === 'source' &&
          s.labels.source_workload === 'productpage-v1' &&
          s.labels.destination_workload === 'reviews-v2',
      )!.value;
    expect(e.p50).toBeCloseTo(fromSource('p50'), 9);
    expect(e.p95).toBeCloseTo(fromSource('p95'), 9);
    expect(e.p99).toBeCloseTo(fromSource('p99'), 9);
    expect(e.p50!).toBeLessThanOrEqual(e.p95!);
    expect(e.p95!).toBeLessThanOrEqual(e.p99!);
    // reviews v2 waits for ratings; v1 does not.
    const v1 = edge(graph, `${wl('productpage-v1')}->${wl('reviews-v1')}:http`);
    expect(e.p50!).toBeGreaterThan(v1.p50!);
  });

  it('is deterministic: sorted by id, whatever the order of the samples', () => {
    const ids = graph.nodes.map(n => n.id);
    expect(ids).toEqual([...ids].sort());
    expect(graph.edges.map(e => e.id)).toEqual(
      graph.edges.map(e => e.id).sort(),
    );
    const reversed = Object.fromEntries(
      Object.entries(recorded).map(([k, v]) => [k, [...v].reverse()]),
    ) as TopologySamples;
    const again = build(reversed, 'workload');
    expect(again.nodes.map(n => n.id)).toEqual(ids);
    expect(again.edges.map(e => e.id)).toEqual(graph.edges.map(e => e.id));
    for (const [i, e] of again.edges.entries())
      expect(e.rps).toBeCloseTo(graph.edges[i].rps, 9);
  });
});

describe('buildMeshGraph: the four graph types on Bookinfo', () => {
  it('app: one node per app, versions summed', () => {
    const g = build(recorded, 'app');
    const reviews = edge(
      g,
      'app:east:bookinfo:productpage->app:east:bookinfo:reviews:http',
    );
    expect(reviews.rps).toBeCloseTo(
      rate({
        reporter: 'source',
        source_workload: 'productpage-v1',
        destination_app: 'reviews',
      }),
      9,
    );
    expect(
      edge(g, 'app:east:bookinfo:reviews->app:east:bookinfo:ratings:http').rps,
    ).toBeCloseTo(
      rate({
        reporter: 'source',
        source_app: 'reviews',
        destination_app: 'ratings',
      }),
      9,
    );
    const app = node(g, 'app:east:bookinfo:reviews');
    expect(app).toMatchObject({ kind: 'app', name: 'reviews', app: 'reviews' });
    // Three workloads make the node: none of them names it.
    expect(app.workload).toBeUndefined();
    expect(node(g, 'app:east:bookinfo:ratings').workload).toBe('ratings-v1');
    expect(node(g, 'app:east:istio-system:istio-ingressgateway').kind).toBe(
      'gateway',
    );
  });

  it('versioned-app: productpage → reviews v1/v2/v3 → ratings, and v1 calls no ratings', () => {
    const g = build(recorded, 'versioned-app');
    const va = (app: string, v: string) =>
      `versioned-app:east:bookinfo:${app}:${v}`;
    for (const v of ['v1', 'v2', 'v3'])
      expect(node(g, va('reviews', v))).toMatchObject({
        kind: 'versioned-app',
        name: `reviews ${v}`,
        app: 'reviews',
        version: v,
        workload: `reviews-${v}`,
      });
    expect(
      g.edges
        .filter(e => e.source.startsWith(va('reviews', '')))
        .map(e => e.id),
    ).toEqual([
      `${va('reviews', 'v1')}->service:east:bookinfo:notifications:http`,
      `${va('reviews', 'v2')}->service:east:bookinfo:notifications:http`,
      `${va('reviews', 'v2')}->${va('ratings', 'v1')}:http`,
      `${va('reviews', 'v3')}->service:east:bookinfo:notifications:http`,
      `${va('reviews', 'v3')}->${va('ratings', 'v1')}:http`,
    ]);
    // The gateway has no version label: it keeps its plain name.
    expect(
      node(g, 'versioned-app:east:istio-system:istio-ingressgateway:unknown'),
    ).toMatchObject({ kind: 'gateway', name: 'istio-ingressgateway' });
  });

  it('service: callers as apps, destinations as services', () => {
    const g = build(recorded, 'service');
    expect(g.edges.map(e => e.id)).toEqual([
      'app:east:bookinfo:productpage->external:api.example.com:http',
      'app:east:bookinfo:productpage->service:east:bookinfo:details:http',
      'app:east:bookinfo:productpage->service:east:bookinfo:reviews:http',
      'app:east:bookinfo:ratings->service:east:bookinfo:mongodb:tcp',
      'app:east:bookinfo:reviews->service:east:bookinfo:notifications:http',
      'app:east:bookinfo:reviews->service:east:bookinfo:ratings:http',
      'app:east:istio-system:istio-ingressgateway->service:east:bookinfo:productpage:http',
      'unknown->service:east:bookinfo:ratings:http',
    ]);
    const ratings = node(g, 'service:east:bookinfo:ratings');
    expect(ratings).toMatchObject({
      kind: 'service',
      service: 'ratings.bookinfo.svc.cluster.local',
    });
    expect(ratings.inbound.rps).toBeCloseTo(
      rate({ reporter: 'source', destination_service_name: 'ratings' }) +
        rate({ reporter: 'destination', source_workload: 'unknown' }),
      9,
    );
  });

  it('the same traffic in every graph type', () => {
    const total = (g: MeshGraph) => g.edges.reduce((s, e) => s + e.rps, 0);
    const workload = total(build(recorded, 'workload'));
    for (const type of ['app', 'versioned-app', 'service'] as const)
      expect(total(build(recorded, type))).toBeCloseTo(workload, 9);
  });
});

// Hand-written rows for what the sandbox does not play: several clusters, gRPC, a caller whose
// proxy does not report, Istio's catch-all clusters, TCP without mTLS.
const UNKNOWN_DESTINATION = {
  destination_workload: 'unknown',
  destination_workload_namespace: 'unknown',
  destination_app: 'unknown',
  destination_version: 'unknown',
  destination_cluster: 'unknown',
};

function row(labels: Record<string, string>, value: number): MetricSample {
  return {
    labels: {
      reporter: 'source',
      source_cluster: 'c1',
      source_workload: 'web-v1',
      source_workload_namespace: 'shop',
      source_app: 'web',
      source_version: 'v1',
      destination_cluster: 'c1',
      destination_workload: 'cart-v1',
      destination_workload_namespace: 'shop',
      destination_app: 'cart',
      destination_version: 'v1',
      destination_service: 'cart.shop.svc.cluster.local',
      destination_service_name: 'cart',
      destination_service_namespace: 'shop',
      request_protocol: 'http',
      response_code: '200',
      grpc_response_status: '',
      connection_security_policy: 'unknown',
      ...labels,
    },
    value,
  };
}

function samplesOf(s: Partial<TopologySamples>): TopologySamples {
  return {
    requests: [],
    p50: [],
    p95: [],
    p99: [],
    tcpSent: [],
    tcpReceived: [],
    ...s,
  };
}

describe('buildMeshGraph on hand-written rows', () => {
  it('keeps clusters apart in ids and leaves an unknown cluster out', () => {
    const g = build(
      samplesOf({
        requests: [
          row({}, 1),
          row({ source_cluster: 'c2', destination_cluster: 'c1' }, 2),
          row(
            {
              source_cluster: 'unknown',
              destination_cluster: 'unknown',
              destination_workload: 'cart-v2',
              destination_version: 'v2',
            },
            4,
          ),
        ],
      }),
      'workload',
    );
    expect(g.edges.map(e => `${e.id} ${e.rps}`)).toEqual([
      'workload:c1:shop:web-v1->workload:c1:shop:cart-v1:http 1',
      'workload:c2:shop:web-v1->workload:c1:shop:cart-v1:http 2',
      'workload:shop:web-v1->workload:shop:cart-v2:http 4',
    ]);
    expect(node(g, 'workload:c2:shop:web-v1').cluster).toBe('c2');
    expect(node(g, 'workload:shop:web-v1').cluster).toBeUndefined();
  });

  it('counts gRPC failures answered with HTTP 200 by their grpc status', () => {
    const g = build(
      samplesOf({
        requests: [
          row({ request_protocol: 'grpc', grpc_response_status: '0' }, 6),
          row({ request_protocol: 'grpc', grpc_response_status: '14' }, 3),
          row({ request_protocol: 'grpc', grpc_response_status: '5' }, 1),
        ],
      }),
      'workload',
    );
    const [e] = g.edges;
    expect(e.protocol).toBe('grpc');
    expect(e.responseCodes).toEqual({ '200': 6, '503': 3, '404': 1 });
    expect(e).toMatchObject({ rps: 10, rps5xx: 3, rps4xx: 1, errorRatio: 0.3 });
  });

  it('falls back to the destination report per fine edge, so an app edge mixing both counts each request once', () => {
    const g = build(
      samplesOf({
        requests: [
          // web-v1 → cart-v1: both proxies report.
          row({}, 5),
          row(
            {
              reporter: 'destination',
              connection_security_policy: 'mutual_tls',
            },
            5,
          ),
          // web-v2 → cart-v1: only the destination reports (the caller's metrics are off).
          row(
            {
              reporter: 'destination',
              source_workload: 'web-v2',
              source_version: 'v2',
              connection_security_policy: 'none',
            },
            3,
          ),
        ],
        p99: [
          row({}, 10),
          row({ reporter: 'destination' }, 1000),
          row(
            {
              reporter: 'destination',
              source_workload: 'web-v2',
              source_version: 'v2',
            },
            30,
          ),
        ],
      }),
      'app',
    );
    const [e] = g.edges;
    expect(e.id).toBe('app:c1:shop:web->app:c1:shop:cart:http');
    expect(e.rps).toBe(8);
    // mTLS by the destination: 5 mutual_tls of the 8 it saw.
    expect(e.mtlsShare).toBeCloseTo(5 / 8, 12);
    // Request-weighted mean of the preferred reports' p99: (5 × 10 + 3 × 30) / 8.
    expect(e.p99).toBeCloseTo(17.5, 12);
    expect(node(g, 'app:c1:shop:cart').inbound.p99).toBeCloseTo(17.5, 12);
  });

  it('shows the catch-all clusters as external nodes', () => {
    const g = build(
      samplesOf({
        requests: [
          row(
            {
              ...UNKNOWN_DESTINATION,
              destination_service: 'unknown',
              destination_service_name: 'PassthroughCluster',
              destination_service_namespace: 'unknown',
            },
            2,
          ),
          row(
            {
              ...UNKNOWN_DESTINATION,
              destination_service: 'httpbin.org',
              destination_service_name: 'httpbin.org',
              destination_service_namespace: 'shop',
            },
            1,
          ),
        ],
      }),
      'workload',
    );
    expect(g.nodes.filter(n => n.kind === 'external').map(n => n.id)).toEqual([
      'external:PassthroughCluster',
      'external:httpbin.org',
    ]);
    expect(node(g, 'external:httpbin.org')).toMatchObject({
      namespace: 'shop',
      service: 'httpbin.org',
    });
  });

  it('draws plaintext TCP as Kiali does: caller → service, unknown → workload', () => {
    const tcp = { request_protocol: 'tcp', response_code: '' };
    const g = build(
      samplesOf({
        tcpSent: [
          row({ ...tcp, ...UNKNOWN_DESTINATION }, 100),
          row(
            {
              ...tcp,
              reporter: 'destination',
              source_workload: 'unknown',
              source_app: 'unknown',
              source_version: 'unknown',
              source_workload_namespace: 'unknown',
              source_cluster: 'unknown',
              connection_security_policy: 'none',
            },
            100,
          ),
        ],
      }),
      'workload',
    );
    expect(g.edges.map(e => `${e.id} ${e.tcpSentBytesPerSecond}`)).toEqual([
      'unknown->workload:c1:shop:cart-v1:tcp 100',
      'workload:c1:shop:web-v1->service:c1:shop:cart:tcp 100',
    ]);
    expect(g.edges[0].mtlsShare).toBe(0);
  });

  it('ignores idle and NaN rows', () => {
    const g = build(
      samplesOf({
        requests: [row({}, 0), row({ response_code: '500' }, NaN)],
        p99: [row({}, NaN)],
      }),
      'workload',
    );
    expect(g.nodes).toEqual([]);
    expect(g.edges).toEqual([]);
    expect(g.metrics).toBe(metrics);
  });
});
