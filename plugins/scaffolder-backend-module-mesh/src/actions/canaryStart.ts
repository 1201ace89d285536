import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CanaryCheck,
  StartCanaryRequest,
  startCanaryRequestSchema,
} from '@meshport/plugin-mesh-common';
import yaml from 'yaml';
import { MeshApiClient } from '../MeshApiClient';
import { entityTrafficUrl } from './entityTrafficUrl';
import { inputErrorFromIssues, IssuePath } from './inputErrorFromIssues';
import { writeExportedFiles } from './writeExportedFiles';

export const CANARY_START_ACTION_ID = 'mesh:canary:start';

/*
 * Type aliases rather than interfaces: the Scaffolder's generics want JsonObject, which an
 * interface (no index signature) is not assignable to.
 */

/** The action's `checks` input: friendly names for the plan's checks. */
export type CanaryStartChecksInput = {
  successRateMin?: number;
  latencyP99MaxMs?: number;
  custom?: Array<{ name: string; query: string; min?: number; max?: number }>;
};

/** The action's input, as the Scaffolder hands it over (validated against the JSON schema). */
export type CanaryStartInput = {
  entityRef: string;
  cluster?: string;
  namespace: string;
  service: string;
  stableVersion: string;
  canaryVersion: string;
  stepWeight?: number;
  maxWeight?: number;
  stepWeights?: number[];
  intervalSeconds: number;
  threshold: number;
  windowSeconds?: number;
  checks: CanaryStartChecksInput;
};

const examples = [
  {
    description:
      'Canary of reviews v3 against v1: 10 % more every minute up to 50 %, rolled back after 2 failed checks (success rate at least 99 %, p99 at most 500 ms)',
    example: yaml.stringify({
      steps: [
        {
          id: 'canary',
          name: 'Start the canary',
          action: CANARY_START_ACTION_ID,
          input: {
            entityRef: 'component:default/reviews',
            namespace: 'bookinfo',
            service: 'reviews',
            stableVersion: 'v1',
            canaryVersion: 'v3',
            stepWeight: 10,
            maxWeight: 50,
            intervalSeconds: 60,
            threshold: 2,
            checks: { successRateMin: 99, latencyP99MaxMs: 500 },
          },
        },
      ],
    }),
  },
  {
    description:
      'Explicit weights on a named cluster, with a custom PromQL check on 5xx responses per second',
    example: yaml.stringify({
      steps: [
        {
          id: 'canary',
          name: 'Start the canary',
          action: CANARY_START_ACTION_ID,
          input: {
            entityRef: 'component:default/reviews',
            cluster: 'prod-eu',
            namespace: 'bookinfo',
            service: 'reviews',
            stableVersion: 'v1',
            canaryVersion: 'v3',
            stepWeights: [5, 25, 50, 100],
            intervalSeconds: 300,
            threshold: 1,
            checks: {
              successRateMin: 99.5,
              custom: [
                {
                  name: '5xx per second',
                  query:
                    'sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="{{ namespace }}",destination_workload=~"{{ workload }}",response_code=~"5.."}[{{ interval }}]))',
                  max: 1,
                },
              ],
            },
          },
        },
      ],
    }),
  },
];

/**
 * The body of POST /canaries for the input, and where each plan check came from, so a
 * validation issue on `plan.checks.1.maxMs` can be reported as `checks.latencyP99MaxMs`.
 */
function toRequest(input: CanaryStartInput): {
  request: StartCanaryRequest;
  checkInputPaths: IssuePath[];
} {
  const checks: CanaryCheck[] = [];
  const checkInputPaths: IssuePath[] = [];
  const given = input.checks ?? {};
  if (given.successRateMin !== undefined) {
    checks.push({ kind: 'success-rate', minPercent: given.successRateMin });
    checkInputPaths.push(['checks', 'successRateMin']);
  }
  if (given.latencyP99MaxMs !== undefined) {
    checks.push({ kind: 'latency-p99', maxMs: given.latencyP99MaxMs });
    checkInputPaths.push(['checks', 'latencyP99MaxMs']);
  }
  (given.custom ?? []).forEach((c, i) => {
    checks.push({
      kind: 'promql',
      name: c.name,
      query: c.query,
      min: c.min,
      max: c.max,
    });
    checkInputPaths.push(['checks', 'custom', i]);
  });
  return {
    request: {
      entityRef: input.entityRef,
      cluster: input.cluster,
      namespace: input.namespace,
      service: input.service,
      stableVersion: input.stableVersion,
      canaryVersion: input.canaryVersion,
      plan: {
        stepWeight: input.stepWeight,
        maxWeight: input.maxWeight,
        stepWeights: input.stepWeights,
        intervalSeconds: input.intervalSeconds,
        threshold: input.threshold,
        windowSeconds: input.windowSeconds,
        checks,
      },
    },
    checkInputPaths,
  };
}

