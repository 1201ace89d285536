import { catalogOverlay, DeclaredRelation } from './catalogOverlay';
import { GraphEdge, GraphNode, MeshGraph, Red } from './types';

const red: Red = { rps: 1, rps4xx: 0, rps5xx: 0, errorRatio: 0 };

function gnode(id: string, over: Partial<GraphNode> = {}): GraphNode {
  return {
    id,
    kind: 'workload',
    namespace: 'bookinfo',
    name: id,
    inbound: red,
    outbound: red,
    health: { status: 'healthy', reasons: [] },
    badges: [],
    ...over,
  };
}

function gedge(source: string, target: string): GraphEdge {
  return {
    id: `${source}->${target}:http`,
    source,
    target,
    protocol: 'http',
    rps: 1,
    rps4xx: 0,
    rps5xx: 0,
    errorRatio: 0,
    responseCodes: { '200': 1 },
    health: { status: 'healthy', reasons: [] },
  };
}

const graph: MeshGraph = {
  graphType: 'workload',
  windowSeconds: 300,
  generatedAt: '2026-01-01T00:00:00Z',
  metrics: { source: 'prometheus', description: 'test', status: 'ok' },
  nodes: [
    gnode('productpage-v1', { focus: true }),
    gnode('reviews-v1'),
    gnode('reviews-v2'),
    gnode('ratings-v1'),
    gnode('details-v1'),
    gnode('unknown', { kind: 'unknown' }),
  ],
  edges: [
    gedge('unknown', 'productpage-v1'),
    gedge('productpage-v1', 'reviews-v1'),
    gedge('productpage-v1', 'reviews-v2'),
    gedge('productpage-v1', 'details-v1'),
    gedge('reviews-v2', 'ratings-v1'),
    gedge('reviews-v1', 'reviews-v2'),
    gedge('details-v1', 'ratings-v1'),
  ],
};

const refs = new Map([
  ['productpage-v1', 'component:default/productpage'],
  ['reviews-v1', 'component:default/reviews'],
  ['reviews-v2', 'component:default/reviews'],
  ['ratings-v1', 'component:default/ratings'],
  ['details-v1', 'component:default/details'],
]);

const undeclaredOf = (g: MeshGraph) =>
  g.edges.filter(e => e.undeclared).map(e => e.id);

