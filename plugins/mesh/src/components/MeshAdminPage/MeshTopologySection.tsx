import { useId, useMemo, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { MeshSummary } from '@meshport/plugin-mesh-common';
import { meshApiRef } from '../../api/MeshApi';
import { TopologyView } from '../Topology';

/** `a, b c` → `['a', 'b', 'c']`: commas or spaces, as people type lists. */
function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map(s => s.trim())
    .filter(Boolean);
}

/**
 * A whole mesh's service graph on the admin page: pick the mesh, narrow it to namespaces and
 * clusters (either side of an edge may match), then Find and Hide like on the entity tab.
 */
export function MeshTopologySection(props: {
  meshes: MeshSummary[];
  refreshIntervalMs?: number;
}) {
  const meshApi = useApi(meshApiRef);
  const id = useId();
  const [chosen, setChosen] = useState<string>();
  const mesh = chosen ?? props.meshes[0]?.name;
  const [namespacesText, setNamespacesText] = useState('');
  const [clustersText, setClustersText] = useState('');
  // Applied on blur or Enter, not per keystroke: every change is a new graph query.
  const [applied, setApplied] = useState({ namespaces: '', clusters: '' });
  const namespaces = useMemo(() => splitList(applied.namespaces), [applied]);
  const clusters = useMemo(() => splitList(applied.clusters), [applied]);
  const apply = () =>
    setApplied({ namespaces: namespacesText, clusters: clustersText });

  if (!mesh) {
    return (
      <Typography variant="body2" color="textSecondary">
        Register a mesh to see its topology.
      </Typography>
    );
  }
  const filterField = (
    label: string,
    value: string,
    set: (v: string) => void,
    suffix: string,
  ) => (
    <TextField
      size="small"
      variant="outlined"
      id={`${id}-${suffix}`}
      label={label}
      value={value}
      onChange={e => set(e.target.value)}
      onBlur={apply}
      onKeyDown={e => {
        if (e.key === 'Enter') apply();
      }}
      helperText="comma-separated; empty for all"
      style={{ minWidth: 180 }}
    />
  );
  return (
    <TopologyView
      key={mesh}
      fetchGraph={q =>
        meshApi.getMeshTopology(mesh, {
          window: q.window,
          graph: q.graph,
          namespaces: namespaces.length ? namespaces : undefined,
          clusters: clusters.length ? clusters : undefined,
        })
      }
      deps={[meshApi, mesh, namespaces, clusters]}
      refreshIntervalMs={props.refreshIntervalMs}
      errorTitle={`Could not load the topology of mesh ${mesh}`}
      toolbarExtra={
        <>
          {props.meshes.length > 1 && (
            <TextField
              select
              size="small"
              variant="outlined"
              id={`${id}-mesh`}
              label="Mesh"
              value={mesh}
              onChange={e => setChosen(e.target.value)}
              style={{ minWidth: 140 }}
            >
              {props.meshes.map(m => (
                <MenuItem key={m.name} value={m.name}>
                  {m.title ?? m.name}
                </MenuItem>
              ))}
            </TextField>
          )}
          {filterField('Namespaces', namespacesText, setNamespacesText, 'ns')}
          {filterField('Clusters', clustersText, setClustersText, 'clusters')}
        </>
      }
    />
  );
}
