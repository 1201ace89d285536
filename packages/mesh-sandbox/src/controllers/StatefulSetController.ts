import { cloneJson } from '../util/cloneJson';
import { KubeObject, StoreEvent } from '../store/types';
import { Controller, ControllerContext } from './Controller';
import { controllerRef, keyOf, splitKey } from './objectRefs';
import { omitEmpty } from './omitEmpty';
import { isPodActive, isPodReady } from './podConditions';
import { podTemplateHash } from './podTemplateHash';

const STS = 'apps/statefulsets';
const PODS = '/pods';
const REVISION_LABEL = 'controller-revision-hash';

interface StatefulSetSpec {
  replicas?: number;
  serviceName?: string;
  podManagementPolicy?: string;
  template?: {
    metadata?: {
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    spec?: Record<string, unknown>;
  };
}

function ordinalOf(pod: KubeObject, setName: string): number {
  const suffix = pod.metadata.name?.slice(setName.length + 1) ?? '';
  return /^\d+$/.test(suffix) ? Number(suffix) : -1;
}

/**
 * StatefulSet → pods `<name>-0..N-1` with stable names. OrderedReady (the default) creates
 * one pod at a time, each after the previous is Ready, and removes from the highest ordinal;
 * a template change replaces pods from the highest ordinal down, one at a time.
 */
export class StatefulSetController extends Controller {
  constructor(context: ControllerContext) {
    super(context, 'statefulset-controller');
  }

  protected resync(): void {
    this.client.list(STS).forEach(s => this.queue.add(keyOf(s)));
  }

  protected onEvent(event: StoreEvent): void {
    if (event.resource === STS) {
      this.queue.add(keyOf(event.object));
    } else if (event.resource === PODS) {
      const owner = event.object.metadata.ownerReferences?.find(
        ref => ref.controller && ref.kind === 'StatefulSet',
      );
      if (owner)
        this.queue.add(`${event.object.metadata.namespace}/${owner.name}`);
    }
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const set = this.client.get(STS, namespace, name);
    if (!set || set.metadata.deletionTimestamp) return;
    const spec = (set.spec ?? {}) as StatefulSetSpec;
    const desired = spec.replicas ?? 1;
    const parallel = spec.podManagementPolicy === 'Parallel';
    const revision = `${name}-${podTemplateHash(spec.template ?? {})}`;
    const pods = this.client.listOwnedBy(PODS, set).filter(isPodActive);
    const byOrdinal = new Map(pods.map(pod => [ordinalOf(pod, name), pod]));

    this.converge(set, spec, desired, parallel, revision, byOrdinal);

    const current = this.client.listOwnedBy(PODS, set).filter(isPodActive);
    const ready = current.filter(isPodReady).length;
    const updated = current.filter(
      p => p.metadata.labels?.[REVISION_LABEL] === revision,
    ).length;
    const status = {
      ...omitEmpty(
        {
          observedGeneration: set.metadata.generation,
          replicas: current.length,
          readyReplicas: ready,
          currentReplicas: updated,
          updatedReplicas: updated,
          availableReplicas: ready,
        },
        ['replicas', 'availableReplicas'],
      ),
      currentRevision: revision,
      updateRevision: revision,
      collisionCount: 0,
    };
    this.client.updateStatus(STS, { ...set, status });
  }

  private converge(
    set: KubeObject,
    spec: StatefulSetSpec,
    desired: number,
    parallel: boolean,
    revision: string,
    byOrdinal: Map<number, KubeObject>,
  ): void {
    // Scale down first, highest ordinal first.
    const surplus = [...byOrdinal.entries()]
      .filter(([ordinal]) => ordinal >= desired || ordinal < 0)
      .sort(([a], [b]) => b - a);
    for (const [, pod] of parallel ? surplus : surplus.slice(0, 1)) {
      this.client.delete(PODS, pod.metadata.namespace, pod.metadata.name!);
    }
    if (surplus.length > 0 && !parallel) return;

    for (let ordinal = 0; ordinal < desired; ordinal += 1) {
      const pod = byOrdinal.get(ordinal);
      if (!pod) {
        this.client.create(PODS, this.newPod(set, spec, ordinal, revision));
        if (!parallel) return;
      } else if (!isPodReady(pod) && !parallel) {
        return;
      }
    }
    // Rolling update: replace the highest outdated pod once every pod is ready.
    const outdated = [...byOrdinal.entries()]
      .filter(
        ([ordinal, pod]) =>
          ordinal < desired &&
          pod.metadata.labels?.[REVISION_LABEL] !== revision,
      )
      .sort(([a], [b]) => b - a);
    const allReady = [...byOrdinal.values()].every(isPodReady);
    if (outdated.length > 0 && allReady) {
      const [, pod] = outdated[0];
      this.client.delete(PODS, pod.metadata.namespace, pod.metadata.name!);
    }
  }

  private newPod(
    set: KubeObject,
    spec: StatefulSetSpec,
    ordinal: number,
    revision: string,
  ): KubeObject {
    const template = spec.template ?? {};
    const podName = `${set.metadata.name}-${ordinal}`;
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: podName,
        namespace: set.metadata.namespace,
        labels: {
          ...(template.metadata?.labels ?? {}),
          [REVISION_LABEL]: revision,
          'statefulset.kubernetes.io/pod-name': podName,
          'apps.kubernetes.io/pod-index': String(ordinal),
        },
        ...(template.metadata?.annotations
          ? { annotations: { ...template.metadata.annotations } }
          : {}),
        ownerReferences: [controllerRef(this.client.type(STS), set)],
      },
      spec: {
        ...cloneJson(template.spec ?? {}),
        hostname: podName,
        ...(spec.serviceName ? { subdomain: spec.serviceName } : {}),
      },
    };
  }
}
