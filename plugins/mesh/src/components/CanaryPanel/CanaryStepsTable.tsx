import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { CanaryCheckResult, CanaryRecord } from '@meshport/plugin-mesh-common';
import {
  describeVerdict,
  formatCheckResult,
  formatEventTime,
} from '../../lib/canaryText';

const useStyles = makeStyles((theme: Theme) => ({
  checks: { listStyle: 'none', margin: 0, padding: 0, minWidth: 220 },
  // Short columns keep to one line; the verdict's message takes what is left.
  nowrap: { whiteSpace: 'nowrap' },
  ok: { color: theme.palette.success.main, fontWeight: 'bold' },
  failed: { color: theme.palette.error.main, fontWeight: 'bold' },
}));

function CheckLine(props: { result: CanaryCheckResult }) {
  const classes = useStyles();
  const { result } = props;
  return (
    <li data-ok={result.ok}>
      {/* The mark is for the eye; its label says the same for screen readers. */}
      <span
        role="img"
        aria-label={result.ok ? 'passed' : 'failed'}
        className={result.ok ? classes.ok : classes.failed}
      >
        {result.ok ? '✓' : '✗'}
      </span>{' '}
      {formatCheckResult(result)}
      {!result.ok && result.reason && `: ${result.reason}`}
    </li>
  );
}

/**
 * A canary's history, newest first: when, what the controller or a person decided, the weight
 * after it, each check's value against its range with the reason it failed, who, and the change
 * set that moved the traffic (listed in the change history below by that id).
 */
export function CanaryStepsTable(props: { canary: CanaryRecord; now: number }) {
  const classes = useStyles();
  const { canary, now } = props;
  const events = [...canary.events].sort((a, b) => b.seq - a.seq);
  if (!events.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No steps yet.
      </Typography>
    );
  }
  return (
    <Box overflow="auto">
      <Table size="small" aria-label={`steps of canary ${canary.id}`}>
        <TableHead>
          <TableRow>
            <TableCell className={classes.nowrap}>When</TableCell>
            <TableCell>Verdict</TableCell>
            <TableCell className={classes.nowrap} align="right">
              Weight
            </TableCell>
            <TableCell>Checks</TableCell>
            <TableCell className={classes.nowrap}>By</TableCell>
            <TableCell className={classes.nowrap}>Change</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {events.map(e => (
            <TableRow key={e.seq} data-testid={`canary-event-${e.seq}`}>
              <TableCell className={classes.nowrap}>
                <span title={e.at}>{formatEventTime(e.at, now)}</span>
              </TableCell>
              <TableCell>
                {describeVerdict(e.verdict)}
                {e.message && (
                  <Typography
                    variant="caption"
                    component="div"
                    color="textSecondary"
                  >
                    {e.message}
                  </Typography>
                )}
              </TableCell>
              <TableCell className={classes.nowrap} align="right">
                {e.weight} %
              </TableCell>
              <TableCell>
                {e.checks.length > 0 ? (
                  <ul className={classes.checks}>
                    {e.checks.map(c => (
                      <CheckLine key={c.name} result={c} />
                    ))}
                  </ul>
                ) : (
                  '—'
                )}
              </TableCell>
              <TableCell className={classes.nowrap}>{e.actor}</TableCell>
              <TableCell className={classes.nowrap}>
                {e.changeId ? (
                  <code title={e.changeId}>{e.changeId.slice(0, 8)}</code>
                ) : (
                  '—'
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
