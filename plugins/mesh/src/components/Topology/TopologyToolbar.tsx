import { ReactNode, useId } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import {
  GRAPH_TYPES,
  GraphFilterError,
  GraphType,
} from '@meshport/plugin-mesh-common';
import {
  GRAPH_TYPE_LABELS,
  TOPOLOGY_WINDOWS,
  TopologyQueryState,
  TopologyWindow,
} from './topologyQuery';

export interface TopologyToolbarProps {
  query: TopologyQueryState;
  onQueryChange: (query: TopologyQueryState) => void;
  showHops?: boolean;
  edgeLabels: boolean;
  onEdgeLabels: (on: boolean) => void;
  find: string;
  onFind: (text: string) => void;
  findError?: GraphFilterError;
  hide: string;
  onHide: (text: string) => void;
  hideError?: GraphFilterError;
  onFit: () => void;
  /** More fields, e.g. the admin page's namespace and cluster filters. */
  children?: ReactNode;
}

function filterHelp(error: GraphFilterError | undefined, example: string) {
  return error
    ? `${error.message} (at character ${error.position})`
    : `e.g. ${example}`;
}

/** Graph type, window, hops, edge labels, Find and Hide, zoom to fit. */
export function TopologyToolbar(props: TopologyToolbarProps) {
  const id = useId();
  const { query, onQueryChange } = props;
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="flex-start"
      style={{ gap: 12 }}
    >
      <TextField
        select
        size="small"
        variant="outlined"
        id={`${id}-graph`}
        label="Graph"
        value={query.graph}
        onChange={e =>
          onQueryChange({ ...query, graph: e.target.value as GraphType })
        }
        style={{ minWidth: 170 }}
      >
        {GRAPH_TYPES.map(t => (
          <MenuItem key={t} value={t}>
            {GRAPH_TYPE_LABELS[t]}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        size="small"
        variant="outlined"
        id={`${id}-window`}
        label="Window"
        value={query.window}
        onChange={e =>
          onQueryChange({ ...query, window: e.target.value as TopologyWindow })
        }
        style={{ minWidth: 160 }}
      >
        {TOPOLOGY_WINDOWS.map(w => (
          <MenuItem key={w.value} value={w.value}>
            {w.label}
          </MenuItem>
        ))}
      </TextField>
      {props.showHops && (
        <TextField
          select
          size="small"
          variant="outlined"
          id={`${id}-hops`}
          label="Hops"
          value={query.hops}
          onChange={e =>
            onQueryChange({ ...query, hops: Number(e.target.value) })
          }
          style={{ minWidth: 90 }}
        >
          {[1, 2, 3].map(h => (
            <MenuItem key={h} value={h}>
              {h}
            </MenuItem>
          ))}
        </TextField>
      )}
      {props.children}
      <TextField
        size="small"
        variant="outlined"
        id={`${id}-find`}
        label="Find"
        value={props.find}
        onChange={e => props.onFind(e.target.value)}
        error={!!props.findError}
        helperText={filterHelp(props.findError, 'error > 5% or p95 > 200')}
        style={{ minWidth: 240 }}
      />
      <TextField
        size="small"
        variant="outlined"
        id={`${id}-hide`}
        label="Hide"
        value={props.hide}
        onChange={e => props.onHide(e.target.value)}
        error={!!props.hideError}
        helperText={filterHelp(props.hideError, 'rate < 0.1')}
        style={{ minWidth: 200 }}
      />
      <FormControlLabel
        control={
          <Switch
            checked={props.edgeLabels}
            onChange={e => props.onEdgeLabels(e.target.checked)}
            color="primary"
          />
        }
        label="Edge labels"
      />
      <Button variant="outlined" onClick={props.onFit} style={{ marginTop: 4 }}>
        Zoom to fit
      </Button>
    </Box>
  );
}
