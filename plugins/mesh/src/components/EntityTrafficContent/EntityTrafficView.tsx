import { useMemo, useState } from 'react';
import { Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { makeStyles } from '@material-ui/core/styles';
import { useSearchParams } from 'react-router-dom';
import { TrafficResource } from '@meshport/plugin-mesh-common';
import { meshApiRef, MeshEntityRef } from '../../api/MeshApi';
import { useConfigUpdatePermission } from '../../hooks/useConfigUpdatePermission';
import { usePolledValue } from '../../hooks/usePolledValue';
import { describeApiError } from '../../lib/describeApiError';
import { traceHighlight } from '../../lib/describeTrace';
import { formatAge } from '../../lib/formatAge';
import { formatEntityRef } from '../../lib/formatEntityRef';
import { CanaryPanel } from '../CanaryPanel';
import { HistoryPanel } from '../HistoryPanel';
import { EditResourceDialog } from '../YamlEditor';
import { NoClustersState } from '../EntityMeshContent/NoClustersState';
import { OverviewErrorPanel } from '../EntityMeshContent/OverviewErrorPanel';
import { ClusterTrafficCard } from './ClusterTrafficCard';
import { TrafficWizardMenu } from '../TrafficWizards';
import { TraceOutcome, TracerPanel } from './TracerPanel';

const useStyles = makeStyles({
  // The canary panel renders nothing for an entity without canaries; its grid cell then takes no
  // room either, so such a tab looks exactly as before.
  hideWhenEmpty: { '&:empty': { display: 'none' } },
});

/** Fetches the entity's traffic view and shows it with the tracer, refreshing it in place. */
export function EntityTrafficView(props: {
  entityRef: MeshEntityRef;
  refreshIntervalMs: number;
}) {
  const meshApi = useApi(meshApiRef);
  const classes = useStyles();
  const { kind, namespace, name } = props.entityRef;
  // `/catalog/<ns>/<kind>/<name>/traffic?canary=<id>` (the Scaffolder's link) selects a canary.
  const [searchParams] = useSearchParams();
  const selectedCanary = searchParams.get('canary') ?? undefined;
  const permission = useConfigUpdatePermission(
    formatEntityRef(props.entityRef),
  );
  const [editing, setEditing] = useState<TrafficResource>();
  const [traced, setTraced] = useState<TraceOutcome>();
  // Bumped after every applied change so the history refetches along with the view.
  const [changeCount, setChangeCount] = useState(0);
  const { value, error, loading, refresh } = usePolledValue(
    () => meshApi.getEntityTraffic({ kind, namespace, name }),
    props.refreshIntervalMs,
    [meshApi, kind, namespace, name],
  );
  const highlight = useMemo(
    () => traced && traceHighlight(traced.cluster, traced.trace),
    [traced],
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
    // The rules moved under the trace: it no longer says what happens now.
    setTraced(undefined);
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
      <Grid item className={classes.hideWhenEmpty}>
        <CanaryPanel
          entityRef={props.entityRef}
          refreshIntervalMs={props.refreshIntervalMs}
          selectedId={selectedCanary}
          onChanged={onChanged}
        />
      </Grid>
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
              data-testid="traffic-wizard-slot"
            >
              {value.clusters.map(c => (
                <TrafficWizardMenu
                  key={c.cluster}
                  entityRef={props.entityRef}
                  cluster={c.cluster}
                  traffic={c}
                  disabled={!permission.allowed}
                  disabledReason={permission.reason}
                  onApplied={onChanged}
                />
              ))}
            </Box>
          </Grid>
          <Grid item>
            <TracerPanel
              entityRef={props.entityRef}
              clusters={value.clusters}
              result={traced}
              onResult={setTraced}
            />
          </Grid>
          {value.clusters.map(c => (
            <Grid item key={c.cluster}>
              <ClusterTrafficCard
                traffic={c}
                now={now}
                highlight={highlight}
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
