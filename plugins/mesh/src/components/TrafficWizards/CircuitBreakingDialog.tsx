import { useId, useState } from 'react';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Typography from '@material-ui/core/Typography';
import { setCircuitBreaking } from '@meshport/plugin-mesh-common';
import { wizardField } from './wizardField';
import { WizardDialog, WizardDialogBaseProps } from './WizardDialog';

/** Empty means "no limit"; anything else goes to the generator as typed, to be checked there. */
const optionalNum = (s: string) =>
  s.trim() === '' ? undefined : Number(s.trim());
const num = (s: string) => (s.trim() === '' ? NaN : Number(s));

/** Connection pool limits and outlier detection on the service's DestinationRule. */
export function CircuitBreakingDialog(props: WizardDialogBaseProps) {
  const id = useId();
  const [maxConnections, setMaxConnections] = useState('100');
  const [http1MaxPendingRequests, setHttp1MaxPendingRequests] = useState('10');
  const [http2MaxRequests, setHttp2MaxRequests] = useState('');
  const [maxRequestsPerConnection, setMaxRequestsPerConnection] = useState('');
  const [outlierOn, setOutlierOn] = useState(false);
  const [consecutive5xxErrors, setConsecutive5xxErrors] = useState('5');
  const [interval, setIntervalValue] = useState('10s');
  const [baseEjectionTime, setBaseEjectionTime] = useState('30s');
  const [maxEjectionPercent, setMaxEjectionPercent] = useState('100');
  return (
    <WizardDialog
      {...props}
      title="Circuit breaking"
      fields={() => [
        'maxConnections',
        'http1MaxPendingRequests',
        'http2MaxRequests',
        'maxRequestsPerConnection',
        'outlier.consecutive5xxErrors',
        'outlier.interval',
        'outlier.baseEjectionTime',
        'outlier.maxEjectionPercent',
      ]}
      build={state =>
        setCircuitBreaking(
          {
            maxConnections: optionalNum(maxConnections),
            http1MaxPendingRequests: optionalNum(http1MaxPendingRequests),
            http2MaxRequests: optionalNum(http2MaxRequests),
            maxRequestsPerConnection: optionalNum(maxRequestsPerConnection),
            outlier: outlierOn
              ? {
                  consecutive5xxErrors: num(consecutive5xxErrors),
                  interval: interval.trim(),
                  baseEjectionTime: baseEjectionTime.trim(),
                  maxEjectionPercent: num(maxEjectionPercent),
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
            <Typography variant="body2" gutterBottom>
              Limits past which the sidecars of callers reject requests to the
              service at once (503) instead of queueing them. Leave a field
              empty for no limit.
            </Typography>
            <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
              {field(
                'maxConnections',
                'Max connections',
                maxConnections,
                setMaxConnections,
              )}
              {field(
                'http1MaxPendingRequests',
                'Max pending requests (HTTP/1.1)',
                http1MaxPendingRequests,
                setHttp1MaxPendingRequests,
              )}
              {field(
                'http2MaxRequests',
                'Max active requests (HTTP/2)',
                http2MaxRequests,
                setHttp2MaxRequests,
              )}
              {field(
                'maxRequestsPerConnection',
                'Max requests per connection',
                maxRequestsPerConnection,
                setMaxRequestsPerConnection,
              )}
            </Box>
            <FormControlLabel
              control={
                <Checkbox
                  checked={outlierOn}
                  onChange={e => setOutlierOn(e.target.checked)}
                />
              }
              label="Outlier detection"
            />
            {outlierOn && (
              <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
                {field(
                  'outlier.consecutive5xxErrors',
                  'Consecutive 5xx errors',
                  consecutive5xxErrors,
                  setConsecutive5xxErrors,
                )}
                {field(
                  'outlier.interval',
                  'Check interval (e.g. 10s)',
                  interval,
                  setIntervalValue,
                )}
                {field(
                  'outlier.baseEjectionTime',
                  'Base ejection time (e.g. 30s)',
                  baseEjectionTime,
                  setBaseEjectionTime,
                )}
                {field(
                  'outlier.maxEjectionPercent',
                  'Max ejected hosts (%)',
                  maxEjectionPercent,
                  setMaxEjectionPercent,
                )}
              </Box>
            )}
          </>
        );
      }}
    </WizardDialog>
  );
}
