import { KubeObject } from '../../kube/types';
import { GATEWAY_API_GATEWAY_KIND } from '../index/indexKey';
import { MeshIndex } from '../index/MeshIndex';
import { crdKinds } from '../validation/crdSchemaIndex';

/** Kubernetes kinds the analyzers read; validation checks only their metadata. */
const KUBE_KINDS = [
  'Namespace',
  'Service',
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'ServiceAccount',
  'Secret',
];

/** Every object in the index of a kind that validation or an analyzer cares about. */
export function objectsToValidate(index: MeshIndex): KubeObject[] {
  const kinds = new Set<string>(KUBE_KINDS);
  for (const { group, kind } of crdKinds())
    kinds.add(
      kind === 'Gateway' && group.startsWith('gateway.')
        ? GATEWAY_API_GATEWAY_KIND
        : kind,
    );
  const out: KubeObject[] = [];
  for (const k of kinds) out.push(...index.all(k));
  return out;
}
