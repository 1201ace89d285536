import { MetricsStatus } from '../metrics/types';
import { buildMeshGraph } from './buildMeshGraph';
import { neighbourhood, nodeIdFor, UNKNOWN_NODE_ID } from './nodeIds';
import { topologyQueries } from './topologyQueries';
import { readFixture, topologySamplesFrom } from './__testUtils__/scrapeRates';

describe('nodeIdFor', () => {
  const reviews = {
    cluster: 'east',
    namespace: 'bookinfo',
    workload: 'reviews-v2',
    app: 'reviews',
    version: 'v2',
  };

  it('names a workload in each graph type', () => {
    expect(nodeIdFor('workload', reviews)).toBe(
      'workload:east:bookinfo:reviews-v2',
    );
    expect(nodeIdFor('app', reviews)).toBe('app:east:bookinfo:reviews');
    expect(nodeIdFor('versioned-app', reviews)).toBe(
      'versioned-app:east:bookinfo:reviews:v2',
    );
    // In a service graph a workload is a caller, shown as its app.
    expect(nodeIdFor('service', reviews)).toBe('app:east:bookinfo:reviews');
  });

  it('falls back to the workload for an unknown app and leaves an unknown cluster out', () => {
    const w = {
      cluster: 'unknown',
      namespace: 'ns',
      workload: 'w',
      app: 'unknown',
    };
    expect(nodeIdFor('app', w)).toBe('app:ns:w');
    expect(nodeIdFor('versioned-app', w)).toBe('versioned-app:ns:w:unknown');
  });

  it('names services by short name or host, external hosts and the unknown caller', () => {
    expect(
      nodeIdFor('service', { namespace: 'bookinfo', service: 'reviews' }),
    ).toBe('service:bookinfo:reviews');
    expect(
      nodeIdFor('workload', {
        cluster: 'east',
        namespace: 'x',
        service: 'reviews.bookinfo.svc.cluster.local',
      }),
    ).toBe('service:east:bookinfo:reviews');
    expect(
      nodeIdFor('service', {
        namespace: 'bookinfo',
        service: 'api.example.com',
      }),
    ).toBe('external:api.example.com');
    expect(nodeIdFor('workload', { namespace: '', workload: 'unknown' })).toBe(
      UNKNOWN_NODE_ID,
    );
  });
});

describe('neighbourhood on the recorded Bookinfo graph', () => {
  const metrics: MetricsStatus = {
    source: 't',
    description: 't',
    status: 'ok',
  };
  const graph = buildMeshGraph(
    topologySamplesFrom(
      topologyQueries({ windowSeconds: 60 }),
      readFixture('bookinfo-0.prom'),
      readFixture('bookinfo-1.prom'),
    ),
    { graphType: 'workload', windowSeconds: 60, generatedAt: 'now', metrics },
  );
  const focus = nodeIdFor('workload', {
    cluster: 'east',
    namespace: 'bookinfo',
    workload: 'reviews-v2',
  });

  it('keeps the focus with its callers and callees at one hop', () => {
    const near = neighbourhood(graph, new Set([focus]), 1);
    expect(near.nodes.map(n => n.id)).toEqual([
      'service:east:bookinfo:notifications',
      'workload:east:bookinfo:productpage-v1',
      'workload:east:bookinfo:ratings-v1',
      'workload:east:bookinfo:reviews-v2',
    ]);
    expect(near.nodes.filter(n => n.focus).map(n => n.id)).toEqual([focus]);
    expect(near.edges.map(e => e.id)).toEqual([
      'workload:east:bookinfo:productpage-v1->workload:east:bookinfo:reviews-v2:http',
      'workload:east:bookinfo:reviews-v2->service:east:bookinfo:notifications:http',
      'workload:east:bookinfo:reviews-v2->workload:east:bookinfo:ratings-v1:http',
    ]);
    expect(near.metrics).toBe(graph.metrics);
  });

  it('reaches the siblings, the gateway and the callers of ratings at two hops, either direction', () => {
    const two = neighbourhood(graph, new Set([focus]), 2);
    const ids = two.nodes.map(n => n.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'workload:east:istio-system:istio-ingressgateway', // calls productpage
        'workload:east:bookinfo:details-v1', // productpage's other callee
        'workload:east:bookinfo:reviews-v3', // also calls ratings
        'unknown', // also calls ratings
        'workload:east:bookinfo:mongodb-v1', // ratings' database
      ]),
    );
    // Every edge between two kept nodes is kept, not only those on a shortest path.
    expect(two.edges.length).toBeGreaterThan(
      neighbourhood(graph, new Set([focus]), 1).edges.length,
    );
    for (const e of two.edges) {
      expect(ids).toContain(e.source);
      expect(ids).toContain(e.target);
    }
  });

  it('keeps only focus nodes at zero hops and ignores focus ids not on the graph', () => {
    const none = neighbourhood(graph, new Set([focus, 'workload:nope']), 0);
    expect(none.nodes.map(n => n.id)).toEqual([focus]);
    expect(none.edges).toEqual([]);
    // A focus set on an earlier graph does not leak into a new neighbourhood.
    const near = neighbourhood(graph, new Set([focus]), 1);
    const productpage = 'workload:east:bookinfo:productpage-v1';
    const moved = neighbourhood(near, new Set([productpage]), 1);
    expect(moved.nodes.map(n => n.id)).toContain(focus);
    expect(moved.nodes.filter(n => n.focus).map(n => n.id)).toEqual([
      productpage,
    ]);
  });
});
