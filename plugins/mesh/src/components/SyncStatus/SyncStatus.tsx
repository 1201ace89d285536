import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ClusterSyncState } from '@meshport/plugin-mesh-common';
import { formatAge } from '../../lib/formatAge';

function StatusIcon(props: { status: ClusterSyncState['status'] }) {
  switch (props.status) {
    case 'synced':
      return <StatusOK>synced</StatusOK>;
    case 'syncing':
      return <StatusPending>syncing</StatusPending>;
    case 'error':
      return <StatusError>error</StatusError>;
    default:
      return <StatusWarning>stopped</StatusWarning>;
  }
}

/**
 * A cluster's cache state as both views show it: status, how stale the data is, and the last
 * error. The views answer from the backend's cache even when a cluster is down, so the staleness
 * is what tells the reader whether to trust the figures.
 */
export function SyncStatus(props: { sync: ClusterSyncState; now?: number }) {
  const { sync } = props;
  const now = props.now ?? Date.now();
  const age = formatAge(sync.lastEventAt, now);
  const stale = formatAge(sync.staleSince, now);
  let freshness = 'no data yet';
  if (stale) freshness = `data stale since ${stale}`;
  else if (sync.status === 'synced')
    freshness = `live${age ? `, last change ${age}` : ''}`;
  else if (age) freshness = `last event ${age}`;
  return (
    <Box component="span" display="inline-flex" flexDirection="column">
      <StatusIcon status={sync.status} />
      <Typography component="span" variant="body2" color="textSecondary">
        {freshness}
      </Typography>
      {sync.lastError && sync.status === 'error' && (
        <Typography component="span" variant="caption" color="error">
          {sync.lastError.message}
        </Typography>
      )}
    </Box>
  );
}
