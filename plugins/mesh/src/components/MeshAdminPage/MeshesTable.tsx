import { SubvalueCell, Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import IconButton from '@material-ui/core/IconButton';
import DeleteIcon from '@material-ui/icons/Delete';
import { MeshSummary } from '@meshport/plugin-mesh-common';
import { PermissionTooltip } from './PermissionTooltip';

/** Registered meshes: which clusters take part, in which role and network. */
export function MeshesTable(props: {
  meshes: MeshSummary[];
  loading: boolean;
  canDelete: boolean;
  onDelete: (mesh: MeshSummary) => void;
}) {
  const columns: TableColumn<MeshSummary>[] = [
    {
      title: 'Name',
      field: 'name',
      highlight: true,
      render: m =>
        m.title ? <SubvalueCell value={m.name} subvalue={m.title} /> : m.name,
    },
    { title: 'Kind', field: 'kind' },
    { title: 'Control plane', field: 'controlPlaneCluster' },
    {
      title: 'Members',
      render: m => (
        <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
          {m.members.map(member => (
            <Chip
              key={member.cluster}
              size="small"
              color={member.role === 'primary' ? 'primary' : 'default'}
              label={`${member.cluster} · ${member.role}${member.network ? ` · ${member.network}` : ''}`}
            />
          ))}
        </Box>
      ),
    },
    {
      title: 'Revision',
      render: m =>
        [m.revision, m.version].filter(Boolean).join(' / ') || 'default',
    },
    { title: 'Trust domain', field: 'trustDomain' },
    { title: 'Prometheus', render: m => m.prometheusUrl ?? '—' },
    {
      title: 'Actions',
      render: m => (
        <PermissionTooltip
          allowed={props.canDelete}
          permission="mesh.cluster.delete"
        >
          <IconButton
            aria-label={`delete mesh ${m.name}`}
            disabled={!props.canDelete}
            onClick={() => props.onDelete(m)}
          >
            <DeleteIcon />
          </IconButton>
        </PermissionTooltip>
      ),
    },
  ];
  return (
    <Table<MeshSummary>
      title="Meshes"
      isLoading={props.loading}
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={props.meshes}
      emptyContent={
        <div style={{ padding: 16 }}>
          No meshes registered yet. A mesh groups clusters that share an Istio
          control plane.
        </div>
      }
    />
  );
}
