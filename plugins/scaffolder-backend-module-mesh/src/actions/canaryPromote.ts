import { MeshApiClient } from '../MeshApiClient';
import { createCanaryDecisionAction } from './canaryDecision';

export const CANARY_PROMOTE_ACTION_ID = 'mesh:canary:promote';

/** mesh:canary:promote: ends a running canary now with all traffic on the canary version. */
export function createCanaryPromoteAction(deps: { meshApi: MeshApiClient }) {
  return createCanaryDecisionAction(
    {
      verb: 'promote',
      actionId: CANARY_PROMOTE_ACTION_ID,
      description:
        'Promotes a running (or paused) canary at once: 100 % of the traffic goes to the canary version, skipping the remaining steps and checks. Runs as the user who started the task (needs mesh.canary.manage on the entity).',
      outcome: { state: 'promoted', weight: 100 },
      exampleReason: 'v3 verified by the reviews team',
    },
    deps,
  );
}
