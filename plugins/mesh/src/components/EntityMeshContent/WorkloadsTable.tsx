import { Fragment, ReactNode, useState } from 'react';
import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Collapse from '@material-ui/core/Collapse';
import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import KeyboardArrowDownIcon from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@material-ui/icons/KeyboardArrowRight';
import { WorkloadView } from '@meshport/plugin-mesh-common';
import { WorkloadStats, workloadStats } from '../../lib/workloadStats';
import { MetricsToggle } from './MetricsToggle';
import { PodsTable } from './PodsTable';

function Replicas(props: { workload: WorkloadView; stats: WorkloadStats }) {
  const { ready, desired } = props.workload.replicas;
  const text = `${ready}/${desired}`;
  switch (props.stats.replicaHealth) {
    case 'ok':
      return <StatusOK>{text}</StatusOK>;
    case 'warning':
      return <StatusWarning>{text}</StatusWarning>;
    case 'error':
      return <StatusError>{text}</StatusError>;
    default:
      return <StatusPending>{text} (scaled to zero)</StatusPending>;
  }
}

function Sidecars(props: { stats: WorkloadStats }) {
  const { stats } = props;
  const text = `${stats.withSidecar}/${stats.pods} with sidecar`;
  if (stats.mismatches > 0) {
    return (
      <StatusWarning>
        {text}; {stats.mismatches} not as the injection policy says
      </StatusWarning>
    );
  }
  return <span>{text}</span>;
}

const workloadKey = (w: WorkloadView) => `${w.kind}/${w.namespace}/${w.name}`;

/**
 * The entity's workloads in one cluster; each row expands to its pods and their sidecars, and,
 * when `renderMetrics` is given, to the workload's metrics.
 *
 * Built on MUI's table rather than core-components' `Table` because material-table forgets which
 * detail panels are open whenever `data` changes, and this view is re-fetched every few seconds.
 * Here the open rows are kept by workload key. Rows with an injection mismatch start open, so the
 * repair hint is visible without a click.
 */
export function WorkloadsTable(props: {
  workloads: WorkloadView[];
  /** The metrics panel of one workload; rendered only while its row's Metrics toggle is on. */
  renderMetrics?: (workload: WorkloadView) => ReactNode;
}) {
  const { renderMetrics } = props;
  const [toggled, setToggled] = useState<Record<string, boolean>>({});
  // Closed by default: an open panel polls the metrics source.
  const [metricsOpen, setMetricsOpen] = useState<Record<string, boolean>>({});
  const columns = renderMetrics ? 8 : 7;
  return (
    <Table size="small" aria-label="workloads">
      <TableHead>
        <TableRow>
          <TableCell padding="checkbox" />
          <TableCell>Kind</TableCell>
          <TableCell>Name</TableCell>
          <TableCell>Namespace</TableCell>
          <TableCell>Replicas ready</TableCell>
          <TableCell>Sidecar</TableCell>
          <TableCell>Proxy version</TableCell>
          {renderMetrics && <TableCell />}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.workloads.map(w => {
          const key = workloadKey(w);
          const stats = workloadStats(w);
          const open = toggled[key] ?? stats.mismatches > 0;
          const metrics = !!renderMetrics && !!metricsOpen[key];
          return (
            <Fragment key={key}>
              <TableRow>
                <TableCell padding="checkbox">
                  <IconButton
                    size="small"
                    aria-label={`${open ? 'hide' : 'show'} pods of ${w.name}`}
                    aria-expanded={open}
                    onClick={() => setToggled(t => ({ ...t, [key]: !open }))}
                  >
                    {open ? (
                      <KeyboardArrowDownIcon />
                    ) : (
                      <KeyboardArrowRightIcon />
                    )}
                  </IconButton>
                </TableCell>
                <TableCell>{w.kind}</TableCell>
                <TableCell>
                  <strong>{w.name}</strong>
                </TableCell>
                <TableCell>{w.namespace}</TableCell>
                <TableCell>
                  <Replicas workload={w} stats={stats} />
                </TableCell>
                <TableCell>
                  <Sidecars stats={stats} />
                </TableCell>
                <TableCell>{stats.proxyVersions.join(', ') || '—'}</TableCell>
                {renderMetrics && (
                  <TableCell align="right">
                    <MetricsToggle
                      name={w.name}
                      open={metrics}
                      onToggle={() =>
                        setMetricsOpen(m => ({ ...m, [key]: !metrics }))
                      }
                    />
                  </TableCell>
                )}
              </TableRow>
              <TableRow>
                <TableCell
                  style={{ paddingTop: 0, paddingBottom: 0 }}
                  colSpan={columns}
                >
                  <Collapse in={open} timeout="auto" unmountOnExit>
                    <Box pl={6} pb={2}>
                      <PodsTable pods={w.pods} />
                    </Box>
                  </Collapse>
                  {renderMetrics && (
                    <Collapse in={metrics} timeout="auto" unmountOnExit>
                      <Box pl={6} pb={2} pt={open ? 0 : 1}>
                        {renderMetrics(w)}
                      </Box>
                    </Collapse>
                  )}
                </TableCell>
              </TableRow>
            </Fragment>
          );
        })}
      </TableBody>
    </Table>
  );
}
