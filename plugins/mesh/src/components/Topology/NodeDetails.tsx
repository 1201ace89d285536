import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { BadgeKind, GraphNode } from '@meshport/plugin-mesh-common';
import { MeshEntityTarget } from '../../api/MeshApi';
import { HealthReasons } from './HealthReasons';
import { NodeCharts } from './NodeCharts';
import { RedTable } from './RedTable';

const BADGE_LABELS: Record<BadgeKind, string> = {
  'virtual-service': 'VirtualService routing',
  'traffic-shifting': 'traffic shifting',
  'fault-injection': 'fault injection',
  'circuit-breaker': 'circuit breaker',
  timeout: 'timeout',
  retries: 'retries',
  mirror: 'mirroring',
  'missing-sidecar': 'missing sidecar',
  'authorization-policy': 'authorization policy',
  'request-authentication': 'request authentication',
  'rate-limit': 'rate limit',
};

function Field(props: { label: string; children: React.ReactNode }) {
  return (
    <Typography variant="body2">
      <Box component="span" color="text.secondary">
        {props.label}:
      </Box>{' '}
      {props.children}
    </Typography>
  );
}

/** The selected node: what it is, how healthy and why, what configuration applies, its traffic. */
export function NodeDetails(props: {
  node: GraphNode;
  entityRef?: MeshEntityTarget;
  window: string;
}) {
  const { node } = props;
  return (
    <Box
      display="flex"
      flexDirection="column"
      style={{ gap: 12 }}
      data-testid="node-details"
    >
      <Box>
        <Typography variant="h6" component="h3">
          {node.name}
        </Typography>
        <Field label="kind">{node.kind}</Field>
        <Field label="namespace">{node.namespace}</Field>
        {node.cluster && <Field label="cluster">{node.cluster}</Field>}
        {node.service && node.service !== node.name && (
          <Field label="host">{node.service}</Field>
        )}
        {node.dataPlane && (
          <Field label="data plane">
            {node.dataPlane === 'none' ? 'no proxy' : node.dataPlane}
          </Field>
        )}
        {node.replicas && (
          <Field label="replicas">
            {node.replicas.ready}/{node.replicas.desired} ready
          </Field>
        )}
        {node.entityRef && (
          <Field label="catalog entity">{node.entityRef}</Field>
        )}
      </Box>
      <HealthReasons health={node.health} />
      {node.badges.length > 0 && (
        <Box data-testid="node-badges">
          <Typography variant="subtitle2">Configuration</Typography>
          {node.badges.map(b => (
            <Box key={b.kind} mt={0.5}>
              <Chip size="small" label={BADGE_LABELS[b.kind]} />{' '}
              <Typography variant="caption">
                {b.resources.join(', ')}
              </Typography>
            </Box>
          ))}
        </Box>
      )}
      <RedTable inbound={node.inbound} outbound={node.outbound} />
      <NodeCharts
        node={node}
        entityRef={props.entityRef}
        window={props.window}
      />
    </Box>
  );
}
