import { useId, useState } from 'react';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { mirrorTraffic } from '@meshport/plugin-mesh-common';
import { versionsOf } from './currentWeights';
import { WizardDialog, WizardDialogBaseProps } from './WizardDialog';

/** Copies some of the default rule's requests to a version, whose answers are discarded. */
export function MirroringDialog(props: WizardDialogBaseProps) {
  const id = useId();
  const [version, setVersion] = useState('');
  const [percentage, setPercentage] = useState('100');
  return (
    <WizardDialog
      {...props}
      title="Mirroring"
      fields={() => ['version', 'percentage']}
      build={state =>
        mirrorTraffic(
          {
            version,
            percentage:
              percentage.trim() === '' ? NaN : Number(percentage.trim()),
          },
          state,
        )
      }
    >
      {(state, errorFor) => (
        <>
          <Typography variant="body2" gutterBottom>
            Requests the default rule routes are also copied to the chosen
            version; its answers are discarded, so callers see no change.
          </Typography>
          <Box display="flex" style={{ gap: 8 }}>
            <TextField
              select
              id={`${id}-version`}
              label="Mirror to version"
              value={version}
              onChange={e => setVersion(e.target.value)}
              error={!!errorFor('version')}
              helperText={errorFor('version')}
              style={{ minWidth: 160 }}
            >
              {versionsOf(state).map(v => (
                <MenuItem key={v} value={v}>
                  {v}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              id={`${id}-percentage`}
              label="Of requests (%)"
              value={percentage}
              onChange={e => setPercentage(e.target.value)}
              error={!!errorFor('percentage')}
              helperText={errorFor('percentage')}
            />
          </Box>
        </>
      )}
    </WizardDialog>
  );
}
