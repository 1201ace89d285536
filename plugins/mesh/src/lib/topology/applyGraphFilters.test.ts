import { MeshGraph } from '@meshport/plugin-mesh-common';
import { applyGraphFilters } from './applyGraphFilters';
import { red, testEdge, testNode } from './testGraph';

const graph: MeshGraph = {
  graphType: 'workload',
  windowSeconds: 300,
  generatedAt: '2026-12-10T10:00:00Z',
  metrics: { source: 'test', description: 'test', status: 'ok' },
  nodes: [
    testNode('productpage', { inbound: red({ rps: 10 }) }),
    testNode('reviews', { inbound: red({ rps: 8 }) }),
    testNode('ratings', { inbound: red({ rps: 0.2 }), namespace: 'other' }),
  ],
  edges: [
    testEdge('productpage', 'reviews', { rps: 8 }),
    testEdge('reviews', 'ratings', { rps: 0.2, errorRatio: 0.5, rps5xx: 0.1 }),
  ],
};

describe('applyGraphFilters', () => {
  it('finds nodes and edges, and finds nothing among what is hidden', () => {
    const r = applyGraphFilters(graph, 'rate < 1', 'namespace = other');
    expect([...r.hiddenNodes]).toEqual(['ratings']);
    // The edge into a hidden node is hidden with it.
    expect([...r.hiddenEdges]).toEqual(['reviews->ratings:http']);
    expect([...r.foundNodes!]).toEqual([]);
    expect([...r.foundEdges!]).toEqual([]);

    const f = applyGraphFilters(graph, 'error > 5%', '');
    expect([...f.foundEdges!]).toEqual(['reviews->ratings:http']);
    expect(f.hiddenNodes.size).toBe(0);
  });

  it('reports a parse error and changes nothing for that box', () => {
    const r = applyGraphFilters(graph, 'rate <', 'rate >>> 2');
    expect(r.findError?.message).toBeTruthy();
    expect(r.hideError?.position).toBeGreaterThan(0);
    expect(r.foundNodes).toBeUndefined();
    expect(r.hiddenNodes.size).toBe(0);
  });

  it('does nothing for empty text', () => {
    const r = applyGraphFilters(graph, '  ', '');
    expect(r.foundNodes).toBeUndefined();
    expect(r.findError).toBeUndefined();
    expect(r.hiddenNodes.size + r.hiddenEdges.size).toBe(0);
  });
});
