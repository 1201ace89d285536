import { useId, useState } from 'react';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  LoadBalancingInput,
  setLoadBalancing,
} from '@meshport/plugin-mesh-common';
import { wizardField } from './wizardField';
import { WizardDialog, WizardDialogBaseProps } from './WizardDialog';

type Kind = LoadBalancingInput['kind'];
type Algorithm = Extract<LoadBalancingInput, { kind: 'simple' }>['algorithm'];

const KINDS: Array<{ value: Kind; label: string }> = [
  { value: 'simple', label: 'Algorithm (no session affinity)' },
  { value: 'header', label: 'Consistent hash on a header' },
  { value: 'cookie', label: 'Consistent hash on a cookie' },
  { value: 'sourceIp', label: 'Consistent hash on the source IP' },
];

const ALGORITHMS: Algorithm[] = [
  'ROUND_ROBIN',
  'LEAST_REQUEST',
  'RANDOM',
  'PASSTHROUGH',
];

/** The load balancer, or session affinity by consistent hash, on the service's DestinationRule. */
export function LoadBalancingDialog(props: WizardDialogBaseProps) {
  const id = useId();
  const [kind, setKind] = useState<Kind>('simple');
  const [algorithm, setAlgorithm] = useState<Algorithm>('LEAST_REQUEST');
  const [header, setHeader] = useState('x-user');
  const [cookieName, setCookieName] = useState('session');
  const [cookieTtl, setCookieTtl] = useState('3600s');
  const [cookiePath, setCookiePath] = useState('');
  const input = (): LoadBalancingInput => {
    switch (kind) {
      case 'simple':
        return { kind, algorithm };
      case 'header':
        return { kind, header: header.trim() };
      case 'cookie':
        return {
          kind,
          name: cookieName.trim(),
          ttl: cookieTtl.trim(),
          path: cookiePath.trim() || undefined,
        };
      default:
        return { kind: 'sourceIp' };
    }
  };
  return (
    <WizardDialog
      {...props}
      title="Load balancing"
      fields={() => ['header', 'cookie.name', 'cookie.ttl']}
      build={state => setLoadBalancing(input(), state)}
    >
      {(_state, errorFor) => {
        const field = wizardField(id, errorFor);
        return (
          <>
            <Typography variant="body2" gutterBottom>
              How callers' sidecars pick a pod of the service. A consistent hash
              sends requests with the same key to the same pod.
            </Typography>
            <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
              <TextField
                select
                id={`${id}-kind`}
                label="Balancing"
                value={kind}
                onChange={e => setKind(e.target.value as Kind)}
                fullWidth
              >
                {KINDS.map(k => (
                  <MenuItem key={k.value} value={k.value}>
                    {k.label}
                  </MenuItem>
                ))}
              </TextField>
              {kind === 'simple' && (
                <TextField
                  select
                  id={`${id}-algorithm`}
                  label="Algorithm"
                  value={algorithm}
                  onChange={e => setAlgorithm(e.target.value as Algorithm)}
                  fullWidth
                >
                  {ALGORITHMS.map(a => (
                    <MenuItem key={a} value={a}>
                      {a}
                    </MenuItem>
                  ))}
                </TextField>
              )}
              {kind === 'header' &&
                field('header', 'Header name', header, setHeader)}
              {kind === 'cookie' && (
                <>
                  {field(
                    'cookie.name',
                    'Cookie name',
                    cookieName,
                    setCookieName,
                  )}
                  {field(
                    'cookie.ttl',
                    'Cookie TTL (e.g. 3600s)',
                    cookieTtl,
                    setCookieTtl,
                    'with a TTL, the sidecar sets the cookie when the client has none',
                  )}
                  {field(
                    'cookie.path',
                    'Cookie path (optional)',
                    cookiePath,
                    setCookiePath,
                  )}
                </>
              )}
            </Box>
          </>
        );
      }}
    </WizardDialog>
  );
}
