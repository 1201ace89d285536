import { ResourceRef } from '../routing/types';
import { MtlsMode } from '../model/security';
import { AuthzAction } from '../model/security';

/** A workload by pod name, or by namespace and labels. */
export interface WorkloadRef {
  namespace: string;
  pod?: string;
  labels?: Record<string, string>;
}

export interface SecurityStep {
  kind: string;
  message: string;
  policy?: ResourceRef;
  ruleIndex?: number;
  reason?: string;
}

/** Server-side mTLS: what a workload's sidecar accepts on a port. */
export interface MtlsDecision {
  /** STRICT, PERMISSIVE or DISABLE after inheritance (never UNSET). */
  mode: Exclude<MtlsMode, 'UNSET'>;
  /** Which level decided: a port-level setting, the workload policy, the namespace, the mesh, or Istio's default. */
  level: 'port' | 'workload' | 'namespace' | 'mesh' | 'default';
  policy: ResourceRef | null;
  /** Several policies competed at one level; Istio used the oldest. */
  conflicts: string[];
  steps: SecurityStep[];
}

/** What the client's sidecar sends, and whether the server accepts it. */
export interface ConnectionTls {
  client: {
    /** ISTIO_MUTUAL: Istio certificates; MUTUAL/SIMPLE: TLS origination with other certs; DISABLE: plaintext. */
    mode: 'ISTIO_MUTUAL' | 'MUTUAL' | 'SIMPLE' | 'DISABLE';
    source: 'destination-rule' | 'auto-mtls' | 'no-sidecar';
    destinationRule: ResourceRef | null;
  };
  /** Per destination pod (most meshes: all the same). */
  servers: Array<{
    pod: string;
    sidecar: boolean;
    mtls: MtlsDecision | null;
    compatible: boolean;
    problem?: string;
  }>;
  /** Whether the connection carries an Istio peer identity (mTLS with Istio certificates) to every server. */
  mtls: boolean;
  compatible: boolean;
  conflicts: string[];
  steps: SecurityStep[];
}

export interface JwtClaims {
  issuer: string;
  subject?: string;
  audiences?: string[];
  presenter?: string;
  /** Other claims, nested objects and arrays allowed. */
  claims?: Record<string, unknown>;
}

export interface AuthzRequest {
  /** The caller. A pod with a sidecar has a principal; without one (or `plaintext`) none. */
  source?: WorkloadRef & {
    /** Override the caller's identity, e.g. a VM or another cluster. */
    principal?: string;
    ip?: string;
    /** The original client address (X-Forwarded-For), for remoteIpBlocks and remote.ip. */
    remoteIp?: string;
  };
  destination: WorkloadRef & {
    /** The Service the request was addressed to, for targetRefs of kind Service. */
    service?: string;
    ip?: string;
  };
  /** Host (authority) of the request. */
  host?: string;
  /** The destination workload's port (targetPort). */
  port: number;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  sni?: string;
  /**
   * `http` (default) or `tcp`: on plain TCP, HTTP-only fields (methods, paths, hosts, request
   * principals, request.* conditions) cannot be checked, so Istio drops ALLOW rules that use them
   * and ignores those fields in DENY rules (denying more, never less).
   */
  protocol?: 'http' | 'tcp';
  /** A JWT the request carries, as its decoded claims. */
  jwt?: JwtClaims;
  /** The mesh's trust domain for principals; the index's (meshConfig.trustDomain) when unset. */
  trustDomain?: string;
  /** What a CUSTOM (external) authorizer would answer; unknown to Meshport, so assumed `allow`. */
  customDecision?: 'allow' | 'deny';
}

export interface AuthzDecision {
  allowed: boolean;
  /** The action of the policy that decided, or null when no policy did (nothing applies, or a bad token). */
  action: AuthzAction | null;
  policy: ResourceRef | null;
  ruleIndex: number | null;
  /** One sentence: why. */
  reason: string;
  /**
   * What the caller sees: 200 (allowed), 403 (RBAC denied), 401 (invalid JWT), or 0 when the
   * connection itself is reset (a plaintext caller to a STRICT mTLS workload).
   */
  status: 0 | 200 | 401 | 403;
  principal: string | null;
  requestPrincipal: string | null;
  steps: SecurityStep[];
}
