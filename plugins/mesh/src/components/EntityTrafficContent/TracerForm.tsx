import { FormEvent, useId, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { ClusterTraffic, TraceRequestBody } from '@meshport/plugin-mesh-common';
import {
  buildTraceRequest,
  TraceFormErrors,
  TraceFormState,
} from '../../lib/traceForm';

function defaultHost(clusters: ClusterTraffic[], cluster: string) {
  const c = clusters.find(x => x.cluster === cluster) ?? clusters[0];
  return c?.services[0]?.host ?? '';
}

/**
 * The tracer's question: which cluster, who calls, which host and port, and the HTTP request.
 * Empty fields are left to the backend's defaults; the form is checked before anything is sent.
 */
export function TracerForm(props: {
  clusters: ClusterTraffic[];
  busy: boolean;
  onTrace: (body: TraceRequestBody & { cluster: string }) => void;
}) {
  const { clusters } = props;
  const id = useId();
  const first = clusters[0]?.cluster ?? '';
  const [form, setForm] = useState<TraceFormState>(() => ({
    cluster: first,
    from: '',
    host: defaultHost(clusters, first),
    port: '',
    method: 'GET',
    path: '/',
    headers: '',
    protocol: '',
  }));
  const [hostTouched, setHostTouched] = useState(false);
  const [errors, setErrors] = useState<TraceFormErrors>({});
  const set =
    (field: keyof TraceFormState) => (e: { target: { value: string } }) =>
      setForm(f => ({ ...f, [field]: e.target.value }));
  const http = form.protocol !== 'tcp' && form.protocol !== 'tls';
  const field = (name: keyof TraceFormState) => ({
    id: `${id}-${name}`,
    value: form[name],
    onChange: set(name),
    error: !!errors[name],
    size: 'small' as const,
    variant: 'outlined' as const,
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const result = buildTraceRequest(form);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    props.onTrace({ ...result.body, cluster: form.cluster || first });
  };

  const services =
    clusters.find(c => c.cluster === form.cluster)?.services ?? [];
  const ports = services[0]?.ports.map(p => p.port).join(', ');

  return (
    <form
      onSubmit={submit}
      aria-label="trace a request"
      data-testid="trace-form"
      noValidate
    >
      <Box display="flex" flexWrap="wrap" style={{ gap: 12 }}>
        {clusters.length > 1 && (
          <TextField
            select
            label="Cluster"
            {...field('cluster')}
            onChange={e => {
              const cluster = e.target.value;
              setForm(f => ({
                ...f,
                cluster,
                host: hostTouched ? f.host : defaultHost(clusters, cluster),
              }));
            }}
            style={{ minWidth: 140 }}
          >
            {clusters.map(c => (
              <MenuItem key={c.cluster} value={c.cluster}>
                {c.cluster}
              </MenuItem>
            ))}
          </TextField>
        )}
        <TextField
          label="From (namespace/workload)"
          placeholder="bookinfo/productpage-v1"
          helperText={errors.from ?? 'Empty: any caller in the mesh'}
          {...field('from')}
          style={{ minWidth: 240 }}
        />
        <TextField
          label="Host"
          helperText={errors.host ?? 'Service, external or gateway host'}
          {...field('host')}
          onChange={e => {
            setHostTouched(true);
            set('host')(e);
          }}
          style={{ minWidth: 300 }}
        />
        <TextField
          label="Port"
          placeholder={ports || '80'}
          helperText={errors.port ?? "Empty: the Service's only port, else 80"}
          {...field('port')}
          style={{ width: 130 }}
          inputProps={{ inputMode: 'numeric' }}
        />
        <TextField
          select
          label="Protocol"
          {...field('protocol')}
          style={{ minWidth: 130 }}
          helperText="Auto: the port's protocol"
          SelectProps={{
            displayEmpty: true,
          }}
          InputLabelProps={{ shrink: true }}
        >
          <MenuItem value="">auto</MenuItem>
          <MenuItem value="http">http</MenuItem>
          <MenuItem value="tcp">tcp</MenuItem>
          <MenuItem value="tls">tls</MenuItem>
        </TextField>
        {http && (
          <>
            <TextField
              label="Method"
              helperText={errors.method}
              {...field('method')}
              style={{ width: 110 }}
            />
            <TextField
              label="Path"
              helperText={errors.path ?? 'With query string, if any'}
              {...field('path')}
              style={{ minWidth: 240 }}
            />
          </>
        )}
      </Box>
      {http && (
        <Box mt={1.5}>
          <TextField
            label="Headers (name=value, one a line)"
            placeholder="end-user=jason"
            helperText={errors.headers}
            multiline
            minRows={2}
            fullWidth
            {...field('headers')}
          />
        </Box>
      )}
      <Box mt={1.5}>
        <Button
          type="submit"
          color="primary"
          variant="contained"
          disabled={props.busy}
        >
          {props.busy ? 'Tracing…' : 'Trace'}
        </Button>
      </Box>
    </form>
  );
}
