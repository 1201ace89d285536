import Alert from '@material-ui/lab/Alert';
import { MetricsStatus } from '@meshport/plugin-mesh-common';

/**
 * Why the graph may be empty or partial, above it: without metrics there are no edges, and a
 * blank canvas alone would read as "no traffic".
 */
export function MetricsStatusAlert(props: { metrics: MetricsStatus }) {
  const { metrics } = props;
  if (metrics.status === 'not-configured') {
    return (
      <Alert severity="info" data-testid="metrics-status">
        No metrics source is configured for this mesh, so the graph has no
        traffic{metrics.message ? `: ${metrics.message}` : '.'}
      </Alert>
    );
  }
  if (metrics.status === 'unavailable') {
    return (
      <Alert severity="warning" data-testid="metrics-status">
        Metrics are unavailable from {metrics.description}
        {metrics.message ? `: ${metrics.message}.` : '.'} The graph shows no
        traffic until they answer.
      </Alert>
    );
  }
  if (metrics.missing?.length) {
    return (
      <Alert severity="info" data-testid="metrics-status">
        Part of the metrics could not be read from {metrics.description}
        {metrics.message ? ` (${metrics.message})` : ''}; the graph shows
        request rates and errors without them.
      </Alert>
    );
  }
  if (metrics.truncated) {
    return (
      <Alert severity="info" data-testid="metrics-status">
        More series matched than {metrics.description} returns; the graph shows
        only part of the traffic.
      </Alert>
    );
  }
  return null;
}
