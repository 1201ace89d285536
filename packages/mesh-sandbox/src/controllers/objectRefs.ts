import { ResourceType } from '../registry/types';
import { KubeObject, OwnerReference } from '../store/types';

/** The owner reference a controller puts on what it creates. */
export function controllerRef(
  type: ResourceType,
  owner: KubeObject,
): OwnerReference {
  return {
    apiVersion: type.group
      ? `${type.group}/${type.storageVersion}`
      : type.storageVersion,
    kind: type.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function keyOf(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

export function splitKey(key: string): {
  namespace: string | undefined;
  name: string;
} {
  const slash = key.indexOf('/');
  const namespace = key.slice(0, slash);
  return {
    namespace: namespace === '' ? undefined : namespace,
    name: key.slice(slash + 1),
  };
}
