import Link from '@material-ui/core/Link';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  PortMtls,
  SecurityResourceRef,
  WorkloadSecurity,
} from '@meshport/plugin-mesh-common';

const LEVEL: Record<string, string> = {
  port: 'port',
  workload: 'workload',
  namespace: 'namespace',
  'root-namespace': 'mesh (root namespace)',
  default: "Istio's default",
};

function ResourceLink(props: {
  resource: SecurityResourceRef;
  onOpen?: (resource: SecurityResourceRef) => void;
}) {
  const { resource } = props;
  const text = `${resource.kind} ${resource.namespace}/${resource.name}`;
  return (
    <Typography variant="body2" component="span">
      {props.onOpen ? (
        <Link
          component="button"
          variant="body2"
          onClick={() => props.onOpen!(resource)}
        >
          {text}
        </Link>
      ) : (
        text
      )}
      {resource.path && (
        <Typography variant="caption" color="textSecondary" component="span">
          {' '}
          ({resource.path})
        </Typography>
      )}
    </Typography>
  );
}

/**
 * Effective mTLS per workload and port: the mode the server accepts, the level and resource that
 * decided it, what clients send, and the conflicts between them with the analyzer's code.
 */
export function MtlsTable(props: {
  workloads: WorkloadSecurity[];
  onOpen?: (resource: SecurityResourceRef) => void;
}) {
  const rows: Array<{ w: WorkloadSecurity; p?: PortMtls }> =
    props.workloads.flatMap(w =>
      w.ports.length ? w.ports.map(p => ({ w, p })) : [{ w }],
    );
  return (
    <Table size="small" aria-label="mTLS per workload and port">
      <TableHead>
        <TableRow>
          <TableCell>Workload</TableCell>
          <TableCell>Port</TableCell>
          <TableCell>Server accepts</TableCell>
          <TableCell>Decided by</TableCell>
          <TableCell>Clients send</TableCell>
          <TableCell>Conflicts</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(({ w, p }) => (
          <TableRow
            key={`${w.namespace}/${w.workload}:${p?.port ?? '-'}`}
            data-testid={`mtls-${w.namespace}-${w.workload}-${p?.port ?? 'none'}`}
          >
            <TableCell>
              {w.namespace}/{w.workload}
              <Typography
                variant="caption"
                color="textSecondary"
                display="block"
              >
                {w.dataPlane === 'none' ? 'no sidecar' : w.dataPlane}
                {w.serviceAccount ? ` · sa ${w.serviceAccount}` : ''}
              </Typography>
            </TableCell>
            <TableCell>
              {p
                ? `${p.port}${p.servicePort ? ` (${p.servicePort.service}:${p.servicePort.port})` : ''}`
                : '—'}
            </TableCell>
            <TableCell>
              {p ? (
                <Chip
                  size="small"
                  label={p.mode === 'NONE' ? 'plaintext only' : p.mode}
                  color={p.mode === 'STRICT' ? 'primary' : 'default'}
                />
              ) : (
                'no ports'
              )}
            </TableCell>
            <TableCell>
              {p && (
                <>
                  <Typography variant="body2">
                    {LEVEL[p.level] ?? p.level}
                  </Typography>
                  {p.decidedBy && (
                    <ResourceLink
                      resource={p.decidedBy}
                      onOpen={props.onOpen}
                    />
                  )}
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    display="block"
                  >
                    {p.reason}
                  </Typography>
                </>
              )}
            </TableCell>
            <TableCell>
              {p && (
                <>
                  <Typography variant="body2">
                    {p.client.tls}{' '}
                    <Typography
                      variant="caption"
                      color="textSecondary"
                      component="span"
                    >
                      (
                      {p.client.source === 'auto-mtls'
                        ? 'auto mTLS'
                        : 'DestinationRule'}
                      )
                    </Typography>
                  </Typography>
                  {p.client.resource && (
                    <ResourceLink
                      resource={p.client.resource}
                      onOpen={props.onOpen}
                    />
                  )}
                </>
              )}
            </TableCell>
            <TableCell>
              {p?.conflicts.map(c => (
                <Typography
                  key={`${c.code}:${c.message}`}
                  variant="body2"
                  color="error"
                  data-testid="mtls-conflict"
                >
                  <strong>{c.code}</strong> {c.message}
                </Typography>
              ))}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
