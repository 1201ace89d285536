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
  window: '5m',
  hops: 1,
};

/** How often the graph refreshes; positions are kept, so a refresh never reshuffles it. */
export const TOPOLOGY_REFRESH_MS = 15_000;
