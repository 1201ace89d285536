import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import { Red } from '@meshport/plugin-mesh-common';
import {
  formatBytesPerSecond,
  formatMs,
  formatRatio,
  formatRps,
} from '../../lib/topology/formatRed';

// The side panel is ~360 px wide: with the table's default cell padding, seven columns broke
// their headers and values letter by letter ("rat e", "inbo und").
const useStyles = makeStyles(theme => ({
  scroll: { overflowX: 'auto' },
  table: {
    '& th, & td': {
      padding: theme.spacing(0.5, 0.75),
      whiteSpace: 'nowrap',
    },
  },
}));

/** Inbound and outbound rate, errors and latency of a node, one row each. */
export function RedTable(props: { inbound: Red; outbound: Red }) {
  const classes = useStyles();
  const rows: Array<[string, Red]> = [
    ['inbound', props.inbound],
    ['outbound', props.outbound],
  ];
  return (
    <div className={classes.scroll}>
      <Table
        size="small"
        aria-label="Rate, errors and latency"
        className={classes.table}
      >
        <TableHead>
          <TableRow>
            <TableCell />
            <TableCell align="right">rate</TableCell>
            <TableCell align="right">4xx</TableCell>
            <TableCell align="right">5xx</TableCell>
            <TableCell align="right">p50</TableCell>
            <TableCell align="right">p95</TableCell>
            <TableCell align="right">p99</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(([label, red]) => (
            <TableRow key={label} data-testid={`red-${label}`}>
              <TableCell component="th" scope="row">
                {label}
              </TableCell>
              <TableCell align="right">
                {formatRps(red.rps)}
                {red.tcpBytesPerSecond !== undefined &&
                  ` · ${formatBytesPerSecond(red.tcpBytesPerSecond)}`}
              </TableCell>
              <TableCell align="right">
                {formatRatio(red.rps > 0 ? red.rps4xx / red.rps : 0)}
              </TableCell>
              <TableCell align="right">{formatRatio(red.errorRatio)}</TableCell>
              <TableCell align="right">{formatMs(red.p50)}</TableCell>
              <TableCell align="right">{formatMs(red.p95)}</TableCell>
              <TableCell align="right">{formatMs(red.p99)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
