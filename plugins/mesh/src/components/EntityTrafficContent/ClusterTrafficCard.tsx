import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ClusterTraffic, TrafficResource } from '@meshport/plugin-mesh-common';
import { TraceHighlight } from '../../lib/describeTrace';
import { SyncStatus } from '../SyncStatus';
import { TrafficResourceCard } from './TrafficResourceCard';

/** The order a reader follows a request: routes first, then where they land, then the edges. */
const KIND_ORDER: Record<string, number> = {
  Gateway: 0,
  VirtualService: 1,
  HTTPRoute: 1,
  GRPCRoute: 1,
  DestinationRule: 2,
  ServiceEntry: 3,
  Sidecar: 4,
  EnvoyFilter: 5,
};

/** The entity's traffic in one cluster: its sync state, then each resource as a card. */
export function ClusterTrafficCard(props: {
  traffic: ClusterTraffic;
  now?: number;
  highlight?: TraceHighlight;
  editDisabledReason?: string;
  onEdit: (resource: TrafficResource) => void;
}) {
  const { traffic } = props;
  const resources = [...traffic.resources].sort(
    (a, b) => (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9),
  );
  return (
    <InfoCard
      title={`Cluster ${traffic.cluster}`}
      subheader={<SyncStatus sync={traffic.sync} now={props.now} />}
    >
      {traffic.sync.missingKinds.length > 0 && (
        <Typography variant="body2" color="textSecondary" paragraph>
          This cluster does not serve {traffic.sync.missingKinds.join(', ')};
          objects of those kinds are not shown.
        </Typography>
      )}
      {traffic.services.length > 0 && (
        <Typography variant="body2" color="textSecondary" paragraph>
          Services:{' '}
          {traffic.services
            .map(
              s =>
                `${s.host} (${s.ports.map(p => (p.name ? `${p.name} ${p.port}` : p.port)).join(', ') || 'no ports'})`,
            )
            .join('; ')}
        </Typography>
      )}
      {resources.length === 0 ? (
        <Typography variant="body2">
          No VirtualService, DestinationRule, Gateway or other routing resource
          affects these services: requests go straight to the Service's pods,
          spread by Istio's default load balancer.
        </Typography>
      ) : (
        <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
          {resources.map(r => (
            <TrafficResourceCard
              key={`${r.apiVersion}/${r.kind}/${r.namespace}/${r.name}`}
              resource={r}
              highlight={props.highlight}
              editDisabledReason={props.editDisabledReason}
              onEdit={props.onEdit}
            />
          ))}
        </Box>
      )}
    </InfoCard>
  );
}
