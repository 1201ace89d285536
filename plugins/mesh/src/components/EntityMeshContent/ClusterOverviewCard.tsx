import { ReactNode } from 'react';
import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  ClusterOverview,
  EntityOverview,
  IstioResourceRef,
} from '@meshport/plugin-mesh-common';
import { MeshEntityRef } from '../../api/MeshApi';
import { WorkloadMetricsPanel } from '../MetricsCharts';
import { SyncStatus } from '../SyncStatus';
import { IstioResourcesTable } from './IstioResourcesTable';
import { NoWorkloads } from './NoWorkloads';
import { OverviewSummary } from './OverviewSummary';
import { ServicesTable } from './ServicesTable';
import { WorkloadsTable } from './WorkloadsTable';

function Section(props: { title: string; children: ReactNode }) {
  return (
    <Box mt={3}>
      <Typography variant="subtitle1" component="h3" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

/** Everything the Mesh tab knows about the entity in one cluster. */
export function ClusterOverviewCard(props: {
  overview: ClusterOverview;
  selector: EntityOverview['selector'];
  now?: number;
  /** Offers an Edit action per Istio resource of this cluster. */
  onEditResource?: (cluster: string, resource: IstioResourceRef) => void;
  /** Offers a Metrics panel per workload and Service, read from the entity's metrics route. */
  entityRef?: MeshEntityRef;
}) {
  const { onEditResource, entityRef } = props;
  const { overview } = props;
  return (
    <InfoCard
      title={`Cluster ${overview.cluster}`}
      subheader={<SyncStatus sync={overview.sync} now={props.now} />}
    >
      <OverviewSummary summary={overview.summary} />
      {overview.sync.missingKinds.length > 0 && (
        <Typography variant="body2" color="textSecondary">
          This cluster does not serve {overview.sync.missingKinds.join(', ')};
          objects of those kinds are not shown.
        </Typography>
      )}
      <Section title="Workloads">
        {overview.workloads.length ? (
          <WorkloadsTable
            workloads={overview.workloads}
            renderMetrics={
              entityRef &&
              (w => (
                <WorkloadMetricsPanel
                  entityRef={entityRef}
                  cluster={overview.cluster}
                  namespace={w.namespace}
                  workload={w.name}
                />
              ))
            }
          />
        ) : (
          <NoWorkloads selector={props.selector} />
        )}
      </Section>
      <Section title="Services">
        {overview.services.length ? (
          <ServicesTable
            services={overview.services}
            renderMetrics={
              entityRef &&
              (svc => (
                <WorkloadMetricsPanel
                  entityRef={entityRef}
                  cluster={overview.cluster}
                  namespace={svc.namespace}
                  service={svc.name}
                />
              ))
            }
          />
        ) : (
          <Typography variant="body2">
            No Service selects these workloads.
          </Typography>
        )}
      </Section>
      <Section title="Istio resources">
        {overview.istioResources.length ? (
          <IstioResourcesTable
            resources={overview.istioResources}
            onEdit={
              onEditResource && (r => onEditResource(overview.cluster, r))
            }
          />
        ) : (
          <Typography variant="body2">
            No VirtualService, DestinationRule, policy or other Istio object
            refers to these workloads.
          </Typography>
        )}
      </Section>
    </InfoCard>
  );
}
