import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { CanaryRecord, describeCanaryPlan } from '@meshport/plugin-mesh-common';
import { describeStep, formatUntil } from '../../lib/canaryText';
import { WeightSplitBar } from '../EntityTrafficContent/WeightSplitBar';

function MessageLine(props: { canary: CanaryRecord }) {
  const { state, message } = props.canary;
  if (!message) return null;
  if (state === 'paused') {
    return (
      <Alert severity="warning" data-testid="canary-pause-reason">
        Paused: {message}
      </Alert>
    );
  }
  if (state === 'rolled-back') return <Alert severity="error">{message}</Alert>;
  return (
    <Typography variant="body2" color="textSecondary">
      {message}
    </Typography>
  );
}

/**
 * Where a canary stands: the stable/canary split as a bar, the step, when it is judged next, how
 * many checks failed against the rollback threshold, its message and its plan in words.
 */
export function CanarySummary(props: { canary: CanaryRecord; now: number }) {
  const { canary, now } = props;
  const stableWeight = Math.max(0, 100 - canary.weight);
  const nextCheck =
    canary.state === 'progressing'
      ? formatUntil(canary.nextCheckAt, now)
      : undefined;
  const facts = [
    describeStep(canary),
    nextCheck && `next check ${nextCheck}`,
    `failed checks ${canary.failedChecks} of ${canary.plan.threshold}`,
  ].filter(Boolean);
  return (
    <Box display="flex" flexDirection="column" gridGap={8}>
      <WeightSplitBar
        destinations={[
          {
            text: `${canary.stableVersion} (stable) — ${stableWeight} %`,
            weight: stableWeight,
          },
          {
            text: `${canary.canaryVersion} (canary) — ${canary.weight} %`,
            weight: canary.weight,
          },
        ]}
      />
      <Typography variant="body2" data-testid="canary-facts">
        {facts.join(' · ')}
      </Typography>
      <MessageLine canary={canary} />
      <Typography variant="body2" color="textSecondary">
        Plan: {describeCanaryPlan(canary.plan)}
      </Typography>
    </Box>
  );
}
