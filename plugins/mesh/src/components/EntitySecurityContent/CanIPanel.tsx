import { FormEvent, useId, useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  CanIAnswer,
  canIRequestSchema,
  ClusterSecurity,
} from '@meshport/plugin-mesh-common';
import { meshApiRef, MeshEntityRef } from '../../api/MeshApi';
import { describeApiError } from '../../lib/describeApiError';
import { describeCanI } from '../../lib/describeCanI';
import { fieldErrors } from '../../lib/fieldErrors';

interface CanIForm {
  cluster: string;
  from: string;
  to: string;
  port: string;
  method: string;
  path: string;
  headers: string;
}

/** The form as the backend's body; the same zod schema checks it here first, so errors land on fields. */
function buildBody(form: CanIForm) {
  const headers: Record<string, string> = {};
  const headerProblems: string[] = [];
  for (const line of form.headers
    .split('\n')
    .map(l => l.trim())
    .filter(Boolean)) {
    const eq = line.indexOf('=');
    if (eq <= 0) headerProblems.push(line);
    else headers[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  const body = {
    ...(form.cluster ? { cluster: form.cluster } : {}),
    from: form.from.trim(),
    ...(form.to.trim() ? { to: form.to.trim() } : {}),
    ...(form.port.trim() ? { port: Number(form.port) } : {}),
    ...(form.method.trim() ? { method: form.method.trim().toUpperCase() } : {}),
    ...(form.path.trim() ? { path: form.path.trim() } : {}),
    ...(Object.keys(headers).length ? { headers } : {}),
  };
  const parsed = canIRequestSchema.safeParse(body);
  const errors: Record<string, string> = parsed.success
    ? {}
    : fieldErrors(parsed.error);
  if (headerProblems.length)
    errors.headers = `name=value, one a line (not: ${headerProblems.join(', ')})`;
  return { body: parsed.success ? parsed.data : undefined, errors };
}

/** The decision: verdict, what decided, the mTLS check, and why each other policy did not apply. */
export function CanIResultView(props: { answer: CanIAnswer }) {
  const s = describeCanI(props.answer);
  return (
    <Box data-testid="can-i-result">
      <Alert severity={s.allowed ? 'success' : 'error'}>
        <strong>{s.allowed ? 'Yes' : 'No'}</strong>: {s.verdict}, decided by{' '}
        {s.decidedBy}. {s.reason}
      </Alert>
      <Box mt={1}>
        <Typography variant="subtitle2">mTLS and identity</Typography>
        <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="can-i-mtls">
          {s.mtls.map(m => (
            <li key={m}>
              <Typography variant="body2">{m}</Typography>
            </li>
          ))}
        </ul>
      </Box>
      {s.jwt.length > 0 && (
        <Box mt={1}>
          <Typography variant="subtitle2">
            Request authentication (JWT)
          </Typography>
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {s.jwt.map(m => (
              <li key={m}>
                <Typography variant="body2">{m}</Typography>
              </li>
            ))}
          </ul>
        </Box>
      )}
      <Box mt={1}>
        <Typography variant="subtitle2">
          Other policies, and why they did not decide
        </Typography>
        {s.others.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No other policy applies to the workload.
          </Typography>
        ) : (
          <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="can-i-others">
            {s.others.map(o => (
              <li key={o.policy}>
                <Typography variant="body2">
                  <strong>{o.policy}</strong>: {o.reasons.join('; ')}
                </Typography>
              </li>
            ))}
          </ul>
        )}
      </Box>
    </Box>
  );
}

/**
 * "May A call B?": asks the backend's authorization engine on its live model of the cluster (the
 * same engine and answer as `meshport can-i`) and shows the decision.
 */
export function CanIPanel(props: {
  entityRef: MeshEntityRef;
  clusters: ClusterSecurity[];
}) {
  const meshApi = useApi(meshApiRef);
  const id = useId();
  const first = props.clusters[0];
  const [form, setForm] = useState<CanIForm>(() => ({
    cluster: first?.cluster ?? '',
    from: '',
    to: first?.workloads[0]
      ? `${first.workloads[0].namespace}/${first.workloads[0].workload}`
      : '',
    port: '',
    method: 'GET',
    path: '/',
    headers: '',
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [answer, setAnswer] = useState<CanIAnswer>();
  const field = (name: keyof CanIForm) => ({
    id: `${id}-${name}`,
    value: form[name],
    onChange: (e: { target: { value: string } }) =>
      setForm(f => ({ ...f, [name]: e.target.value })),
    error: !!errors[name],
    size: 'small' as const,
    variant: 'outlined' as const,
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const built = buildBody(form);
    setErrors(built.errors);
    if (!built.body || Object.keys(built.errors).length) return;
    setBusy(true);
    setError(undefined);
    try {
      setAnswer(await meshApi.canI(props.entityRef, built.body));
    } catch (err) {
      setAnswer(undefined);
      setError(describeApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <InfoCard
      title="May A call B?"
      subheader="Which policy and rule allow or deny a call, as meshport can-i answers"
    >
      <form
        onSubmit={submit}
        aria-label="may a call b"
        data-testid="can-i-form"
        noValidate
      >
        <Box display="flex" flexWrap="wrap" style={{ gap: 12 }}>
          {props.clusters.length > 1 && (
            <TextField
              select
              label="Cluster"
              {...field('cluster')}
              style={{ minWidth: 140 }}
            >
              {props.clusters.map(c => (
                <MenuItem key={c.cluster} value={c.cluster}>
                  {c.cluster}
                </MenuItem>
              ))}
            </TextField>
          )}
          <TextField
            label="From (namespace/workload or namespace/serviceaccount)"
            placeholder="bookinfo/productpage-v1"
            helperText={errors.from}
            {...field('from')}
            style={{ minWidth: 340 }}
          />
          <TextField
            label="To (namespace/workload)"
            helperText={errors.to ?? "Empty: the entity's first workload"}
            {...field('to')}
            style={{ minWidth: 240 }}
          />
          <TextField
            label="Port"
            helperText={errors.port ?? 'Empty: its first port'}
            {...field('port')}
            style={{ width: 130 }}
            inputProps={{ inputMode: 'numeric' }}
          />
          <TextField
            label="Method"
            helperText={errors.method}
            {...field('method')}
            style={{ width: 110 }}
          />
          <TextField
            label="Path"
            helperText={errors.path}
            {...field('path')}
            style={{ minWidth: 200 }}
          />
        </Box>
        <Box mt={1.5}>
          <TextField
            label="Headers (name=value, one a line)"
            helperText={errors.headers}
            multiline
            minRows={2}
            fullWidth
            {...field('headers')}
          />
        </Box>
        <Box mt={1.5}>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={busy}
          >
            {busy ? 'Asking…' : 'Ask'}
          </Button>
        </Box>
      </form>
      {error && (
        <Box mt={2}>
          <Alert severity="error" data-testid="can-i-error">
            Could not answer: {error}
          </Alert>
        </Box>
      )}
      {answer && (
        <Box mt={3}>
          <CanIResultView answer={answer} />
        </Box>
      )}
    </InfoCard>
  );
}
