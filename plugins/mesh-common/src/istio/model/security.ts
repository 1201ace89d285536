import { Attachable, IstioObject } from './common';

/** security.istio.io (v1 and v1beta1 share these shapes). */

export type MtlsMode = 'UNSET' | 'DISABLE' | 'PERMISSIVE' | 'STRICT';

export interface PeerAuthenticationSpec {
  selector?: { matchLabels?: Record<string, string> };
  mtls?: { mode?: MtlsMode };
  /** Keyed by the workload's (target) port number, as a string in YAML. */
  portLevelMtls?: Record<string, { mode?: MtlsMode }>;
}

export type PeerAuthentication = IstioObject<PeerAuthenticationSpec>;

export interface JWTRule {
  issuer: string;
  audiences?: string[];
  jwksUri?: string;
  jwks?: string;
  fromHeaders?: Array<{ name: string; prefix?: string }>;
  fromParams?: string[];
  forwardOriginalToken?: boolean;
  outputClaimToHeaders?: Array<{ header: string; claim: string }>;
}

export interface RequestAuthenticationSpec extends Attachable {
  jwtRules?: JWTRule[];
}

export type RequestAuthentication = IstioObject<RequestAuthenticationSpec>;

export interface AuthzSource {
  principals?: string[];
  notPrincipals?: string[];
  requestPrincipals?: string[];
  notRequestPrincipals?: string[];
  namespaces?: string[];
  notNamespaces?: string[];
  ipBlocks?: string[];
  notIpBlocks?: string[];
  remoteIpBlocks?: string[];
  notRemoteIpBlocks?: string[];
}

export interface AuthzOperation {
  hosts?: string[];
  notHosts?: string[];
  ports?: string[];
  notPorts?: string[];
  methods?: string[];
  notMethods?: string[];
  paths?: string[];
  notPaths?: string[];
}

export interface AuthzCondition {
  key: string;
  values?: string[];
  notValues?: string[];
}

export interface AuthzRule {
  from?: Array<{ source?: AuthzSource }>;
  to?: Array<{ operation?: AuthzOperation }>;
  when?: AuthzCondition[];
}

export type AuthzAction = 'ALLOW' | 'DENY' | 'AUDIT' | 'CUSTOM';

export interface AuthorizationPolicySpec extends Attachable {
  rules?: AuthzRule[];
  action?: AuthzAction;
  provider?: { name?: string };
}

export type AuthorizationPolicy = IstioObject<AuthorizationPolicySpec>;
