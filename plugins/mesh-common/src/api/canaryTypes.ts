import { z } from 'zod';
import {
  ApplyChangeResult,
  ChangeExport,
  ChangePreview,
} from './changeSchemas';
import { resourceNameSchema } from './clusterSchemas';

/**
 * Canary releases: the contract between the Scaffolder actions, the backend's canary routes and
 * controller, and the Traffic tab. Semantics follow Flagger's analysis: at every interval the
 * checks run against the mesh's metrics; a check fails when its value is out of range, when its
 * query fails and when there is no data; when failed checks reach the threshold all traffic goes
 * back to the stable version; after the last step passes the canary is promoted.
 */

const versionSchema = z
  .string()
  .min(1, 'is required')
  .max(63)
  .regex(
    /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/,
    'must be a label value (letters, digits, -, _ and .)',
  );

const weightSchema = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(100, 'must be at most 100');

/** Request success rate of the canary's workloads (non-5xx share of requests), in percent. */
export const successRateCheckSchema = z
  .object({
    kind: z.literal('success-rate'),
    /** The lowest acceptable success rate, e.g. 99. */
    minPercent: z.number().min(0).max(100),
  })
  .strict();

/** p99 request duration of the canary's workloads, from Istio's histogram. */
export const latencyCheckSchema = z
  .object({
    kind: z.literal('latency-p99'),
    /** The highest acceptable p99, in milliseconds, e.g. 500. */
    maxMs: z.number().positive('must be above 0'),
  })
  .strict();

/**
 * A custom PromQL query whose single value must lie in `[min, max]` (either bound may be left
 * out, not both). `{{ namespace }}`, `{{ service }}`, `{{ workload }}` (a regex of the canary's
 * workloads), `{{ version }}` and `{{ interval }}` are replaced before it runs, as in Flagger's
 * metric templates.
 */
export const promqlCheckSchema = z
  .object({
    kind: z.literal('promql'),
    /** Shown in the verdicts, e.g. `error budget burn`. */
    name: z.string().min(1, 'is required').max(63),
    query: z.string().min(1, 'is required').max(4000),
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .strict()
  .refine(c => c.min !== undefined || c.max !== undefined, {
    message: 'give min, max or both',
    path: ['min'],
  })
  .refine(c => c.min === undefined || c.max === undefined || c.min <= c.max, {
    message: 'must not be above max',
    path: ['min'],
  });

export const canaryCheckSchema = z.union([
  successRateCheckSchema,
  latencyCheckSchema,
  promqlCheckSchema,
]);
export type CanaryCheck = z.infer<typeof canaryCheckSchema>;

/**
 * How traffic moves and when it is judged. Either `stepWeight` (with `maxWeight`, default 100:
 * 10, 20, … up to maxWeight) or an explicit, increasing `stepWeights` list.
 */
export const canaryPlanSchema = z
  .object({
    stepWeight: weightSchema.optional(),
    maxWeight: weightSchema.optional(),
    stepWeights: z
      .array(weightSchema)
      .min(1, 'must list at least one weight')
      .max(100)
      .optional(),
    /** Seconds between steps (Flagger's `interval`); each step's checks cover this window. */
    intervalSeconds: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(24 * 3600, 'must be at most a day')
      .default(60),
    /**
     * The metrics window each check reads, in seconds; default: the interval, but at least 30 s so
     * a rate has samples to work with.
     */
    windowSeconds: z.number().int().min(10).max(3600).optional(),
    /** Failed checks before rollback (Flagger's `threshold`). */
    threshold: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(100)
      .default(2),
    checks: z.array(canaryCheckSchema).max(10, 'at most 10 checks').default([]),
  })
  .strict()
  .superRefine((plan, ctx) => {
    if (plan.stepWeights && plan.stepWeight !== undefined)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['stepWeights'],
        message: 'give stepWeight or stepWeights, not both',
      });
    if (!plan.stepWeights && plan.stepWeight === undefined)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['stepWeight'],
        message: 'give stepWeight or stepWeights',
      });
    if (plan.stepWeights) {
      plan.stepWeights.forEach((w, i) => {
        if (i > 0 && w <= plan.stepWeights![i - 1])
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ['stepWeights', i],
            message: 'must be above the weight before it',
          });
      });
    }
    if (
      plan.stepWeight !== undefined &&
      plan.maxWeight !== undefined &&
      plan.stepWeight > plan.maxWeight
    )
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['stepWeight'],
        message: 'must not be above maxWeight',
      });
  });

export type CanaryPlan = z.output<typeof canaryPlanSchema>;
export type CanaryPlanInput = z.input<typeof canaryPlanSchema>;

/** Body of POST /canaries (and of the `mesh:canary:start` action). */
export const startCanaryRequestSchema = z
  .object({
    /** The catalog entity the canary is for, e.g. `component:default/reviews`. */
    entityRef: z.string().min(1, 'is required'),
    /** The cluster; optional when the entity's mesh objects live in one cluster. */
    cluster: resourceNameSchema.optional(),
    namespace: resourceNameSchema,
    /** The Kubernetes Service whose traffic is shifted. */
    service: resourceNameSchema,
    /** `version` label (DestinationRule subset) of the running release. */
    stableVersion: versionSchema,
    /** `version` label of the new release. */
    canaryVersion: versionSchema,
    plan: canaryPlanSchema,
    /** Validate and preview the first step without writing anything or starting the canary. */
    dryRun: z.boolean().optional(),
  })
  .strict()
  .refine(r => r.stableVersion !== r.canaryVersion, {
    message: 'must differ from stableVersion',
    path: ['canaryVersion'],
  });
