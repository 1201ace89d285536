/**
 * The `patchStrategy`/`patchMergeKey` tags of the core and apps types, which strategic merge
 * patch and server-side apply need: which lists merge by which key. Lists not named here are
 * atomic (replaced whole), as they are in Kubernetes.
 */
export type ListStrategy =
  { kind: 'map'; key: string } | { kind: 'set' } | { kind: 'atomic' };

const BY_FIELD: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  secrets: 'name',
  ownerReferences: 'uid',
  conditions: 'type',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  taints: 'key',
  addresses: 'type',
};

const CONTAINER_LISTS = new Set([
  'containers',
  'initContainers',
  'ephemeralContainers',
]);

/**
 * `path` is the field names from the object's root to the list (no indices). Custom resources
 * only have metadata's strategies: their own lists are atomic (the CRDs in the fixtures declare
 * no `x-kubernetes-list-type: map`).
 */
export function listStrategy(
  path: readonly string[],
  custom = false,
): ListStrategy {
  const field = path[path.length - 1];
  if (custom && path[0] !== 'metadata') return { kind: 'atomic' };
  if (field === 'finalizers' && path[path.length - 2] === 'metadata')
    return { kind: 'set' };
  if (field === 'ports') {
    // A container's ports merge by containerPort; a Service's by port.
    if (CONTAINER_LISTS.has(path[path.length - 2] ?? ''))
      return { kind: 'map', key: 'containerPort' };
    if (path.length === 2 && path[0] === 'spec')
      return { kind: 'map', key: 'port' };
    return { kind: 'atomic' };
  }
  const key = BY_FIELD[field];
  return key ? { kind: 'map', key } : { kind: 'atomic' };
}
