import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import {
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import { PodView } from '@meshport/plugin-mesh-common';
import { SidecarCell } from './SidecarCell';

/** Short values stay on one line; the sidecar explanation takes the remaining width. */
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

function PodReady(props: { pod: PodView }) {
  const { pod } = props;
  if (pod.ready) return <StatusOK>ready</StatusOK>;
  if (pod.phase === 'Pending') return <StatusPending>not ready</StatusPending>;
  return <StatusError>not ready</StatusError>;
}

/**
 * The pods of one workload, shown when its row is expanded. A plain MUI table: a second
 * material-table inside a detail panel would bring its own toolbar and paging for a handful of rows.
 */
export function PodsTable(props: { pods: PodView[] }) {
  if (props.pods.length === 0) {
    return (
      <Table size="small" aria-label="pods">
        <TableBody>
          <TableRow>
            <TableCell>No pods are running for this workload.</TableCell>
          </TableRow>
        </TableBody>
      </Table>
    );
  }
  return (
    <Table size="small" aria-label="pods">
      <TableHead>
        <TableRow>
          <TableCell>Pod</TableCell>
          <TableCell style={NO_WRAP}>Phase</TableCell>
          <TableCell style={NO_WRAP}>Ready</TableCell>
          <TableCell style={NO_WRAP}>Restarts</TableCell>
          <TableCell style={{ width: '50%' }}>Sidecar</TableCell>
          <TableCell style={NO_WRAP}>Proxy</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.pods.map(pod => (
          <TableRow key={`${pod.namespace}/${pod.name}`}>
            <TableCell>{pod.name}</TableCell>
            <TableCell style={NO_WRAP}>{pod.phase}</TableCell>
            <TableCell style={NO_WRAP}>
              <PodReady pod={pod} />
            </TableCell>
            <TableCell style={NO_WRAP}>{pod.restarts}</TableCell>
            <TableCell>
              <SidecarCell sidecar={pod.sidecar} />
            </TableCell>
            <TableCell style={NO_WRAP}>{pod.proxyVersion ?? '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
