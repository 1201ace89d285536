import { useId, useState } from 'react';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import {
  identityPolicies,
  MtlsModeInput,
  mtlsWarnings,
  MtlsWizardMode,
  setMtlsMode,
} from '@meshport/plugin-mesh-common';
import { mtlsCallerFacts } from '../../lib/securityAccessRows';
import {
  SecurityWizardBaseProps,
  SecurityWizardDialog,
} from './SecurityWizardDialog';

/**
 * The mTLS mode for the namespace, the entity's workloads, or one of their ports, warning before
 * STRICT about callers seen sending plaintext and callers without sidecars (their calls would fail).
 */
export function MtlsModeDialog(props: SecurityWizardBaseProps) {
  const id = useId();
  const [scope, setScope] = useState<MtlsModeInput['scope']>('workload');
  const [mode, setMode] = useState<MtlsWizardMode>('STRICT');
  const ports = [
    ...new Set(
      props.security.workloads
        .filter(w => w.namespace === props.namespace)
        .flatMap(w => w.ports.map(p => p.port)),
    ),
  ].sort((a, b) => a - b);
  const [port, setPort] = useState(String(ports[0] ?? ''));
  const input = (): MtlsModeInput => ({
    namespace: props.namespace,
    ...(scope === 'namespace' ? {} : { selector: props.selector }),
    scope,
    mode,
    ...(scope === 'port' ? { port: Number(port) } : {}),
  });
  const workloads =
    scope === 'namespace'
      ? []
      : props.security.workloads
          .filter(w => w.namespace === props.namespace)
          .map(w => `${w.namespace}/${w.workload}`);
  return (
    <SecurityWizardDialog
      {...props}
      title="mTLS mode"
      fields={['scope', 'mode', 'port']}
      build={state => setMtlsMode(input(), state)}
    >
      {(state, errorFor) => {
        const warnings = mtlsWarnings(mode, {
          ...mtlsCallerFacts(props.security, workloads),
          identityPolicies: identityPolicies(state, input()),
        });
        return (
          <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
            <TextField
              select
              id={`${id}-scope`}
              label="Applies to"
              value={scope}
              onChange={e => setScope(e.target.value as MtlsModeInput['scope'])}
              error={!!errorFor('scope')}
              helperText={errorFor('scope')}
            >
              <MenuItem value="namespace">
                the whole namespace {props.namespace}
              </MenuItem>
              <MenuItem value="workload">the entity's workloads</MenuItem>
              <MenuItem value="port">
                one port of the entity's workloads
              </MenuItem>
            </TextField>
            {scope === 'port' && (
              <TextField
                select
                id={`${id}-port`}
                label="Port"
                value={port}
                onChange={e => setPort(e.target.value)}
                error={!!errorFor('port')}
                helperText={
                  errorFor('port') ?? "The workload's (container) port"
                }
              >
                {ports.map(p => (
                  <MenuItem key={p} value={String(p)}>
                    {p}
                  </MenuItem>
                ))}
              </TextField>
            )}
            <TextField
              select
              id={`${id}-mode`}
              label="Mode"
              value={mode}
              onChange={e => setMode(e.target.value as MtlsWizardMode)}
              error={!!errorFor('mode')}
              helperText={errorFor('mode')}
            >
              <MenuItem value="STRICT">STRICT: mTLS only</MenuItem>
              <MenuItem value="PERMISSIVE">
                PERMISSIVE: mTLS and plaintext
              </MenuItem>
              <MenuItem value="DISABLE">DISABLE: plaintext only</MenuItem>
            </TextField>
            {warnings.length > 0 && (
              <Alert severity="warning" data-testid="mtls-warnings">
                {warnings.map(w => (
                  <div key={`${w.kind}:${w.subject}`}>{w.message}</div>
                ))}
              </Alert>
            )}
          </Box>
        );
      }}
    </SecurityWizardDialog>
  );
}
