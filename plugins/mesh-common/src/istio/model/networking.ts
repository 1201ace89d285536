import { IstioObject, StringMatch } from './common';

/**
 * networking.istio.io (v1, v1beta1 and v1alpha3 share these shapes). Only the fields Meshport's
 * engines read or show are typed; unknown fields pass through untouched.
 */

export interface PortSelector {
  number?: number;
}

export interface Destination {
  host: string;
  subset?: string;
  port?: PortSelector;
}

export interface HTTPMatchRequest {
  name?: string;
  uri?: StringMatch;
  scheme?: StringMatch;
  method?: StringMatch;
  authority?: StringMatch;
  headers?: Record<string, StringMatch>;
  port?: number;
  sourceLabels?: Record<string, string>;
  gateways?: string[];
  queryParams?: Record<string, StringMatch>;
  ignoreUriCase?: boolean;
  withoutHeaders?: Record<string, StringMatch>;
  sourceNamespace?: string;
  statPrefix?: string;
}

export interface HTTPRouteDestination {
  destination: Destination;
  weight?: number;
  headers?: HeaderRules;
}

export interface HeaderOperations {
  set?: Record<string, string>;
  add?: Record<string, string>;
  remove?: string[];
}

export interface HeaderRules {
  request?: HeaderOperations;
  response?: HeaderOperations;
}

export interface Percent {
  value?: number;
}

export interface HTTPFaultInjection {
  delay?: { fixedDelay?: string; percentage?: Percent; percent?: number };
  abort?: {
    httpStatus?: number;
    grpcStatus?: string;
    http2Error?: string;
    percentage?: Percent;
  };
}

export interface HTTPRetry {
  attempts?: number;
  perTryTimeout?: string;
  retryOn?: string;
  retryRemoteLocalities?: boolean;
}

export interface HTTPMirrorPolicy {
  destination: Destination;
  percentage?: Percent;
}

export interface HTTPRoute {
  name?: string;
  match?: HTTPMatchRequest[];
  route?: HTTPRouteDestination[];
  redirect?: {
    uri?: string;
    authority?: string;
    port?: number;
    scheme?: string;
    redirectCode?: number;
  };
  directResponse?: {
    status: number;
    body?: { string?: string; bytes?: string };
  };
  delegate?: { name: string; namespace?: string };
  rewrite?: {
    uri?: string;
    authority?: string;
    uriRegexRewrite?: { match?: string; rewrite?: string };
  };
  timeout?: string;
  retries?: HTTPRetry;
  fault?: HTTPFaultInjection;
  mirror?: Destination;
  mirrorPercentage?: Percent;
  mirrorPercent?: number;
  mirrors?: HTTPMirrorPolicy[];
  corsPolicy?: unknown;
  headers?: HeaderRules;
}

export interface L4MatchAttributes {
  destinationSubnets?: string[];
  port?: number;
  sourceLabels?: Record<string, string>;
  gateways?: string[];
  sourceNamespace?: string;
}

export interface TLSMatchAttributes extends L4MatchAttributes {
  sniHosts: string[];
}

export interface RouteDestination {
  destination: Destination;
  weight?: number;
}

export interface TCPRoute {
  match?: L4MatchAttributes[];
  route?: RouteDestination[];
}

export interface TLSRoute {
  match: TLSMatchAttributes[];
  route?: RouteDestination[];
}

export interface VirtualServiceSpec {
  hosts?: string[];
  gateways?: string[];
  http?: HTTPRoute[];
  tls?: TLSRoute[];
  tcp?: TCPRoute[];
  exportTo?: string[];
}

export type VirtualService = IstioObject<VirtualServiceSpec>;

export type TLSMode = 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL';

export interface ClientTLSSettings {
  mode?: TLSMode;
  sni?: string;
  subjectAltNames?: string[];
  credentialName?: string;
  insecureSkipVerify?: boolean;
}

export interface LoadBalancerSettings {
  simple?:
    | 'UNSPECIFIED'
    | 'LEAST_CONN'
    | 'RANDOM'
    | 'PASSTHROUGH'
    | 'ROUND_ROBIN'
    | 'LEAST_REQUEST';
  consistentHash?: Record<string, unknown>;
  localityLbSetting?: Record<string, unknown>;
  warmupDurationSecs?: string;
}

export interface ConnectionPoolSettings {
  tcp?: {
    maxConnections?: number;
    connectTimeout?: string;
    tcpKeepalive?: unknown;
    maxConnectionDuration?: string;
  };
  http?: {
    http1MaxPendingRequests?: number;
    http2MaxRequests?: number;
    maxRequestsPerConnection?: number;
    maxRetries?: number;
    idleTimeout?: string;
    h2UpgradePolicy?: string;
    useClientProtocol?: boolean;
  };
}

