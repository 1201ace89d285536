import { GraphType } from '@meshport/plugin-mesh-common';

/** The windows the toolbar offers (any `parseWindow` duration works on the backend). */
export const TOPOLOGY_WINDOWS = [
  { value: '1m', label: 'Last minute' },
  { value: '5m', label: 'Last 5 minutes' },
  { value: '15m', label: 'Last 15 minutes' },
  { value: '1h', label: 'Last hour' },
] as const;

export type TopologyWindow = (typeof TOPOLOGY_WINDOWS)[number]['value'];

export const GRAPH_TYPE_LABELS: Record<GraphType, string> = {
  workload: 'Workloads',
  app: 'Apps',
  'versioned-app': 'Apps and versions',
  service: 'Services',
};

/** What the toolbar asks the backend for. */
export interface TopologyQueryState {
  graph: GraphType;
  window: TopologyWindow;
  /** Entity graphs: how many edges away from the entity's own nodes. */
  hops: number;
}

export const DEFAULT_TOPOLOGY_QUERY: TopologyQueryState = {
  graph: 'versioned-app',
  window: '1m',
  hops: 1,
};

/**
 * How often a graph refreshes: every second while it is small (an entity's neighbourhood, a demo
 * mesh), so a fault shows as soon as its metrics do — Prometheus needs two scrapes of a new error
 * series before it has a rate, and every second the tab adds comes on top of those; every 2 s up to
 * `LARGE_GRAPH_NODES`; every 10 s past it, where each refresh is megabytes to fetch and lay out. The
 * server shares answers for a second (`mesh.topology.cacheSeconds`), so more viewers do not mean
 * more queries. Positions are kept: a refresh never reshuffles the graph.
 */
export const SMALL_GRAPH_REFRESH_MS = 1_000;
export const TOPOLOGY_REFRESH_MS = 2_000;
export const LARGE_GRAPH_REFRESH_MS = 10_000;
export const SMALL_GRAPH_NODES = 100;
export const LARGE_GRAPH_NODES = 300;

export function topologyRefreshMs(graph: { nodes: unknown[] } | undefined) {
  const nodes = graph?.nodes.length ?? 0;
  if (nodes > LARGE_GRAPH_NODES) return LARGE_GRAPH_REFRESH_MS;
  return nodes > SMALL_GRAPH_NODES
    ? TOPOLOGY_REFRESH_MS
    : SMALL_GRAPH_REFRESH_MS;
}
