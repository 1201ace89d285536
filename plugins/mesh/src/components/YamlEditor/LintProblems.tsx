import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { YamlMarker } from '../../lib/lintYaml';

const COLOUR = {
  error: 'error',
  warning: 'textPrimary',
  info: 'textSecondary',
} as const;

/** The editor's markers as a list under it: readable without hovering, and by screen readers. */
export function LintProblems(props: { markers: YamlMarker[] }) {
  if (props.markers.length === 0) {
    return (
      <Typography
        variant="body2"
        color="textSecondary"
        data-testid="yaml-problems"
      >
        No problems found in the browser; the preview checks the change against
        the whole mesh.
      </Typography>
    );
  }
  return (
    <List
      dense
      disablePadding
      aria-label="problems in the YAML"
      data-testid="yaml-problems"
    >
      {props.markers.map((m, i) => (
        <ListItem key={i} disableGutters dense>
          <ListItemText
            primaryTypographyProps={{
              variant: 'body2',
              color: COLOUR[m.severity],
            }}
            primary={`Line ${m.line}: ${m.severity}${m.code ? ` ${m.code}` : ''}: ${m.message}`}
          />
        </ListItem>
      ))}
    </List>
  );
}
