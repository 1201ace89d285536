import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import { CanaryRecord } from '@meshport/plugin-mesh-common';
import { CanaryCheckCharts } from './CanaryCheckCharts';
import { CanaryStepsTable } from './CanaryStepsTable';
import { CanarySummary } from './CanarySummary';

/**
 * Everything about one canary: where it stands, the actions (active canaries only), its checks
 * over time (side by side) above its steps. The active card and an expanded history line show the same.
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
      <CanaryCheckCharts canary={canary} now={now} />
      <CanaryStepsTable canary={canary} now={now} />
    </Box>
  );
}
