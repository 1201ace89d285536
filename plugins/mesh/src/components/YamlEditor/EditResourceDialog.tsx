import { useEffect, useId, useMemo, useState } from 'react';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  ApplyChangeResult,
  ChangePreview,
  PreviewChangeRequest,
} from '@meshport/plugin-mesh-common';
import { meshApiRef, MeshEntityRef } from '../../api/MeshApi';
import { useConfigUpdatePermission } from '../../hooks/useConfigUpdatePermission';
import { describeApiError } from '../../lib/describeApiError';
import { formatEntityRef } from '../../lib/formatEntityRef';
import { hasErrors, lintYaml } from '../../lib/lintYaml';
import { ChangeReviewDialog } from '../ChangeReview';
import { LintProblems } from './LintProblems';
import { YamlEditor } from './YamlEditor';

/** The live object to edit. */
export interface EditedResource {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

export interface EditResourceDialogProps {
  open: boolean;
  entityRef: MeshEntityRef;
  cluster: string;
  resource: EditedResource;
  onClose: () => void;
  /** Called after the change is applied; the dialog closes itself. */
  onApplied: (result: ApplyChangeResult) => void;
}

/**
 * Edits one live Istio object as YAML: loads it, marks problems while typing (YAML syntax, the
 * CRD schema, Istio's field rules, analyzers on the object alone), and previews the change only
 * when nothing is marked as an error, then hands the preview to the review dialog.
 */
export function EditResourceDialog(props: EditResourceDialogProps) {
  const meshApi = useApi(meshApiRef);
  const { entityRef, cluster, resource } = props;
  const entityRefText = formatEntityRef(entityRef);
  const permission = useConfigUpdatePermission(entityRefText);
  const [text, setText] = useState<string>();
  const [loadError, setLoadError] = useState<string>();
  const [description, setDescription] = useState('');
  const [previewing, setPreviewing] = useState(false);
  const [previewError, setPreviewError] = useState<string>();
  const [preview, setPreview] = useState<ChangePreview>();
  const id = useId();
  const label = `${resource.kind} ${resource.namespace}/${resource.name}`;

  useEffect(() => {
    if (!props.open) return undefined;
    let cancelled = false;
    setText(undefined);
    setLoadError(undefined);
    setPreview(undefined);
    setPreviewError(undefined);
    meshApi
      .getLiveResource(entityRef, { cluster, ...resource })
      .then(live => !cancelled && setText(live.yaml))
      .catch(e => !cancelled && setLoadError(describeApiError(e)));
    return () => {
      cancelled = true;
    };
    // The object identity of refs changes on every poll of the tab; its fields do not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [
    props.open,
    meshApi,
    entityRefText,
    cluster,
    resource.apiVersion,
    resource.kind,
    resource.namespace,
    resource.name,
  ]);

  const lint = useMemo(
    () => (text === undefined ? undefined : lintYaml(text)),
    [text],
  );
  const errorCount =
    lint?.markers.filter(m => m.severity === 'error').length ?? 0;

  let blocked: string | undefined;
  if (permission.reason) blocked = permission.reason;
  else if (lint && hasErrors(lint))
    blocked = `Fix the ${errorCount === 1 ? 'error' : `${errorCount} errors`} marked in the editor first.`;

  const request = (): PreviewChangeRequest => ({
    entityRef: entityRefText,
    cluster,
    resources: [{ action: 'apply', manifest: text ?? '' }],
    ...(description.trim() ? { description: description.trim() } : {}),
  });

  const runPreview = async () => {
    setPreviewing(true);
    setPreviewError(undefined);
    try {
      setPreview(await meshApi.previewChange(request()));
    } catch (e) {
      setPreviewError(describeApiError(e));
    } finally {
      setPreviewing(false);
    }
  };

  return (
    <>
      <Dialog
        open={props.open}
        onClose={props.onClose}
        maxWidth="md"
        fullWidth
        aria-labelledby={`${id}-title`}
      >
        <DialogTitle id={`${id}-title`}>Edit {label}</DialogTitle>
        <DialogContent dividers>
          <Typography variant="body2" color="textSecondary" gutterBottom>
            Cluster {cluster}. Nothing changes until you review the preview and
            apply it.
          </Typography>
          {loadError && (
            <Alert severity="error">
              Could not load {label}: {loadError}
            </Alert>
          )}
          {!loadError && text === undefined && <Progress />}
          {text !== undefined && lint && (
            <>
              <YamlEditor
                value={text}
                onChange={setText}
                markers={lint.markers}
                label={`YAML of ${label}`}
              />
              <Box mt={1}>
                <LintProblems markers={lint.markers} />
              </Box>
              <Box mt={2}>
                <TextField
                  id={`${id}-description`}
                  label="Why (kept in the history)"
                  value={description}
                  onChange={e => setDescription(e.target.value)}
                  fullWidth
                  inputProps={{ maxLength: 500 }}
                />
              </Box>
            </>
          )}
          {previewError && (
            <Box mt={2}>
              <Alert severity="error" data-testid="preview-error">
                {previewError}
              </Alert>
            </Box>
          )}
        </DialogContent>
        <DialogActions>
          {blocked && (
            <Typography
              id={`${id}-blocked`}
              variant="body2"
              color="textSecondary"
              style={{ marginRight: 'auto' }}
              data-testid="preview-blocked-reason"
            >
              {blocked}
            </Typography>
          )}
          <Button onClick={props.onClose}>Cancel</Button>
          <Button
            color="primary"
            variant="contained"
            onClick={runPreview}
            disabled={text === undefined || !!blocked || previewing}
            aria-describedby={blocked ? `${id}-blocked` : undefined}
          >
            Preview
          </Button>
        </DialogActions>
      </Dialog>
      {preview && (
        <ChangeReviewDialog
          open
          preview={preview}
          onClose={() => setPreview(undefined)}
          onApplied={result => {
            setPreview(undefined);
            props.onApplied(result);
          }}
          onRepreview={() => meshApi.previewChange(request())}
        />
      )}
    </>
  );
}
