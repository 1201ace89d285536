import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { HealthVerdict } from '@meshport/plugin-mesh-common';
import { HEALTH_COLOURS } from '../../lib/topology/graphStyle';

/** A health verdict and, more important than its colour, the reasons for it in words. */
export function HealthReasons(props: { health: HealthVerdict }) {
  const { status, reasons } = props.health;
  return (
    <Box data-testid="health">
      <Box display="flex" alignItems="center" style={{ gap: 6 }}>
        <svg width={12} height={12} aria-hidden>
          <circle cx={6} cy={6} r={6} fill={HEALTH_COLOURS[status]} />
        </svg>
        <Typography variant="body2">
          <strong>{status}</strong>
        </Typography>
      </Box>
      {reasons.length > 0 ? (
        <ul style={{ margin: '4px 0', paddingLeft: 20 }}>
          {reasons.map((r, i) => (
            <li key={i} data-testid="health-reason" data-status={r.status}>
              <Typography variant="body2">{r.message}</Typography>
            </li>
          ))}
        </ul>
      ) : (
        <Typography variant="caption" color="textSecondary">
          {status === 'healthy'
            ? 'Nothing above any threshold.'
            : 'No reason recorded.'}
        </Typography>
      )}
    </Box>
  );
}
