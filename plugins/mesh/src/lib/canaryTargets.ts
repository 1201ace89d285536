import {
  ClusterTraffic,
  EntityTraffic,
  hostMatches,
  resolveHost,
} from '@meshport/plugin-mesh-common';

/** One `version` label of a Service's pods, as the DestinationRule subsets show it. */
export interface CanaryTargetVersion {
  version: string;
  pods: number;
  readyPods: number;
  /** Percent of the default route's requests it gets now; absent when the route does not split by subset. */
  weight?: number;
}

/** A Service of the entity a canary can run on, with the versions it can shift between. */
export interface CanaryTargetService {
  cluster: string;
  namespace: string;
  name: string;
  host: string;
  /** In natural order (v2 before v10). */
  versions: CanaryTargetVersion[];
  /** The version the default route sends most requests to, when it routes by subset. */
  routedVersion?: string;
}

/**
 * The value of the Scaffolder field: the `mesh:canary:start` action's target inputs. The versions
 * stay unset until chosen; the field's validation requires both, and different.
 */
export type MeshCanaryTarget = {
  namespace: string;
  service: string;
  stableVersion?: string;
  canaryVersion?: string;
  /** Only when the entity's Services span several clusters: the backend picks the only one otherwise. */
  cluster?: string;
};

const byNaturalOrder = (a: string, b: string) =>
  a.localeCompare(b, undefined, { numeric: true });

type TrafficService = ClusterTraffic['services'][number];

function targetOf(
  traffic: ClusterTraffic,
  service: TrafficService,
): CanaryTargetService {
  // Short hosts in the resources resolve against the Service's own cluster domain.
  const domain = service.host.split('.svc.')[1] ?? 'cluster.local';
  const covers = (host: string, namespace: string) =>
    hostMatches(resolveHost(host, namespace, domain), service.host);

  const versions = new Map<string, CanaryTargetVersion>();
  const versionOfSubset = new Map<string, string>();
  for (const r of traffic.resources) {
    if (r.kind !== 'DestinationRule' || !r.host || !covers(r.host, r.namespace))
      continue;
    for (const subset of r.subsets ?? []) {
      const version = subset.labels.version;
      if (!version) continue;
      if (!versionOfSubset.has(subset.name))
        versionOfSubset.set(subset.name, version);
      // Two subsets with the same version label select the same pods: keep the count, not a sum.
      const seen = versions.get(version);
      versions.set(version, {
        version,
        pods: Math.max(seen?.pods ?? 0, subset.pods),
        readyPods: Math.max(seen?.readyPods ?? 0, subset.readyPods),
      });
    }
  }

  // The sidecars' VirtualService for the host: its first catch-all HTTP rule is what most
  // requests follow, and what a canary rewrites.
  const routes = traffic.resources.filter(
    r =>
      r.kind === 'VirtualService' &&
      (r.gateways ?? ['mesh']).includes('mesh') &&
      (r.hosts ?? []).some(h => covers(h, r.namespace)),
  );
  const vs = routes.find(r =>
    r.rules?.some(x => x.isDefault && x.protocol === 'http'),
  );
  const rule = vs?.rules?.find(x => x.isDefault && x.protocol === 'http');
  const toService =
    rule?.destinations.filter(d => covers(d.host, vs!.namespace)) ?? [];
  // A route to the bare host spreads requests over every version: no version is "routed".
  let weights: Map<string, number> | undefined;
  if (toService.length > 0 && toService.every(d => d.subset)) {
    weights = new Map();
    for (const d of toService) {
      const version = versionOfSubset.get(d.subset!);
      if (version) weights.set(version, (weights.get(version) ?? 0) + d.weight);
    }
  }

  const sorted = [...versions.values()]
    .sort((a, b) => byNaturalOrder(a.version, b.version))
    .map(v => (weights ? { ...v, weight: weights.get(v.version) ?? 0 } : v));
  const top = sorted.reduce<CanaryTargetVersion | undefined>(
    (best, v) => ((v.weight ?? 0) > (best?.weight ?? 0) ? v : best),
    undefined,
  );
  return {
    cluster: traffic.cluster,
    namespace: service.namespace,
    name: service.name,
    host: service.host,
    versions: sorted,
    routedVersion: top?.version,
  };
}

/**
 * The entity's Services a canary can target, from its Traffic view: per cluster, each Service
 * with the `version` labels of its DestinationRule subsets (and their pods), and the version the
 * default route favours now. Pure.
 */
export function canaryTargetServices(
  traffic: EntityTraffic,
): CanaryTargetService[] {
  return traffic.clusters.flatMap(c => c.services.map(s => targetOf(c, s)));
}

