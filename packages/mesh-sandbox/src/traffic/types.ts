/** Shapes shared by the traffic model: the declared call graph and the mesh as the model sees it. */

export type CallProtocol = 'http' | 'grpc' | 'tcp';

/** How one workload version behaves when it serves a request. */
export interface Behaviour {
  /** Own processing time, log-normally distributed. */
  latencyMs: { median: number; p99: number };
  /** Fraction of requests the application itself answers with 500 (gRPC: status 13). */
  errorRate: number;
  requestBytes: number;
  responseBytes: number;
}

/**
 * Requests that start the traffic: through the ingress gateway, or from the pods of a service
 * inside the cluster (a load generator such as Istio's `sleep` sample).
 */
export interface EntryPoint {
  /** Through the gateway: the Host header, matched against VirtualServices bound to a gateway. From `source`: the service host, short names relative to the source's namespace. */
  host: string;
  /** Pods of this Service send the requests (with or without a sidecar) instead of the ingress gateway. */
  source?: { namespace: string; service: string };
  path: string;
  ratePerSecond: number;
  /** Share of users sending extra headers (e.g. Bookinfo's `end-user: jason`); the rest send none. */
  userMix?: Array<{ fraction: number; headers: Record<string, string> }>;
}

/** One service calling another for every request it serves. */
export interface CallEdge {
  from: { namespace: string; service: string; versions?: string[] };
  to: { namespace: string; service: string };
  protocol: CallProtocol;
  path: string;
  /** Calls made per request served (fractions are drawn at random). Default 1. */
  callsPerRequest?: number;
}

export interface CallGraph {
  entries: EntryPoint[];
  edges: CallEdge[];
  /** Keyed `<namespace>/<service>` or `<namespace>/<service>/<version>` (the more specific wins). */
  behaviour?: Record<string, Partial<Behaviour>>;
}

/** A running pod as the proxies see it. */
export interface Endpoint {
  pod: string;
  namespace: string;
  labels: Record<string, string>;
  workload: string;
  serviceAccount: string;
  sidecar: boolean;
}

export interface MeshService {
  name: string;
  namespace: string;
  /** `<name>.<namespace>.svc.cluster.local` */
  host: string;
  selector: Record<string, string>;
  ports: Array<{ port: number; name?: string }>;
}

/** The slice of Istio's configuration the model applies; objects are the stored JSON. */
export interface IstioConfigObject {
  metadata: { name?: string; namespace?: string; creationTimestamp?: string };
  spec?: Record<string, unknown>;
}

export interface MeshSnapshot {
  clusterName: string;
  trustDomain: string;
  rootNamespace: string;
  services: Map<string, MeshService>;
  endpoints: Endpoint[];
  gateways: IstioConfigObject[];
  virtualServices: IstioConfigObject[];
  destinationRules: IstioConfigObject[];
  authorizationPolicies: IstioConfigObject[];
  peerAuthentications: IstioConfigObject[];
}

/** Who makes a call, as the metrics label it. */
export interface Caller {
  workload: string;
  namespace: string;
  labels: Record<string, string>;
  serviceAccount: string;
  sidecar: boolean;
  /** Gateways route with VirtualServices bound to them instead of `mesh`. */
  gateway?: string[];
}

export interface RequestAttributes {
  host: string;
  path: string;
  method: string;
  headers: Record<string, string>;
  port?: number;
}
