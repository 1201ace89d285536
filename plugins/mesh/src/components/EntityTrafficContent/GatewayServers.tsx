import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { GatewayServerView } from '@meshport/plugin-mesh-common';

/** The servers (listeners) of a Gateway that expose the entity's hosts. */
export function GatewayServers(props: {
  servers: GatewayServerView[];
  label: string;
}) {
  return (
    <Table size="small" aria-label={props.label}>
      <TableHead>
        <TableRow>
          <TableCell>Port</TableCell>
          <TableCell>Protocol</TableCell>
          <TableCell>Hosts</TableCell>
          <TableCell>TLS</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.servers.map((s, i) => (
          <TableRow key={`${s.port}-${i}`}>
            <TableCell>{s.port}</TableCell>
            <TableCell>{s.protocol}</TableCell>
            <TableCell>{s.hosts.join(', ')}</TableCell>
            <TableCell>{s.tls ?? '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
