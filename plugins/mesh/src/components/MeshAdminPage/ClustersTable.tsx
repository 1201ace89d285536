import { SubvalueCell, Table, TableColumn } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import IconButton from '@material-ui/core/IconButton';
import DeleteIcon from '@material-ui/icons/Delete';
import { ClusterSummary } from '@meshport/plugin-mesh-common';
import { SyncStatus } from '../SyncStatus';
import { ObjectCounts } from './ObjectCounts';
import { PermissionTooltip } from './PermissionTooltip';

function tlsChip(c: ClusterSummary) {
  if (c.insecureSkipTlsVerify) return <Chip size="small" label="TLS not verified" color="secondary" />;
  if (c.hasCaData) return <Chip size="small" label="custom CA" />;
  return null;
}

/** Registered clusters with their cache state; the delete button is per row. */
export function ClustersTable(props: {
  clusters: ClusterSummary[];
  loading: boolean;
  canRegister: boolean;
  onDelete: (cluster: ClusterSummary) => void;
}) {
  const now = Date.now();
  const columns: TableColumn<ClusterSummary>[] = [
    {
      title: 'Name',
      field: 'name',
      highlight: true,
      render: c => (c.title ? <SubvalueCell value={c.name} subvalue={c.title} /> : c.name),
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
    { title: 'Sync', render: c => <SyncStatus sync={c.sync} now={now} /> },
    { title: 'Objects', render: c => <ObjectCounts counts={c.sync.objectCounts} missingKinds={c.sync.missingKinds} /> },
    {
      title: 'Registered',
      render: c => (
        <SubvalueCell
          value={c.source === 'config' ? 'from app-config' : `by ${c.createdBy}`}
          subvalue={new Date(c.createdAt).toLocaleString()}
        />
      ),
    },
    {
      title: 'Actions',
      render: c => (
        <PermissionTooltip allowed={props.canRegister}>
          <IconButton aria-label={`delete cluster ${c.name}`} disabled={!props.canRegister} onClick={() => props.onDelete(c)}>
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
      emptyContent={<div style={{ padding: 16 }}>No clusters registered yet. Register one to see its mesh.</div>}
    />
  );
}
