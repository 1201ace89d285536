import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import {
  CanaryRecord,
  formatCanaryDuration,
} from '@meshport/plugin-mesh-common';
import { meshApiRef } from '../../api/MeshApi';
import { describeApiError } from '../../lib/describeApiError';

export type CanaryAction = 'promote' | 'abort' | 'resume';

const LABELS: Record<CanaryAction, string> = {
  promote: 'Promote',
  abort: 'Abort',
  resume: 'Resume',
};

/** What pressing the button will do to the traffic, in the user's terms. */
function consequence(action: CanaryAction, canary: CanaryRecord): string {
  const { stableVersion, canaryVersion, route } = canary;
  const routeName = `${route.kind} ${route.namespace}/${route.name}`;
  switch (action) {
    case 'promote':
      return `All traffic goes to ${canaryVersion} now; the remaining steps and their checks are skipped.`;
    case 'abort':
      return `All traffic goes back to ${stableVersion}, and the canary of ${canaryVersion} stops for good.`;
    default:
      // The backend adopts the route as it is now; the hand-made change lasts until the next step.
      return `The controller takes over the routing of ${routeName} again, as it is now, and continues from step ${canary.step + 1} of ${canary.weights.length} (${canary.weight} % to ${canaryVersion}); the next check is in ${formatCanaryDuration(canary.plan.intervalSeconds)}.`;
  }
}

/**
 * Asks before promoting, aborting or resuming, with an optional reason kept in the canary's
 * history. Stays open with the backend's message when the action fails (e.g. 409 when the
 * controller finished the canary in the meantime).
 */
export function CanaryActionDialog(props: {
  action: CanaryAction;
  canary: CanaryRecord;
  onClose: () => void;
  onDone: (canary: CanaryRecord) => void;
}) {
  const { action, canary } = props;
  const meshApi = useApi(meshApiRef);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const label = LABELS[action];
  const titleId = `canary-${action}-title`;

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const why = reason.trim() || undefined;
      let updated: CanaryRecord;
      if (action === 'promote')
        updated = await meshApi.promoteCanary(canary.id, why);
      else if (action === 'abort')
        updated = await meshApi.abortCanary(canary.id, why);
      else updated = await meshApi.resumeCanary(canary.id, why);
      props.onDone(updated);
    } catch (e) {
      setError(`Could not ${action} the canary: ${describeApiError(e)}`);
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={busy ? undefined : props.onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id={titleId}>
        {label} the canary of {canary.service} {canary.canaryVersion}?
      </DialogTitle>
      <DialogContent>
        <DialogContentText>{consequence(action, canary)}</DialogContentText>
        <TextField
          // The id ties the label to the textarea, which gives it its accessible name.
          id={`canary-${action}-reason`}
          label="Reason (optional)"
          helperText="Kept in the canary's history."
          value={reason}
          onChange={e => setReason(e.target.value)}
          inputProps={{ maxLength: 500 }}
          fullWidth
          multiline
          minRows={2}
          variant="outlined"
          disabled={busy}
        />
        {error && (
          <Alert severity="error" style={{ marginTop: 16 }}>
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          onClick={confirm}
          color={action === 'abort' ? 'secondary' : 'primary'}
          variant="contained"
          disabled={busy}
        >
          {label}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
