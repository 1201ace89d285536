import { z } from 'zod';
import {
  EdgeProtocol,
  HealthReason,
  HealthStatus,
  HealthVerdict,
  NodeKind,
  Red,
} from './types';

/** What is judged: a graph node of some kind, or an edge. */
export type HealthSubject = NodeKind | 'edge';
export type TrafficDirection = 'inbound' | 'outbound';

/**
 * One error-rate rule, modelled on Kiali's `health_config.rate` (flattened: Kiali nests the
 * tolerances under a namespace/kind/name entry; one level is easier to write in app-config).
 * Regexes are anchored (`reviews` does not match `reviews-v2`); unset patterns match anything.
 */
export interface RateTolerance {
  /** Regex on the namespace. */
  namespace?: string;
  /** Regex on the workload's name (or the app's, or the service's, for those graph types). */
  workload?: string;
  /** The kinds of node (or `edge`) the rule is for. */
  kind?: HealthSubject[];
  direction?: TrafficDirection;
  protocol?: EdgeProtocol;
  /** Regex on the response code, e.g. `5\d\d`. */
  code: string;
  /**
   * Percentages of all requests. A rule fires only when some requests have its codes: degraded at
   * or above `degraded` (so 0 means "any"), failure at or above `failure`. Above 100 never fires.
   */
  degraded: number;
  failure: number;
}

export interface HealthConfig {
  /**
   * Checked in order; for each response code the first rule whose patterns match the subject and
   * the code decides, so users' rules come before the defaults and override them code by code.
   */
  rate: RateTolerance[];
  /** The p99 latency objective for every node that has no objective of its own. */
  latencySloP99Ms?: number;
}

/** Kiali's defaults: any 5xx is degraded, 10 % fails; 4xx (often normal, e.g. 404) degrade at 10 %, fail at 20 %. */
export const DEFAULT_HEALTH_CONFIG: HealthConfig = {
  rate: [
    { code: '5\\d\\d', degraded: 0, failure: 10 },
    { code: '4\\d\\d', degraded: 10, failure: 20 },
  ],
};

export type RedWithCodes = Red & {
  /** Requests per second by response code; when absent, the 4xx and 5xx totals stand for 400 and 500. */
  responseCodes?: Record<string, number> | ReadonlyMap<string, number>;
};

export interface HealthInput {
  namespace: string;
  workload?: string;
  kind: HealthSubject;
  protocol?: EdgeProtocol;
  /** What the subject served (an edge's traffic is passed here). */
  inbound?: RedWithCodes;
  /** What the subject sent, for sources that serve nothing (gateways, unknown callers). */
  outbound?: RedWithCodes;
  latencySloP99Ms?: number;
  replicas?: { ready: number; desired: number };
  dataPlane?: 'sidecar' | 'ambient' | 'none';
  proxyVersion?: string;
  expectedProxyVersion?: string;
}

const RANK: Record<HealthStatus, number> = {
  unknown: 0,
  healthy: 1,
  idle: 2,
  degraded: 3,
  failure: 4,
};

/** The worse of two statuses (failure > degraded > idle > healthy > unknown). */
export function worseStatus(a: HealthStatus, b: HealthStatus): HealthStatus {
  return RANK[b] > RANK[a] ? b : a;
}

/**
 * Rates are sums of floating-point rates from Prometheus: 1 of 10 req/s can come out as
 * 9.999999999 %. A threshold is met when the value is within this much of it.
 */
const EPSILON = 1e-9;
const atLeast = (value: number, threshold: number) =>
  value >= threshold - EPSILON;

/** `12.3`, `4.1`, `0.05`, `840`: one decimal from 1 up, two significant digits below, whole from 100. */
export function formatHealthValue(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  if (a === 0) return '0';
  if (a >= 100) return String(Math.round(n));
  if (a >= 1) return n.toFixed(1);
  return String(Number(n.toPrecision(2)));
}

interface CompiledTolerance {
  namespace?: RegExp;
  workload?: RegExp;
  code: RegExp;
}

const compiled = new WeakMap<RateTolerance, CompiledTolerance>();

const anchored = (pattern: string) => new RegExp(`^(?:${pattern})$`);

function compile(t: RateTolerance): CompiledTolerance {
  let c = compiled.get(t);
  if (!c) {
    // Configs from app-config went through healthConfigSchema, which rejects bad regexes with
    // their path; a bad one here was built in code, so failing loudly is right.
    c = {
      namespace: t.namespace === undefined ? undefined : anchored(t.namespace),
      workload: t.workload === undefined ? undefined : anchored(t.workload),
      code: anchored(t.code),
    };
    compiled.set(t, c);
  }
  return c;
}