/** Versions a canary can use: those with a ready pod (the backend judges them on their metrics). */
export function selectableVersions(service: CanaryTargetService): string[] {
  return service.versions.filter(v => v.readyPods > 0).map(v => v.version);
}

/**
 * The versions to start the form from: the one the default route favours as stable (else the
 * first), and as canary the last other one in natural order, the likeliest new release.
 */
export function preselectedVersions(service: CanaryTargetService): {
  stableVersion?: string;
  canaryVersion?: string;
} {
  const ready = selectableVersions(service);
  const stableVersion =
    service.routedVersion && ready.includes(service.routedVersion)
      ? service.routedVersion
      : ready[0];
  const others = ready.filter(v => v !== stableVersion);
  return { stableVersion, canaryVersion: others[others.length - 1] };
}

/** Whether the Services are in more than one cluster: then the field's value names the cluster. */
export function spansClusters(services: CanaryTargetService[]): boolean {
  return new Set(services.map(s => s.cluster)).size > 1;
}

/** The field's value for a Service and two versions; the cluster only when it is needed. */
export function targetValue(
  service: CanaryTargetService,
  withCluster: boolean,
  versions: { stableVersion?: string; canaryVersion?: string },
): MeshCanaryTarget {
  return {
    namespace: service.namespace,
    service: service.name,
    ...(versions.stableVersion
      ? { stableVersion: versions.stableVersion }
      : {}),
    ...(versions.canaryVersion
      ? { canaryVersion: versions.canaryVersion }
      : {}),
    ...(withCluster ? { cluster: service.cluster } : {}),
  };
}

/** The Service the value names, if it is one of the entity's. */
export function serviceOfTarget(
  services: CanaryTargetService[],
  value: Partial<MeshCanaryTarget> | undefined,
): CanaryTargetService | undefined {
  if (!value) return undefined;
  return services.find(
    s =>
      s.namespace === value.namespace &&
      s.name === value.service &&
      (!value.cluster || s.cluster === value.cluster),
  );
}

/**
 * The value to show once the Services are loaded: the current one when it still names one of
 * them (e.g. after going back a page), with versions it can still use; otherwise the first
 * Service with the preselected versions.
 */
export function initialTarget(
  services: CanaryTargetService[],
  current: Partial<MeshCanaryTarget> | undefined,
): MeshCanaryTarget | undefined {
  const withCluster = spansClusters(services);
  const kept = serviceOfTarget(services, current);
  const service = kept ?? services[0];
  if (!service) return undefined;
  if (!kept)
    return targetValue(service, withCluster, preselectedVersions(service));
  // Without known versions the user typed them; with known ones, keep only usable ones.
  const selectable = selectableVersions(service);
  const usable = (v: string | undefined) =>
    v && (service.versions.length === 0 || selectable.includes(v))
      ? v
      : undefined;
  const pre = preselectedVersions(service);
  const stableVersion = usable(current?.stableVersion) ?? pre.stableVersion;
  const others = selectable.filter(v => v !== stableVersion);
  const canaryVersion =
    usable(current?.canaryVersion) ?? others[others.length - 1];
  return targetValue(service, withCluster, { stableVersion, canaryVersion });
}

/** Whether two field values are the same (to leave an already settled value alone). */
export function sameTarget(
  a: Partial<MeshCanaryTarget> | undefined,
  b: Partial<MeshCanaryTarget> | undefined,
): boolean {
  const keys: Array<keyof MeshCanaryTarget> = [
    'namespace',
    'service',
    'stableVersion',
    'canaryVersion',
    'cluster',
  ];
  return keys.every(k => (a?.[k] || undefined) === (b?.[k] || undefined));
}

/** Same rule as the canary contract's versions: a Kubernetes label value. */
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function versionError(which: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '')
    return `Choose the ${which} version`;
  if (value.length > 63 || !LABEL_VALUE.test(value))
    return `The ${which} version must be a label value (letters, digits, -, _ and .; at most 63)`;
  return undefined;
}

/**
 * What is wrong with a field value, in the words the form shows (empty when nothing is): a
 * Service, both versions, and two different versions.
 */
export function canaryTargetErrors(value: unknown): string[] {
  const v = (value && typeof value === 'object' ? value : {}) as Partial<
    Record<keyof MeshCanaryTarget, unknown>
  >;
  const errors: string[] = [];
  if (
    typeof v.namespace !== 'string' ||
    !v.namespace ||
    typeof v.service !== 'string' ||
    !v.service
  )
    errors.push('Choose a Service');
  const stable = versionError('stable', v.stableVersion);
  const canary = versionError('canary', v.canaryVersion);
  if (stable) errors.push(stable);
  if (canary) errors.push(canary);
  if (!stable && !canary && v.stableVersion === v.canaryVersion)
    errors.push('The canary version must differ from the stable version');
  return errors;
}