export interface OutlierDetection {
  consecutiveErrors?: number;
  consecutive5xxErrors?: number;
  consecutiveGatewayErrors?: number;
  consecutiveLocalOriginFailures?: number;
  splitExternalLocalOriginErrors?: boolean;
  interval?: string;
  baseEjectionTime?: string;
  maxEjectionPercent?: number;
  minHealthPercent?: number;
}

export interface PortTrafficPolicy {
  port?: PortSelector;
  loadBalancer?: LoadBalancerSettings;
  connectionPool?: ConnectionPoolSettings;
  outlierDetection?: OutlierDetection;
  tls?: ClientTLSSettings;
}

export interface TrafficPolicy {
  loadBalancer?: LoadBalancerSettings;
  connectionPool?: ConnectionPoolSettings;
  outlierDetection?: OutlierDetection;
  tls?: ClientTLSSettings;
  portLevelSettings?: PortTrafficPolicy[];
  tunnel?: unknown;
  proxyProtocol?: unknown;
}

export interface Subset {
  name: string;
  labels?: Record<string, string>;
  trafficPolicy?: TrafficPolicy;
}

export interface DestinationRuleSpec {
  host: string;
  trafficPolicy?: TrafficPolicy;
  subsets?: Subset[];
  exportTo?: string[];
  workloadSelector?: { matchLabels?: Record<string, string> };
}

export type DestinationRule = IstioObject<DestinationRuleSpec>;

export interface ServerTLSSettings {
  httpsRedirect?: boolean;
  mode?:
    | 'PASSTHROUGH'
    | 'SIMPLE'
    | 'MUTUAL'
    | 'AUTO_PASSTHROUGH'
    | 'ISTIO_MUTUAL'
    | 'OPTIONAL_MUTUAL';
  credentialName?: string;
}

export interface Server {
  port: { number: number; protocol: string; name: string; targetPort?: number };
  bind?: string;
  hosts: string[];
  tls?: ServerTLSSettings;
  name?: string;
}

export interface GatewaySpec {
  servers?: Server[];
  selector?: Record<string, string>;
}

export type Gateway = IstioObject<GatewaySpec>;

export interface ServicePortSpec {
  number: number;
  protocol?: string;
  name: string;
  targetPort?: number;
}

export interface WorkloadEntrySpec {
  address?: string;
  ports?: Record<string, number>;
  labels?: Record<string, string>;
  network?: string;
  locality?: string;
  weight?: number;
  serviceAccount?: string;
}

export type WorkloadEntry = IstioObject<WorkloadEntrySpec>;

export interface ServiceEntrySpec {
  hosts: string[];
  addresses?: string[];
  ports?: ServicePortSpec[];
  location?: 'MESH_EXTERNAL' | 'MESH_INTERNAL';
  resolution?: 'NONE' | 'STATIC' | 'DNS' | 'DNS_ROUND_ROBIN';
  endpoints?: WorkloadEntrySpec[];
  workloadSelector?: { labels?: Record<string, string> };
  exportTo?: string[];
  subjectAltNames?: string[];
}

export type ServiceEntry = IstioObject<ServiceEntrySpec>;

export interface IstioEgressListener {
  port?: ServicePortSpec;
  bind?: string;
  captureMode?: string;
  hosts: string[];
}

export interface SidecarSpec {
  workloadSelector?: { labels?: Record<string, string> };
  ingress?: Array<{
    port: ServicePortSpec;
    bind?: string;
    defaultEndpoint?: string;
  }>;
  egress?: IstioEgressListener[];
  outboundTrafficPolicy?: { mode?: 'REGISTRY_ONLY' | 'ALLOW_ANY' };
}

export type Sidecar = IstioObject<SidecarSpec>;

export interface WorkloadGroupSpec {
  metadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  template: WorkloadEntrySpec;
  probe?: unknown;
}

export type WorkloadGroup = IstioObject<WorkloadGroupSpec>;

export interface EnvoyFilterSpec {
  workloadSelector?: { labels?: Record<string, string> };
  targetRefs?: Array<{ group?: string; kind: string; name: string }>;
  configPatches?: Array<{
    applyTo?: string;
    match?: Record<string, unknown>;
    patch?: { operation?: string; value?: unknown };
  }>;
  priority?: number;
}

export type EnvoyFilter = IstioObject<EnvoyFilterSpec>;
