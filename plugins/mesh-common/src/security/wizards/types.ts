import {
  AuthorizationPolicy,
  PeerAuthentication,
  RequestAuthentication,
} from '../../istio/model/security';

export type {
  WizardFieldError,
  WizardResource,
  WizardResult,
} from '../../traffic/wizards/types';

/**
 * What a security wizard needs to know about one namespace, read from the live model
 * (`readSecurityState`) or assembled by the browser from the Security view. Policies are the
 * namespace's own, oldest first (Istio's order when several compete).
 */
export interface SecurityState {
  namespace: string;
  /** meshConfig.trustDomain: principals are `<trustDomain>/ns/<ns>/sa/<sa>`. */
  trustDomain: string;
  /** meshConfig.rootNamespace: selector-less policies there apply to the whole mesh. */
  rootNamespace: string;
  peerAuthentications: PeerAuthentication[];
  authorizationPolicies: AuthorizationPolicy[];
  requestAuthentications: RequestAuthentication[];
}

/**
 * The workloads a wizard's policy applies to: a namespace, narrowed to the pods a label selector
 * picks (usually the entity's Service selector). No selector: the whole namespace.
 */
export interface SecurityTarget {
  namespace: string;
  selector?: Record<string, string>;
}
