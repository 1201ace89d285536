export { EntityTopologyContent } from './EntityTopologyContent';
export type { EntityTopologyContentProps } from './EntityTopologyContent';
export { TopologyGraph } from './TopologyGraph';
export type { TopologyGraphProps } from './TopologyGraph';
export { TopologySidePanel } from './TopologySidePanel';
export type { TopologySidePanelProps } from './TopologySidePanel';
export { TopologyView } from './TopologyView';
export type { TopologyViewProps } from './TopologyView';
