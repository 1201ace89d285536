import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { ClusterSummary } from '@meshport/plugin-mesh-common';
import { MeshFormValues, MeshMemberFormValues } from '../../lib/meshForm';

/**
 * Picks member clusters (one row per registered cluster) and each member's role and network.
 * `errors` is keyed by request path, so `members.1.cluster` belongs to the second ticked cluster.
 */
export function MeshMembersField(props: {
  clusters: ClusterSummary[];
  members: MeshFormValues['members'];
  errors: Record<string, string>;
  onToggle: (cluster: string, member: boolean) => void;
  onChange: (cluster: string, change: Partial<MeshMemberFormValues>) => void;
}) {
  return (
    <Box mt={2} component="fieldset" border={0} p={0}>
      <FormLabel component="legend">Member clusters</FormLabel>
      {props.clusters.length === 0 && (
        <FormHelperText error>
          No clusters are registered: register a cluster first.
        </FormHelperText>
      )}
      {props.clusters.map(c => {
        const index = props.members.findIndex(m => m.cluster === c.name);
        const member = index >= 0 ? props.members[index] : undefined;
        const rowErrors = ['cluster', 'role', 'network']
          .map(f => props.errors[`members.${index}.${f}`])
          .filter(Boolean);
        return (
          <Box
            key={c.name}
            display="flex"
            alignItems="center"
            style={{ gap: 12 }}
          >
            <FormControlLabel
              style={{ minWidth: 180 }}
              control={
                <Checkbox
                  checked={!!member}
                  onChange={e => props.onToggle(c.name, e.target.checked)}
                />
              }
              label={c.title ? `${c.name} (${c.title})` : c.name}
            />
            <TextField
              select
              label="Role"
              margin="dense"
              style={{ minWidth: 120 }}
              disabled={!member}
              value={member?.role ?? 'remote'}
              onChange={e =>
                props.onChange(c.name, {
                  role: e.target.value as MeshMemberFormValues['role'],
                })
              }
              inputProps={{ 'aria-label': `role of ${c.name}` }}
            >
              <MenuItem value="primary">primary</MenuItem>
              <MenuItem value="remote">remote</MenuItem>
            </TextField>
            <TextField
              label="Network"
              margin="dense"
              disabled={!member}
              value={member?.network ?? ''}
              onChange={e =>
                props.onChange(c.name, { network: e.target.value })
              }
              inputProps={{ 'aria-label': `network of ${c.name}` }}
            />
            {rowErrors.length > 0 && (
              <FormHelperText error>{rowErrors.join('; ')}</FormHelperText>
            )}
          </Box>
        );
      })}
      {props.errors.members && (
        <FormHelperText error>{props.errors.members}</FormHelperText>
      )}
    </Box>
  );
}
