import { useState } from 'react';
import { Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { IstioResourceRef } from '@meshport/plugin-mesh-common';
import { meshApiRef, MeshEntityRef } from '../../api/MeshApi';
import { usePolledValue } from '../../hooks/usePolledValue';
import { describeApiError } from '../../lib/describeApiError';
import { formatAge } from '../../lib/formatAge';
import { EditResourceDialog } from '../YamlEditor';
import { HistoryPanel } from '../HistoryPanel';
import { ClusterOverviewCard } from './ClusterOverviewCard';
import { NoClustersState } from './NoClustersState';
import { OverviewErrorPanel } from './OverviewErrorPanel';

/** Fetches and shows the overview of one entity, refreshing it in place. */
export function EntityMeshOverview(props: {
  entityRef: MeshEntityRef;
  refreshIntervalMs: number;
}) {
  const meshApi = useApi(meshApiRef);
  const { kind, namespace, name } = props.entityRef;
  const [editing, setEditing] = useState<{
    cluster: string;
    resource: IstioResourceRef;
  }>();
  // Bumped after every applied change so the history refetches along with the overview.
  const [changeCount, setChangeCount] = useState(0);
  const { value, error, loading, refresh } = usePolledValue(
    () => meshApi.getEntityOverview({ kind, namespace, name }),
    props.refreshIntervalMs,
    [meshApi, kind, namespace, name],
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
          {/* A failed refresh must not blank the tab: keep the last answer and say how old it is. */}
          <WarningPanel
            title={`Refresh failed; showing data from ${formatAge(value.generatedAt, now) ?? 'earlier'}`}
            message={describeApiError(error)}
          />
        </Grid>
      )}
      {value.clusters.length === 0 ? (
        <Grid item>
          <NoClustersState mesh={value.selector.mesh} />
        </Grid>
      ) : (
        <>
          <Grid item>
            <Typography variant="body2" color="textSecondary">
              Pods matching <code>{value.selector.labelSelector}</code>
              {value.selector.namespace
                ? ` in namespace ${value.selector.namespace}`
                : ' in all namespaces'}
              {value.selector.mesh ? `, mesh ${value.selector.mesh}` : ''}.
            </Typography>
          </Grid>
          {value.clusters.map(c => (
            <Grid item key={c.cluster}>
              <ClusterOverviewCard
                overview={c}
                selector={value.selector}
                now={now}
                entityRef={props.entityRef}
                onEditResource={(cluster, resource) =>
                  setEditing({ cluster, resource })
                }
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
            apiVersion: editing.resource.apiVersion,
            kind: editing.resource.kind,
            namespace: editing.resource.namespace,
            name: editing.resource.name,
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
