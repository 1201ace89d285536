import { ResourceType } from '../registry/types';
import { formatLabelSelector, LabelSelectorSpec } from '../store/labelSelector';
import { KubeObject } from '../store/types';

/** The autoscaling/v1 Scale view of a Deployment, ReplicaSet or StatefulSet (what `kubectl scale` reads and patches). */
export function toScale(object: KubeObject): KubeObject {
  const spec = (object.spec ?? {}) as {
    replicas?: number;
    selector?: LabelSelectorSpec;
  };
  const status = (object.status ?? {}) as { replicas?: number };
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: object.metadata.name,
      namespace: object.metadata.namespace,
      uid: object.metadata.uid,
      resourceVersion: object.metadata.resourceVersion,
      creationTimestamp: object.metadata.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 0 },
    status: {
      replicas: status.replicas ?? 0,
      selector: formatLabelSelector(spec.selector),
    },
  };
}

/** The desired replicas in a Scale sent by a client, or a message saying why it is unusable. */
export function replicasFromScale(scale: KubeObject): number | string {
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
  if (
    typeof replicas !== 'number' ||
    !Number.isInteger(replicas) ||
    replicas < 0
  ) {
    return `spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`;
  }
  return replicas;
}

export function supportsScale(type: ResourceType): boolean {
  return type.subresources.scale !== undefined;
}
