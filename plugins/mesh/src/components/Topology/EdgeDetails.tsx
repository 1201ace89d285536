import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { GraphEdge, GraphNode } from '@meshport/plugin-mesh-common';
import {
  formatBytesPerSecond,
  formatMs,
  formatRatio,
  formatRps,
} from '../../lib/topology/formatRed';
import { HealthReasons } from './HealthReasons';

/** The selected edge: who calls whom, how much, how well, how secured, with which response codes. */
export function EdgeDetails(props: {
  edge: GraphEdge;
  source?: GraphNode;
  target?: GraphNode;
}) {
  const { edge } = props;
  const share = (v: number) => formatRatio(edge.rps > 0 ? v / edge.rps : 0);
  const rows: Array<[string, string]> =
    edge.protocol === 'tcp'
      ? [
          ['sent', formatBytesPerSecond(edge.tcpSentBytesPerSecond ?? 0)],
          [
            'received',
            formatBytesPerSecond(edge.tcpReceivedBytesPerSecond ?? 0),
          ],
        ]
      : [
          ['rate', formatRps(edge.rps)],
          ['4xx', share(edge.rps4xx)],
          ['5xx', share(edge.rps5xx)],
          ['p50', formatMs(edge.p50)],
          ['p95', formatMs(edge.p95)],
          ['p99', formatMs(edge.p99)],
        ];
  rows.push([
    'mTLS',
    edge.mtlsShare === undefined
      ? 'unknown (no destination proxy reported)'
      : formatRatio(edge.mtlsShare),
  ]);
  const codes = Object.entries(edge.responseCodes).sort(([a], [b]) =>
    a < b ? -1 : 1,
  );
  return (
    <Box
      display="flex"
      flexDirection="column"
      style={{ gap: 12 }}
      data-testid="edge-details"
    >
      <Typography variant="h6" component="h3">
        {props.source?.name ?? edge.source} →{' '}
        {props.target?.name ?? edge.target}
      </Typography>
      <Typography variant="body2">protocol: {edge.protocol}</Typography>
      {edge.undeclared && (
        <Alert severity="info">
          The catalog does not declare this dependency (no dependsOn or
          consumesApi between the two entities).
        </Alert>
      )}
      <HealthReasons health={edge.health} />
      <Table size="small" aria-label="Edge traffic">
        <TableBody>
          {rows.map(([k, v]) => (
            <TableRow key={k} data-testid={`edge-${k}`}>
              {/* A long value (mTLS "unknown (…)") must not squeeze the name into "mTL / S". */}
              <TableCell
                component="th"
                scope="row"
                style={{ whiteSpace: 'nowrap' }}
              >
                {k}
              </TableCell>
              <TableCell align="right">{v}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {codes.length > 0 && (
        <Box>
          <Typography variant="subtitle2">Response codes</Typography>
          <Table size="small" aria-label="Response codes">
            <TableBody>
              {codes.map(([code, rps]) => (
                <TableRow key={code} data-testid={`code-${code}`}>
                  <TableCell component="th" scope="row">
                    {code}
                  </TableCell>
                  <TableCell align="right">{formatRps(rps)}</TableCell>
                  <TableCell align="right">{share(rps)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Box>
  );
}