function appliesTo(
  t: RateTolerance,
  c: CompiledTolerance,
  input: HealthInput,
  direction: TrafficDirection,
): boolean {
  if (c.namespace && !c.namespace.test(input.namespace)) return false;
  if (c.workload && !c.workload.test(input.workload ?? '')) return false;
  if (t.kind && !t.kind.includes(input.kind)) return false;
  if (t.direction && t.direction !== direction) return false;
  if (t.protocol && t.protocol !== input.protocol) return false;
  return true;
}

/**
 * Response codes of one direction as (code, rate) pairs: as measured, or the class totals standing
 * for 400 and 500. A Map is iterated as it is: codes are integer-like keys, which objects keep as
 * elements that every enumeration turns back into strings, and a 1,000-node graph judges ~3,000.
 */
function codesOf(red: RedWithCodes): Iterable<[string, number]> {
  const codes = red.responseCodes;
  if (codes instanceof Map) {
    if (codes.size > 0) return codes;
  } else if (codes) {
    const entries = Object.entries(codes);
    if (entries.length > 0) return entries;
  }
  return [
    ['200', Math.max(0, red.rps - red.rps4xx - red.rps5xx)],
    ['400', red.rps4xx],
    ['500', red.rps5xx],
  ];
}

/** `5\d\d` → `5xx`; anything else names the codes it caught. */
function codeLabel(pattern: string, codes: string[]): string {
  const simple = pattern
    .replace(/^\^/, '')
    .replace(/\$$/, '')
    .replace(/\\d|\[0-9\]/g, 'x');
  if (/^[0-9x]{3}$/.test(simple)) return simple;
  return codes.length === 1 ? codes[0] : `codes ${codes.join(', ')}`;
}

function errorReasons(
  input: HealthInput,
  direction: TrafficDirection,
  red: RedWithCodes,
  config: HealthConfig,
): HealthReason[] {
  const codes = codesOf(red);
  let total = 0;
  for (const [, rps] of codes) total += rps;
  if (!(total > 0)) return [];
  const rules = config.rate
    .map(t => ({ t, c: compile(t) }))
    .filter(({ t, c }) => appliesTo(t, c, input, direction));
  // Each code is counted once, by the first rule that claims it.
  const claimed = new Map<RateTolerance, { rps: number; codes: string[] }>();
  for (const [code, rps] of codes) {
    if (!(rps > 0)) continue;
    const rule = rules.find(({ c }) => c.code.test(code));
    if (!rule) continue;
    const bucket = claimed.get(rule.t) ?? { rps: 0, codes: [] };
    bucket.rps += rps;
    bucket.codes.push(code);
    claimed.set(rule.t, bucket);
  }
  const out: HealthReason[] = [];
  // In the rules' order, so the reasons read the same whatever order the codes came in.
  for (const { t } of rules) {
    const bucket = claimed.get(t);
    if (!bucket) continue;
    const percent = (bucket.rps * 100) / total;
    let status: HealthStatus | undefined;
    let threshold: string;
    if (atLeast(percent, t.failure)) {
      status = 'failure';
      threshold = `failure at ${t.failure} %`;
    } else if (atLeast(percent, t.degraded)) {
      status = 'degraded';
      threshold =
        t.degraded === 0 ? 'degraded above 0 %' : `degraded at ${t.degraded} %`;
    } else continue;
    const codesSorted = bucket.codes.sort();
    const label = codeLabel(t.code, codesSorted);
    let code: HealthReason['code'] = 'error-rate';
    if (codesSorted.every(c => c.startsWith('5'))) code = 'error-rate-5xx';
    else if (codesSorted.every(c => c.startsWith('4'))) code = 'error-rate-4xx';
    const prefix = direction === 'outbound' ? 'outbound ' : '';
    out.push({
      code,
      status,
      message: `${prefix}${label} ${formatHealthValue(percent)} % of ${formatHealthValue(total)} req/s (${threshold})`,
    });
  }
  return out;
}

const hasTraffic = (red: Red | undefined) =>
  !!red && (red.rps > 0 || (red.tcpBytesPerSecond ?? 0) > 0);

const normaliseVersion = (v: string) => v.trim().replace(/^v/i, '');

/**
 * Judges a node or an edge, and says why in words a developer can act on, each with the measured
 * value and the threshold. The verdict is the worst of these findings:
 *
 * - error rates, per the config's rate rules (see `HealthConfig`), for each direction given;
 * - latency: the served p99 (inbound; an edge's own) over the SLO is degraded, over twice the SLO
 *   a failure — twice, because a p99 that far out means most slow requests are not tail noise;
 * - availability: none of ≥ 1 desired replicas ready is a failure, fewer than desired degraded;
 * - data plane: a workload without a sidecar (and not ambient) is degraded — it is not in the
 *   mesh, so it has no mTLS, policies or metrics of its own; a proxy whose version differs from
 *   the control plane's is degraded too.
 *
 * Without findings: healthy when there was traffic or the replicas are known and fine (as Kiali,
 * which does not fault a healthy deployment for being quiet), else idle (`no-traffic`). Unknown
 * callers, external hosts and edges are judged by their traffic only: they have no pods here.
 */
