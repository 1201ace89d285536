import { ObjectWriter, PropagationPolicy } from '../api/ObjectWriter';
import { ResourceRegistry } from '../registry/ResourceRegistry';
import { ResourceType } from '../registry/types';
import { LabelSelector, matchesLabels } from '../store/labelSelector';
import { ObjectStore } from '../store/ObjectStore';
import { KubeObject } from '../store/types';

/**
 * What the simulated controllers use instead of HTTP: the same write path as API
 * clients (admission, the Istio injector, resourceVersion checks), addressed by storage key.
 *
 * Reads hand out the stored objects themselves, deep-frozen: controllers read a lot and write
 * new objects built by spreading, so copying every read (as HTTP clients get) was most of their time.
 */
export class InProcessClient {
  constructor(
    readonly store: ObjectStore,
    readonly registry: ResourceRegistry,
    private readonly writer: ObjectWriter,
  ) {}

  type(resource: string): ResourceType {
    const type = this.registry.byStorageKey(resource);
    if (!type) throw new Error(`resource ${resource} is not served`);
    return type;
  }

  get(
    resource: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    return this.store.peek(resource, namespace, name);
  }

  list(
    resource: string,
    namespace?: string,
    selector?: LabelSelector,
  ): KubeObject[] {
    return this.store.peekWhere(
      resource,
      namespace,
      o => !selector || matchesLabels(selector, o.metadata.labels),
    );
  }

  /** Objects whose controller owner reference points at `owner`. */
  listOwnedBy(resource: string, owner: KubeObject): KubeObject[] {
    return this.store
      .peekOwnedBy(resource, owner.metadata.uid!)
      .filter(o => o.metadata.namespace === owner.metadata.namespace);
  }

  create(resource: string, object: KubeObject): KubeObject {
    const type = this.type(resource);
    return this.writer.create(
      type,
      type.storageVersion,
      object.metadata.namespace,
      object,
      { fieldValidation: 'Ignore' },
    ).object;
  }

  /** Full update, guarded by the object's resourceVersion. */
  update(resource: string, object: KubeObject): KubeObject {
    const type = this.type(resource);
    return this.writer.replace(
      type,
      type.storageVersion,
      object.metadata.namespace,
      object.metadata.name!,
      object,
      { fieldValidation: 'Ignore' },
    ).object;
  }

  updateStatus(resource: string, object: KubeObject): KubeObject {
    const type = this.type(resource);
    return this.writer.replace(
      type,
      type.storageVersion,
      object.metadata.namespace,
      object.metadata.name!,
      object,
      {
        fieldValidation: 'Ignore',
        subresource: 'status',
      },
    ).object;
  }

  finalizeNamespace(namespace: KubeObject): void {
    const type = this.type('/namespaces');
    this.writer.replace(
      type,
      'v1',
      undefined,
      namespace.metadata.name!,
      { ...namespace, spec: { finalizers: [] } },
      { subresource: 'finalize' },
    );
  }

  delete(
    resource: string,
    namespace: string | undefined,
    name: string,
    policy: PropagationPolicy = 'Background',
  ): void {
    this.writer.delete(this.type(resource), namespace, name, {
      propagationPolicy: policy,
    });
  }
}
