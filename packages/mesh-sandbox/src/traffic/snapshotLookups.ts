import { qualifyHost } from './hosts';
import { IstioConfigObject, MeshSnapshot } from './types';

/**
 * Host-keyed views of a snapshot's VirtualServices and DestinationRules, and answers cached for
 * the snapshot's life (it changes only when config or pods do). With thousands of services a
 * linear scan per request was most of the traffic model's time.
 */
export class SnapshotLookups {
  private readonly vsByHost = new Map<string, IstioConfigObject[]>();
  /** VirtualServices with a wildcard host: checked for every host. */
  private readonly vsWildcard: IstioConfigObject[] = [];
  private readonly drByHost = new Map<string, IstioConfigObject[]>();
  readonly vsCache = new Map<string, IstioConfigObject | undefined>();
  readonly drCache = new Map<string, IstioConfigObject | undefined>();

  constructor(snapshot: MeshSnapshot) {
    for (const vs of snapshot.virtualServices) {
      const namespace = vs.metadata.namespace ?? 'default';
      const hosts = ((vs.spec?.hosts as string[] | undefined) ?? []).map(h =>
        qualifyHost(h, namespace),
      );
      if (hosts.some(h => h.includes('*'))) this.vsWildcard.push(vs);
      for (const host of new Set(hosts.filter(h => !h.includes('*'))))
        push(this.vsByHost, host, vs);
    }
    for (const dr of snapshot.destinationRules) {
      push(
        this.drByHost,
        qualifyHost(
          String(dr.spec?.host ?? ''),
          dr.metadata.namespace ?? 'default',
        ),
        dr,
      );
    }
  }

  /** VirtualServices that may name `host` (exact host, or a wildcard to be checked), in snapshot order. */
  virtualServiceCandidates(host: string): IstioConfigObject[] {
    const exact = this.vsByHost.get(host) ?? [];
    return this.vsWildcard.length === 0
      ? exact
      : [...exact, ...this.vsWildcard];
  }

  /** DestinationRules whose qualified host is exactly `host`. */
  destinationRulesFor(host: string): IstioConfigObject[] {
    return this.drByHost.get(host) ?? [];
  }
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const bySnapshot = new WeakMap<MeshSnapshot, SnapshotLookups>();

/** The lookups of a snapshot, built on first use. */
export function lookupsFor(snapshot: MeshSnapshot): SnapshotLookups {
  let lookups = bySnapshot.get(snapshot);
  if (!lookups) {
    lookups = new SnapshotLookups(snapshot);
    bySnapshot.set(snapshot, lookups);
  }
  return lookups;
}
