import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { ChangeOperation, ChangeResource } from '@meshport/plugin-mesh-common';
import { DiffView } from './DiffView';

const OPERATION_COLOUR: Record<
  ChangeOperation,
  'primary' | 'secondary' | 'default'
> = {
  create: 'primary',
  update: 'primary',
  delete: 'secondary',
  unchanged: 'default',
};

/** One resource of a change: what happens to it and its diff against the live object. */
export function ResourceChangeView(props: { resource: ChangeResource }) {
  const r = props.resource;
  const label = `${r.kind} ${r.namespace}/${r.name}`;
  return (
    <Box mb={2}>
      <Box display="flex" alignItems="center" mb={1} style={{ gap: 8 }}>
        <Chip
          size="small"
          label={r.operation}
          color={OPERATION_COLOUR[r.operation]}
        />
        <Typography variant="subtitle2" component="h4">
          {label}
        </Typography>
      </Box>
      {r.operation === 'unchanged' ? (
        <Typography variant="body2" color="textSecondary">
          Unchanged: the live object already looks like this.
        </Typography>
      ) : (
        <DiffView diff={r.diff} label={`diff of ${label}`} />
      )}
    </Box>
  );
}
