import { z } from 'zod';
import { Finding } from '../istio/validation/finding';
import { AuthzDecision } from '../istio/security/types';
import { AuthzAction } from '../istio/model/security';
import { MetricsStatus } from '../metrics/types';
import { ClusterSyncState } from './types';

/**
 * The Security tab's contract: for each cluster, the mTLS each of the entity's workloads enforces
 * (and which resource at which level decided it), what clients send it, the PeerAuthentications,
 * RequestAuthentications and AuthorizationPolicies that apply, in words, with the analyzers'
 * findings at their fields, and who may call in and where the workloads may call out. Built by the
 * pure `buildClusterSecurity` in mesh-common from the live model; observed traffic is compared to
 * the access rows by `compareObservedAccess`.
 */

/** A resource that decided something, with the field that did (e.g. `spec.portLevelMtls["9080"].mode`). */
export interface SecurityResourceRef {
  kind: string;
  namespace: string;
  name: string;
  /** Field path inside the resource; empty for the whole resource. */
  path: string;
}

/**
 * What a workload's data plane accepts on a port after inheritance. `NONE`: the workload has no
 * proxy, so it accepts plaintext only and enforces no mTLS, JWT or authorization policy.
 */
export type ServerMtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'NONE';

/** Which PeerAuthentication level decided the mode (`root-namespace` is the mesh-wide policy). */
export type MtlsLevel =
  'port' | 'workload' | 'namespace' | 'root-namespace' | 'default';

/** A contradiction between what clients send and what the server accepts, or between policies. */
export interface MtlsConflict {
  /** The analyzer's code for the same problem (`IST0113` client/server mismatch), or Meshport's. */
  code: string;
  message: string;
  /** The resource (and field) to change to fix it, when one is to blame. */
  resource?: SecurityResourceRef;
}

/** Server and client side of mTLS for one port of one workload. */
export interface PortMtls {
  /** The workload's (container/target) port, which is what portLevelMtls is keyed by. */
  port: number;
  /** The Service port clients address when one maps to it (name as declared, e.g. `http`). */
  servicePort?: { service: string; port: number; name?: string };
  mode: ServerMtlsMode;
  level: MtlsLevel;
  /** The PeerAuthentication (and field) that decided; absent for the default and for `NONE`. */
  decidedBy?: SecurityResourceRef;
  /** One sentence: why this mode, e.g. `namespace-level PeerAuthentication bookinfo/default sets STRICT`. */
  reason: string;
  /** What a sidecar client in the workload's namespace sends to this port. */
  client: {
    /** ISTIO_MUTUAL (Istio mTLS), MUTUAL/SIMPLE (TLS with other certificates) or DISABLE (plaintext). */
    tls: 'ISTIO_MUTUAL' | 'MUTUAL' | 'SIMPLE' | 'DISABLE';
    source: 'destination-rule' | 'auto-mtls';
    /** The DestinationRule (and its tls field) when it sets the mode. */
    resource?: SecurityResourceRef;
  };
  conflicts: MtlsConflict[];
}

/** One of the entity's workloads (a Deployment, StatefulSet, … or a bare pod) in one cluster. */
export interface WorkloadSecurity {
  namespace: string;
  /** The workload's name as Istio's metrics name it (`source_workload`), e.g. `reviews-v1`. */
  workload: string;
  serviceAccount?: string;
  /** `trustDomain/ns/<ns>/sa/<sa>`: what AuthorizationPolicy `principals` match; absent without a sidecar. */
  principal?: string;
  dataPlane: 'sidecar' | 'ambient' | 'none';
  /** Pods of the workload (the first one's configuration stands for all). */
  pods: number;
  ports: PortMtls[];
}

export type SecurityPolicyKind =
  'PeerAuthentication' | 'RequestAuthentication' | 'AuthorizationPolicy';

/** One line of a policy in words, pointing at the field it comes from. */
export interface SecurityLine {
  /** e.g. `ALLOW GET, POST on paths /api/* from namespace frontend when request.auth.claims[group] is admins`. */
  text: string;
  /** Field path, e.g. `spec.rules[0]`, `spec.portLevelMtls["9080"]`, `spec.jwtRules[1]`. */
  path: string;
  /** Findings at this field or below it. */
  findings: Finding[];
}

/** A security policy that applies to at least one of the entity's workloads. */
export interface SecurityPolicyView {
  cluster: string;
  apiVersion: string;
  kind: SecurityPolicyKind;
  namespace: string;
  name: string;
  /** How it attaches: a selector, the whole namespace, mesh-wide from the root namespace, or targetRefs. */
  scope: 'workload' | 'namespace' | 'mesh' | 'target-ref';
  /** AuthorizationPolicy only (ALLOW when unset in YAML). */
  action?: AuthzAction;
  /** The entity's workloads it applies to, as `namespace/workload`. */
  appliesTo: string[];
  /** One sentence: what the policy does as a whole, e.g. `denies every request (DENY with an empty rule)`. */
  summary: string;
  lines: SecurityLine[];
  /** Every analyzer and schema finding on the resource (those at a line's field are also on the line). */
  findings: Finding[];
}

