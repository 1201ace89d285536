import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { CanaryRecord } from '@meshport/plugin-mesh-common';
import { CanaryCheckCharts } from './CanaryCheckCharts';
import { CanaryStepsTable } from './CanaryStepsTable';
import { CanarySummary } from './CanarySummary';

/**
 * Everything about one canary: where it stands, the actions (active canaries only), its checks
 * over time beside its steps. The active card and an expanded history line show the same.
 */
export function CanaryDetail(props: {
  canary: CanaryRecord;
  now: number;
  actions?: ReactNode;
}) {
  const { canary, now } = props;
  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      <CanarySummary canary={canary} now={now} />
      {props.actions}
      <Grid container spacing={2}>
        <Grid item xs={12} md={5}>
          <CanaryCheckCharts canary={canary} now={now} />
        </Grid>
        <Grid item xs={12} md={7}>
          <CanaryStepsTable canary={canary} now={now} />
        </Grid>
      </Grid>
    </Box>
  );
}
