import { useEffect, useState } from 'react';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { ChangePreview, ChangeRecord } from '@meshport/plugin-mesh-common';
import { meshApiRef, MeshEntityRef } from '../../api/MeshApi';
import { usePolledValue } from '../../hooks/usePolledValue';
import { useConfigUpdatePermission } from '../../hooks/useConfigUpdatePermission';
import { describeApiError } from '../../lib/describeApiError';
import { formatEntityRef } from '../../lib/formatEntityRef';
import { ChangeReviewDialog } from '../ChangeReview';
import { HistoryItem } from './HistoryItem';

export interface HistoryPanelProps {
  entityRef: MeshEntityRef;
  refreshIntervalMs: number;
  /** Bump to refetch now, e.g. after the tab applied a change. */
  refreshKey?: number;
  /** Called after a revert is applied, so the caller refreshes what it shows. */
  onChanged?: () => void;
}

/**
 * The entity's change history, newest first, each change's diff on demand and a Revert that
 * goes through the same preview and review as any other change.
 */
export function HistoryPanel(props: HistoryPanelProps) {
  const meshApi = useApi(meshApiRef);
  const { kind, namespace, name } = props.entityRef;
  const permission = useConfigUpdatePermission(
    formatEntityRef(props.entityRef),
  );
  const history = usePolledValue(
    () => meshApi.getChangeHistory({ kind, namespace, name }),
    props.refreshIntervalMs,
    [meshApi, kind, namespace, name],
  );
  const [reverting, setReverting] = useState<ChangeRecord>();
  const [revertPreview, setRevertPreview] = useState<ChangePreview>();
  const [revertError, setRevertError] = useState<string>();

  const { refresh } = history;
  useEffect(() => {
    if (props.refreshKey) refresh();
  }, [props.refreshKey, refresh]);

  const startRevert = async (change: ChangeRecord) => {
    setReverting(change);
    setRevertError(undefined);
    try {
      setRevertPreview(await meshApi.revertChange(change.id));
    } catch (e) {
      setRevertError(
        `Could not prepare the revert of change ${change.id}: ${describeApiError(e)}`,
      );
      setReverting(undefined);
    }
  };

  const closeRevert = () => {
    setRevertPreview(undefined);
    setReverting(undefined);
  };

  const now = Date.now();
  return (
    <InfoCard
      title="Change history"
      subheader="Changes made to this entity's mesh configuration through Meshport, newest first."
    >
      {revertError && (
        <Box mb={2}>
          <Alert severity="error">{revertError}</Alert>
        </Box>
      )}
      {history.loading && <Progress />}
      {!history.loading && history.error && (
        <Alert severity={history.value ? 'warning' : 'error'}>
          Could not load the change history: {describeApiError(history.error)}
        </Alert>
      )}
      {history.value && history.value.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No changes yet. Edit an Istio resource above to make the first one.
        </Typography>
      )}
      {history.value && history.value.length > 0 && (
        <Table size="small" aria-label="change history">
          <TableHead>
            <TableRow>
              <TableCell padding="checkbox" />
              <TableCell>When</TableCell>
              <TableCell>Who</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Description</TableCell>
              <TableCell>Resources</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {history.value.map(change => (
              <HistoryItem
                key={change.id}
                change={change}
                now={now}
                revertBlocked={permission.reason}
                reverting={reverting?.id === change.id}
                onRevert={startRevert}
              />
            ))}
          </TableBody>
        </Table>
      )}
      {revertPreview && reverting && (
        <ChangeReviewDialog
          open
          title={`Review revert of change ${reverting.id}`}
          preview={revertPreview}
          onClose={closeRevert}
          onApplied={() => {
            closeRevert();
            refresh();
            props.onChanged?.();
          }}
          onRepreview={() => meshApi.revertChange(reverting.id)}
        />
      )}
    </InfoCard>
  );
}
