import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { leastPrivilegeFromObserved } from '@meshport/plugin-mesh-common';
import { stringify } from 'yaml';
import {
  deniedByLeastPrivilege,
  observedCalls,
} from '../../lib/leastPrivilegeRows';
import {
  SecurityWizardBaseProps,
  SecurityWizardDialog,
} from './SecurityWizardDialog';

/** Least privilege from observed traffic: the ALLOW policy that admits exactly what was seen. */
export function LeastPrivilegeDialog(props: SecurityWizardBaseProps) {
  const calls = observedCalls(props.security, props.namespace);
  const denied = deniedByLeastPrivilege(props.security, calls);
  const metrics = props.security.observed?.metrics;
  const target = {
    namespace: props.namespace,
    selector: props.selector,
    observed: calls,
  };
  return (
    <SecurityWizardDialog
      {...props}
      title="Least privilege from observed traffic"
      fields={[]}
      build={state => leastPrivilegeFromObserved(target, state)}
    >
      {state => {
        const result = leastPrivilegeFromObserved(target, state);
        return (
          <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
            {metrics?.status !== 'ok' && (
              <Alert severity="warning">
                No metrics were read
                {metrics?.message ? ` (${metrics.message})` : ''}: without
                observed traffic the policy would admit nobody.
              </Alert>
            )}
            <Typography variant="body2">
              Callers seen in the last{' '}
              {Math.round((props.security.observed?.windowSeconds ?? 0) / 60)}{' '}
              min: {calls.map(c => c.source).join(', ') || 'none'}.
            </Typography>
            <Box data-testid="least-privilege-denied">
              <Typography variant="subtitle2">
                Allowed today, denied afterwards
              </Typography>
              {denied.length === 0 ? (
                <Typography variant="body2" color="textSecondary">
                  Nothing allowed today would be denied.
                </Typography>
              ) : (
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {denied.map(r => (
                    <li key={`${r.source}:${r.destination}:${r.port}`}>
                      <Typography variant="body2">
                        {r.source} → {r.destination} port {r.port}
                      </Typography>
                    </li>
                  ))}
                </ul>
              )}
            </Box>
            {result.ok && (
              <Box>
                <Typography variant="subtitle2">
                  The generated policy
                </Typography>
                <pre
                  data-testid="least-privilege-yaml"
                  style={{ fontSize: 12, overflowX: 'auto' }}
                >
                  {result.resources
                    .map(r => stringify(r.manifest))
                    .join('---\n')}
                </pre>
                {result.notes.map(n => (
                  <Typography key={n} variant="body2" color="textSecondary">
                    {n}
                  </Typography>
                ))}
              </Box>
            )}
          </Box>
        );
      }}
    </SecurityWizardDialog>
  );
}
