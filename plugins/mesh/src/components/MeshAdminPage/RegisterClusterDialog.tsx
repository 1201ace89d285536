import { useMemo, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import Alert from '@material-ui/lab/Alert';
import {
  ClusterSummary,
  registerClusterRequestSchema,
} from '@meshport/plugin-mesh-common';
import { meshApiRef } from '../../api/MeshApi';
import {
  ClusterFormValues,
  emptyClusterForm,
  isPlainHttpUrl,
  toRegisterClusterRequest,
} from '../../lib/clusterForm';
import { describeApiError } from '../../lib/describeApiError';
import { fieldErrors, fieldOfServerMessage } from '../../lib/fieldErrors';
import { FormTextField } from './FormTextField';

const FIELDS = [
  'name',
  'title',
  'apiUrl',
  'caData',
  'insecureSkipTlsVerify',
  'allowInsecure',
  'gitops',
  'impersonate',
  'token',
] as const;

type Flag =
  'insecureSkipTlsVerify' | 'allowInsecure' | 'gitops' | 'impersonate';

/** A checkbox with its help (or error) text under it, as the text fields show theirs. */
function FlagField(props: {
  id: string;
  label: string;
  checked: boolean;
  onChecked: (checked: boolean) => void;
  help?: string;
  error?: string;
}) {
  const helpId = `${props.id}-help`;
  return (
    <div>
      <FormControlLabel
        control={
          <Checkbox
            id={props.id}
            checked={props.checked}
            onChange={e => props.onChecked(e.target.checked)}
            inputProps={{
              'aria-describedby':
                props.help || props.error ? helpId : undefined,
            }}
          />
        }
        label={props.label}
      />
      {(props.error || props.help) && (
        <FormHelperText
          id={helpId}
          error={!!props.error}
          style={{ marginTop: -8, marginLeft: 32 }}
        >
          {props.error ?? props.help}
        </FormHelperText>
      )}
    </div>
  );
}

type Outcome =
  | { kind: 'tested'; serverVersion: string }
  | { kind: 'error'; message: string; field?: string };

function validate(values: ClusterFormValues) {
  const request = toRegisterClusterRequest(values);
  const parsed = registerClusterRequestSchema.safeParse(request);
  return { request, errors: parsed.success ? {} : fieldErrors(parsed.error) };
}

/**
 * Registers a cluster by API URL and bearer token. Validates with the same schema as the backend
 * before sending; the backend then tests the connection, and its 400/409 messages are shown under
 * the field they name, or above the buttons. The token is never shown and is dropped on close.
 */
export function RegisterClusterDialog(props: {
  open: boolean;
  onClose: () => void;
  onRegistered: (c: ClusterSummary) => void;
}) {
  const meshApi = useApi(meshApiRef);
  const [values, setValues] = useState<ClusterFormValues>(emptyClusterForm);
  // Errors show once the user first tries to send, then follow each keystroke.
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState<'test' | 'register'>();
  const [outcome, setOutcome] = useState<Outcome>();

  const { request, errors: clientErrors } = useMemo(
    () => validate(values),
    [values],
  );
  const errors: Record<string, string> = attempted ? { ...clientErrors } : {};
  if (outcome?.kind === 'error' && outcome.field && !errors[outcome.field]) {
    errors[outcome.field] = outcome.message.slice(outcome.field.length + 1);
  }

  const set = <K extends keyof ClusterFormValues>(
    key: K,
    value: ClusterFormValues[K],
  ) => {
    setValues(v => ({ ...v, [key]: value }));
    setOutcome(undefined);
  };
  const flag = (key: Flag) => ({
    checked: values[key],
    onChecked: (checked: boolean) => set(key, checked),
    error: errors[key],
  });
  const plainHttp = isPlainHttpUrl(values.apiUrl);

  const close = () => {
    setValues(emptyClusterForm);
    setAttempted(false);
    setOutcome(undefined);
    props.onClose();
  };

  const send = async (action: 'test' | 'register') => {
    setAttempted(true);
    setOutcome(undefined);
    if (Object.keys(clientErrors).length > 0) return;
    setBusy(action);
    try {
      if (action === 'test') {
        const result = await meshApi.testClusterConnection(request);
        setOutcome({ kind: 'tested', serverVersion: result.serverVersion });
      } else {
        const cluster = await meshApi.registerCluster(request);
        props.onRegistered(cluster);
        close();
      }
    } catch (e) {
      const message = describeApiError(e);
      setOutcome({
        kind: 'error',
        message,
        field: fieldOfServerMessage(message, FIELDS),
      });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Dialog
      open={props.open}
      onClose={busy ? undefined : close}
      maxWidth="sm"
      fullWidth
      aria-labelledby="register-cluster-dialog-title"
    >
      <DialogTitle id="register-cluster-dialog-title">
        Register cluster
      </DialogTitle>
      <DialogContent>
        <FormTextField
          id="register-cluster-name"
          label="Name"
          required
          value={values.name}
          onValue={v => set('name', v)}
          error={errors.name}
          help="Lowercase, as in kubeconfig, e.g. prod-eu"
        />
        <FormTextField
          id="register-cluster-title"
          label="Title"
          value={values.title}
          onValue={v => set('title', v)}
          error={errors.title}
        />
        <FormTextField
          id="register-cluster-api-url"
          label="API URL"
          required
          placeholder="https://10.0.0.1:6443"
          value={values.apiUrl}
          onValue={v => set('apiUrl', v)}
          error={errors.apiUrl}
        />
        <FormTextField
          id="register-cluster-ca-data-pem"
          label="CA data (PEM)"
          multiline
          minRows={4}
          placeholder="-----BEGIN CERTIFICATE-----"
          value={values.caData}
          onValue={v => set('caData', v)}
          error={errors.caData}
          help="The cluster's CA certificate, PEM or base64 as in a kubeconfig's certificate-authority-data"
          inputProps={{ style: { fontFamily: 'monospace' } }}
        />
        {plainHttp ? (
          <FlagField
            id="register-cluster-allow-insecure"
            label="Allow plain http (insecure)"
            help="The token travels unencrypted. For a local test cluster only; production clusters use https."
            {...flag('allowInsecure')}
          />
        ) : (
          <FlagField
            id="register-cluster-insecure-skip-tls-verify"
            label="Skip TLS verification (insecure)"
            {...flag('insecureSkipTlsVerify')}
          />
        )}
        <FlagField
          id="register-cluster-gitops"
          label="Managed by GitOps"
          help="Meshport never applies changes to this cluster: it exports them as YAML for your GitOps repository."
          {...flag('gitops')}
        />
        <FlagField
          id="register-cluster-impersonate"
          label="Impersonate the Backstage user on writes"
          help="Writes carry Impersonate-User/Group, so the cluster's RBAC must allow the user too. The token needs the impersonate verb."
          {...flag('impersonate')}
        />
        <FormTextField
          id="register-cluster-bearer-token"
          label="Bearer token"
          required
          type="password"
          autoComplete="new-password"
          value={values.token}
          onValue={v => set('token', v)}
          error={errors.token}
          help="A service-account token with read access; stored encrypted, never shown again"
        />
        {outcome?.kind === 'tested' && (
          <Alert severity="success">
            Connected: Kubernetes {outcome.serverVersion}
          </Alert>
        )}
        {outcome?.kind === 'error' && !outcome.field && (
          <Alert severity="error">{outcome.message}</Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={!!busy}>
          Cancel
        </Button>
        <Button onClick={() => send('test')} disabled={!!busy}>
          {busy === 'test' ? 'Testing…' : 'Test connection'}
        </Button>
        <Button
          onClick={() => send('register')}
          color="primary"
          variant="contained"
          disabled={!!busy}
        >
          {busy === 'register' ? 'Registering…' : 'Register'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