describe('catalogOverlay', () => {
  it('leaves declared and observed calls unmarked, and lists nothing', () => {
    const declared: DeclaredRelation[] = [
      {
        fromEntityRef: 'component:default/productpage',
        toEntityRef: 'component:default/reviews',
        relation: 'dependsOn',
      },
      {
        fromEntityRef: 'component:default/productpage',
        toEntityRef: 'component:default/details',
        relation: 'dependsOn',
      },
      // reviews depends on ratings, said from ratings' side.
      {
        fromEntityRef: 'component:default/ratings',
        toEntityRef: 'component:default/reviews',
        relation: 'dependencyOf',
      },
      {
        fromEntityRef: 'component:default/details',
        toEntityRef: 'component:default/ratings',
        relation: 'dependsOn',
      },
    ];
    const g = catalogOverlay(graph, { declared, nodeEntityRefs: refs });
    expect(undeclaredOf(g)).toEqual([]);
    expect(g.unobserved).toEqual([]);
    expect(g.nodes.map(n => n.entityRef)).toEqual([
      'component:default/productpage',
      'component:default/reviews',
      'component:default/reviews',
      'component:default/ratings',
      'component:default/details',
      undefined,
    ]);
  });

  it('marks observed calls the catalog does not declare', () => {
    const declared: DeclaredRelation[] = [
      {
        fromEntityRef: 'component:default/productpage',
        toEntityRef: 'component:default/reviews',
        relation: 'dependsOn',
      },
      // Declared the other way round: ratings calling reviews does not cover reviews → ratings.
      {
        fromEntityRef: 'component:default/ratings',
        toEntityRef: 'component:default/reviews',
        relation: 'dependsOn',
      },
    ];
    const g = catalogOverlay(graph, { declared, nodeEntityRefs: refs });
    // Not judged: the unknown caller (no entity) and reviews-v1 → reviews-v2 (one entity).
    expect(undeclaredOf(g)).toEqual([
      'productpage-v1->details-v1:http',
      'reviews-v2->ratings-v1:http',
      'details-v1->ratings-v1:http',
    ]);
  });

  it('compares entity refs without case', () => {
    const g = catalogOverlay(graph, {
      declared: [
        {
          fromEntityRef: 'Component:default/ProductPage',
          toEntityRef: 'component:default/details',
          relation: 'dependsOn',
        },
      ],
      nodeEntityRefs: refs,
    });
    expect(undeclaredOf(g)).not.toContain('productpage-v1->details-v1:http');
  });

  it('clears marks of an earlier overlay the catalog now declares', () => {
    const marked = catalogOverlay(graph, {
      declared: [],
      nodeEntityRefs: refs,
    });
    expect(undeclaredOf(marked)).toHaveLength(5);
    const again = catalogOverlay(marked, {
      declared: [
        {
          fromEntityRef: 'component:default/productpage',
          toEntityRef: 'component:default/reviews',
          relation: 'dependsOn',
        },
      ],
      nodeEntityRefs: refs,
    });
    expect(undeclaredOf(again)).toHaveLength(3);
    expect(
      again.edges.find(e => e.id === 'productpage-v1->reviews-v1:http'),
    ).not.toHaveProperty('undeclared');
  });

  it('lists declared calls the mesh did not observe, with the nodes on the graph', () => {
    const g = catalogOverlay(graph, {
      declared: [
        // Both on the graph, no edge between them.
        {
          fromEntityRef: 'component:default/reviews',
          toEntityRef: 'component:default/details',
          relation: 'dependsOn',
        },
        // The callee is not on the graph at all.
        {
          fromEntityRef: 'component:default/productpage',
          toEntityRef: 'resource:default/mysql',
          relation: 'dependsOn',
        },
        // Said from the callee's side: ratings is a dependency of productpage.
        {
          fromEntityRef: 'component:default/ratings',
          toEntityRef: 'component:default/productpage',
          relation: 'dependencyOf',
        },
        // Repeated: listed once.
        {
          fromEntityRef: 'component:default/reviews',
          toEntityRef: 'component:default/details',
          relation: 'dependsOn',
        },
      ],
      nodeEntityRefs: refs,
    });
    expect(g.unobserved).toEqual([
      {
        from: 'reviews-v1',
        fromEntityRef: 'component:default/reviews',
        toEntityRef: 'component:default/details',
        relation: 'dependsOn',
        to: 'details-v1',
      },
      {
        from: 'productpage-v1',
        fromEntityRef: 'component:default/productpage',
        toEntityRef: 'resource:default/mysql',
        relation: 'dependsOn',
      },
      {
        from: 'ratings-v1',
        fromEntityRef: 'component:default/ratings',
        toEntityRef: 'component:default/productpage',
        relation: 'dependencyOf',
        to: 'productpage-v1',
      },
    ]);
  });

  it('points at the focus node of an entity with several', () => {
    const focused = {
      ...graph,
      nodes: graph.nodes.map(n =>
        n.id === 'reviews-v2' ? { ...n, focus: true } : n,
      ),
    };
    const g = catalogOverlay(focused, {
      declared: [
        {
          fromEntityRef: 'component:default/reviews',
          toEntityRef: 'component:default/details',
          relation: 'dependsOn',
        },
      ],
      nodeEntityRefs: refs,
    });
    expect(g.unobserved?.[0].from).toBe('reviews-v2');
  });

  it('declares calls to an API’s providers with consumesApi', () => {
    const api = 'api:default/details-api';
    const declared: DeclaredRelation[] = [
      {
        fromEntityRef: 'component:default/productpage',
        toEntityRef: api,
        relation: 'consumesApi',
      },
      {
        fromEntityRef: api,
        toEntityRef: 'component:default/details',
        relation: 'apiProvidedBy',
      },
      {
        fromEntityRef: 'component:default/reviews',
        toEntityRef: 'api:default/ratings-api',
        relation: 'consumesApi',
      },
    ];
    const g = catalogOverlay(graph, { declared, nodeEntityRefs: refs });
    expect(undeclaredOf(g)).not.toContain('productpage-v1->details-v1:http');
    // ratings-api has no known provider: reviews → ratings stays undeclared, and the API
    // consumption is listed, with no node for the API's side.
    expect(undeclaredOf(g)).toContain('reviews-v2->ratings-v1:http');
    expect(g.unobserved).toEqual([
      {
        from: 'reviews-v1',
        fromEntityRef: 'component:default/reviews',
        toEntityRef: 'api:default/ratings-api',
        relation: 'consumesApi',
      },
    ]);
  });

  it('lists an unobserved API consumption with the provider’s node', () => {
    const g = catalogOverlay(graph, {
      declared: [
        {
          fromEntityRef: 'component:default/details',
          toEntityRef: 'api:default/reviews-api',
          relation: 'consumesApi',
        },
        {
          fromEntityRef: 'api:default/reviews-api',
          toEntityRef: 'component:default/reviews',
          relation: 'apiProvidedBy',
        },
      ],
      nodeEntityRefs: refs,
    });
    expect(g.unobserved).toEqual([
      {
        from: 'details-v1',
        fromEntityRef: 'component:default/details',
        toEntityRef: 'api:default/reviews-api',
        relation: 'consumesApi',
        to: 'reviews-v1',
      },
    ]);
  });

  it('uses entity refs already on the nodes when the map lacks them', () => {
    const g = catalogOverlay(
      {
        ...graph,
        nodes: graph.nodes.map(n =>
          n.id === 'unknown'
            ? { ...n, entityRef: 'component:default/legacy' }
            : n,
        ),
      },
      { declared: [], nodeEntityRefs: refs },
    );
    expect(undeclaredOf(g)).toContain('unknown->productpage-v1:http');
  });
});
