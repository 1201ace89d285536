import { useId, useState } from 'react';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { injectFault, MatchCondition } from '@meshport/plugin-mesh-common';
import {
  MatchConditionsEditor,
  matchFieldPaths,
} from './MatchConditionsEditor';
import { WizardDialog, WizardDialogBaseProps } from './WizardDialog';

const num = (s: string) => (s.trim() === '' ? NaN : Number(s));

/** Delays and/or aborts some requests, for every caller or only matching requests. */
export function FaultInjectionDialog(props: WizardDialogBaseProps) {
  const id = useId();
  const [delayOn, setDelayOn] = useState(true);
  const [fixedDelay, setFixedDelay] = useState('5s');
  const [delayPercent, setDelayPercent] = useState('100');
  const [abortOn, setAbortOn] = useState(false);
  const [httpStatus, setHttpStatus] = useState('503');
  const [abortPercent, setAbortPercent] = useState('100');
  const [matches, setMatches] = useState<MatchCondition[]>([]);
  const text = (
    field: string,
    label: string,
    value: string,
    set: (v: string) => void,
    errorFor: (f: string) => string | undefined,
  ) => (
    <TextField
      id={`${id}-${field}`}
      label={label}
      value={value}
      onChange={e => set(e.target.value)}
      error={!!errorFor(field)}
      helperText={errorFor(field)}
    />
  );
  return (
    <WizardDialog
      {...props}
      title="Fault injection"
      fields={() => [
        'delay.fixedDelay',
        'delay.percentage',
        'abort.httpStatus',
        'abort.percentage',
        ...matchFieldPaths('matches', matches.length),
      ]}
      build={state =>
        injectFault(
          {
            delay: delayOn
              ? { fixedDelay: fixedDelay.trim(), percentage: num(delayPercent) }
              : undefined,
            abort: abortOn
              ? { httpStatus: num(httpStatus), percentage: num(abortPercent) }
              : undefined,
            matches,
          },
          state,
        )
      }
    >
      {(_state, errorFor) => (
        <>
          <FormControlLabel
            control={
              <Checkbox
                checked={delayOn}
                onChange={e => setDelayOn(e.target.checked)}
              />
            }
            label="Delay requests"
          />
          {delayOn && (
            <Box display="flex" style={{ gap: 8 }}>
              {text(
                'delay.fixedDelay',
                'Delay (e.g. 5s)',
                fixedDelay,
                setFixedDelay,
                errorFor,
              )}
              {text(
                'delay.percentage',
                'Of requests (%)',
                delayPercent,
                setDelayPercent,
                errorFor,
              )}
            </Box>
          )}
          <FormControlLabel
            control={
              <Checkbox
                checked={abortOn}
                onChange={e => setAbortOn(e.target.checked)}
              />
            }
            label="Abort requests"
          />
          {abortOn && (
            <Box display="flex" style={{ gap: 8 }}>
              {text(
                'abort.httpStatus',
                'HTTP status',
                httpStatus,
                setHttpStatus,
                errorFor,
              )}
              {text(
                'abort.percentage',
                'Of requests (%)',
                abortPercent,
                setAbortPercent,
                errorFor,
              )}
            </Box>
          )}
          <Box mt={2}>
            <Typography variant="body2">
              Only requests that meet these conditions (none: every request).
            </Typography>
            <MatchConditionsEditor
              value={matches}
              onChange={setMatches}
              errorFor={errorFor}
              path="matches"
            />
          </Box>
        </>
      )}
    </WizardDialog>
  );
}
