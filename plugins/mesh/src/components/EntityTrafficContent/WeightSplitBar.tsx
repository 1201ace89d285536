import Box from '@material-ui/core/Box';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { weightSegments } from '../../lib/weightSegments';

const useStyles = makeStyles((theme: Theme) => ({
  bar: {
    display: 'flex',
    width: '100%',
    maxWidth: 360,
    height: 14,
    borderRadius: 3,
    overflow: 'hidden',
    backgroundColor: theme.palette.action.disabledBackground,
  },
  segment: {
    height: '100%',
    '& + &': { borderLeft: `2px solid ${theme.palette.background.paper}` },
  },
}));

/** Colours that stay apart for the few destinations a route has, in light and dark themes. */
const COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
];

/**
 * Where a rule's requests go, as a horizontal bar split by weight (a picture beats numbers), with
 * the destinations' own words under it. The bar is one image for screen readers.
 */
export function WeightSplitBar(props: {
  destinations: Array<{ text: string; weight: number }>;
  /** Hides the words under the bar, when the caller shows them itself. */
  hideLegend?: boolean;
}) {
  const classes = useStyles();
  const segments = weightSegments(props.destinations);
  if (!segments.length) return null;
  return (
    <Box>
      <div
        className={classes.bar}
        role="img"
        aria-label={`split: ${segments.map(s => s.label).join(', ')}`}
        data-testid="weight-split-bar"
      >
        {segments.map((s, i) =>
          s.share > 0 ? (
            <div
              key={`${s.label}-${i}`}
              className={classes.segment}
              style={{
                width: `${s.share}%`,
                backgroundColor: COLORS[i % COLORS.length],
              }}
              title={s.label}
            />
          ) : null,
        )}
      </div>
      {!props.hideLegend && (
        <Box component="ul" m={0} mt={0.5} p={0} style={{ listStyle: 'none' }}>
          {segments.map((s, i) => (
            <Box
              component="li"
              key={`${s.label}-${i}`}
              display="flex"
              alignItems="center"
              fontSize="0.875rem"
            >
              <Box
                component="span"
                width={10}
                height={10}
                mr={1}
                flexShrink={0}
                borderRadius={2}
                style={{ backgroundColor: COLORS[i % COLORS.length] }}
              />
              {s.label}
            </Box>
          ))}
        </Box>
      )}
    </Box>
  );
}
