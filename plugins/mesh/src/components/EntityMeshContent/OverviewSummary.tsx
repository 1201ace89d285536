import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ClusterOverview } from '@meshport/plugin-mesh-common';

function Figure(props: { label: string; value: string; warn?: boolean }) {
  return (
    <Box mr={5} mb={1}>
      <Typography variant="caption" color="textSecondary" component="div">
        {props.label}
      </Typography>
      <Typography
        variant="h6"
        component="div"
        color={props.warn ? 'error' : 'textPrimary'}
      >
        {props.value}
      </Typography>
    </Box>
  );
}

/**
 * The four figures a platform engineer scans first. Several proxy versions at once is flagged:
 * it is normal during an upgrade, and a forgotten restart otherwise.
 */
export function OverviewSummary(props: {
  summary: ClusterOverview['summary'];
}) {
  const s = props.summary;
  return (
    <Box display="flex" flexWrap="wrap" role="group" aria-label="summary">
      <Figure
        label="Pods ready"
        value={`${s.podsReady}/${s.pods}`}
        warn={s.podsReady < s.pods}
      />
      <Figure label="With sidecar" value={`${s.podsWithSidecar}/${s.pods}`} />
      <Figure
        label="Injection mismatches"
        value={String(s.injectionMismatches)}
        warn={s.injectionMismatches > 0}
      />
      <Figure
        label={
          s.proxyVersions.length > 1
            ? 'Proxy versions (mixed)'
            : 'Proxy version'
        }
        value={s.proxyVersions.join(', ') || 'none'}
        warn={s.proxyVersions.length > 1}
      />
    </Box>
  );
}
