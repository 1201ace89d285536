import { cloneJson } from '../util/cloneJson';
import {
  labelSelectorFromSpec,
  LabelSelectorSpec,
  matchesLabels,
} from '../store/labelSelector';
import { KubeObject, StoreEvent } from '../store/types';
import { Controller, ControllerContext } from './Controller';
import { controllerRef, keyOf, splitKey } from './objectRefs';
import { omitEmpty } from './omitEmpty';
import { isPodActive, isPodReady } from './podConditions';

const RS = 'apps/replicasets';
const PODS = '/pods';

interface ReplicaSetSpec {
  replicas?: number;
  selector?: LabelSelectorSpec;
  template?: {
    metadata?: {
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    spec?: Record<string, unknown>;
  };
}

/** Keeps each ReplicaSet's pod count at spec.replicas and its status true. */
export class ReplicaSetController extends Controller {
  constructor(context: ControllerContext) {
    super(context, 'replicaset-controller');
  }

  protected resync(): void {
    this.client.list(RS).forEach(rs => this.queue.add(keyOf(rs)));
  }

  protected onEvent(event: StoreEvent): void {
    if (event.resource === RS) {
      this.queue.add(keyOf(event.object));
    } else if (event.resource === PODS) {
      const owner = event.object.metadata.ownerReferences?.find(
        ref => ref.controller && ref.kind === 'ReplicaSet',
      );
      if (owner)
        this.queue.add(`${event.object.metadata.namespace}/${owner.name}`);
    }
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const rs = this.client.get(RS, namespace, name);
    if (!rs || rs.metadata.deletionTimestamp) return;
    const spec = (rs.spec ?? {}) as ReplicaSetSpec;
    const desired = spec.replicas ?? 1;
    const pods = this.client.listOwnedBy(PODS, rs).filter(isPodActive);

    if (pods.length < desired) {
      for (let i = pods.length; i < desired; i += 1) {
        this.client.create(PODS, this.newPod(rs, spec));
      }
    } else if (pods.length > desired) {
      // Like the real controller: remove not-ready pods first, then the newest.
      const victims = [...pods]
        .sort(
          (a, b) =>
            Number(isPodReady(a)) - Number(isPodReady(b)) ||
            (b.metadata.creationTimestamp ?? '').localeCompare(
              a.metadata.creationTimestamp ?? '',
            ),
        )
        .slice(0, pods.length - desired);
      for (const pod of victims) {
        this.client.delete(PODS, pod.metadata.namespace, pod.metadata.name!);
      }
    }

    const current = this.client.listOwnedBy(PODS, rs).filter(isPodActive);
    const templateLabels = labelSelectorFromSpec({
      matchLabels: spec.template?.metadata?.labels ?? {},
    });
    const ready = current.filter(isPodReady).length;
    const status = omitEmpty(
      {
        replicas: current.length,
        fullyLabeledReplicas: current.filter(p =>
          matchesLabels(templateLabels, p.metadata.labels),
        ).length,
        readyReplicas: ready,
        availableReplicas: ready,
        observedGeneration: rs.metadata.generation,
      },
      ['replicas'],
    );
    this.client.updateStatus(RS, { ...rs, status });
  }

  private newPod(rs: KubeObject, spec: ReplicaSetSpec): KubeObject {
    const template = spec.template ?? {};
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${rs.metadata.name}-`,
        namespace: rs.metadata.namespace,
        labels: { ...(template.metadata?.labels ?? {}) },
        ...(template.metadata?.annotations
          ? { annotations: { ...template.metadata.annotations } }
          : {}),
        ownerReferences: [controllerRef(this.client.type(RS), rs)],
      },
      spec: cloneJson(template.spec ?? {}),
    };
  }
}