export function evaluateHealth(
  input: HealthInput,
  config: HealthConfig,
): HealthVerdict {
  const reasons: HealthReason[] = [];
  if (input.inbound)
    reasons.push(...errorReasons(input, 'inbound', input.inbound, config));
  if (input.outbound)
    reasons.push(...errorReasons(input, 'outbound', input.outbound, config));

  const slo = input.latencySloP99Ms;
  const p99 = input.inbound?.p99;
  if (slo !== undefined && slo > 0 && p99 !== undefined && p99 > slo) {
    const failure = p99 > 2 * slo;
    reasons.push({
      code: 'latency-slo',
      status: failure ? 'failure' : 'degraded',
      message: `p99 ${formatHealthValue(p99)} ms over ${failure ? 'twice ' : ''}the ${formatHealthValue(slo)} ms SLO`,
    });
  }

  const hasPods =
    input.kind !== 'edge' &&
    input.kind !== 'unknown' &&
    input.kind !== 'external';
  const replicas = hasPods ? input.replicas : undefined;
  if (replicas && replicas.desired > 0 && replicas.ready < replicas.desired) {
    reasons.push({
      code: 'availability',
      status: replicas.ready <= 0 ? 'failure' : 'degraded',
      message: `${replicas.ready} of ${replicas.desired} replica${replicas.desired === 1 ? '' : 's'} ready`,
    });
  }
  if (hasPods && input.dataPlane === 'none') {
    reasons.push({
      code: 'proxy-missing',
      status: 'degraded',
      message: 'no sidecar: not in the mesh',
    });
  }
  if (
    hasPods &&
    input.proxyVersion &&
    input.expectedProxyVersion &&
    normaliseVersion(input.proxyVersion) !==
      normaliseVersion(input.expectedProxyVersion)
  ) {
    reasons.push({
      code: 'proxy-outdated',
      status: 'degraded',
      message: `proxy ${input.proxyVersion}, control plane ${input.expectedProxyVersion}`,
    });
  }

  if (reasons.length > 0) {
    const status = reasons.reduce<HealthStatus>(
      (s, r) => worseStatus(s, r.status),
      'healthy',
    );
    return { status, reasons };
  }
  if (hasTraffic(input.inbound) || hasTraffic(input.outbound))
    return { status: 'healthy', reasons: [] };
  if (replicas && replicas.desired > 0)
    return { status: 'healthy', reasons: [] };
  return {
    status: 'idle',
    reasons: [
      {
        code: 'no-traffic',
        status: 'idle',
        message:
          replicas && replicas.desired === 0
            ? 'scaled to zero, no traffic in the window'
            : 'no traffic in the window',
      },
    ],
  };
}

const SUBJECTS: [HealthSubject, ...HealthSubject[]] = [
  'workload',
  'app',
  'versioned-app',
  'service',
  'unknown',
  'external',
  'gateway',
  'edge',
];

const regexSchema = z
  .string()
  .max(512)
  .superRefine((pattern, ctx) => {
    try {
      anchored(pattern);
    } catch (e) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `not a regular expression: ${(e as Error).message}`,
      });
    }
  });

const rateToleranceSchema = z
  .object({
    namespace: regexSchema.optional(),
    workload: regexSchema.optional(),
    // One kind or a list, as people write either in YAML.
    kind: z
      .union([z.enum(SUBJECTS), z.array(z.enum(SUBJECTS)).min(1)])
      .transform(k => (Array.isArray(k) ? k : [k]))
      .optional(),
    direction: z.enum(['inbound', 'outbound']).optional(),
    protocol: z.enum(['http', 'grpc', 'tcp']).optional(),
    code: regexSchema,
    degraded: z.number().min(0),
    failure: z.number().min(0),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.failure < t.degraded)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['failure'],
        message: `must be at least degraded (${t.degraded})`,
      });
  });

/**
 * App-config `mesh.health`: `{ rate: [...], latencySloP99Ms }`. Yields a HealthConfig whose
 * rules are the user's followed by the defaults, so a user rule overrides a default only for the
 * subjects and codes it names.
 */
export const healthConfigSchema = z
  .object({
    rate: z.array(rateToleranceSchema).max(200).default([]),
    latencySloP99Ms: z.number().positive().optional(),
  })
  .strict()
  .transform((v): HealthConfig => ({
    rate: [...v.rate, ...DEFAULT_HEALTH_CONFIG.rate],
    ...(v.latencySloP99Ms !== undefined
      ? { latencySloP99Ms: v.latencySloP99Ms }
      : {}),
  }));
