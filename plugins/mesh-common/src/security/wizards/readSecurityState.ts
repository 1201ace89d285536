import { MeshIndex } from '../../istio/index/MeshIndex';
import {
  AuthorizationPolicy,
  PeerAuthentication,
  RequestAuthentication,
} from '../../istio/model/security';
import { oldestFirst } from './securityResources';
import { SecurityState, SecurityTarget } from './types';

/**
 * The state a security wizard starts from, read from the live model: one namespace's
 * PeerAuthentications, AuthorizationPolicies and RequestAuthentications (oldest first, the order
 * Istio breaks ties in), with the mesh's trust domain and root namespace.
 */
export function readSecurityState(
  index: MeshIndex,
  namespace: string,
  cluster?: string,
): SecurityState {
  return {
    namespace,
    trustDomain: index.trustDomain,
    rootNamespace: index.rootNamespace,
    peerAuthentications: oldestFirst(
      index.inNamespace<PeerAuthentication>(
        'PeerAuthentication',
        namespace,
        cluster,
      ),
    ),
    authorizationPolicies: oldestFirst(
      index.inNamespace<AuthorizationPolicy>(
        'AuthorizationPolicy',
        namespace,
        cluster,
      ),
    ),
    requestAuthentications: oldestFirst(
      index.inNamespace<RequestAuthentication>(
        'RequestAuthentication',
        namespace,
        cluster,
      ),
    ),
  };
}

/**
 * The service accounts (`ns/sa`) the target's pods run as: what "allow only these workloads"
 * puts in its principals, since Istio identifies callers by service account, not by workload.
 */
export function workloadServiceAccounts(
  index: MeshIndex,
  target: SecurityTarget,
  cluster?: string,
): string[] {
  const pods = index.podsMatching(
    target.namespace,
    target.selector ?? {},
    cluster,
  );
  return [
    ...new Set(
      pods.map(
        p => `${target.namespace}/${p.spec?.serviceAccountName || 'default'}`,
      ),
    ),
  ].sort();
}
