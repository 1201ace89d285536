import {
  ConnectionPoolSettings,
  DestinationRule,
  LoadBalancerSettings,
  OutlierDetection,
} from '../../istio/model/networking';
import { parseDuration } from '../../istio/validation/duration';
import { NETWORKING_V1, percentProblem, toManifest } from './editResources';
import { ServiceState, WizardFieldError, WizardResult } from './types';

export interface CircuitBreakingInput {
  /** connectionPool: limits past which Envoy rejects (opens the circuit). */
  maxConnections?: number;
  http1MaxPendingRequests?: number;
  http2MaxRequests?: number;
  maxRequestsPerConnection?: number;
  /** outlierDetection: eject a host after this many consecutive 5xx, for baseEjectionTime. */
  outlier?: {
    consecutive5xxErrors: number;
    interval: string;
    baseEjectionTime: string;
    maxEjectionPercent: number;
  };
}

export type LoadBalancingInput =
  | {
      kind: 'simple';
      algorithm: 'ROUND_ROBIN' | 'LEAST_REQUEST' | 'RANDOM' | 'PASSTHROUGH';
    }
  | { kind: 'header'; header: string }
  | { kind: 'cookie'; name: string; ttl: string; path?: string }
  | { kind: 'sourceIp' };

/** The DestinationRule to edit: the live one's copy, or a new one for the host. */
function editableDestinationRule(state: ServiceState): DestinationRule {
  if (state.destinationRule) return toManifest(state.destinationRule);
  return {
    apiVersion: NETWORKING_V1,
    kind: 'DestinationRule',
    metadata: { name: state.name, namespace: state.namespace },
    spec: { host: state.host },
  };
}

function positiveInt(
  errors: WizardFieldError[],
  field: string,
  value: number | undefined,
): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1))
    errors.push({ field, message: 'a whole number of at least 1' });
}

function duration(errors: WizardFieldError[], field: string, value: string) {
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0)
    errors.push({ field, message: 'a duration such as 10s or 500ms' });
}

/**
 * Circuit breaking and outlier detection for the whole host: the DestinationRule's top-level
 * trafficPolicy (subset and port policies, which override it, are kept as written).
 */
export function setCircuitBreaking(
  input: CircuitBreakingInput,
  state: ServiceState,
): WizardResult {
  const errors: WizardFieldError[] = [];
  positiveInt(errors, 'maxConnections', input.maxConnections);
  positiveInt(errors, 'http1MaxPendingRequests', input.http1MaxPendingRequests);
  positiveInt(errors, 'http2MaxRequests', input.http2MaxRequests);
  positiveInt(
    errors,
    'maxRequestsPerConnection',
    input.maxRequestsPerConnection,
  );
  const o = input.outlier;
  if (o) {
    positiveInt(errors, 'outlier.consecutive5xxErrors', o.consecutive5xxErrors);
    duration(errors, 'outlier.interval', o.interval);
    duration(errors, 'outlier.baseEjectionTime', o.baseEjectionTime);
    const p = percentProblem(o.maxEjectionPercent);
    if (p) errors.push({ field: 'outlier.maxEjectionPercent', message: p });
  }
  const pool: ConnectionPoolSettings = {};
  if (input.maxConnections !== undefined)
    pool.tcp = { maxConnections: input.maxConnections };
  const http: NonNullable<ConnectionPoolSettings['http']> = {};
  if (input.http1MaxPendingRequests !== undefined)
    http.http1MaxPendingRequests = input.http1MaxPendingRequests;
  if (input.http2MaxRequests !== undefined)
    http.http2MaxRequests = input.http2MaxRequests;
  if (input.maxRequestsPerConnection !== undefined)
    http.maxRequestsPerConnection = input.maxRequestsPerConnection;
  if (Object.keys(http).length > 0) pool.http = http;
  if (Object.keys(pool).length === 0 && !o)
    errors.push({
      field: 'maxConnections',
      message: 'set a limit or outlier detection',
    });
  if (errors.length > 0) return { ok: false, errors };

  const dr = editableDestinationRule(state);
  const policy = { ...dr.spec!.trafficPolicy };
  if (Object.keys(pool).length > 0) policy.connectionPool = pool;
  if (o) {
    const outlier: OutlierDetection = { ...o };
    policy.outlierDetection = outlier;
  }
  dr.spec = { ...dr.spec!, trafficPolicy: policy };
  return {
    ok: true,
    resources: [{ action: 'apply', manifest: dr }],
    notes: [
      `${state.destinationRule ? 'edits' : 'creates'} DestinationRule ${dr.metadata.name}: ${[
        Object.keys(pool).length > 0 && 'connection pool limits',
        o && `eject after ${o.consecutive5xxErrors} consecutive 5xx`,
      ]
        .filter(Boolean)
        .join(', ')}`,
    ],
  };
}

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** Load balancing and session persistence (consistent hash) for the whole host. */
export function setLoadBalancing(
  input: LoadBalancingInput,
  state: ServiceState,
): WizardResult {
  const errors: WizardFieldError[] = [];
  let lb: LoadBalancerSettings;
  switch (input.kind) {
    case 'simple':
      lb = { simple: input.algorithm };
      break;
    case 'header':
      if (!HEADER_NAME.test(input.header ?? ''))
        errors.push({ field: 'header', message: 'a header name, e.g. x-user' });
      lb = { consistentHash: { httpHeaderName: input.header.toLowerCase() } };
      break;
    case 'cookie':
      if (!HEADER_NAME.test(input.name ?? ''))
        errors.push({ field: 'cookie.name', message: 'a cookie name' });
      // A TTL is what makes Envoy set the cookie when the client has none.
      duration(errors, 'cookie.ttl', input.ttl);
      lb = {
        consistentHash: {
          httpCookie: {
            name: input.name,
            ttl: input.ttl,
            ...(input.path ? { path: input.path } : {}),
          },
        },
      };
      break;
    default:
      lb = { consistentHash: { useSourceIp: true } };
  }
  if (errors.length > 0) return { ok: false, errors };
  const dr = editableDestinationRule(state);
  dr.spec = {
    ...dr.spec!,
    trafficPolicy: { ...dr.spec!.trafficPolicy, loadBalancer: lb },
  };
  return {
    ok: true,
    resources: [{ action: 'apply', manifest: dr }],
    notes: [
      `${state.destinationRule ? 'edits' : 'creates'} DestinationRule ${dr.metadata.name}: load balancer ${JSON.stringify(lb)}`,
    ],
  };
}
