import { useId, useState } from 'react';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { ServiceState, shiftTraffic } from '@meshport/plugin-mesh-common';
import { currentWeights, versionsOf } from './currentWeights';
import { WizardDialog, WizardDialogBaseProps } from './WizardDialog';

/** Splits the service's default traffic between its versions by percent. */
export function TrafficShiftingDialog(props: WizardDialogBaseProps) {
  // Only what the user typed; everything else shows today's weights.
  const id = useId();
  const [typed, setTyped] = useState<Record<string, string>>({});
  const weightsOf = (state: ServiceState) => {
    const start = currentWeights(state);
    return Object.fromEntries(
      versionsOf(state).map(v => [v, typed[v] ?? String(start[v] ?? 0)]),
    );
  };
  return (
    <WizardDialog
      {...props}
      title="Traffic shifting"
      fields={state => versionsOf(state).map(v => `weights.${v}`)}
      build={state =>
        shiftTraffic(
          {
            weights: Object.fromEntries(
              Object.entries(weightsOf(state)).map(([v, w]) => [
                v,
                w.trim() === '' ? NaN : Number(w),
              ]),
            ),
          },
          state,
        )
      }
    >
      {(state, errorFor) => {
        const weights = weightsOf(state);
        const versions = Object.keys(weights);
        const total = Object.values(weights).reduce(
          (s, w) => s + (Number(w) || 0),
          0,
        );
        if (versions.length === 0)
          return (
            <Typography>
              No version of {state.name} is known: label its pods with{' '}
              <code>version</code> and define DestinationRule subsets.
            </Typography>
          );
        return (
          <>
            <Typography variant="body2" gutterBottom>
              Percent of requests each version receives, when no other rule
              matches. Versions at 0 receive none.
            </Typography>
            {versions.map(v => (
              <Box key={v} mt={1}>
                <TextField
                  id={`${id}-weight-${v}`}
                  label={`${v} (%)`}
                  type="number"
                  value={weights[v]}
                  onChange={e => setTyped(t => ({ ...t, [v]: e.target.value }))}
                  error={!!errorFor(`weights.${v}`)}
                  helperText={errorFor(`weights.${v}`)}
                  inputProps={{ min: 0, max: 100, step: 1 }}
                  fullWidth
                />
              </Box>
            ))}
            <Box mt={1}>
              <Typography
                variant="body2"
                color={total === 100 ? 'textSecondary' : 'error'}
              >
                Total: {total} %
              </Typography>
            </Box>
          </>
        );
      }}
    </WizardDialog>
  );
}
