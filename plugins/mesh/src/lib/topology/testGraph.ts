import {
  GraphEdge,
  GraphNode,
  HealthStatus,
  Red,
} from '@meshport/plugin-mesh-common';

/** Small builders for renderer and filter tests: only what a test names differs from idle defaults. */
export const red = (over: Partial<Red> = {}): Red => ({
  rps: 0,
  rps4xx: 0,
  rps5xx: 0,
  errorRatio: 0,
  ...over,
});

export function testNode(
  id: string,
  over: Partial<GraphNode> & { status?: HealthStatus } = {},
): GraphNode {
  const { status, ...rest } = over;
  return {
    id,
    kind: 'workload',
    namespace: 'bookinfo',
    name: id,
    inbound: red(),
    outbound: red(),
    health: { status: status ?? 'healthy', reasons: [] },
    badges: [],
    ...rest,
  };
}

export function testEdge(
  source: string,
  target: string,
  over: Partial<GraphEdge> & { status?: HealthStatus } = {},
): GraphEdge {
  const { status, ...rest } = over;
  const protocol = rest.protocol ?? 'http';
  return {
    id: `${source}->${target}:${protocol}`,
    source,
    target,
    protocol,
    rps: 1,
    rps4xx: 0,
    rps5xx: 0,
    errorRatio: 0,
    responseCodes: { '200': 1 },
    health: { status: status ?? 'healthy', reasons: [] },
    ...rest,
  };
}
