import { Pod } from '../../kube/types';
import { hasSidecar } from '../../overview/sidecar';

/** Istio's SPIFFE-style identity without the scheme: `<trustDomain>/ns/<ns>/sa/<sa>`. */
export function principalOf(
  namespace: string,
  serviceAccount: string | undefined,
  trustDomain = 'cluster.local',
): string {
  return `${trustDomain}/ns/${namespace}/sa/${serviceAccount || 'default'}`;
}

/** A pod's principal, or undefined when it has no sidecar (and so no certificate). */
export function podPrincipal(
  pod: Pod,
  trustDomain = 'cluster.local',
): string | undefined {
  if (!hasSidecar(pod)) return undefined;
  return principalOf(
    pod.metadata.namespace ?? 'default',
    pod.spec?.serviceAccountName,
    trustDomain,
  );
}

/** The namespace inside a principal (`…/ns/<ns>/sa/…`), which is what `namespaces` match against. */
export function namespaceOfPrincipal(
  principal: string | undefined,
): string | undefined {
  if (!principal) return undefined;
  const m = principal.match(/\/ns\/([^/]+)\/sa\//);
  return m ? m[1] : undefined;
}
