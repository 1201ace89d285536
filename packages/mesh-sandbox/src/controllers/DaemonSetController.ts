import { cloneJson } from '../util/cloneJson';
import { KubeObject, StoreEvent } from '../store/types';
import { Controller, ControllerContext } from './Controller';
import { controllerRef, keyOf, splitKey } from './objectRefs';
import { omitEmpty } from './omitEmpty';
import { isPodActive, isPodReady } from './podConditions';
import { podTemplateHash } from './podTemplateHash';

const DS = 'apps/daemonsets';
const PODS = '/pods';
const NODES = '/nodes';

interface DaemonSetSpec {
  template?: {
    metadata?: {
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    spec?: { nodeSelector?: Record<string, string>; [key: string]: unknown };
  };
}

/** DaemonSet → one pod on every node its nodeSelector admits, placed directly on that node. */
export class DaemonSetController extends Controller {
  constructor(context: ControllerContext) {
    super(context, 'daemonset-controller');
  }

  protected resync(): void {
    this.client.list(DS).forEach(ds => this.queue.add(keyOf(ds)));
  }

  protected onEvent(event: StoreEvent): void {
    if (event.resource === DS) {
      this.queue.add(keyOf(event.object));
    } else if (event.resource === NODES) {
      this.resync();
    } else if (event.resource === PODS) {
      const owner = event.object.metadata.ownerReferences?.find(
        ref => ref.controller && ref.kind === 'DaemonSet',
      );
      if (owner)
        this.queue.add(`${event.object.metadata.namespace}/${owner.name}`);
    }
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const ds = this.client.get(DS, namespace, name);
    if (!ds || ds.metadata.deletionTimestamp) return;
    const spec = (ds.spec ?? {}) as DaemonSetSpec;
    const nodeSelector = spec.template?.spec?.nodeSelector ?? {};
    const nodes = this.client
      .list(NODES)
      .filter(node =>
        Object.entries(nodeSelector).every(
          ([k, v]) => node.metadata.labels?.[k] === v,
        ),
      );
    const pods = this.client.listOwnedBy(PODS, ds).filter(isPodActive);
    const hash = podTemplateHash(spec.template ?? {});
    const nodeNames = new Set(nodes.map(n => n.metadata.name!));

    for (const node of nodes) {
      if (
        !pods.some(
          pod =>
            (pod.spec as { nodeName?: string } | undefined)?.nodeName ===
            node.metadata.name,
        )
      ) {
        this.client.create(
          PODS,
          this.newPod(ds, spec, node.metadata.name!, hash),
        );
      }
    }
    for (const pod of pods) {
      const nodeName = (pod.spec as { nodeName?: string } | undefined)
        ?.nodeName;
      const outdated =
        pod.metadata.labels?.['controller-revision-hash'] !== hash;
      if (!nodeName || !nodeNames.has(nodeName) || outdated) {
        this.client.delete(PODS, pod.metadata.namespace, pod.metadata.name!);
      }
    }

    const current = this.client.listOwnedBy(PODS, ds).filter(isPodActive);
    const ready = current.filter(isPodReady).length;
    const status = omitEmpty(
      {
        observedGeneration: ds.metadata.generation,
        desiredNumberScheduled: nodes.length,
        currentNumberScheduled: current.length,
        numberMisscheduled: 0,
        numberReady: ready,
        numberAvailable: ready,
        updatedNumberScheduled: current.filter(
          p => p.metadata.labels?.['controller-revision-hash'] === hash,
        ).length,
        numberUnavailable: Math.max(0, nodes.length - ready),
      },
      [
        'desiredNumberScheduled',
        'currentNumberScheduled',
        'numberMisscheduled',
        'numberReady',
      ],
    );
    this.client.updateStatus(DS, { ...ds, status });
  }

  private newPod(
    ds: KubeObject,
    spec: DaemonSetSpec,
    nodeName: string,
    hash: string,
  ): KubeObject {
    const template = spec.template ?? {};
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${ds.metadata.name}-`,
        namespace: ds.metadata.namespace,
        labels: {
          ...(template.metadata?.labels ?? {}),
          'controller-revision-hash': hash,
          'pod-template-generation': String(ds.metadata.generation ?? 1),
        },
        ...(template.metadata?.annotations
          ? { annotations: { ...template.metadata.annotations } }
          : {}),
        ownerReferences: [controllerRef(this.client.type(DS), ds)],
      },
      spec: { ...cloneJson(template.spec ?? {}), nodeName },
    };
  }
}
