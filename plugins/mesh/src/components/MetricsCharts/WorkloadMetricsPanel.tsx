import { useId, useState } from 'react';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { MetricsCharts, MetricsStatus } from '@meshport/plugin-mesh-common';
import { meshApiRef, MeshEntityTarget } from '../../api/MeshApi';
import { usePolledValue } from '../../hooks/usePolledValue';
import { describeApiError } from '../../lib/describeApiError';
import { formatEntityRef } from '../../lib/formatEntityRef';
import { RedCharts } from './RedCharts';

/** The windows offered; the backend accepts any `parseWindow` duration, these are the useful ones. */
export const METRICS_WINDOWS = [
  { value: '5m', label: 'Last 5 minutes' },
  { value: '15m', label: 'Last 15 minutes' },
  { value: '1h', label: 'Last hour' },
] as const;

export type MetricsWindow = (typeof METRICS_WINDOWS)[number]['value'];

/** Props of {@link WorkloadMetricsPanel}: one workload or one Service of the entity. */
export interface WorkloadMetricsPanelProps {
  entityRef: MeshEntityTarget;
  cluster?: string;
  namespace: string;
  workload?: string;
  /** The Service's name; used when `workload` is absent. */
  service?: string;
  /** Default 30 000: metrics move slower than the live model, and every poll is a range query. */
  refreshIntervalMs?: number;
  initialWindow?: MetricsWindow;
}

/**
 * Why there are no charts, as an alert beside the rest of the tab rather than an error page: a
 * mesh without Prometheus still has workloads, pods and rules worth seeing.
 */
function StatusAlert(props: { metrics: MetricsStatus }) {
  const { metrics } = props;
  if (metrics.status === 'not-configured') {
    return (
      <Alert severity="info">
        No metrics source is configured for this mesh
        {metrics.message ? `: ${metrics.message}` : '.'}
      </Alert>
    );
  }
  return (
    <Alert severity="warning">
      Metrics are unavailable from {metrics.description}
      {metrics.message ? `: ${metrics.message}` : '.'}
    </Alert>
  );
}

function Charts(props: {
  charts: MetricsCharts;
  subject: string;
  isService: boolean;
}) {
  const { charts, subject, isService } = props;
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={isService ? 12 : 6}>
        <RedCharts
          series={charts.inbound}
          title={`Inbound: requests to ${subject}`}
        />
      </Grid>
      {/* Istio counts requests by the workload that sends them; a Service never sends any. */}
      {!isService && (
        <Grid item xs={12} md={6}>
          <RedCharts
            series={charts.outbound}
            title={`Outbound: requests from ${subject}`}
          />
        </Grid>
      )}
    </Grid>
  );
}

/**
 * Inbound and outbound rate, errors and latency of one workload (or the inbound side of one
 * Service) over a chosen window, from the same metrics source as the topology graph, refreshed
 * in place.
 */
export function WorkloadMetricsPanel(props: WorkloadMetricsPanelProps) {
  const meshApi = useApi(meshApiRef);
  const { entityRef, cluster, namespace, workload, service } = props;
  const id = useId();
  const [timeWindow, setTimeWindow] = useState<MetricsWindow>(
    props.initialWindow ?? '5m',
  );
  // Polling restarts on a change of any of these; a ref object would restart it on every render.
  const refKey =
    typeof entityRef === 'string' ? entityRef : formatEntityRef(entityRef);
  const { value, error, loading } = usePolledValue(
    () =>
      meshApi.getEntityMetrics(entityRef, {
        window: timeWindow,
        cluster,
        namespace,
        workload,
        service,
      }),
    props.refreshIntervalMs ?? 30_000,
    [meshApi, refKey, timeWindow, cluster, namespace, workload, service],
  );

  const isService = !workload && !!service;
  const subject = `${isService ? 'Service' : 'workload'} ${namespace}/${workload ?? service}`;

  let body;
  if (loading) {
    body = <Progress />;
  } else if (!value) {
    body = (
      <Alert severity="error">
        Could not load metrics for {subject}:{' '}
        {describeApiError(error ?? new Error('no answer'))}
      </Alert>
    );
  } else {
    body = (
      <>
        {error && (
          <Box mb={1}>
            {/* A failed refresh keeps the last charts: they are still the best we know. */}
            <Alert severity="warning">
              Refresh failed, showing the previous charts:{' '}
              {describeApiError(error)}
            </Alert>
          </Box>
        )}
        {value.metrics.status === 'ok' ? (
          <>
            <Typography variant="caption" color="textSecondary" component="p">
              From {value.metrics.description}, one point every{' '}
              {value.stepSeconds} s.
            </Typography>
            {value.metrics.truncated && (
              <Box my={1}>
                <Alert severity="info">
                  More series matched than the metrics source returns; these
                  charts count only part of the traffic.
                </Alert>
              </Box>
            )}
            <Charts charts={value} subject={subject} isService={isService} />
          </>
        ) : (
          <StatusAlert metrics={value.metrics} />
        )}
      </>
    );
  }

  return (
    <Box role="region" aria-label={`metrics of ${subject}`}>
      <Box display="flex" alignItems="center" mb={1} style={{ gap: 16 }}>
        <Typography variant="subtitle2" component="h4">
          Metrics of {subject}
          {cluster ? ` in cluster ${cluster}` : ''}
        </Typography>
        <TextField
          select
          size="small"
          id={`${id}-window`}
          label="Window"
          value={timeWindow}
          onChange={e => setTimeWindow(e.target.value as MetricsWindow)}
          style={{ minWidth: 160 }}
        >
          {METRICS_WINDOWS.map(w => (
            <MenuItem key={w.value} value={w.value}>
              {w.label}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      {body}
    </Box>
  );
}
