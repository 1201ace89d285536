import { MetricsStatus } from '../metrics/types';

/**
 * The topology contract: a service graph built from Istio's standard metrics (pure, in
 * `buildMeshGraph`), decorated from the live model (badges, sidecars, availability) and judged
 * by `evaluateHealth`. The backend serves it per entity and per mesh; the Topology tab and the
 * admin page draw it.
 */

/** Kiali's four graph types: nodes per workload, per app, per app and version, or per service. */
export type GraphType = 'workload' | 'app' | 'versioned-app' | 'service';
export const GRAPH_TYPES: GraphType[] = [
  'workload',
  'app',
  'versioned-app',
  'service',
];

export type NodeKind =
  | 'workload'
  | 'app'
  | 'versioned-app'
  | 'service'
  /** A caller Istio could not identify (no sidecar, outside the mesh): `source_workload="unknown"`. */
  | 'unknown'
  /** A ServiceEntry host or a host outside the mesh (`PassthroughCluster`, `BlackHoleCluster`). */
  | 'external'
  /** An ingress or egress gateway's workload. */
  | 'gateway';

export type HealthStatus =
  'healthy' | 'degraded' | 'failure' | 'idle' | 'unknown';

export type HealthReasonCode =
  | 'error-rate-5xx'
  | 'error-rate-4xx'
  | 'error-rate'
  | 'latency-slo'
  | 'availability'
  | 'proxy-missing'
  | 'proxy-outdated'
  | 'no-traffic';

export interface HealthReason {
  code: HealthReasonCode;
  status: HealthStatus;
  /** In words, with the measured value and the threshold: `5xx 12.3 % of 4.1 req/s ≥ failure 10 %`. */
  message: string;
}

/** What decided a node's or edge's colour: the worst status among its reasons (healthy when none). */
export interface HealthVerdict {
  status: HealthStatus;
  reasons: HealthReason[];
}

/** Rate, errors, duration over the window. Rates per second; latencies in ms (absent with no data). */
export interface Red {
  rps: number;
  rps4xx: number;
  rps5xx: number;
  /** 5xx ÷ all (0–1); 0 when rps is 0. */
  errorRatio: number;
  p50?: number;
  p95?: number;
  p99?: number;
  /** TCP bytes per second, sent plus received (TCP traffic only). */
  tcpBytesPerSecond?: number;
}

export type BadgeKind =
  | 'virtual-service'
  | 'traffic-shifting'
  | 'fault-injection'
  | 'circuit-breaker'
  | 'timeout'
  | 'retries'
  | 'mirror'
  | 'missing-sidecar'
  | 'authorization-policy'
  | 'request-authentication'
  | 'rate-limit';

export interface NodeBadge {
  kind: BadgeKind;
  /** The resources that give it, as `Kind namespace/name`. */
  resources: string[];
}

export interface GraphNode {
  /** Stable across refreshes: kind, cluster, namespace and names, e.g. `workload:c1:bookinfo:reviews-v2`. */
  id: string;
  kind: NodeKind;
  cluster?: string;
  namespace: string;
  /** What the node is called on screen: workload, app, `app v2`, service, or the external host. */
  name: string;
  app?: string;
  version?: string;
  workload?: string;
  /** For service nodes and external hosts: the host (e.g. `reviews.bookinfo.svc.cluster.local`). */
  service?: string;
  /** Set on the nodes of the entity the graph was asked for. */
  focus?: boolean;
  inbound: Red;
  outbound: Red;
  health: HealthVerdict;
  badges: NodeBadge[];
  /** From the live model; absent for services and nodes outside it. */
  dataPlane?: 'sidecar' | 'ambient' | 'none';
  /** Ready and desired replicas, from the live model. */
  replicas?: { ready: number; desired: number };
  /** The catalog entity whose annotations select this node, as an entity ref. */
  entityRef?: string;
}

export type EdgeProtocol = 'http' | 'grpc' | 'tcp';

export interface GraphEdge {
  /** `${source}->${target}:${protocol}`. */
  id: string;
  source: string;
  target: string;
  protocol: EdgeProtocol;
  rps: number;
  rps4xx: number;
  rps5xx: number;
  errorRatio: number;
  p50?: number;
  p95?: number;
  p99?: number;
  /** Requests per second by response code, e.g. `{ "200": 3.2, "503": 0.4 }`. */
  responseCodes: Record<string, number>;
  /** Share (0–1) of the edge's traffic the destination proxy saw over mutual TLS; absent when no destination proxy reported. */
  mtlsShare?: number;
  /** TCP edges: bytes per second each way. */
  tcpSentBytesPerSecond?: number;
  tcpReceivedBytesPerSecond?: number;
  health: HealthVerdict;
  /** Catalog overlay, set on entity graphs: traffic the catalog does not declare. */
  undeclared?: boolean;
}

/** A dependency the catalog declares (`dependsOn`, `consumesApi`) that the mesh never observed in the window. */
export interface UnobservedDependency {
  /** The node of the declaring side, when it is on the graph. */
  from?: string;
  fromEntityRef: string;
  toEntityRef: string;
  relation: 'dependsOn' | 'consumesApi' | 'dependencyOf' | 'apiProvidedBy';
  /** The node of the other side, when it is on the graph. */
  to?: string;
}

export interface MeshGraph {
  graphType: GraphType;
  windowSeconds: number;
  /** ISO time the metrics were read. */
  generatedAt: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  metrics: MetricsStatus;
  /** Catalog overlay (entity graphs). */
  unobserved?: UnobservedDependency[];
}

/** Per-workload or per-service charts over the window (Mesh tab, side panel). */
export interface RedSeries {
  rps: Array<[number, number]>;
  rps4xx: Array<[number, number]>;
  rps5xx: Array<[number, number]>;
  p50: Array<[number, number]>;
  p95: Array<[number, number]>;
  p99: Array<[number, number]>;
}

export interface MetricsCharts {
  windowSeconds: number;
  stepSeconds: number;
  inbound: RedSeries;
  outbound: RedSeries;
  metrics: MetricsStatus;
}
