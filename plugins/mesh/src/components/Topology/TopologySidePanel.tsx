import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import CloseIcon from '@material-ui/icons/Close';
import { MeshGraph } from '@meshport/plugin-mesh-common';
import { MeshEntityTarget } from '../../api/MeshApi';
import { GraphHit } from '../../lib/topology/GraphRenderer';
import { EdgeDetails } from './EdgeDetails';
import { NodeDetails } from './NodeDetails';
import { UnobservedDependencies } from './UnobservedDependencies';

/** Props of {@link TopologySidePanel}. */
export interface TopologySidePanelProps {
  graph: MeshGraph;
  selected?: GraphHit;
  /** The entity whose tab this is, to read a node's charts through when the node maps to no entity. */
  entityRef?: MeshEntityTarget;
  /** The graph's window, e.g. `5m`; the charts cover the same. */
  window: string;
  onClose: () => void;
}

/** Details of the selected node or edge, and the catalog's unobserved dependencies. */
export function TopologySidePanel(props: TopologySidePanelProps) {
  const { graph, selected } = props;
  const node =
    selected?.kind === 'node'
      ? graph.nodes.find(n => n.id === selected.id)
      : undefined;
  const edge =
    selected?.kind === 'edge'
      ? graph.edges.find(e => e.id === selected.id)
      : undefined;
  const unobserved = graph.unobserved ?? [];

  let body;
  if (node) {
    body = (
      <NodeDetails
        node={node}
        entityRef={props.entityRef}
        window={props.window}
      />
    );
  } else if (edge) {
    body = (
      <EdgeDetails
        edge={edge}
        source={graph.nodes.find(n => n.id === edge.source)}
        target={graph.nodes.find(n => n.id === edge.target)}
      />
    );
  } else {
    body = (
      <Typography variant="body2" color="textSecondary">
        {selected
          ? 'The selected element is not in the graph any more.'
          : 'Select a node or an edge to see its health, configuration and traffic.'}
      </Typography>
    );
  }

  return (
    <Paper variant="outlined" role="complementary" aria-label="Details">
      <Box p={2} display="flex" flexDirection="column" style={{ gap: 16 }}>
        <Box position="relative">
          {(node || edge) && (
            <IconButton
              size="small"
              aria-label="Close details"
              onClick={props.onClose}
              style={{ position: 'absolute', right: 0, top: 0 }}
            >
              <CloseIcon fontSize="small" />
            </IconButton>
          )}
          {body}
        </Box>
        {unobserved.length > 0 && (
          <UnobservedDependencies items={unobserved} window={props.window} />
        )}
      </Box>
    </Paper>
  );
}
