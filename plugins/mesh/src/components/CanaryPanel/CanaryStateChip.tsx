import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { CanaryState } from '@meshport/plugin-mesh-common';
import { describeCanaryState } from '../../lib/canaryText';

/** The theme's palette entry per state: the same colours the rest of Backstage uses for them. */
function paletteOf(theme: Theme, state: CanaryState) {
  switch (state) {
    case 'progressing':
      return theme.palette.info;
    case 'paused':
      return theme.palette.warning;
    case 'promoted':
      return theme.palette.success;
    case 'rolled-back':
      return theme.palette.error;
    default:
      return undefined;
  }
}

const useStyles = makeStyles((theme: Theme) => ({
  chip: (props: { state: CanaryState }) => {
    const p = paletteOf(theme, props.state);
    return p
      ? { backgroundColor: p.main, color: p.contrastText }
      : {
          // Aborted: stopped by a person, neither good nor bad news.
          backgroundColor: theme.palette.action.selected,
          color: theme.palette.text.primary,
        };
  },
}));

/** A canary's state as a small coloured chip. */
export function CanaryStateChip(props: { state: CanaryState }) {
  const classes = useStyles({ state: props.state });
  return (
    <Chip
      // A span, so the chip may sit inside a card's title heading.
      component="span"
      size="small"
      className={classes.chip}
      label={describeCanaryState(props.state)}
      data-state={props.state}
    />
  );
}
