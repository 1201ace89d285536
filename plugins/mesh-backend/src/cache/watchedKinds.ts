/** A kind the cache lists and watches. `versions` are tried in order; the first the cluster serves wins. */
export interface WatchedKind {
  /** Key in the snapshot and in object counts: the plural resource name. */
  plural: string;
  kind: string;
  group: string;
  versions: string[];
  istio: boolean;
}

const core = (plural: string, kind: string): WatchedKind => ({ plural, kind, group: '', versions: ['v1'], istio: false });
const apps = (plural: string, kind: string): WatchedKind => ({ plural, kind, group: 'apps', versions: ['v1'], istio: false });
const istio = (group: string, plural: string, kind: string, versions: string[]): WatchedKind => ({ plural, kind, group, versions, istio: true });

/** Only the kinds Meshport reads: caches stay small on big clusters. */
export const WATCHED_KINDS: WatchedKind[] = [
  core('namespaces', 'Namespace'),
  core('pods', 'Pod'),
  core('services', 'Service'),
  apps('deployments', 'Deployment'),
  apps('replicasets', 'ReplicaSet'),
  apps('statefulsets', 'StatefulSet'),
  apps('daemonsets', 'DaemonSet'),
  istio('networking.istio.io', 'virtualservices', 'VirtualService', ['v1', 'v1beta1', 'v1alpha3']),
  istio('networking.istio.io', 'destinationrules', 'DestinationRule', ['v1', 'v1beta1', 'v1alpha3']),
  istio('networking.istio.io', 'gateways', 'Gateway', ['v1', 'v1beta1', 'v1alpha3']),
  istio('networking.istio.io', 'serviceentries', 'ServiceEntry', ['v1', 'v1beta1', 'v1alpha3']),
  istio('networking.istio.io', 'sidecars', 'Sidecar', ['v1', 'v1beta1', 'v1alpha3']),
  istio('networking.istio.io', 'workloadentries', 'WorkloadEntry', ['v1', 'v1beta1', 'v1alpha3']),
  istio('networking.istio.io', 'workloadgroups', 'WorkloadGroup', ['v1', 'v1beta1', 'v1alpha3']),
  istio('networking.istio.io', 'envoyfilters', 'EnvoyFilter', ['v1alpha3']),
  istio('security.istio.io', 'peerauthentications', 'PeerAuthentication', ['v1', 'v1beta1']),
  istio('security.istio.io', 'requestauthentications', 'RequestAuthentication', ['v1', 'v1beta1']),
  istio('security.istio.io', 'authorizationpolicies', 'AuthorizationPolicy', ['v1', 'v1beta1']),
];

export function kindPath(kind: WatchedKind, version: string): string {
  return kind.group ? `/apis/${kind.group}/${version}/${kind.plural}` : `/api/${version}/${kind.plural}`;
}

export function apiVersionOf(kind: WatchedKind, version: string): string {
  return kind.group ? `${kind.group}/${version}` : version;
}
