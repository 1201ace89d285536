import { SubvalueCell, Table, TableColumn } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import DeleteIcon from '@material-ui/icons/Delete';
import { ClusterSummary } from '@meshport/plugin-mesh-common';
import { SyncStatus } from '../SyncStatus';
import { ObjectCounts } from './ObjectCounts';
import { PermissionTooltip } from './PermissionTooltip';

function tlsChip(c: ClusterSummary) {
  if (c.apiUrl.startsWith('http://'))
    return <Chip size="small" label="plain http" color="secondary" />;
  if (c.insecureSkipTlsVerify)
    return <Chip size="small" label="TLS not verified" color="secondary" />;
  if (c.hasCaData) return <Chip size="small" label="custom CA" />;
  return null;
}

/** How changes reach the cluster: the flags a platform engineer set at registration. */
function writeModeChips(c: ClusterSummary) {
  return (
    <>
      {c.gitops ? (
        <Tooltip title="Managed by GitOps: changes are exported as YAML, never applied">
          <Chip size="small" label="GitOps: export only" />
        </Tooltip>
      ) : (
        <Chip size="small" variant="outlined" label="applied directly" />
      )}
      {c.impersonate && (
        <Tooltip title="Writes impersonate the Backstage user, so the cluster's RBAC applies too">
          <Chip size="small" label="impersonates user" />
        </Tooltip>
      )}
    </>
  );
}

/** Registered clusters with their cache state; the delete button is per row. */
export function ClustersTable(props: {
  clusters: ClusterSummary[];
  loading: boolean;
  canDelete: boolean;
  onDelete: (cluster: ClusterSummary) => void;
}) {
  const now = Date.now();
  const columns: TableColumn<ClusterSummary>[] = [
    {
      title: 'Name',
      field: 'name',
      highlight: true,
      render: c =>
        c.title ? <SubvalueCell value={c.name} subvalue={c.title} /> : c.name,
    },
    {
      title: 'API URL',
      field: 'apiUrl',
      render: c => (
        <>
          <div>{c.apiUrl}</div>
          {tlsChip(c)}
        </>
      ),
    },
    { title: 'Writes', render: writeModeChips },
    { title: 'Sync', render: c => <SyncStatus sync={c.sync} now={now} /> },
    {
      title: 'Objects',
      render: c => (
        <ObjectCounts
          counts={c.sync.objectCounts}
          missingKinds={c.sync.missingKinds}
        />
      ),
    },
    {
      title: 'Registered',
      render: c => (
        <SubvalueCell
          value={
            c.source === 'config' ? 'from app-config' : `by ${c.createdBy}`
          }
          subvalue={new Date(c.createdAt).toLocaleString()}
        />
      ),
    },
    {
      title: 'Actions',
      render: c => (
        <PermissionTooltip
          allowed={props.canDelete}
          permission="mesh.cluster.delete"
        >
          <IconButton
            aria-label={`delete cluster ${c.name}`}
            disabled={!props.canDelete}
            onClick={() => props.onDelete(c)}
          >
            <DeleteIcon />
          </IconButton>
        </PermissionTooltip>
      ),
    },
  ];
  return (
    <Table<ClusterSummary>
      title="Clusters"
      isLoading={props.loading}
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={props.clusters}
      emptyContent={
        <div style={{ padding: 16 }}>
          No clusters registered yet. Register one to see its mesh.
        </div>
      }
    />
  );
}