/** `plan.checks.<i>.<field>` → the check's input; `plan.<field>` → `<field>`. */
function inputPathFor(checkInputPaths: IssuePath[]) {
  return (path: IssuePath): IssuePath => {
    if (path[0] !== 'plan') return path;
    if (path[1] !== 'checks' || typeof path[2] !== 'number')
      return path.slice(1);
    const origin = checkInputPaths[path[2]];
    if (!origin) return path.slice(1);
    // A custom check keeps its own field names; the two fixed checks are one number each.
    return origin[1] === 'custom' ? [...origin, ...path.slice(3)] : origin;
  };
}

function describeChecks(input: CanaryStartInput): string {
  const parts: string[] = [];
  const { successRateMin, latencyP99MaxMs, custom = [] } = input.checks ?? {};
  if (successRateMin !== undefined)
    parts.push(`success rate ≥ ${successRateMin} %`);
  if (latencyP99MaxMs !== undefined)
    parts.push(`p99 latency ≤ ${latencyP99MaxMs} ms`);
  for (const c of custom) parts.push(c.name);
  return parts.length ? parts.join(', ') : 'none (every step passes)';
}

export function createCanaryStartAction(deps: { meshApi: MeshApiClient }) {
  return createTemplateAction({
    id: CANARY_START_ACTION_ID,
    description:
      "Starts a canary release of a Service: traffic moves step by step from the stable version to the canary version (DestinationRule subsets by the pods' `version` label), each step judged on Istio metrics; failed checks reaching the threshold roll it back, the last step passing promotes it. Runs as the user who started the task (needs mesh.canary.manage on the entity). On a GitOps-managed cluster it writes the first step's YAML into the workspace instead.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .describe(
              'The catalog entity the canary is for, e.g. component:default/reviews',
            ),
        cluster: z =>
          z
            .string()
            .optional()
            .describe(
              "The cluster; may be left out when the entity's mesh objects live in one cluster",
            ),
        namespace: z => z.string().describe("The Service's namespace"),
        service: z =>
          z
            .string()
            .describe('The Kubernetes Service whose traffic is shifted'),
        stableVersion: z =>
          z
            .string()
            .describe(
              'The `version` label of the running release (its DestinationRule subset), e.g. v1',
            ),
        canaryVersion: z =>
          z
            .string()
            .describe('The `version` label of the new release, e.g. v3'),
        stepWeight: z =>
          z
            .number()
            .optional()
            .describe(
              'Percent added at each step (10 → 10, 20, 30, …); give this or stepWeights',
            ),
        maxWeight: z =>
          z
            .number()
            .optional()
            .describe(
              'The last step with stepWeight, in percent (default 100); promotion follows it',
            ),
        stepWeights: z =>
          z
            .array(z.number())
            .optional()
            .describe('Explicit increasing weights, e.g. [5, 25, 50]'),
        intervalSeconds: z =>
          z
            .number()
            .describe(
              'Seconds between steps; each step is judged on this window (60 = 1m)',
            ),
        threshold: z =>
          z
            .number()
            .describe(
              'Failed checks (counted over the whole canary) before rollback',
            ),
        windowSeconds: z =>
          z
            .number()
            .optional()
            .describe(
              'Metrics window of each check in seconds (default: the interval, at least 30)',
            ),
        checks: z =>
          z
            .object({
              successRateMin: z
                .number()
                .optional()
                .describe(
                  'Lowest acceptable success rate (non-5xx), in percent',
                ),
              latencyP99MaxMs: z
                .number()
                .optional()
                .describe('Highest acceptable p99 request duration, in ms'),
              custom: z
                .array(
                  z.object({
                    name: z.string(),
                    query: z
                      .string()
                      .describe(
                        'PromQL with {{ namespace }}, {{ service }}, {{ workload }}, {{ version }}, {{ interval }}',
                      ),
                    min: z.number().optional(),
                    max: z.number().optional(),
                  }),
                )
                .optional(),
            })
            .describe(
              'What each step is judged on; a check with no data or a failing query counts as failed',
            ),
      },
      output: {
        kind: z =>
          z
            .enum(['started', 'dry-run', 'gitops'])
            .describe(
              'started: the canary runs; dry-run: previewed only; gitops: YAML written to the workspace',
            ),
        canaryId: z =>
          z
            .string()
            .optional()
            .describe('The canary; absent on a dry run and on GitOps clusters'),
        state: z =>
          z
            .string()
            .describe(
              "The canary's state (progressing, …), or dry-run / gitops when none was started",
            ),
        weights: z =>
          z
            .array(z.number())
            .describe('The canary weights the plan walks through'),
        url: z =>
          z.string().describe("The entity's Traffic tab, opened on the canary"),
        files: z =>
          z
            .array(z.string())
            .optional()
            .describe('GitOps: the files written into the workspace'),
        deletions: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'GitOps: files the change deletes (not expressible in a workspace)',
            ),
      },
    },
    async handler(ctx) {
      const input = ctx.input as CanaryStartInput;
      const { request, checkInputPaths } = toRequest(input);
      const parsed = startCanaryRequestSchema.safeParse(request);
      if (!parsed.success)
        throw inputErrorFromIssues(
          CANARY_START_ACTION_ID,
          parsed.error.issues,
          inputPathFor(checkInputPaths),
        );
      const trafficUrl = entityTrafficUrl(request.entityRef);
      const plan = parsed.data.plan;
      const target = `${request.namespace}/${request.service}`;
      ctx.logger.info(
        `Canary of ${target}: ${request.canaryVersion} against ${request.stableVersion}, ${
          plan.stepWeights
            ? `weights ${plan.stepWeights.join(', ')} %`
            : `+${plan.stepWeight} % per step up to ${plan.maxWeight ?? 100} %`
        }, every ${plan.intervalSeconds} s, rollback after ${plan.threshold} failed checks; checks: ${describeChecks(input)}`,
      );

      const response = await deps.meshApi.startCanary(
        ctx.isDryRun ? { ...request, dryRun: true } : request,
        {
          credentials: await ctx.getInitiatorCredentials(),
          signal: ctx.signal,
        },
      );
      ctx.output('weights', response.weights);
      ctx.logger.info(
        `Weights plan: ${response.weights.join(' → ')} % on ${request.canaryVersion}`,
      );

      if (response.kind === 'started') {
        ctx.logger.info(
          `First step applied: ${response.weight} % of ${target} on ${request.canaryVersion} (canary ${response.id}, ${response.route.kind} ${response.route.namespace}/${response.route.name})${
            response.nextCheckAt
              ? `; next check at ${response.nextCheckAt}`
              : ''
          }`,
        );
        ctx.output('kind', 'started');
        ctx.output('canaryId', response.id);
        ctx.output('state', response.state);
        ctx.output('url', entityTrafficUrl(request.entityRef, response.id));
        return;
      }

      for (const note of response.notes) ctx.logger.info(note);
      ctx.output('url', trafficUrl);
      if (response.kind === 'dry-run') {
        const { preview } = response;
        for (const r of preview.resources ?? [])
          ctx.logger.info(
            `Dry run: the first step would ${r.operation} ${r.kind} ${r.namespace}/${r.name}`,
          );
        if (preview.dryRun && !preview.dryRun.ok)
          ctx.logger.warn(
            `The cluster's dry run refused the first step: ${preview.dryRun.messages
              .map(m => `${m.resource}: ${m.message}`)
              .join('; ')}`,
          );
        ctx.output('kind', 'dry-run');
        ctx.output('state', 'dry-run');
        return;
      }

      // GitOps: nothing was started; the first step's YAML goes to the workspace for a publish step.
      ctx.output('kind', 'gitops');
      ctx.output('state', 'gitops');
      const { written, deletions } = await writeExportedFiles(
        ctx.workspacePath,
        response.files,
        ctx.logger,
        { dryRun: ctx.isDryRun },
      );
      ctx.output('files', written);
      if (deletions.length) ctx.output('deletions', deletions);
    },
  });
}
