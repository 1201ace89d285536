import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { GraphNode } from '@meshport/plugin-mesh-common';
import { meshApiRef, MeshEntityTarget } from '../../api/MeshApi';
import { usePolledValue } from '../../hooks/usePolledValue';
import { describeApiError } from '../../lib/describeApiError';
import { formatEntityRef } from '../../lib/formatEntityRef';
import { RedCharts } from '../MetricsCharts';
import { MetricsStatusAlert } from './MetricsStatusAlert';

/**
 * Inbound and outbound charts of the selected node over the graph's window. Metrics are read
 * through an entity (the backend checks the user may see it): the node's own entity when the
 * catalog maps it, else the entity whose tab this is.
 */
export function NodeCharts(props: {
  node: GraphNode;
  entityRef?: MeshEntityTarget;
  window: string;
}) {
  const meshApi = useApi(meshApiRef);
  const { node, window } = props;
  const entityRef = node.entityRef ?? props.entityRef;
  const refKey =
    entityRef === undefined || typeof entityRef === 'string'
      ? entityRef
      : formatEntityRef(entityRef);
  const workload = node.workload;
  // Service nodes carry the host; the metrics route wants the Service's name.
  const service = workload ? undefined : node.service?.split('.')[0];
  const chartable =
    entityRef !== undefined &&
    (workload !== undefined || service !== undefined);
  const { value, error, loading } = usePolledValue(
    async () =>
      chartable
        ? meshApi.getEntityMetrics(entityRef!, {
            window,
            cluster: node.cluster,
            namespace: node.namespace,
            workload,
            service,
          })
        : undefined,
    30_000,
    [meshApi, refKey, window, node.cluster, node.namespace, workload, service],
  );

  if (!chartable) {
    return (
      <Typography variant="caption" color="textSecondary">
        {entityRef === undefined
          ? 'No catalog entity selects this node, so its charts are not available here.'
          : 'Charts are drawn for workloads and Services.'}
      </Typography>
    );
  }
  if (loading) return <Progress />;
  if (!value) {
    return (
      <Alert severity="error">
        Could not load the charts:{' '}
        {describeApiError(error ?? new Error('no answer'))}
      </Alert>
    );
  }
  if (value.metrics.status !== 'ok')
    return <MetricsStatusAlert metrics={value.metrics} />;
  return (
    <Box>
      <RedCharts series={value.inbound} title="Inbound" height={110} />
      <RedCharts series={value.outbound} title="Outbound" height={110} />
    </Box>
  );
}
