import { useId, useState } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { ClusterSecurity, MetricsStatus } from '@meshport/plugin-mesh-common';
import {
  AccessMatrixRow,
  filterMatrix,
  inboundMatrix,
  outboundMatrix,
} from '../../lib/securityAccessRows';

function SeenCell(props: { row: AccessMatrixRow }) {
  const { row } = props;
  const o = row.observed;
  switch (row.seen) {
    case 'seen':
      return (
        <Chip
          size="small"
          label={`seen ${o!.requestsPerSecond.toFixed(2)} req/s`}
        />
      );
    case 'never-seen':
      return (
        <Typography variant="body2" color="textSecondary">
          {row.allowed ? 'allowed, never seen' : 'never seen'}
        </Typography>
      );
    case 'seen-denied':
      return (
        <Chip
          size="small"
          color="secondary"
          label={`seen and denied: ${o!.deniedPerSecond.toFixed(2)} 403/s (${o!.reporter} reporter)`}
        />
      );
    case 'plaintext':
      return (
        <Chip
          size="small"
          label={`plaintext to PERMISSIVE: ${o!.plaintextPerSecond.toFixed(2)} req/s`}
        />
      );
    default:
      return null;
  }
}

function Decision(props: { row: AccessMatrixRow }) {
  const { row } = props;
  if (row.allowed === undefined)
    return <Chip size="small" variant="outlined" label="unknown" />;
  return (
    <Chip
      size="small"
      label={verdictLabel(row)}
      color={row.allowed ? 'primary' : 'secondary'}
    />
  );
}

function MatrixTable(props: {
  label: string;
  peerTitle: string;
  rows: AccessMatrixRow[];
  showSeen: boolean;
}) {
  if (!props.rows.length)
    return (
      <Typography variant="body2" color="textSecondary">
        No rows.
      </Typography>
    );
  return (
    <Table size="small" aria-label={props.label}>
      <TableHead>
        <TableRow>
          <TableCell>{props.peerTitle}</TableCell>
          <TableCell>Workload</TableCell>
          <TableCell>Port, method, path</TableCell>
          <TableCell>Policy says</TableCell>
          <TableCell>Decided by</TableCell>
          {props.showSeen && <TableCell>Observed</TableCell>}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.rows.map(r => (
          <TableRow
            key={r.key}
            data-testid="access-row"
            data-peer={r.peer}
            data-seen={r.seen}
          >
            <TableCell>
              {r.peer}
              <Typography
                variant="caption"
                color="textSecondary"
                display="block"
              >
                {r.serviceAccount ? `sa ${r.serviceAccount}` : ''}
                {r.sidecar ? '' : `${r.serviceAccount ? ' · ' : ''}no sidecar`}
              </Typography>
            </TableCell>
            <TableCell>{r.workload}</TableCell>
            <TableCell>
              {[r.port, r.method, r.path]
                .filter(v => v !== undefined)
                .join(' ') || 'any'}
            </TableCell>
            <TableCell>
              <Decision row={r} />
            </TableCell>
            <TableCell>
              <Typography variant="body2">{r.decidedBy ?? '—'}</Typography>
              <Typography
                variant="caption"
                color="textSecondary"
                display="block"
              >
                {r.reason}
              </Typography>
            </TableCell>
            {props.showSeen && (
              <TableCell>
                <SeenCell row={r} />
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Why the "Observed" column is missing or partial: without metrics, "never seen" would be a guess. */
function ObservedStatusAlert(props: { metrics?: MetricsStatus }) {
  const { metrics } = props;
  if (!metrics)
    return (
      <Alert severity="info" data-testid="metrics-status">
        No metrics source answered for this mesh: only what policy allows is
        shown, not what was seen.
      </Alert>
    );
  if (metrics.status === 'ok') return null;
  return (
    <Alert
      severity={metrics.status === 'unavailable' ? 'warning' : 'info'}
      data-testid="metrics-status"
    >
      {metrics.status === 'unavailable'
        ? `Metrics are unavailable from ${metrics.description}`
        : 'No metrics source is configured for this mesh'}
      {metrics.message ? `: ${metrics.message}.` : '.'} The access matrix shows
      what policy allows, not which callers were seen.
    </Alert>
  );
}

/**
 * The access matrix of one cluster: who may call the entity's workloads (with the callers seen in
 * the window merged in) and where they may call out, each row with the policy and rule that
 * decided, and a filter over every column.
 */
/** allowed, reset by the server proxy (status 0: plaintext against STRICT), or denied with its status. */
function verdictLabel(row: { allowed?: boolean; status?: number }): string {
  if (row.allowed) return 'allowed';
  if (row.status === 0) return 'reset (mTLS)';
  return `denied (${row.status})`;
}

export function AccessMatrixTable(props: { security: ClusterSecurity }) {
  const id = useId();
  const [filter, setFilter] = useState('');
  const { security } = props;
  const observed = security.observed;
  const inbound = filterMatrix(inboundMatrix(security), filter);
  const outbound = filterMatrix(outboundMatrix(security), filter);
  const windowText = observed
    ? `${Math.round(observed.windowSeconds / 60)} min`
    : undefined;
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
      <ObservedStatusAlert metrics={observed?.metrics} />
      <TextField
        id={`${id}-filter`}
        label="Filter (caller, port, denied, policy…)"
        value={filter}
        onChange={e => setFilter(e.target.value)}
        size="small"
        variant="outlined"
      />
      <Typography variant="subtitle2" component="h4">
        Who may call in ({security.access.peers} workloads considered
        {windowText ? `; observed over the last ${windowText}` : ''})
      </Typography>
      <MatrixTable
        label="inbound access"
        peerTitle="Caller"
        rows={inbound}
        showSeen={observed?.metrics.status === 'ok'}
      />
      <Typography variant="subtitle2" component="h4">
        Where the workloads may call out
      </Typography>
      <MatrixTable
        label="outbound access"
        peerTitle="Callee"
        rows={outbound}
        showSeen={false}
      />
    </Box>
  );
}
