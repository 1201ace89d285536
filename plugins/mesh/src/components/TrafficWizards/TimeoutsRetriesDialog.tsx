import { useId, useState } from 'react';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import {
  RETRY_ON_CONDITIONS,
  setTimeoutsAndRetries,
} from '@meshport/plugin-mesh-common';
import { wizardField } from './wizardField';
import { WizardDialog, WizardDialogBaseProps } from './WizardDialog';

/** Sets the request timeout and retry policy on every routing rule of the service. */
export function TimeoutsRetriesDialog(props: WizardDialogBaseProps) {
  const id = useId();
  const [timeoutOn, setTimeoutOn] = useState(true);
  const [timeout, setTimeoutValue] = useState('10s');
  const [retriesOn, setRetriesOn] = useState(true);
  const [attempts, setAttempts] = useState('3');
  const [perTryTimeout, setPerTryTimeout] = useState('2s');
  const [retryOn, setRetryOn] = useState('5xx,connect-failure,refused-stream');
  return (
    <WizardDialog
      {...props}
      title="Timeouts and retries"
      fields={() => [
        'timeout',
        'retries.attempts',
        'retries.perTryTimeout',
        'retries.retryOn',
      ]}
      build={state =>
        setTimeoutsAndRetries(
          {
            timeout: timeoutOn ? timeout.trim() : undefined,
            retries: retriesOn
              ? {
                  attempts: attempts.trim() === '' ? NaN : Number(attempts),
                  perTryTimeout: perTryTimeout.trim() || undefined,
                  retryOn: retryOn.trim() || undefined,
                }
              : undefined,
          },
          state,
        )
      }
    >
      {(_state, errorFor) => {
        const field = wizardField(id, errorFor);
        return (
          <>
            <FormControlLabel
              control={
                <Checkbox
                  checked={timeoutOn}
                  onChange={e => setTimeoutOn(e.target.checked)}
                />
              }
              label="Request timeout"
            />
            {timeoutOn &&
              field('timeout', 'Timeout (e.g. 10s)', timeout, setTimeoutValue)}
            <FormControlLabel
              control={
                <Checkbox
                  checked={retriesOn}
                  onChange={e => setRetriesOn(e.target.checked)}
                />
              }
              label="Retries"
            />
            {retriesOn && (
              <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
                {field('retries.attempts', 'Attempts', attempts, setAttempts)}
                {field(
                  'retries.perTryTimeout',
                  'Per-try timeout',
                  perTryTimeout,
                  setPerTryTimeout,
                )}
                {field(
                  'retries.retryOn',
                  'Retry on',
                  retryOn,
                  setRetryOn,
                  `comma-separated: ${RETRY_ON_CONDITIONS.join(', ')} or status codes`,
                )}
              </Box>
            )}
          </>
        );
      }}
    </WizardDialog>
  );
}
