import { useState } from 'react';
import { Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { SecurityPolicyView } from '@meshport/plugin-mesh-common';
import { meshApiRef, MeshEntityRef } from '../../api/MeshApi';
import { useConfigUpdatePermission } from '../../hooks/useConfigUpdatePermission';
import { usePolledValue } from '../../hooks/usePolledValue';
import { describeApiError } from '../../lib/describeApiError';
import { formatAge } from '../../lib/formatAge';
import { formatEntityRef } from '../../lib/formatEntityRef';
import { HistoryPanel } from '../HistoryPanel';
import { EditResourceDialog } from '../YamlEditor';
import { NoClustersState } from '../EntityMeshContent/NoClustersState';
import { OverviewErrorPanel } from '../EntityMeshContent/OverviewErrorPanel';
import { SecurityWizardMenu } from '../SecurityWizards';
import { CanIPanel } from './CanIPanel';
import { ClusterSecurityCard } from './ClusterSecurityCard';

/** Fetches the entity's security view and shows it with "may A call B", refreshing it in place. */
export function EntitySecurityView(props: {
  entityRef: MeshEntityRef;
  /** The entity's pods by label equality: the selector the wizards' policies use. */
  selector: Record<string, string>;
  window?: string;
  refreshIntervalMs: number;
}) {
  const meshApi = useApi(meshApiRef);
  const { kind, namespace, name } = props.entityRef;
  const permission = useConfigUpdatePermission(
    formatEntityRef(props.entityRef),
  );
  const [editing, setEditing] = useState<SecurityPolicyView>();
  // Bumped after every applied change so the history refetches along with the view.
  const [changeCount, setChangeCount] = useState(0);
  const { value, error, loading, refresh } = usePolledValue(
    () =>
      meshApi.getEntitySecurity(
        { kind, namespace, name },
        props.window ? { window: props.window } : {},
      ),
    props.refreshIntervalMs,
    [meshApi, kind, namespace, name, props.window],
  );

  if (loading) return <Progress />;
  if (!value)
    return (
      <OverviewErrorPanel
        error={error ?? new Error('No answer from the mesh backend')}
      />
    );

  const now = Date.now();
  const onChanged = () => {
    refresh();
    setChangeCount(c => c + 1);
  };

  return (
    <Grid container spacing={3} direction="column">
      {error && (
        <Grid item>
          <WarningPanel
            title={`Refresh failed; showing data from ${formatAge(value.generatedAt, now) ?? 'earlier'}`}
            message={describeApiError(error)}
          />
        </Grid>
      )}
      {value.clusters.length === 0 ? (
        <Grid item>
          <NoClustersState />
        </Grid>
      ) : (
        <>
          <Grid item>
            <Box
              display="flex"
              justifyContent="flex-end"
              flexWrap="wrap"
              gridGap={8}
              data-testid="security-wizard-slot"
            >
              {value.clusters.map(c => (
                <SecurityWizardMenu
                  key={c.cluster}
                  entityRef={props.entityRef}
                  security={c}
                  selector={props.selector}
                  label={
                    value.clusters.length > 1
                      ? `Change security (${c.cluster})`
                      : undefined
                  }
                  disabled={!permission.allowed}
                  disabledReason={permission.reason}
                  onApplied={onChanged}
                />
              ))}
            </Box>
          </Grid>
          <Grid item>
            <CanIPanel entityRef={props.entityRef} clusters={value.clusters} />
          </Grid>
          {value.clusters.map(c => (
            <Grid item key={c.cluster}>
              <ClusterSecurityCard
                security={c}
                now={now}
                editDisabledReason={permission.reason}
                onEdit={setEditing}
              />
            </Grid>
          ))}
          <Grid item>
            <HistoryPanel
              entityRef={props.entityRef}
              refreshIntervalMs={props.refreshIntervalMs}
              refreshKey={changeCount}
              onChanged={onChanged}
            />
          </Grid>
        </>
      )}
      {editing && (
        <EditResourceDialog
          open
          entityRef={props.entityRef}
          cluster={editing.cluster}
          resource={{
            apiVersion: editing.apiVersion,
            kind: editing.kind,
            namespace: editing.namespace,
            name: editing.name,
          }}
          onClose={() => setEditing(undefined)}
          onApplied={() => {
            setEditing(undefined);
            onChanged();
          }}
        />
      )}
    </Grid>
  );
}
