import { memo } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import { MeshGraph } from '@meshport/plugin-mesh-common';
import { GraphHit } from '../../lib/topology/GraphRenderer';
import { GraphFilterResult } from '../../lib/topology/applyGraphFilters';

const useStyles = makeStyles({
  // Visually hidden, still read and reachable by keyboard: the canvas itself says nothing to a screen reader.
  hidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    margin: -1,
    padding: 0,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
});

/**
 * The graph as lists of buttons, one per visible node and edge, marked when Find matched it:
 * the keyboard and screen reader way into what the canvas draws.
 */
export const GraphElementList = memo(function ElementList(props: {
  graph: MeshGraph;
  filters: GraphFilterResult;
  onSelect: (hit: GraphHit) => void;
}) {
  const classes = useStyles();
  const { graph, filters } = props;
  const names = new Map(graph.nodes.map(n => [n.id, n.name]));
  const nodes = graph.nodes.filter(n => !filters.hiddenNodes.has(n.id));
  const edges = graph.edges.filter(
    e =>
      !filters.hiddenEdges.has(e.id) &&
      !filters.hiddenNodes.has(e.source) &&
      !filters.hiddenNodes.has(e.target),
  );
  return (
    <div className={classes.hidden}>
      <ul aria-label="Graph nodes">
        {nodes.map(n => (
          <li
            key={n.id}
            data-testid="graph-node"
            data-found={filters.foundNodes?.has(n.id) ? 'true' : undefined}
          >
            <button
              type="button"
              onClick={() => props.onSelect({ kind: 'node', id: n.id })}
            >
              {n.name} ({n.kind}, {n.namespace}, {n.health.status})
            </button>
          </li>
        ))}
      </ul>
      <ul aria-label="Graph edges">
        {edges.map(e => (
          <li
            key={e.id}
            data-testid="graph-edge"
            data-found={filters.foundEdges?.has(e.id) ? 'true' : undefined}
          >
            <button
              type="button"
              onClick={() => props.onSelect({ kind: 'edge', id: e.id })}
            >
              {names.get(e.source)} → {names.get(e.target)} ({e.protocol},{' '}
              {e.health.status})
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
});
