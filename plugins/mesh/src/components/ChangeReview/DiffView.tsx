import { useMemo } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { DiffRow, parseUnifiedDiff } from '../../lib/parseUnifiedDiff';

const useStyles = makeStyles(theme => {
  const dark = theme.palette.type === 'dark';
  return {
    table: {
      width: '100%',
      borderCollapse: 'collapse',
      fontFamily: 'monospace',
      fontSize: 12,
      border: `1px solid ${theme.palette.divider}`,
    },
    number: {
      width: '1%',
      padding: '0 6px',
      textAlign: 'right',
      color: theme.palette.text.secondary,
      userSelect: 'none',
      whiteSpace: 'nowrap',
    },
    sign: { width: '1%', padding: '0 4px', userSelect: 'none' },
    text: { whiteSpace: 'pre', padding: '0 6px' },
    // GitHub's diff colours, which readers already know; dimmer on a dark theme.
    insert: { backgroundColor: dark ? 'rgba(46, 160, 67, 0.25)' : '#e6ffec' },
    delete: { backgroundColor: dark ? 'rgba(248, 81, 73, 0.25)' : '#ffebe9' },
    hunk: {
      backgroundColor: dark ? 'rgba(56, 139, 253, 0.2)' : '#ddf4ff',
      color: theme.palette.text.secondary,
    },
    context: {},
  };
});

const SIGN: Record<DiffRow['type'], string> = {
  insert: '+',
  delete: '-',
  context: ' ',
  hunk: '',
};

/** A unified diff as a coloured table: green additions, red removals, blue hunk headers. */
export function DiffView(props: { diff: string; label: string }) {
  const classes = useStyles();
  const rows = useMemo(() => parseUnifiedDiff(props.diff), [props.diff]);
  if (rows.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No difference.
      </Typography>
    );
  }
  return (
    <div style={{ overflowX: 'auto' }}>
      <table className={classes.table} aria-label={props.label}>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i} className={classes[row.type]} data-diff-line={row.type}>
              {row.type === 'hunk' ? (
                <td colSpan={4} className={classes.text}>
                  {row.text}
                </td>
              ) : (
                <>
                  <td className={classes.number}>{row.oldNumber ?? ''}</td>
                  <td className={classes.number}>{row.newNumber ?? ''}</td>
                  <td className={classes.sign}>{SIGN[row.type]}</td>
                  <td className={classes.text}>{row.text}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
