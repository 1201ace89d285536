import { useMemo, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import MenuItem from '@material-ui/core/MenuItem';
import Alert from '@material-ui/lab/Alert';
import {
  ClusterSummary,
  MeshSummary,
  registerMeshRequestSchema,
} from '@meshport/plugin-mesh-common';
import { meshApiRef } from '../../api/MeshApi';
import { describeApiError } from '../../lib/describeApiError';
import { fieldErrors } from '../../lib/fieldErrors';
import {
  emptyMeshForm,
  MeshFormValues,
  MeshMemberFormValues,
  toggleMember,
  toRegisterMeshRequest,
} from '../../lib/meshForm';
import { MeshMembersField } from './MeshMembersField';
import { FormTextField } from './FormTextField';

/** Registers a mesh over already registered clusters, validated like the backend validates it. */
export function RegisterMeshDialog(props: {
  open: boolean;
  clusters: ClusterSummary[];
  onClose: () => void;
  onRegistered: (m: MeshSummary) => void;
}) {
  const meshApi = useApi(meshApiRef);
  const [values, setValues] = useState<MeshFormValues>(emptyMeshForm);
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<string>();

  const { request, clientErrors } = useMemo(() => {
    const req = toRegisterMeshRequest(values);
    const parsed = registerMeshRequestSchema.safeParse(req);
    return {
      request: req,
      clientErrors: parsed.success ? {} : fieldErrors(parsed.error),
    };
  }, [values]);
  const errors = attempted ? clientErrors : {};

  const update = (next: (v: MeshFormValues) => MeshFormValues) => {
    setValues(next);
    setServerError(undefined);
  };
  const set = <K extends keyof MeshFormValues>(
    key: K,
    value: MeshFormValues[K],
  ) => update(v => ({ ...v, [key]: value }));
  const changeMember = (
    cluster: string,
    change: Partial<MeshMemberFormValues>,
  ) =>
    update(v => ({
      ...v,
      members: v.members.map(m =>
        m.cluster === cluster ? { ...m, ...change } : m,
      ),
    }));

  const close = () => {
    setValues(emptyMeshForm);
    setAttempted(false);
    setServerError(undefined);
    props.onClose();
  };

  const register = async () => {
    setAttempted(true);
    setServerError(undefined);
    if (Object.keys(clientErrors).length > 0) return;
    setBusy(true);
    try {
      const mesh = await meshApi.registerMesh(request);
      props.onRegistered(mesh);
      close();
    } catch (e) {
      setServerError(describeApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={props.open}
      onClose={busy ? undefined : close}
      maxWidth="md"
      fullWidth
      aria-labelledby="register-mesh-dialog-title"
    >
      <DialogTitle id="register-mesh-dialog-title">Register mesh</DialogTitle>
      <DialogContent>
        <FormTextField
          id="register-mesh-name"
          label="Name"
          required
          value={values.name}
          onValue={v => set('name', v)}
          error={errors.name}
        />
        <FormTextField
          id="register-mesh-title"
          label="Title"
          value={values.title}
          onValue={v => set('title', v)}
          error={errors.title}
        />
        <FormTextField
          select
          id="register-mesh-kind"
          label="Kind"
          value={values.kind}
          onValue={v => set('kind', v as MeshFormValues['kind'])}
          help={
            values.kind === 'external'
              ? 'Istio is installed and upgraded outside Meshport; Meshport reads it.'
              : 'Meshport keeps track of the control plane it manages.'
          }
        >
          <MenuItem value="external">external</MenuItem>
          <MenuItem value="managed">managed</MenuItem>
        </FormTextField>
        <MeshMembersField
          clusters={props.clusters}
          members={values.members}
          errors={errors}
          onToggle={(cluster, member) =>
            update(v => toggleMember(v, cluster, member))
          }
          onChange={changeMember}
        />
        <FormTextField
          select
          id="register-mesh-control-plane-cluster"
          label="Control-plane cluster"
          required
          value={values.controlPlaneCluster}
          onValue={v => set('controlPlaneCluster', v)}
          error={errors.controlPlaneCluster}
          help="A primary member that runs istiod"
          SelectProps={{ displayEmpty: true }}
          InputLabelProps={{ shrink: true }}
        >
          <MenuItem value="" disabled>
            {values.members.length
              ? 'choose a member'
              : 'tick member clusters first'}
          </MenuItem>
          {values.members.map(m => (
            <MenuItem key={m.cluster} value={m.cluster}>
              {m.cluster} ({m.role})
            </MenuItem>
          ))}
        </FormTextField>
        <FormTextField
          id="register-mesh-revision"
          label="Revision"
          placeholder="default, or e.g. 1-27"
          value={values.revision}
          onValue={v => set('revision', v)}
          error={errors.revision}
          help="The istio.io/rev label of the control plane, if it uses revisions"
        />
        <FormTextField
          id="register-mesh-trust-domain"
          label="Trust domain"
          value={values.trustDomain}
          onValue={v => set('trustDomain', v)}
          error={errors.trustDomain}
        />
        <FormTextField
          id="register-mesh-prometheus-url"
          label="Prometheus URL"
          placeholder="http://prometheus.istio-system:9090"
          value={values.prometheusUrl}
          onValue={v => set('prometheusUrl', v)}
          error={errors.prometheusUrl}
          help="Where the mesh's Istio metrics are scraped, for traffic figures"
        />
        {serverError && <Alert severity="error">{serverError}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={busy}>
          Cancel
        </Button>
        <Button
          onClick={register}
          color="primary"
          variant="contained"
          disabled={busy || props.clusters.length === 0}
        >
          {busy ? 'Registering…' : 'Register'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
