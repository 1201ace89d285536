import { ApiError } from '../api/ApiError';
import { ObjectWriter, PropagationPolicy } from '../api/ObjectWriter';
import { storageKey } from '../registry/types';
import { StoreEvent } from '../store/types';
import { Controller, ControllerContext } from './Controller';

interface ObjectRef {
  resource: string;
  namespace?: string;
  name: string;
}

/**
 * Cascading deletion through ownerReferences. When an owner is gone, each dependent
 * either loses that owner reference (Orphan, or when it still has a living owner) or is
 * deleted too (Background; Foreground is treated the same, without blocking the owner).
 */
export class GarbageCollector extends Controller {
  private readonly byUid = new Map<string, ObjectRef>();
  private readonly dependents = new Map<string, Set<string>>();
  private readonly policies = new Map<string, PropagationPolicy>();

  constructor(context: ControllerContext, writer: ObjectWriter) {
    super(context, 'garbage-collector');
    writer.onDelete((_type, object, policy) => {
      this.policies.set(object.metadata.uid!, policy);
      this.queue.add(object.metadata.uid!);
    });
  }

  protected resync(): void {
    for (const type of this.client.registry.all()) {
      for (const object of this.client.list(storageKey(type))) {
        this.index({
          type: 'ADDED',
          resource: storageKey(type),
          revision: 0,
          object,
        });
      }
    }
  }

  protected onEvent(event: StoreEvent): void {
    this.index(event);
  }

  private index(event: StoreEvent): void {
    const uid = event.object.metadata.uid!;
    if (event.previous) {
      for (const ref of event.previous.metadata.ownerReferences ?? [])
        this.dependents.get(ref.uid)?.delete(uid);
    }
    if (event.type === 'DELETED') {
      this.byUid.delete(uid);
      return;
    }
    this.byUid.set(uid, {
      resource: event.resource,
      namespace: event.object.metadata.namespace,
      name: event.object.metadata.name!,
    });
    for (const ref of event.object.metadata.ownerReferences ?? []) {
      let set = this.dependents.get(ref.uid);
      if (!set) {
        set = new Set();
        this.dependents.set(ref.uid, set);
      }
      set.add(uid);
    }
  }

  protected reconcile(ownerUid: string): void {
    const policy = this.policies.get(ownerUid) ?? 'Background';
    for (const dependentUid of [...(this.dependents.get(ownerUid) ?? [])]) {
      const ref = this.byUid.get(dependentUid);
      if (!ref) continue;
      const dependent = this.client.get(ref.resource, ref.namespace, ref.name);
      if (!dependent) continue;
      const remaining = (dependent.metadata.ownerReferences ?? []).filter(
        o => o.uid !== ownerUid,
      );
      const otherOwnerAlive = remaining.some(o => this.byUid.has(o.uid));
      try {
        if (policy === 'Orphan' || otherOwnerAlive) {
          this.client.update(ref.resource, {
            ...dependent,
            metadata: {
              ...dependent.metadata,
              ownerReferences: remaining.length > 0 ? remaining : undefined,
            },
          });
        } else {
          this.client.delete(
            ref.resource,
            ref.namespace,
            ref.name,
            'Background',
          );
        }
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 404)) throw error;
      }
    }
    this.dependents.delete(ownerUid);
    this.policies.delete(ownerUid);
  }
}
