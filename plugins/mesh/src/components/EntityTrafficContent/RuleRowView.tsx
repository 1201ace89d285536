import { useEffect, useRef } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { RuleRow } from '@meshport/plugin-mesh-common';
import { FindingLines } from './FindingLine';
import { WeightSplitBar } from './WeightSplitBar';

const useStyles = makeStyles((theme: Theme) => ({
  row: {
    display: 'grid',
    gridTemplateColumns: '3.5em minmax(0, 1fr) minmax(180px, 360px)',
    gap: theme.spacing(2),
    padding: theme.spacing(1, 1.5),
    borderLeft: '4px solid transparent',
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
  highlighted: {
    borderLeftColor: theme.palette.primary.main,
    backgroundColor: theme.palette.action.selected,
  },
  shadowed: {
    opacity: 0.55,
  },
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
    marginTop: theme.spacing(0.5),
  },
}));

/**
 * One routing rule as a row: "when <match> → <destinations>", its split as a bar, its actions as
 * chips, the analyzers' findings at the row. Rules an earlier rule shadows are greyed and say why.
 */
export function RuleRowView(props: {
  rule: RuleRow;
  /** The tracer's request took this rule. */
  highlighted?: boolean;
  /** The tracer's request passed this rule by, for this reason. */
  skippedReason?: string;
}) {
  const classes = useStyles();
  const { rule, highlighted } = props;
  const ref = useRef<HTMLLIElement>(null);
  const shadowed = rule.shadowedBy !== undefined;

  useEffect(() => {
    // jsdom has no scrollIntoView; browsers bring the traced rule into view.
    if (highlighted) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [highlighted]);

  return (
    <li
      ref={ref}
      className={[
        classes.row,
        highlighted ? classes.highlighted : '',
        shadowed ? classes.shadowed : '',
      ].join(' ')}
      data-testid={`rule-row-${rule.protocol}-${rule.index}`}
      data-highlighted={highlighted ? 'true' : undefined}
      data-shadowed={shadowed ? 'true' : undefined}
      aria-current={highlighted ? 'true' : undefined}
      aria-label={`rule ${rule.index}${rule.name ? ` (${rule.name})` : ''}`}
    >
      <Box>
        <Typography variant="subtitle2" component="span" title={rule.path}>
          #{rule.index}
        </Typography>
        <Typography variant="caption" display="block" color="textSecondary">
          {rule.protocol}
        </Typography>
      </Box>
      <Box minWidth={0}>
        <Typography variant="body2">
          {rule.name && <strong>{rule.name}: </strong>}
          when <em>{rule.when}</em> →{' '}
          {rule.destinations.length
            ? rule.destinations.map(d => d.text).join(', ')
            : 'no destination'}
        </Typography>
        <div className={classes.chips}>
          {rule.isDefault && (
            <Chip size="small" color="primary" label="default route" />
          )}
          {highlighted && (
            <Chip
              size="small"
              color="secondary"
              label="the traced request takes this rule"
            />
          )}
          {rule.actions.map(a => (
            <Chip key={a} size="small" variant="outlined" label={a} />
          ))}
        </div>
        {shadowed && (
          <Typography variant="body2" color="textSecondary">
            unreachable: rule {rule.shadowedBy} catches every request first
          </Typography>
        )}
        {props.skippedReason && (
          <Typography variant="caption" color="textSecondary" display="block">
            traced request skipped this rule: {props.skippedReason}
          </Typography>
        )}
        <FindingLines findings={rule.findings} />
      </Box>
      <Box>
        <WeightSplitBar destinations={rule.destinations} hideLegend />
      </Box>
    </li>
  );
}
