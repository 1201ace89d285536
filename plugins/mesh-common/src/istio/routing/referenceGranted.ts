import { KubeObject } from '../../kube/types';
import { MeshIndex } from '../index/MeshIndex';

interface ReferenceGrantSpec {
  from?: Array<{ group?: string; kind?: string; namespace?: string }>;
  to?: Array<{ group?: string; kind?: string; name?: string }>;
}

export interface GrantFrom {
  group: string;
  kind: string;
  namespace: string;
}

export interface GrantTo {
  /** '' for the core group (Service, Secret). */
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

/**
 * Whether a Gateway API reference across namespaces is allowed: a ReferenceGrant in the target's
 * namespace must name the referring kind and namespace in `from`, and the target's kind (and, if
 * it gives one, its name) in `to`. References within one namespace need no grant.
 */
export function referenceGranted(
  index: MeshIndex,
  from: GrantFrom,
  to: GrantTo,
): boolean {
  if (from.namespace === to.namespace) return true;
  return index
    .inNamespace<KubeObject<ReferenceGrantSpec>>('ReferenceGrant', to.namespace)
    .some(grant => {
      const spec = grant.spec ?? {};
      const fromOk = (spec.from ?? []).some(
        f =>
          f.kind === from.kind &&
          (f.group ?? '') === from.group &&
          f.namespace === from.namespace,
      );
      const toOk = (spec.to ?? []).some(
        t =>
          t.kind === to.kind &&
          normalGroup(t.group) === normalGroup(to.group) &&
          (!t.name || t.name === to.name),
      );
      return fromOk && toOk;
    });
}

/** The core group is written '' or 'core'. */
function normalGroup(group: string | undefined): string {
  return !group || group === 'core' ? '' : group;
}
