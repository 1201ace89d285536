import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  BADGE_COLOUR,
  HEALTH_COLOURS,
  UNOBSERVED_COLOUR,
} from '../../lib/topology/graphStyle';

function Swatch(props: {
  colour: string;
  label: string;
  shape?: 'dot' | 'triangle' | 'square' | 'diamond';
}) {
  const size = 12;
  const shape = props.shape ?? 'dot';
  let mark;
  if (shape === 'triangle')
    mark = <polygon points="6,0 12,12 0,12" fill={props.colour} />;
  else if (shape === 'square')
    mark = <rect x={1} y={1} width={10} height={10} fill={props.colour} />;
  else if (shape === 'diamond')
    mark = <polygon points="6,0 12,6 6,12 0,6" fill={props.colour} />;
  else mark = <circle cx={6} cy={6} r={6} fill={props.colour} />;
  return (
    <Box display="flex" alignItems="center" style={{ gap: 4 }}>
      <svg width={size} height={size} aria-hidden>
        {mark}
      </svg>
      <Typography variant="caption">{props.label}</Typography>
    </Box>
  );
}

function Line(props: { dash?: string; colour: string; label: string }) {
  return (
    <Box display="flex" alignItems="center" style={{ gap: 4 }}>
      <svg width={28} height={8} aria-hidden>
        <line
          x1={0}
          y1={4}
          x2={28}
          y2={4}
          stroke={props.colour}
          strokeWidth={2}
          strokeDasharray={props.dash}
          strokeLinecap={props.dash === '1 5' ? 'round' : 'butt'}
        />
      </svg>
      <Typography variant="caption">{props.label}</Typography>
    </Box>
  );
}

/** What the colours, shapes and line styles of the graph mean (the same constants the canvas uses). */
export function TopologyLegend() {
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      style={{ gap: 16 }}
      role="group"
      aria-label="Legend"
      data-testid="topology-legend"
    >
      <Swatch colour={HEALTH_COLOURS.healthy} label="healthy" />
      <Swatch colour={HEALTH_COLOURS.degraded} label="degraded" />
      <Swatch colour={HEALTH_COLOURS.failure} label="failure" />
      <Swatch colour={HEALTH_COLOURS.idle} label="idle or unknown" />
      <Swatch colour="#8a8d90" shape="triangle" label="service" />
      <Swatch colour="#8a8d90" shape="diamond" label="gateway" />
      <Swatch colour="#8a8d90" shape="square" label="outside the mesh" />
      <Swatch colour={BADGE_COLOUR} label="Istio config applies (badges)" />
      <Line
        colour={HEALTH_COLOURS.idle}
        dash="6 4"
        label="not declared in the catalog"
      />
      <Line
        colour={UNOBSERVED_COLOUR}
        dash="1 5"
        label="declared in the catalog, not observed"
      />
    </Box>
  );
}
