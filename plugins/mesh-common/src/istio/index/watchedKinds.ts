/**
 * The one list of Kubernetes kinds Meshport reads. The backend's cluster caches list and watch
 * exactly these (caches stay small on big clusters), and a test fails when an engine or analyzer
 * reads a kind from the MeshIndex that is not here: a kind read but not watched would silently be
 * empty in the portal while the CLI, fed YAML, sees it.
 */

/** A kind the cache lists and watches. `versions` are tried in order; the first the cluster serves wins. */
export interface WatchedKind {
  /** Key in the snapshot and in object counts: the plural resource name. */
  plural: string;
  kind: string;
  /** API group; '' for the core group. */
  group: string;
  versions: string[];
  /** Istio or Gateway API configuration (what the overview and analyzers call "Istio resources"). */
  istio: boolean;
  /** Namespaced kinds are filed by namespace; cluster-scoped ones (Namespace, webhook configurations) are not. */
  namespaced: boolean;
  /**
   * A field selector the cache adds to its list and watch requests, for kinds where only a few
   * objects matter (the `istio` mesh-config ConfigMap, not every ConfigMap of the cluster).
   */
  fieldSelector?: string;
  /**
   * Only metadata is read (existence checks), so the cache should ask for PartialObjectMetadata:
   * for Secrets, whose data (TLS keys) must not sit in Meshport's memory.
   */
  metadataOnly?: boolean;
}

const watched = (
  group: string,
  plural: string,
  k: string,
  versions: string[],
  extra: Partial<WatchedKind> = {},
): WatchedKind => ({
  plural,
  kind: k,
  group,
  versions,
  istio: false,
  namespaced: true,
  ...extra,
});
const core = (plural: string, k: string, extra: Partial<WatchedKind> = {}) =>
  watched('', plural, k, ['v1'], extra);
const apps = (plural: string, k: string) => watched('apps', plural, k, ['v1']);
const istio = (group: string, plural: string, k: string, versions: string[]) =>
  watched(group, plural, k, versions, { istio: true });

const NETWORKING = 'networking.istio.io';
const NETWORKING_VERSIONS = ['v1', 'v1beta1', 'v1alpha3'];
const SECURITY = 'security.istio.io';
const GATEWAY_API = 'gateway.networking.k8s.io';

/** Name of the ConfigMap holding Istio's MeshConfig in the control plane's namespace. */
export const MESH_CONFIG_MAP_NAME = 'istio';

/** Only the kinds Meshport reads. */
export const WATCHED_KINDS: readonly WatchedKind[] = [
  // Kubernetes: workloads, their Services and identities, and where injection is configured.
  core('namespaces', 'Namespace', { namespaced: false }),
  core('pods', 'Pod'),
  core('services', 'Service'),
  core('serviceaccounts', 'ServiceAccount'),
  core('secrets', 'Secret', { metadataOnly: true }),
  core('configmaps', 'ConfigMap', {
    fieldSelector: `metadata.name=${MESH_CONFIG_MAP_NAME}`,
  }),
  apps('deployments', 'Deployment'),
  apps('replicasets', 'ReplicaSet'),
  apps('statefulsets', 'StatefulSet'),
  apps('daemonsets', 'DaemonSet'),
  watched('batch', 'jobs', 'Job', ['v1']),
  watched(
    'admissionregistration.k8s.io',
    'mutatingwebhookconfigurations',
    'MutatingWebhookConfiguration',
    ['v1'],
    { namespaced: false },
  ),
  // Istio networking, security, telemetry, extensions.
  istio(NETWORKING, 'virtualservices', 'VirtualService', NETWORKING_VERSIONS),
  istio(NETWORKING, 'destinationrules', 'DestinationRule', NETWORKING_VERSIONS),
  istio(NETWORKING, 'gateways', 'Gateway', NETWORKING_VERSIONS),
  istio(NETWORKING, 'serviceentries', 'ServiceEntry', NETWORKING_VERSIONS),
  istio(NETWORKING, 'sidecars', 'Sidecar', NETWORKING_VERSIONS),
  istio(NETWORKING, 'workloadentries', 'WorkloadEntry', NETWORKING_VERSIONS),
  istio(NETWORKING, 'workloadgroups', 'WorkloadGroup', NETWORKING_VERSIONS),
  istio(NETWORKING, 'envoyfilters', 'EnvoyFilter', ['v1alpha3']),
  istio(SECURITY, 'peerauthentications', 'PeerAuthentication', [
    'v1',
    'v1beta1',
  ]),
  istio(SECURITY, 'requestauthentications', 'RequestAuthentication', [
    'v1',
    'v1beta1',
  ]),
  istio(SECURITY, 'authorizationpolicies', 'AuthorizationPolicy', [
    'v1',
    'v1beta1',
  ]),
  istio('telemetry.istio.io', 'telemetries', 'Telemetry', ['v1', 'v1alpha1']),
  istio('extensions.istio.io', 'wasmplugins', 'WasmPlugin', ['v1alpha1']),
  // Gateway API, as Istio implements it.
  istio(GATEWAY_API, 'gateways', 'Gateway', ['v1', 'v1beta1']),
  istio(GATEWAY_API, 'httproutes', 'HTTPRoute', ['v1', 'v1beta1']),
  istio(GATEWAY_API, 'grpcroutes', 'GRPCRoute', ['v1']),
  istio(GATEWAY_API, 'tcproutes', 'TCPRoute', ['v1', 'v1alpha2']),
  istio(GATEWAY_API, 'tlsroutes', 'TLSRoute', ['v1', 'v1alpha3', 'v1alpha2']),
  istio(GATEWAY_API, 'udproutes', 'UDPRoute', ['v1', 'v1alpha2']),
  istio(GATEWAY_API, 'referencegrants', 'ReferenceGrant', ['v1', 'v1beta1']),
];

/** The collection path of a kind at a version (without the field selector, which the cache adds). */
export function kindPath(kind: WatchedKind, version: string): string {
  return kind.group
    ? `/apis/${kind.group}/${version}/${kind.plural}`
    : `/api/${version}/${kind.plural}`;
}

export function apiVersionOf(kind: WatchedKind, version: string): string {
  return kind.group ? `${kind.group}/${version}` : version;
}
