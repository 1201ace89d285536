import {
  AccessRow,
  ClusterSecurity,
  ObservedCall,
  wouldBeDenied,
} from '@meshport/plugin-mesh-common';

/**
 * The callers seen calling the entity's workloads in the namespace, as the generator takes them:
 * by the principal Istio recorded, else the service account the access matrix knows for them.
 * Callers outside the mesh have no identity to name and are left to the generator's notes.
 */
/** The observed caller's identity: its principal when Istio reported one, else its service account. */
function callerIdentity(
  principal: string | undefined,
  serviceAccount: string | undefined,
  source: string,
): { principal: string } | { serviceAccount: string } | {} {
  if (principal) return { principal };
  if (!serviceAccount) return {};
  return {
    serviceAccount: serviceAccount.includes('/')
      ? serviceAccount
      : `${source.split('/')[0]}/${serviceAccount}`,
  };
}

export function observedCalls(
  security: ClusterSecurity,
  namespace: string,
): ObservedCall[] {
  return (security.observed?.callers ?? [])
    .filter(
      c => c.destination.startsWith(`${namespace}/`) && c.requestsPerSecond > 0,
    )
    .map(c => {
      const row = security.access.inbound.find(r => r.source === c.source);
      const sa = row?.sourceServiceAccount;
      return {
        source: c.source,
        ...(c.port !== undefined ? { port: c.port } : {}),
        ...callerIdentity(c.sourcePrincipal, sa, c.source),
      };
    });
}

/**
 * What the least-privilege policy would deny that policy allows today: the access rows whose
 * caller was not seen on that port. The wizard's policy admits exactly the callers seen, so this
 * is the matrix after the change for the target (other ALLOW policies still admit what they admit).
 */
export function deniedByLeastPrivilege(
  security: ClusterSecurity,
  calls: ObservedCall[],
): AccessRow[] {
  const seen = (r: AccessRow) =>
    calls.some(
      c => c.source === r.source && (c.port === undefined || c.port === r.port),
    );
  const after = security.access.inbound.map(r => ({
    ...r,
    allowed: r.allowed && seen(r),
  }));
  return wouldBeDenied(security.access.inbound, after).map(c => c.before);
}