/** One answer of the authorization engine: may `source` call `destination` on this port/method/path. */
export interface AccessRow {
  /** The caller, `namespace/workload`. */
  source: string;
  sourceServiceAccount?: string;
  /** False for a caller without a sidecar (it sends plaintext, has no principal). */
  sourceSidecar: boolean;
  /** The callee, `namespace/workload`. */
  destination: string;
  /** The callee's workload port. */
  port: number;
  method: string;
  path: string;
  allowed: boolean;
  /** As the caller sees it: 200, 403 (RBAC), 401 (bad JWT) or 0 (connection reset by STRICT mTLS). */
  status: 0 | 200 | 401 | 403;
  /** The action of the policy that decided, or null when no policy did. */
  action: AuthzAction | null;
  policy: { namespace: string; name: string } | null;
  ruleIndex: number | null;
  reason: string;
}

/** How a caller seen in the metrics compares to what policy allows. */
export type ObservedStatus =
  /** Allowed and seen calling. */
  | 'allowed-seen'
  /** Allowed by policy but not seen in the window (a least-privilege candidate to drop). */
  | 'allowed-unseen'
  /** Seen and answered 403 by RBAC (`response_code="403"`). */
  | 'denied-seen'
  /** Plaintext (connection_security_policy="none" at the destination) to a PERMISSIVE port. */
  | 'plaintext-permissive';

export interface ObservedCaller {
  /** `namespace/workload` as the metrics name it (`unknown/unknown` for callers outside the mesh). */
  source: string;
  /** `namespace/workload`, one of the entity's workloads. */
  destination: string;
  /** The source principal Istio recorded (`spiffe://…` stripped), when the call was mTLS. */
  sourcePrincipal?: string;
  /** The callee's port when the access row is known (rows are per port; metrics are not). */
  port?: number;
  requestsPerSecond: number;
  /** 403s per second. */
  deniedPerSecond: number;
  /** Which proxy reported the figures above (destination preferred: it is the one that denies). */
  reporter: 'source' | 'destination';
  /** Requests per second that arrived without mTLS (destination reporter). */
  plaintextPerSecond: number;
  /** What the access rows say for this pair (any port): undefined when the caller is not a mesh workload. */
  allowedByPolicy?: boolean;
  status: ObservedStatus;
}

export interface ObservedAccess {
  windowSeconds: number;
  metrics: MetricsStatus;
  callers: ObservedCaller[];
}

export interface ClusterSecurity {
  cluster: string;
  sync: ClusterSyncState;
  /** The mesh's trust domain (principals are `<trustDomain>/ns/<ns>/sa/<sa>`). */
  trustDomain: string;
  workloads: WorkloadSecurity[];
  policies: SecurityPolicyView[];
  access: {
    /** Every mesh workload in this cluster → each of the entity's workloads, per port, GET /. */
    inbound: AccessRow[];
    /** Each of the entity's workloads → every other mesh workload, per port, GET /. */
    outbound: AccessRow[];
    /** How many workloads of the cluster were considered as peers. */
    peers: number;
  };
  /** Present when a metrics source answered (or said why it could not). */
  observed?: ObservedAccess;
  /** Every mTLS conflict of the workloads, once each, for the tab's banner. */
  conflicts: MtlsConflict[];
}

/** Answer of GET /entities/:kind/:namespace/:name/security. */
export interface EntitySecurity {
  entityRef: string;
  clusters: ClusterSecurity[];
  generatedAt: string;
}

/** Query of GET …/security: the window of observed traffic (e.g. `5m`), default 5 minutes. */
export const securityQuerySchema = z
  .object({
    window: z
      .string()
      .regex(/^\d+[smhd]$/, 'a duration like 30s, 5m, 1h')
      .optional(),
  })
  .strict();

export type SecurityQuery = z.infer<typeof securityQuerySchema>;

/**
 * Body of POST /entities/:kind/:namespace/:name/can-i. `from` is `namespace/workload` (a pod, a
 * Deployment …) or `namespace/serviceaccount` when no workload has that name, as `meshport can-i
 * --from`; `to` defaults to the entity's first workload, `port` to its first port.
 */
export const canIRequestSchema = z
  .object({
    cluster: z.string().min(1).optional(),
    from: z.string().regex(/^[a-z0-9.-]+\/[a-zA-Z0-9._-]+$/, 'namespace/name'),
    to: z
      .string()
      .regex(/^[a-z0-9.-]+\/[a-zA-Z0-9._-]+$/, 'namespace/name')
      .optional(),
    port: z.number().int().min(1).max(65535).optional(),
    method: z.string().min(1).max(20).optional(),
    path: z.string().max(2048).optional(),
    headers: z.record(z.string().max(4096)).optional(),
  })
  .strict();

export type CanIRequest = z.infer<typeof canIRequestSchema>;

/** Answer of POST …/can-i: exactly `meshport can-i --format json` (authorizeRequest's decision). */
export type CanIAnswer = AuthzDecision;
