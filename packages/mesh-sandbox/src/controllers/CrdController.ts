import { crdToResourceType } from '../registry/crdToResourceType';
import { storageKey } from '../registry/types';
import { KubeObject, StoreEvent } from '../store/types';
import { timestamp } from '../util/names';
import { Controller, ControllerContext } from './Controller';
import { splitKey } from './objectRefs';

const CRDS = 'apiextensions.k8s.io/customresourcedefinitions';

/**
 * Serves what CustomResourceDefinitions define. Registration happens inside the store
 * event (no write involved), so a custom resource can be created right after its CRD;
 * the Established status and the removal of a deleted CRD's objects follow asynchronously.
 */
export class CrdController extends Controller {
  private readonly removed = new Map<string, string>();

  constructor(context: ControllerContext) {
    super(context, 'crd-controller');
  }

  protected resync(): void {
    for (const crd of this.client.list(CRDS)) {
      this.register(crd);
      this.queue.add(`/${crd.metadata.name}`);
    }
  }

  protected onEvent(event: StoreEvent): void {
    if (event.resource !== CRDS) return;
    if (event.type === 'DELETED') {
      const type = crdToResourceType(event.object).type;
      if (type) {
        this.client.registry.unregister(type.group, type.plural);
        this.removed.set(event.object.metadata.name!, storageKey(type));
        this.queue.add(`/${event.object.metadata.name}`);
      }
      return;
    }
    this.register(event.object);
    this.queue.add(`/${event.object.metadata.name}`);
  }

  protected reconcile(key: string): void {
    const { name } = splitKey(key);
    const crd = this.client.get(CRDS, undefined, name);
    const removedResource = this.removed.get(name);
    if (!crd && removedResource) {
      // The objects of a deleted CRD go with it (watchers see them DELETED).
      for (const object of this.client.store.list(removedResource)) {
        this.client.store.delete(
          removedResource,
          object.metadata.namespace,
          object.metadata.name!,
        );
      }
      this.removed.delete(name);
      return;
    }
    if (!crd) return;
    const spec = (crd.spec ?? {}) as {
      names?: Record<string, unknown>;
      versions?: Array<{ name: string; storage?: boolean }>;
    };
    const previous =
      ((crd.status ?? {}) as { conditions?: Array<Record<string, unknown>> })
        .conditions ?? [];
    const since = (type: string) =>
      previous.find(c => c.type === type && c.status === 'True')
        ?.lastTransitionTime ?? timestamp();
    const type = crdToResourceType(crd).type!;
    const status = {
      conditions: [
        {
          type: 'NamesAccepted',
          status: 'True',
          lastTransitionTime: since('NamesAccepted'),
          reason: 'NoConflicts',
          message: 'no conflicts found',
        },
        {
          type: 'Established',
          status: 'True',
          lastTransitionTime: since('Established'),
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
        },
      ],
      acceptedNames: {
        ...spec.names,
        singular: type.singular,
        listKind: type.listKind,
      },
      storedVersions: (spec.versions ?? [])
        .filter(v => v.storage)
        .map(v => v.name),
    };
    this.client.updateStatus(CRDS, { ...crd, status });
  }

  private register(crd: KubeObject): void {
    const { type } = crdToResourceType(crd);
    if (type) this.client.registry.register(type);
  }
}
