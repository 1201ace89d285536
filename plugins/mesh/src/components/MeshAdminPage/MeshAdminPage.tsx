import { useState } from 'react';
import {
  Content,
  ContentHeader,
  Header,
  Page,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import {
  ClusterSummary,
  MeshSummary,
  meshClusterDeletePermission,
  meshClusterRegisterPermission,
} from '@meshport/plugin-mesh-common';
import { meshApiRef } from '../../api/MeshApi';
import { usePolledValue } from '../../hooks/usePolledValue';
import { ClustersTable } from './ClustersTable';
import { ConfirmDeleteDialog } from './ConfirmDeleteDialog';
import { MeshesTable } from './MeshesTable';
import { MeshTopologySection } from './MeshTopologySection';
import { PermissionTooltip } from './PermissionTooltip';
import { RegisterClusterDialog } from './RegisterClusterDialog';
import { RegisterMeshDialog } from './RegisterMeshDialog';

type Deleting =
  | { kind: 'cluster'; item: ClusterSummary }
  | { kind: 'mesh'; item: MeshSummary };

/** Props of the mesh admin page. */
export interface MeshAdminPageProps {
  /** How often sync states are re-fetched, in milliseconds. Default 10 000. */
  refreshIntervalMs?: number;
}

/**
 * Where platform engineers register clusters and meshes and watch each cluster's sync state.
 * Buttons follow `mesh.cluster.register` so users see what they may do; the backend checks again.
 */
export function MeshAdminPage(props: MeshAdminPageProps) {
  const meshApi = useApi(meshApiRef);
  const interval = props.refreshIntervalMs ?? 10_000;
  const clusters = usePolledValue(() => meshApi.listClusters(), interval, [
    meshApi,
  ]);
  const meshes = usePolledValue(() => meshApi.listMeshes(), interval, [
    meshApi,
  ]);
  const { allowed: canRegister } = usePermission({
    permission: meshClusterRegisterPermission,
  });
  const { allowed: canDelete } = usePermission({
    permission: meshClusterDeletePermission,
  });
  const [dialog, setDialog] = useState<'cluster' | 'mesh'>();
  // The item stays set after the dialog closes so its text does not blank during the closing fade.
  const [deleting, setDeleting] = useState<Deleting>();
  const [confirmOpen, setConfirmOpen] = useState(false);
  // The graph is fetched only on its tab: it costs a metrics query per refresh.
  const [tab, setTab] = useState<'registry' | 'topology'>('registry');
  const askDelete = (d: Deleting) => {
    setDeleting(d);
    setConfirmOpen(true);
  };

  const confirmDelete = async () => {
    if (!deleting) return;
    if (deleting.kind === 'cluster') {
      await meshApi.deleteCluster(deleting.item.name);
      await clusters.refresh();
    } else {
      await meshApi.deleteMesh(deleting.item.name);
      await meshes.refresh();
    }
  };

  return (
    <Page themeId="tool">
      <Header
        title="Mesh admin"
        subtitle="Clusters and Istio meshes that Meshport watches"
      />
      <Content>
        <Tabs
          value={tab}
          onChange={(_e, v) => setTab(v)}
          indicatorColor="primary"
          style={{ marginBottom: 16 }}
        >
          <Tab value="registry" label="Clusters and meshes" />
          <Tab value="topology" label="Topology" />
        </Tabs>
        {tab === 'topology' && (
          <MeshTopologySection
            meshes={meshes.value ?? []}
            refreshIntervalMs={props.refreshIntervalMs}
          />
        )}
        {tab === 'registry' && (
          <>
            <ContentHeader title="Clusters and meshes">
              <Box display="flex" style={{ gap: 8 }}>
                <PermissionTooltip allowed={canRegister}>
                  <Button
                    variant="contained"
                    color="primary"
                    disabled={!canRegister}
                    onClick={() => setDialog('cluster')}
                  >
                    Register cluster
                  </Button>
                </PermissionTooltip>
                <PermissionTooltip allowed={canRegister}>
                  <Button
                    variant="outlined"
                    color="primary"
                    disabled={!canRegister}
                    onClick={() => setDialog('mesh')}
                  >
                    Register mesh
                  </Button>
                </PermissionTooltip>
              </Box>
            </ContentHeader>
            <Grid container spacing={3} direction="column">
              <Grid item>
                {clusters.error && (
                  <ResponseErrorPanel
                    error={clusters.error}
                    title="Could not load clusters"
                  />
                )}
                <ClustersTable
                  clusters={clusters.value ?? []}
                  loading={clusters.loading}
                  canDelete={canDelete}
                  onDelete={item => askDelete({ kind: 'cluster', item })}
                />
              </Grid>
              <Grid item>
                {meshes.error && (
                  <ResponseErrorPanel
                    error={meshes.error}
                    title="Could not load meshes"
                  />
                )}
                <MeshesTable
                  meshes={meshes.value ?? []}
                  loading={meshes.loading}
                  canDelete={canDelete}
                  onDelete={item => askDelete({ kind: 'mesh', item })}
                />
              </Grid>
            </Grid>
          </>
        )}
        <RegisterClusterDialog
          open={dialog === 'cluster'}
          onClose={() => setDialog(undefined)}
          onRegistered={() => clusters.refresh()}
        />
        <RegisterMeshDialog
          open={dialog === 'mesh'}
          clusters={clusters.value ?? []}
          onClose={() => setDialog(undefined)}
          onRegistered={() => meshes.refresh()}
        />
        <ConfirmDeleteDialog
          open={confirmOpen}
          title={
            deleting ? `Delete ${deleting.kind} ${deleting.item.name}?` : ''
          }
          onConfirm={confirmDelete}
          onClose={() => setConfirmOpen(false)}
        >
          {deleting?.kind === 'cluster'
            ? `Meshport stops watching ${deleting.item.name} and forgets its credentials. Nothing in the cluster changes.`
            : `Meshport forgets the mesh ${deleting?.item.name}; its clusters stay registered and nothing in them changes.`}
          {deleting?.item.source === 'config' &&
            ' It is defined in app-config, so it comes back when the backend restarts unless you remove it there.'}
        </ConfirmDeleteDialog>
      </Content>
    </Page>
  );
}
