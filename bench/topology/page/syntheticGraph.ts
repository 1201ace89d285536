import type {
  GraphEdge,
  GraphNode,
  HealthStatus,
} from '@meshport/plugin-mesh-common';

/**
 * A seeded synthetic topology: `nodes` workloads in namespaces of 10, each with 3 outgoing edges
 * (two inside its namespace, one to another namespace), health spread over the four colours.
 * Both engines draw exactly this graph.
 */
export function syntheticGraph(
  nodeCount: number,
  seed = 7,
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  let state = seed >>> 0;
  const random = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const statuses: HealthStatus[] = [
    'healthy',
    'healthy',
    'healthy',
    'degraded',
    'failure',
    'idle',
  ];
  const red = {
    rps: 1,
    rps4xx: 0,
    rps5xx: 0,
    errorRatio: 0,
    p50: 5,
    p95: 20,
    p99: 40,
  };
  const nodes: GraphNode[] = Array.from({ length: nodeCount }, (_, i) => {
    const namespace = `ns-${String(Math.floor(i / 10)).padStart(3, '0')}`;
    const name = `svc-${i % 10}`;
    return {
      id: `workload:${namespace}:${name}`,
      kind: 'workload',
      namespace,
      name,
      workload: name,
      inbound: red,
      outbound: red,
      health: {
        status: statuses[Math.floor(random() * statuses.length)],
        reasons: [],
      },
      badges: [],
    };
  });
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  nodes.forEach((n, i) => {
    const base = Math.floor(i / 10) * 10;
    let made = 0;
    let guard = 0;
    while (made < 3 && guard++ < 50) {
      const j =
        made < 2
          ? base + Math.floor(random() * Math.min(10, nodeCount - base))
          : Math.floor(random() * nodeCount);
      const key = `${i}>${j}`;
      if (j === i || seen.has(key)) continue;
      seen.add(key);
      const rps = Number((random() * 20).toFixed(2));
      edges.push({
        id: `${n.id}->${nodes[j].id}:http`,
        source: n.id,
        target: nodes[j].id,
        protocol: 'http',
        rps,
        rps4xx: 0,
        rps5xx: 0,
        errorRatio: 0,
        p50: 4,
        p95: 18,
        p99: 35,
        responseCodes: { '200': rps },
        health: { status: 'healthy', reasons: [] },
      });
      made += 1;
    }
  });
  return { nodes, edges };
}
