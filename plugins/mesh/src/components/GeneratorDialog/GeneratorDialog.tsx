import { ReactNode, useId, useState } from 'react';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  ChangePreview,
  PreviewChangeRequest,
  WizardFieldError,
  WizardResult,
} from '@meshport/plugin-mesh-common';
import { meshApiRef, MeshEntityRef } from '../../api/MeshApi';
import { describeApiError } from '../../lib/describeApiError';
import { formatEntityRef } from '../../lib/formatEntityRef';
import { ChangeReviewDialog } from '../ChangeReview';

/** Looks up the generator's message for one form field. */
export type ErrorFor = (field: string) => string | undefined;

/** The live state a wizard edits, as its loader hook returns it. */
export interface LoadedState<S> {
  state?: S;
  loading: boolean;
  error?: string;
}

export interface GeneratorDialogProps<S> {
  open: boolean;
  entityRef: MeshEntityRef;
  cluster: string;
  title: string;
  /** What the change applies to, in words (e.g. `reviews.bookinfo in cluster sandbox`). */
  subject: ReactNode;
  /** What "the current state" is, for the load error: `rules`, `policies`. */
  stateNoun: string;
  loaded: LoadedState<S>;
  /** Runs the pure generator on the loaded state. */
  build(state: S): WizardResult;
  /** Form fields the form shows errors on; errors on any other field are listed above the form. */
  fields(state: S): string[];
  children(state: S, errorFor: ErrorFor): ReactNode;
  onClose(): void;
  onApplied(): void;
}

/**
 * The frame every wizard shares, traffic or security: shows the loaded live state's form, runs the
 * pure generator on Preview, shows its errors on their fields, sends the manifests to the backend's
 * preview and hands the answer to the review dialog, which applies.
 */
export function GeneratorDialog<S>(props: GeneratorDialogProps<S>) {
  const meshApi = useApi(meshApiRef);
  const id = useId();
  const { loaded } = props;
  const [errors, setErrors] = useState<WizardFieldError[]>([]);
  const [previewError, setPreviewError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<ChangePreview>();
  const [request, setRequest] = useState<PreviewChangeRequest>();

  const errorFor: ErrorFor = field =>
    errors.find(e => e.field === field)?.message;
  const shown = loaded.state ? new Set(props.fields(loaded.state)) : new Set();
  const general = errors.filter(e => !shown.has(e.field));

  const runPreview = async () => {
    if (!loaded.state) return;
    const result = props.build(loaded.state);
    setPreviewError(undefined);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors([]);
    const req: PreviewChangeRequest = {
      entityRef: formatEntityRef(props.entityRef),
      cluster: props.cluster,
      resources: result.resources.map(r => ({
        action: r.action,
        manifest: r.manifest as unknown as Record<string, unknown>,
      })),
      description: `${props.title}: ${result.notes.join('; ')}`.slice(0, 500),
    };
    setBusy(true);
    try {
      setPreview(await meshApi.previewChange(req));
      setRequest(req);
    } catch (e) {
      setPreviewError(describeApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Dialog
        open={props.open && !preview}
        onClose={props.onClose}
        maxWidth="sm"
        fullWidth
        aria-labelledby={`${id}-title`}
      >
        <DialogTitle id={`${id}-title`}>{props.title}</DialogTitle>
        <DialogContent dividers>
          <Typography variant="body2" color="textSecondary" gutterBottom>
            {props.subject}. Nothing changes until you review the preview and
            apply it.
          </Typography>
          {loaded.loading && <Progress />}
          {loaded.error && (
            <Alert severity="error">
              Could not load the current {props.stateNoun}: {loaded.error}
            </Alert>
          )}
          {general.length > 0 && (
            <Box mb={2}>
              <Alert severity="error" data-testid="wizard-errors">
                {general.map(e => (
                  <div key={`${e.field}:${e.message}`}>{e.message}</div>
                ))}
              </Alert>
            </Box>
          )}
          {loaded.state && props.children(loaded.state, errorFor)}
          {previewError && (
            <Box mt={2}>
              <Alert severity="error" data-testid="preview-error">
                {previewError}
              </Alert>
            </Box>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button
            color="primary"
            variant="contained"
            onClick={runPreview}
            disabled={!loaded.state || busy}
          >
            Preview
          </Button>
        </DialogActions>
      </Dialog>
      {preview && (
        <ChangeReviewDialog
          open
          title={`Review: ${props.title}`}
          preview={preview}
          onClose={() => setPreview(undefined)}
          onApplied={() => {
            setPreview(undefined);
            props.onApplied();
            props.onClose();
          }}
          onRepreview={() => meshApi.previewChange(request!)}
        />
      )}
    </>
  );
}
