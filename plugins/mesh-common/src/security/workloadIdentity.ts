import { Namespace, Pod } from '../kube/types';
import { MeshIndex } from '../istio/index/MeshIndex';
import { namespaceOf } from '../istio/model/common';
import { hasSidecar } from '../overview/sidecar';

/** `ambient.istio.io/redirection: enabled` is what istio-cni writes on a pod it redirected. */
const AMBIENT_ANNOTATION = 'ambient.istio.io/redirection';
const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';

/**
 * The workload a pod belongs to, named as Istio's telemetry names it (`source_workload`,
 * `destination_workload`): the Deployment for a ReplicaSet's pod, the owner for other controllers,
 * the pod itself when it has none. The metrics and the access rows must agree on names, or
 * observed callers could not be matched to what policy allows.
 */
export function workloadNameOfPod(
  index: MeshIndex,
  pod: Pod,
  cluster?: string,
): string {
  const owner =
    pod.metadata.ownerReferences?.find(o => o.controller) ??
    pod.metadata.ownerReferences?.[0];
  if (!owner) return pod.metadata.name;
  if (owner.kind !== 'ReplicaSet') return owner.name;
  const rs = index.get('ReplicaSet', namespaceOf(pod), owner.name, cluster);
  const deployment = rs?.metadata.ownerReferences?.find(
    o => o.kind === 'Deployment',
  );
  if (deployment) return deployment.name;
  // Pods can arrive before their ReplicaSet; a Deployment's ReplicaSet is <deployment>-<hash>.
  const hash = pod.metadata.labels?.['pod-template-hash'];
  if (hash && owner.name.endsWith(`-${hash}`))
    return owner.name.slice(0, -hash.length - 1);
  return owner.name;
}

/** Which data plane carries a pod's traffic: its sidecar, ambient's ztunnel, or nothing. */
export function dataPlaneOf(
  pod: Pod,
  ns: Namespace | undefined,
): 'sidecar' | 'ambient' | 'none' {
  if (hasSidecar(pod)) return 'sidecar';
  if (pod.metadata.annotations?.[AMBIENT_ANNOTATION] === 'enabled')
    return 'ambient';
  const podMode = pod.metadata.labels?.[DATAPLANE_MODE_LABEL];
  if (podMode === 'ambient') return 'ambient';
  if (
    podMode !== 'none' &&
    ns?.metadata.labels?.[DATAPLANE_MODE_LABEL] === 'ambient'
  )
    return 'ambient';
  return 'none';
}
