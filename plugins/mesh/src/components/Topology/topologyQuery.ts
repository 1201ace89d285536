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
 * How often the graph refreshes: one Prometheus scrape interval (Istio's samples are scraped
 * every 5 s in the embedded default), so a fault shows about as soon as its metrics do. Answers
 * are shared between viewers on the server, so more viewers do not mean more queries. Positions
 * are kept: a refresh never reshuffles the graph.
 */
export const TOPOLOGY_REFRESH_MS = 5_000;
