import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { ServiceView } from '@meshport/plugin-mesh-common';
import { formatPort } from '../../lib/formatPort';

/** The Services that select the entity's pods (or are named by `meshport.io/services`). */
export function ServicesTable(props: { services: ServiceView[] }) {
  return (
    <Table size="small" aria-label="services">
      <TableHead>
        <TableRow>
          <TableCell>Host</TableCell>
          <TableCell>Type</TableCell>
          <TableCell>Cluster IP</TableCell>
          <TableCell>Ports</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.services.map(s => (
          <TableRow key={`${s.namespace}/${s.name}`}>
            <TableCell>{s.host}</TableCell>
            <TableCell>{s.type ?? 'ClusterIP'}</TableCell>
            <TableCell>{s.clusterIP ?? '—'}</TableCell>
            <TableCell>
              {s.ports.map(p => (
                <div key={`${p.port}/${p.protocol ?? 'TCP'}`}>
                  {formatPort(p)}
                </div>
              ))}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
