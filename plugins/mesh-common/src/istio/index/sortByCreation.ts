import { KubeObject } from '../../kube/types';

/**
 * Istio's tie-break for configs that compete: oldest first, then by name, then by namespace
 * (pilot sorts merged VirtualServices, DestinationRules and policies this way).
 */
export function compareByCreation(a: KubeObject, b: KubeObject): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) {
    // Kubernetes writes RFC 3339 UTC (`…Z`) of one length, which sorts as text; parse anything else.
    if (ta.length === tb.length && ta.endsWith('Z') && tb.endsWith('Z'))
      return ta < tb ? -1 : 1;
    return (
      Date.parse(ta || '1970-01-01T00:00:00Z') -
        Date.parse(tb || '1970-01-01T00:00:00Z') || (ta < tb ? -1 : 1)
    );
  }
  if (a.metadata.name !== b.metadata.name)
    return a.metadata.name < b.metadata.name ? -1 : 1;
  const na = a.metadata.namespace ?? 'default';
  const nb = b.metadata.namespace ?? 'default';
  if (na === nb) return 0;
  return na < nb ? -1 : 1;
}

/** Wildcard claims lose to exact ones, and shorter wildcards to longer (more specific) ones. */
export function hostSpecificity(matchedBy: string): number {
  if (matchedBy === '*') return 0;
  if (matchedBy.startsWith('*.')) return matchedBy.length;
  return Number.MAX_SAFE_INTEGER;
}
