import { MeshApiClient } from '../MeshApiClient';
import { createCanaryDecisionAction } from './canaryDecision';

export const CANARY_ABORT_ACTION_ID = 'mesh:canary:abort';

/** mesh:canary:abort: stops a running canary with all traffic back on the stable version. */
export function createCanaryAbortAction(deps: { meshApi: MeshApiClient }) {
  return createCanaryDecisionAction(
    {
      verb: 'abort',
      actionId: CANARY_ABORT_ACTION_ID,
      description:
        'Aborts a running (or paused) canary: 100 % of the traffic goes back to the stable version and the canary stops. Runs as the user who started the task (needs mesh.canary.manage on the entity).',
      outcome: { state: 'aborted', weight: 0 },
      exampleReason: 'v3 returns stale ratings',
    },
    deps,
  );
}
