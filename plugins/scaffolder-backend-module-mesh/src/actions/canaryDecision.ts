import { ConflictError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  canaryActionRequestSchema,
  CanaryRecord,
  CanaryState,
  FINISHED_CANARY_STATES,
} from '@meshport/plugin-mesh-common';
import yaml from 'yaml';
import { MeshApiCallOptions, MeshApiClient } from '../MeshApiClient';
import { inputErrorFromIssues } from './inputErrorFromIssues';

/** What a person can decide about a running canary, and what it leads to. */
export interface CanaryDecision {
  verb: 'promote' | 'abort';
  actionId: string;
  description: string;
  /** The state and canary weight after it. */
  outcome: { state: CanaryState; weight: number };
  exampleReason: string;
}

/**
 * mesh:canary:promote and mesh:canary:abort differ only in the call and its outcome; both act on
 * a canary that is still running (progressing or paused), as the backend's 409 says otherwise.
 */
export function createCanaryDecisionAction(
  decision: CanaryDecision,
  deps: { meshApi: MeshApiClient },
) {
  const call = (
    id: string,
    reason: string | undefined,
    o: MeshApiCallOptions,
  ) =>
    decision.verb === 'promote'
      ? deps.meshApi.promoteCanary(id, reason, o)
      : deps.meshApi.abortCanary(id, reason, o);

  return createTemplateAction({
    id: decision.actionId,
    description: decision.description,
    supportsDryRun: true,
    examples: [
      {
        description: `${decision.verb === 'promote' ? 'Promote' : 'Abort'} the canary started by an earlier step`,
        example: yaml.stringify({
          steps: [
            {
              id: decision.verb,
              name: `${decision.verb === 'promote' ? 'Promote' : 'Abort'} the canary`,
              action: decision.actionId,
              input: {
                canaryId: "${{ steps['canary'].output.canaryId }}",
                reason: decision.exampleReason,
              },
            },
          ],
        }),
      },
    ],
    schema: {
      input: {
        canaryId: z =>
          z
            .string()
            .describe(
              'The canary, e.g. the canaryId output of mesh:canary:start',
            ),
        reason: z =>
          z.string().optional().describe("Why; kept in the canary's history"),
      },
      output: {
        state: z =>
          z
            .string()
            .describe(
              `The canary's state afterwards (${decision.outcome.state}); in a dry run, the state it would reach`,
            ),
        weight: z =>
          z
            .number()
            .describe('Percent of requests on the canary version afterwards'),
      },
    },
    async handler(ctx) {
      const { canaryId, reason } = ctx.input;
      if (!canaryId)
        throw inputErrorFromIssues(decision.actionId, [
          { code: 'custom', path: ['canaryId'], message: 'is required' },
        ]);
      const body = canaryActionRequestSchema.safeParse(
        reason === undefined ? {} : { reason },
      );
      if (!body.success)
        throw inputErrorFromIssues(decision.actionId, body.error.issues);
      const options: MeshApiCallOptions = {
        credentials: await ctx.getInitiatorCredentials(),
        signal: ctx.signal,
      };

      if (ctx.isDryRun) {
        const canary = await deps.meshApi.getCanary(canaryId, options);
        refuseFinished(decision, canary);
        ctx.logger.info(
          `Dry run: would ${decision.verb} canary ${canaryId} of ${canary.namespace}/${canary.service} (now ${canary.state} at ${canary.weight} % on ${canary.canaryVersion}), leaving it ${decision.outcome.state} at ${decision.outcome.weight} %`,
        );
        ctx.output('state', decision.outcome.state);
        ctx.output('weight', decision.outcome.weight);
        return;
      }

      const canary = await call(canaryId, reason, options);
      ctx.logger.info(
        `Canary ${canaryId} of ${canary.namespace}/${canary.service} is ${canary.state}: ${canary.weight} % on ${canary.canaryVersion}`,
      );
      ctx.output('state', canary.state);
      ctx.output('weight', canary.weight);
    },
  });
}

/** The dry run's stand-in for the backend's 409, so the preview fails where the run would. */
function refuseFinished(decision: CanaryDecision, canary: CanaryRecord) {
  if (FINISHED_CANARY_STATES.includes(canary.state))
    throw new ConflictError(
      `Canary ${canary.id} is already ${canary.state}; ${decision.verb} would be refused`,
    );
}
