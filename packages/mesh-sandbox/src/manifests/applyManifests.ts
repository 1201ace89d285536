import { ObjectWriter } from '../api/ObjectWriter';
import { ResourceRegistry } from '../registry/ResourceRegistry';
import { storageKey } from '../registry/types';
import { ObjectStore } from '../store/ObjectStore';
import { KubeObject } from '../store/types';

export interface ApplyTarget {
  registry: ResourceRegistry;
  writer: ObjectWriter;
  store: ObjectStore;
}

export interface ApplyResult {
  created: number;
  updated: number;
}

/** CRDs, then Namespaces, then everything else in document order, as `kubectl apply` users arrange it. */
function applyOrder(object: KubeObject): number {
  if (object.kind === 'CustomResourceDefinition') return 0;
  if (object.kind === 'Namespace') return 1;
  return 2;
}

function ensureNamespace(
  target: ApplyTarget,
  name: string,
  labels?: Record<string, string>,
): void {
  const namespaces = target.registry.byStorageKey('/namespaces')!;
  if (!target.store.get('/namespaces', undefined, name)) {
    target.writer.create(namespaces, 'v1', undefined, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, ...(labels ? { labels } : {}) },
    });
  }
}

/**
 * Creates (or replaces) manifest objects in a cluster. Namespaced objects without a
 * namespace go to `namespace` (default "default"); missing namespaces are created.
 */
export function applyManifests(
  target: ApplyTarget,
  objects: KubeObject[],
  options: {
    namespace?: string;
    namespaceLabels?: Record<string, string>;
  } = {},
): ApplyResult {
  const result: ApplyResult = { created: 0, updated: 0 };
  const defaultNamespace = options.namespace ?? 'default';
  if (options.namespace) {
    ensureNamespace(target, options.namespace, options.namespaceLabels);
  }
  const ordered = objects
    .map((object, index) => ({ object, index }))
    .sort(
      (a, b) =>
        applyOrder(a.object) - applyOrder(b.object) || a.index - b.index,
    );
  for (const { object } of ordered) {
    const found = target.registry.lookupKind(
      object.apiVersion ?? '',
      object.kind ?? '',
    );
    const label = `${object.kind} ${object.metadata?.name ?? '<unnamed>'}`;
    if (!found) {
      throw new Error(
        `${label}: kind ${object.kind} in ${object.apiVersion} is not served by the sandbox (is its CRD loaded?)`,
      );
    }
    const { type, version } = found;
    const namespace = type.namespaced
      ? (object.metadata.namespace ?? defaultNamespace)
      : undefined;
    if (namespace) ensureNamespace(target, namespace);
    const body = {
      ...object,
      metadata: { ...object.metadata, ...(namespace ? { namespace } : {}) },
    };
    try {
      const existing = object.metadata.name
        ? target.store.get(storageKey(type), namespace, object.metadata.name)
        : undefined;
      if (existing) {
        body.metadata.resourceVersion = existing.metadata.resourceVersion;
        target.writer.replace(
          type,
          version,
          namespace,
          object.metadata.name!,
          body,
          { fieldValidation: 'Strict' },
        );
        result.updated += 1;
      } else {
        target.writer.create(type, version, namespace, body, {
          fieldValidation: 'Strict',
        });
        result.created += 1;
      }
    } catch (error) {
      throw new Error(
        `${label}${namespace ? ` in namespace ${namespace}` : ''}: ${(error as Error).message}`,
      );
    }
  }
  return result;
}