export type StartCanaryRequest = z.input<typeof startCanaryRequestSchema>;

/** Body of POST /traffic/shift (and of the `mesh:traffic:shift` action). */
export const shiftTrafficRequestSchema = z
  .object({
    entityRef: z.string().min(1, 'is required'),
    cluster: resourceNameSchema.optional(),
    namespace: resourceNameSchema,
    service: resourceNameSchema,
    /** Percent per version; they must add up to 100. */
    weights: z.record(versionSchema, z.number().int().min(0).max(100)),
    description: z.string().max(500).optional(),
    dryRun: z.boolean().optional(),
  })
  .strict();
export type ShiftTrafficRequest = z.input<typeof shiftTrafficRequestSchema>;

/** Body of POST /canaries/:id/abort, /promote and /resume. */
export const canaryActionRequestSchema = z
  .object({
    /** Why, kept in the canary's history. */
    reason: z.string().max(500).optional(),
  })
  .strict();

/**
 * progressing: the controller steps it. paused: stopped by a conflict (someone edited the routing
 * by hand) until a person resumes or aborts it. promoted: all traffic on the canary version.
 * rolled-back: its checks failed; all traffic back on stable. aborted: stopped by a person; all
 * traffic back on stable.
 */
export type CanaryState =
  'progressing' | 'paused' | 'promoted' | 'rolled-back' | 'aborted';

export const FINISHED_CANARY_STATES: CanaryState[] = [
  'promoted',
  'rolled-back',
  'aborted',
];

/** One check's measurement at one step. */
export interface CanaryCheckResult {
  /** `success rate`, `p99 latency`, or the custom check's name. */
  name: string;
  kind: CanaryCheck['kind'];
  /** The measured value; null when there was no data or the query failed. */
  value: number | null;
  /** The accepted range. */
  min?: number;
  max?: number;
  /** `%`, `ms` or empty. */
  unit: string;
  ok: boolean;
  /** Why it failed, in words: `99.1 % is below 99.5 %`, `no data`, `query failed: …`. */
  reason?: string;
}

export type CanaryVerdict =
  | 'started'
  | 'advanced'
  | 'held'
  | 'promoted'
  | 'rolled-back'
  | 'paused'
  | 'resumed'
  | 'aborted';

/** One entry of a canary's history: a step's checks and what the controller or a person did. */
export interface CanaryEvent {
  /** 1, 2, … per canary: each appears once, whichever replica wrote it. */
  seq: number;
  at: string;
  verdict: CanaryVerdict;
  /** The step index after this event (0 = the first weight). */
  step: number;
  /** The canary's weight after this event, in percent. */
  weight: number;
  /** Failed checks so far, after this event. */
  failedChecks: number;
  checks: CanaryCheckResult[];
  message: string;
  /** Who: `controller` for the scheduler, else the user's entity ref. */
  actor: string;
  /** The change set (write path) that moved the traffic, if any. */
  changeId?: string;
}

/** A canary as the API shows it. */
export interface CanaryRecord {
  id: string;
  entityRef: string;
  cluster: string;
  namespace: string;
  service: string;
  stableVersion: string;
  canaryVersion: string;
  plan: CanaryPlan;
  /** The weights the plan walks through, e.g. [10, 20, 30, 40, 50]. */
  weights: number[];
  state: CanaryState;
  /** Index into `weights` of the current step. */
  step: number;
  /** Percent of requests on the canary version now. */
  weight: number;
  failedChecks: number;
  /** What it is waiting on, or why it stopped. */
  message?: string;
  /** The routing object the canary writes: `VirtualService bookinfo/reviews` or an HTTPRoute. */
  route: {
    kind: 'VirtualService' | 'HTTPRoute';
    namespace: string;
    name: string;
  };
  /** When the controller next judges it (progressing only). */
  nextCheckAt?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
  events: CanaryEvent[];
}

/** The answer of a dry run of POST /canaries: what the first step would write; nothing written. */
export interface CanaryDryRun {
  kind: 'dry-run';
  weights: number[];
  /** The first step's change preview (validation, analyzers, server dry run, diff). */
  preview: ChangePreview;
  notes: string[];
}

/**
 * The answer of POST /canaries for a cluster managed by GitOps: nothing is written and no
 * controller runs; the first step's YAML is handed over for the existing publish actions.
 */
export interface CanaryGitOpsExport {
  kind: 'gitops';
  weights: number[];
  files: ChangeExport['files'];
  notes: string[];
}

/** POST /canaries: 201 with the started canary, or 200 with a dry run or a GitOps export. */
export type StartCanaryResponse =
  ({ kind: 'started' } & CanaryRecord) | CanaryDryRun | CanaryGitOpsExport;

/** POST /traffic/shift: the preview (dry run), the applied change, or the export for GitOps. */
export type ShiftTrafficResponse =
  | { kind: 'dry-run'; preview: ChangePreview }
  | { kind: 'applied'; preview: ChangePreview; change: ApplyChangeResult }
  | { kind: 'gitops'; preview: ChangePreview; files: ChangeExport['files'] };
