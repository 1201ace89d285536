import {
  ClientTLSSettings,
  ConnectionPoolSettings,
  HeaderRules,
  HTTPFaultInjection,
  HTTPRoute,
  LoadBalancerSettings,
  OutlierDetection,
} from '../model/networking';

export interface ResourceRef {
  namespace: string;
  name: string;
}

/** Who sends the request: a workload (by pod, or labels in a namespace), a namespace, or a gateway. */
export interface RequestSource {
  /** Pod name; its namespace and labels are read from the index. */
  pod?: string;
  namespace?: string;
  /** Labels of the sending workload when no pod is named (for sourceLabels, workload-scoped rules). */
  labels?: Record<string, string>;
  /** An Istio Gateway as `<ns>/<name>`: the request enters through that gateway's proxy. */
  gateway?: string;
}

export interface RouteRequest {
  /**
   * Which routes apply: `http`, `tcp` (by port) or `tls` (by SNI). When unset, the protocol the
   * destination port declares decides (the gateway server's, on a gateway), and `http` when none does.
   */
  protocol?: 'http' | 'tcp' | 'tls';
  source?: RequestSource;
  /** The host the client addresses: short name, `name.ns`, FQDN, or an external or gateway host. */
  host: string;
  /** Port the client connects to; defaults to the Service's only port, else 80. */
  port?: number;
  method?: string;
  /** Path with optional query string. */
  path?: string;
  scheme?: string;
  /** Request headers; names are case-insensitive. `:authority`/`host` override the authority. */
  headers?: Record<string, string>;
  /** TLS server name; defaults to the host. */
  sni?: string;
  /** Destination IP, for destinationSubnets in TCP/TLS matches. */
  destinationIp?: string;
}

export type TraceStepKind =
  | 'source'
  | 'host-resolved'
  | 'protocol'
  | 'gateway-server'
  | 'virtual-service-selected'
  | 'virtual-service-conflict'
  | 'virtual-service-not-bound'
  | 'no-virtual-service'
  | 'rule-skipped'
  | 'rule-matched'
  | 'no-rule-matched'
  | 'delegate'
  | 'default-route'
  | 'passthrough'
  | 'blackhole'
  | 'sidecar-scope'
  | 'destination'
  | 'destination-unknown'
  | 'subset-missing'
  | 'destination-rule'
  | 'default-retries'
  | 'redirect'
  | 'direct-response'
  | 'reference-grant';

/** One human-readable decision record. */
export interface TraceStep {
  kind: TraceStepKind;
  message: string;
  virtualService?: ResourceRef;
  ruleIndex?: number;
  /** Why a rule was skipped: the first condition of each match block that failed. */
  reason?: string;
}

/** DestinationRule settings in effect for one destination, after port and subset overrides. */
export interface EffectivePolicy {
  loadBalancer: LoadBalancerSettings | null;
  connectionPool: ConnectionPoolSettings | null;
  outlierDetection: OutlierDetection | null;
  tls: ClientTLSSettings | null;
}

export interface TracedDestination {
  host: string;
  subset: string | null;
  port: number | null;
  /** Percent of requests, 0–100. */
  weight: number;
  /** Whether the host is a known Service or ServiceEntry. */
  known: boolean;
  destinationRule: ResourceRef | null;
  policy: EffectivePolicy;
  /** Set when the route names a subset that no applicable DestinationRule defines (Istio answers 503). */
  subsetMissing?: boolean;
}

export interface RetryPolicy {
  attempts: number;
  perTryTimeout: string | null;
  retryOn: string | null;
  /** `route` when the rule sets retries, `default` for Istio's built-in policy. */
  source: 'route' | 'default';
}

export interface MirrorTarget {
  host: string;
  subset: string | null;
  port: number | null;
  /** Percent of requests mirrored. */
  percentage: number;
}

export type RouteOutcome =
  | 'route'
  | 'redirect'
  | 'direct-response'
  | 'default-route'
  | 'passthrough'
  | 'no-route';

export interface RouteTrace {
  request: {
    protocol: 'http' | 'tcp' | 'tls';
    sourceNamespace: string;
    sourceLabels: Record<string, string>;
    gateway: string;
    host: string;
    port: number;
    method: string;
    path: string;
  };
  outcome: RouteOutcome;
  virtualService: ResourceRef | null;
  /** Set instead of virtualService when a Gateway API HTTPRoute routed the request. */
  httpRoute?: ResourceRef | null;
  ruleIndex: number | null;
  ruleName: string | null;
  /** Which match block of the rule matched (null: the rule has no match, or no rule matched). */
  matchIndex: number | null;
  destinations: TracedDestination[];
  fault: HTTPFaultInjection | null;
  timeout: string | null;
  retries: RetryPolicy | null;
  mirror: MirrorTarget[];
  rewrite: HTTPRoute['rewrite'] | null;
  redirect: HTTPRoute['redirect'] | null;
  directResponse: HTTPRoute['directResponse'] | null;
  headers: HeaderRules | null;
  steps: TraceStep[];
}

/** What Istio does when a route sets no retry policy. */
export const DEFAULT_RETRIES: Readonly<RetryPolicy> = {
  attempts: 2,
  perTryTimeout: null,
  retryOn:
    'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
  source: 'default',
};
