import { DependencyList, ReactNode, useRef, useState } from 'react';
import {
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import { MeshGraph } from '@meshport/plugin-mesh-common';
import { MeshEntityTarget } from '../../api/MeshApi';
import { usePolledValue } from '../../hooks/usePolledValue';
import { describeApiError } from '../../lib/describeApiError';
import { GraphHit } from '../../lib/topology/GraphRenderer';
import { TopologyGraph } from './TopologyGraph';
import { TopologySidePanel } from './TopologySidePanel';
import {
  DEFAULT_TOPOLOGY_QUERY,
  topologyRefreshMs,
  TopologyQueryState,
} from './topologyQuery';

/** Props of {@link TopologyView}. */
export interface TopologyViewProps {
  /** Asks the backend for the graph. */
  fetchGraph: (query: TopologyQueryState) => Promise<MeshGraph>;
  /** What else the fetch depends on (entity, mesh, filters): a change starts over. */
  deps: DependencyList;
  entityRef?: MeshEntityTarget;
  showHops?: boolean;
  toolbarExtra?: ReactNode;
  refreshIntervalMs?: number;
  /** The title of the error panel when the first fetch fails. */
  errorTitle: string;
  height?: number;
}

/**
 * A polled graph with its side panel, shared by the entity tab and the admin page. While a new
 * window or graph type loads, the previous graph stays on screen (with a progress bar), so the
 * canvas keeps its positions and the user their place.
 */
export function TopologyView(props: TopologyViewProps) {
  const [query, setQuery] = useState<TopologyQueryState>(
    DEFAULT_TOPOLOGY_QUERY,
  );
  const [selected, setSelected] = useState<GraphHit>();
  const last = useRef<MeshGraph>();
  const { value, error, loading } = usePolledValue(
    () => props.fetchGraph(query),
    // From the graph shown so far: a large one refreshes less often.
    props.refreshIntervalMs ?? topologyRefreshMs(last.current),
    [...props.deps, query.graph, query.window, query.hops],
  );
  if (value) last.current = value;
  const graph = value ?? last.current;

  if (!graph) {
    if (loading) return <Progress />;
    return (
      <ResponseErrorPanel
        error={error ?? new Error('No answer from the mesh backend')}
        title={`${props.errorTitle}: ${describeApiError(error ?? 'no answer')}`}
      />
    );
  }
  return (
    <Grid container spacing={2}>
      {error && (
        <Grid item xs={12}>
          <WarningPanel
            title="Refresh failed; showing the last graph"
            message={describeApiError(error)}
          />
        </Grid>
      )}
      <Grid item xs={12} md={8}>
        {loading && <LinearProgress aria-label="Loading the graph" />}
        <TopologyGraph
          graph={graph}
          height={props.height}
          selected={selected}
          onSelect={setSelected}
          query={query}
          onQueryChange={q => {
            // Another graph type has other node ids: the selection would point at nothing.
            if (q.graph !== query.graph) setSelected(undefined);
            setQuery(q);
          }}
          showHops={props.showHops}
          toolbarExtra={props.toolbarExtra}
        />
      </Grid>
      <Grid item xs={12} md={4}>
        <TopologySidePanel
          graph={graph}
          selected={selected}
          entityRef={props.entityRef}
          window={query.window}
          onClose={() => setSelected(undefined)}
        />
      </Grid>
    </Grid>
  );
}
