import { isDefaultRule, ServiceState } from '@meshport/plugin-mesh-common';

/**
 * The weights the default rule gives each version today, to start the form from: the subsets'
 * weights when it splits by subset, otherwise everything on the first version.
 */
export function currentWeights(state: ServiceState): Record<string, number> {
  const versions = versionsOf(state);
  const out: Record<string, number> = Object.fromEntries(
    versions.map(v => [v, 0]),
  );
  const rule = state.virtualService?.spec?.http?.find(isDefaultRule);
  const route = rule?.route ?? [];
  if (
    route.length > 0 &&
    route.every(r => r.destination.subset && r.destination.subset in out)
  ) {
    // Istio: a single destination without a weight takes everything.
    for (const r of route)
      out[r.destination.subset!] += r.weight ?? (route.length === 1 ? 100 : 0);
    return out;
  }
  if (versions.length > 0) out[versions[0]] = 100;
  return out;
}

/** Versions to offer: the pods' labels and the subsets already defined, in order. */
export function versionsOf(state: ServiceState): string[] {
  const subsets = (state.destinationRule?.spec?.subsets ?? []).map(s => s.name);
  return [...new Set([...state.versions, ...subsets])].sort();
}
