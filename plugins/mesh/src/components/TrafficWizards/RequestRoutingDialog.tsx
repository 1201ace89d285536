import { useId, useState } from 'react';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { MatchCondition, routeRequests } from '@meshport/plugin-mesh-common';
import { versionsOf } from './currentWeights';
import {
  MatchConditionsEditor,
  matchFieldPaths,
} from './MatchConditionsEditor';
import { WizardDialog, WizardDialogBaseProps } from './WizardDialog';

/** Sends requests that match conditions to one version, ahead of the default rule. */
export function RequestRoutingDialog(props: WizardDialogBaseProps) {
  const id = useId();
  const [matches, setMatches] = useState<MatchCondition[]>([
    { field: 'header', name: 'end-user', kind: 'exact', value: '' },
  ]);
  const [version, setVersion] = useState('');
  const [name, setName] = useState('');
  return (
    <WizardDialog
      {...props}
      title="Request routing"
      fields={() => [
        ...matchFieldPaths('matches', matches.length),
        'version',
        'name',
      ]}
      build={state =>
        routeRequests({ matches, version, name: name || undefined }, state)
      }
    >
      {(state, errorFor) => (
        <>
          <Typography variant="body2">
            Requests that meet every condition go to the chosen version; the
            rule is placed just before the default rule.
          </Typography>
          <MatchConditionsEditor
            value={matches}
            onChange={setMatches}
            errorFor={errorFor}
            path="matches"
          />
          <Box mt={2} display="flex" style={{ gap: 8 }}>
            <TextField
              select
              id={`${id}-version`}
              label="Version"
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
              id={`${id}-name`}
              label="Rule name (optional)"
              value={name}
              onChange={e => setName(e.target.value)}
              error={!!errorFor('name')}
              helperText={
                errorFor('name') ??
                (version ? `default: to-${version}` : undefined)
              }
            />
          </Box>
        </>
      )}
    </WizardDialog>
  );
}
