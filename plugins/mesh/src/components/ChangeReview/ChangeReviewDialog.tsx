import { ReactNode, useEffect, useId, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  ApplyChangeResult,
  ChangeExport,
  ChangePreview,
} from '@meshport/plugin-mesh-common';
import { meshApiRef } from '../../api/MeshApi';
import { useConfigUpdatePermission } from '../../hooks/useConfigUpdatePermission';
import { describeApiError } from '../../lib/describeApiError';
import { DryRunSummary } from './DryRunSummary';
import { ExportFiles } from './ExportFiles';
import { FindingsList } from './FindingsList';
import { ResourceChangeView } from './ResourceChangeView';

export interface ChangeReviewDialogProps {
  open: boolean;
  preview: ChangePreview;
  onClose: () => void;
  /** Called once the change is applied; the caller refreshes what it shows. */
  onApplied: (result: ApplyChangeResult) => void;
  /** Previews the same change again, against the cluster as it is now; offered after a conflict. */
  onRepreview?: () => Promise<ChangePreview>;
  /** Default "Review change". */
  title?: string;
}

type Failure = { kind: 'conflict' | 'error'; message: string };

function Section(props: { title: string; children: ReactNode }) {
  return (
    <Box mt={2}>
      <Typography variant="subtitle1" component="h3" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

/** Why the main button is disabled, or undefined when it may be pressed. */
function blockedReason(
  preview: ChangePreview,
  permission: { reason?: string },
  failure?: Failure,
): string | undefined {
  if (permission.reason) return permission.reason;
  if (failure?.kind === 'conflict')
    return 'The cluster changed since this preview: preview again to see the change against it.';
  if (!preview.dryRun.ok)
    return "The cluster's dry run rejected this change; fix it and preview again.";
  if (preview.resources.every(r => r.operation === 'unchanged'))
    return 'Nothing to apply: every resource is unchanged.';
  return undefined;
}

/**
 * The last step of every write: the diff per resource, the problems it introduces and fixes and
 * the cluster's dry run, then Apply (or Export on a GitOps cluster). Applying sends only the
 * preview's id; the backend applies exactly what was previewed, so a 409 means the cluster moved
 * and the reviewer must look again rather than overwrite.
 */
export function ChangeReviewDialog(props: ChangeReviewDialogProps) {
  const meshApi = useApi(meshApiRef);
  const [preview, setPreview] = useState(props.preview);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure>();
  const [exported, setExported] = useState<ChangeExport>();
  const permission = useConfigUpdatePermission(preview.entityRef);

  useEffect(() => {
    setPreview(props.preview);
    setFailure(undefined);
    setExported(undefined);
  }, [props.preview]);

  const reason = blockedReason(preview, permission, failure);
  const id = useId();
  const titleId = `${id}-title`;
  const reasonId = `${id}-blocked-reason`;

  const apply = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      const result = await meshApi.applyChange(preview.id);
      props.onApplied(result);
    } catch (e) {
      const conflict = e instanceof ResponseError && e.statusCode === 409;
      setFailure({
        kind: conflict ? 'conflict' : 'error',
        message: describeApiError(e),
      });
    } finally {
      setBusy(false);
    }
  };

  const exportFiles = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      setExported(await meshApi.exportChange(preview.id));
    } catch (e) {
      setFailure({ kind: 'error', message: describeApiError(e) });
    } finally {
      setBusy(false);
    }
  };

  const repreview = async () => {
    if (!props.onRepreview) return;
    setBusy(true);
    try {
      setPreview(await props.onRepreview());
      setFailure(undefined);
    } catch (e) {
      setFailure({ kind: 'error', message: describeApiError(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby={titleId}
    >
      <DialogTitle id={titleId}>{props.title ?? 'Review change'}</DialogTitle>
      <DialogContent dividers>
        <Typography variant="body2" color="textSecondary">
          Cluster {preview.cluster}
          {preview.description ? ` · ${preview.description}` : ''}
          {preview.revertOf ? ` · reverts change ${preview.revertOf}` : ''}
        </Typography>
        {failure?.kind === 'conflict' && (
          <Box mt={2}>
            <Alert
              severity="error"
              data-testid="apply-conflict"
              action={
                props.onRepreview && (
                  <Button
                    color="inherit"
                    size="small"
                    onClick={repreview}
                    disabled={busy}
                  >
                    Preview again
                  </Button>
                )
              }
            >
              <AlertTitle>Changed since the preview</AlertTitle>
              {failure.message}
            </Alert>
          </Box>
        )}
        {failure?.kind === 'error' && (
          <Box mt={2}>
            <Alert severity="error" data-testid="apply-error">
              {failure.message}
            </Alert>
          </Box>
        )}
        <Section title="Changes">
          {preview.resources.map(r => (
            <ResourceChangeView
              key={`${r.apiVersion}/${r.kind}/${r.namespace}/${r.name}`}
              resource={r}
            />
          ))}
        </Section>
        <Section title="Configuration problems">
          <FindingsList findings={preview.findings} />
        </Section>
        <Section title="Dry run">
          <DryRunSummary dryRun={preview.dryRun} cluster={preview.cluster} />
        </Section>
        {preview.gitops && (
          <Section title="Export">
            {exported ? (
              <ExportFiles exported={exported} />
            ) : (
              <Typography variant="body2">
                Cluster {preview.cluster} is managed by GitOps: export the
                change and commit it instead of applying it.
              </Typography>
            )}
          </Section>
        )}
      </DialogContent>
      <DialogActions>
        {reason && (
          <Typography
            id={reasonId}
            variant="body2"
            color="textSecondary"
            style={{ marginRight: 'auto' }}
            data-testid="blocked-reason"
          >
            {reason}
          </Typography>
        )}
        <Button onClick={props.onClose} disabled={busy}>
          {exported ? 'Close' : 'Cancel'}
        </Button>
        {preview.gitops ? (
          <Button
            color="primary"
            variant="contained"
            onClick={exportFiles}
            disabled={busy || !!reason || !!exported}
            aria-describedby={reason ? reasonId : undefined}
          >
            Export
          </Button>
        ) : (
          <Button
            color="primary"
            variant="contained"
            onClick={apply}
            disabled={busy || !!reason}
            aria-describedby={reason ? reasonId : undefined}
          >
            Apply
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
