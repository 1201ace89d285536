import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { TrafficResource } from '@meshport/plugin-mesh-common';
import {
  findingsOutsideRules,
  isTraceResource,
  TraceHighlight,
} from '../../lib/describeTrace';
import { DestinationRuleDetails } from './DestinationRuleDetails';
import { EditResourceButton } from './EditResourceButton';
import { FindingLines } from './FindingLine';
import { GatewayServers } from './GatewayServers';
import { RuleList } from './RuleList';

function Lines(props: { lines: string[] }) {
  return (
    <ul style={{ margin: 0, paddingLeft: 20 }}>
      {props.lines.map(l => (
        <li key={l}>
          <Typography variant="body2" component="span">
            {l}
          </Typography>
        </li>
      ))}
    </ul>
  );
}

/** What the resource does, by kind: rules, subsets and policies, servers, or a summary. */
function ResourceBody(props: {
  resource: TrafficResource;
  highlight?: TraceHighlight;
}) {
  const { resource: r, highlight } = props;
  const parts = [];
  if (r.rules) {
    parts.push(
      <Box key="rules">
        {(r.hosts?.length || r.gateways?.length) && (
          <Typography variant="body2" color="textSecondary" gutterBottom>
            {r.hosts?.length ? `Hosts ${r.hosts.join(', ')}` : ''}
            {r.hosts?.length && r.gateways?.length ? '; ' : ''}
            {r.gateways?.length ? `gateways ${r.gateways.join(', ')}` : ''}
          </Typography>
        )}
        <RuleList
          rules={r.rules}
          namespace={r.namespace}
          name={r.name}
          trace={
            highlight && highlight.cluster === r.cluster
              ? { highlight, matched: isTraceResource(highlight, r) }
              : undefined
          }
        />
      </Box>,
    );
  }
  if (r.kind === 'DestinationRule' || r.subsets || r.policies)
    parts.push(<DestinationRuleDetails key="dr" resource={r} />);
  if (r.servers)
    parts.push(
      r.servers.length ? (
        <GatewayServers
          key="servers"
          servers={r.servers}
          label={`servers of ${r.namespace}/${r.name}`}
        />
      ) : (
        <Typography key="servers" variant="body2">
          No server of this gateway exposes the entity's hosts.
        </Typography>
      ),
    );
  if (r.rateLimit)
    parts.push(
      <Typography key="rate" variant="body2">
        <strong>{r.rateLimit.text}</strong> ({r.rateLimit.tokensPerFill}{' '}
        requests every {r.rateLimit.fillInterval}, at most{' '}
        {r.rateLimit.maxTokens} at once)
      </Typography>,
    );
  if (r.summary?.length) parts.push(<Lines key="summary" lines={r.summary} />);
  return <>{parts}</>;
}

/**
 * One resource that affects the entity's traffic: kind and name, why it counts, its findings,
 * what it does in words, and "YAML / Edit" into the change pipeline.
 */
export function TrafficResourceCard(props: {
  resource: TrafficResource;
  highlight?: TraceHighlight;
  /** Set when the user may not edit: the button is disabled and says why. */
  editDisabledReason?: string;
  onEdit: (resource: TrafficResource) => void;
}) {
  const { resource: r } = props;
  const label = `${r.kind} ${r.namespace}/${r.name}`;
  const traced = isTraceResource(props.highlight, r);
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-label={label}
      data-testid={`traffic-resource-${r.kind}-${r.namespace}-${r.name}`}
      data-traced={traced ? 'true' : undefined}
    >
      <Box p={2}>
        <Box display="flex" alignItems="flex-start" style={{ gap: 8 }}>
          <Box flexGrow={1} minWidth={0}>
            <Typography variant="subtitle1" component="h4">
              <Chip
                size="small"
                label={r.kind}
                title={r.apiVersion}
                style={{ marginRight: 8 }}
              />
              {r.namespace}/{r.name}
            </Typography>
            <Typography variant="body2" color="textSecondary">
              {r.reasons.join('; ')}
            </Typography>
          </Box>
          <EditResourceButton
            label={label}
            disabledReason={props.editDisabledReason}
            onClick={() => props.onEdit(r)}
          />
        </Box>
        <Box mt={1}>
          <FindingLines findings={findingsOutsideRules(r)} />
        </Box>
        <Box mt={1}>
          <ResourceBody resource={r} highlight={props.highlight} />
        </Box>
      </Box>
    </Paper>
  );
}
