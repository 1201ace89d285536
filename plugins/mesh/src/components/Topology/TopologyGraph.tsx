import { ReactNode, useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { MeshGraph } from '@meshport/plugin-mesh-common';
import { applyGraphFilters } from '../../lib/topology/applyGraphFilters';
import { GraphHit, RendererView } from '../../lib/topology/GraphRenderer';
import { GraphCanvas } from './GraphCanvas';
import { GraphElementList } from './GraphElementList';
import { MetricsStatusAlert } from './MetricsStatusAlert';
import { TopologyLegend } from './TopologyLegend';
import { TopologyToolbar } from './TopologyToolbar';
import { TopologyQueryState } from './topologyQuery';
import { UpdatedAgo } from './UpdatedAgo';

/** Props of {@link TopologyGraph}. */
export interface TopologyGraphProps {
  graph: MeshGraph;
  /** Canvas height in pixels. Default 560. */
  height?: number;
  selected?: GraphHit;
  /** A node or edge was clicked (on the canvas or in the element list); undefined for empty canvas. */
  onSelect: (hit: GraphHit | undefined) => void;
  query: TopologyQueryState;
  onQueryChange: (query: TopologyQueryState) => void;
  /** Offer the hops select (entity graphs). */
  showHops?: boolean;
  /** Extra toolbar fields (the admin page's namespace and cluster filters). */
  toolbarExtra?: ReactNode;
}

/**
 * The service graph with its toolbar and legend: where metrics come from (and why there are
 * none), graph type and window, Find and Hide in the filter language of `parseGraphFilter`,
 * edge labels and zoom to fit. Drawing and layout are in `GraphCanvas`.
 */
export function TopologyGraph(props: TopologyGraphProps) {
  const { graph, selected, onSelect } = props;
  const [find, setFind] = useState('');
  const [hide, setHide] = useState('');
  const [edgeLabels, setEdgeLabels] = useState(false);
  const [fitSignal, setFitSignal] = useState(0);

  const filters = useMemo(
    () => applyGraphFilters(graph, find, hide),
    [graph, find, hide],
  );
  const view: RendererView = useMemo(
    () => ({
      selected,
      hiddenNodes: filters.hiddenNodes,
      hiddenEdges: filters.hiddenEdges,
      foundNodes: filters.foundNodes,
      foundEdges: filters.foundEdges,
      edgeLabels,
    }),
    [selected, filters, edgeLabels],
  );

  const shownNodes = graph.nodes.length - filters.hiddenNodes.size;
  const shownEdges = graph.edges.filter(
    e =>
      !filters.hiddenEdges.has(e.id) &&
      !filters.hiddenNodes.has(e.source) &&
      !filters.hiddenNodes.has(e.target),
  ).length;
  const found = filters.foundNodes
    ? filters.foundNodes.size + (filters.foundEdges?.size ?? 0)
    : undefined;

  return (
    <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
      <MetricsStatusAlert metrics={graph.metrics} />
      <TopologyToolbar
        query={props.query}
        onQueryChange={props.onQueryChange}
        showHops={props.showHops}
        edgeLabels={edgeLabels}
        onEdgeLabels={setEdgeLabels}
        find={find}
        onFind={setFind}
        findError={filters.findError}
        hide={hide}
        onHide={setHide}
        hideError={filters.hideError}
        onFit={() => setFitSignal(s => s + 1)}
      >
        {props.toolbarExtra}
      </TopologyToolbar>
      <Box display="flex" justifyContent="space-between" flexWrap="wrap">
        <Typography variant="body2" data-testid="topology-summary">
          {shownNodes} nodes, {shownEdges} edges
          {filters.hiddenNodes.size + filters.hiddenEdges.size > 0 &&
            ` (${graph.nodes.length - shownNodes} nodes and ${graph.edges.length - shownEdges} edges hidden)`}
          {found !== undefined && ` · ${found} found`}
        </Typography>
        <UpdatedAgo
          iso={graph.generatedAt}
          source={graph.metrics.description}
        />
      </Box>
      <GraphCanvas
        graph={graph}
        view={view}
        height={props.height ?? 560}
        onSelect={onSelect}
        fitSignal={fitSignal}
      />
      <GraphElementList graph={graph} filters={filters} onSelect={onSelect} />
      <TopologyLegend />
    </Box>
  );
}
