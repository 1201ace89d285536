import {
  ClusterTraffic,
  KubeObject,
  MeshIndex,
  readServiceState,
  Service,
  ServiceState,
} from '@meshport/plugin-mesh-common';

export type TrafficService = ClusterTraffic['services'][number];

/** The VirtualServices, DestinationRules and HTTPRoutes of the Traffic view that the wizards may edit. */
export function editableResourcesOf(traffic: ClusterTraffic) {
  return traffic.resources.filter(
    r =>
      r.cluster === traffic.cluster &&
      (r.kind === 'VirtualService' ||
        r.kind === 'DestinationRule' ||
        r.kind === 'HTTPRoute'),
  );
}

/**
 * The wizard's starting state in the browser: a small MeshIndex of the live VirtualServices and
 * DestinationRules plus the entity's Services (synthesized from the Traffic view, so without a
 * selector), read as the backend would. Pods are not in the view, so the versions come from the
 * `version` labels of the DestinationRule subsets the view lists for the host.
 */
export function serviceStateFromTraffic(
  traffic: ClusterTraffic,
  service: TrafficService,
  live: KubeObject[],
): ServiceState | undefined {
  const domain = service.host.split('.svc.')[1] ?? 'cluster.local';
  const synthesized: Service[] = traffic.services.map(s => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: s.name, namespace: s.namespace },
    spec: { ports: s.ports.map(p => ({ name: p.name, port: p.port })) },
  }));
  const index = MeshIndex.build([...synthesized, ...live], { domain });
  const state = readServiceState(index, service);
  if (!state) return undefined;
  const versions = new Set<string>();
  for (const r of traffic.resources) {
    if (r.kind !== 'DestinationRule' || !r.host) continue;
    if (index.resolveHost(r.host, r.namespace) !== service.host) continue;
    for (const s of r.subsets ?? [])
      if (s.labels.version) versions.add(s.labels.version);
  }
  return { ...state, host: service.host, versions: [...versions].sort() };
}
