import { randomBytes } from 'node:crypto';
import { KubeObject, StoreEvent } from '../store/types';
import { IntegerPool } from '../util/IntegerPool';
import { ipv4ToNumber, isIpv4, numberToIpv4 } from '../util/ipv4';
import { timestamp } from '../util/names';
import { Controller, ControllerContext } from './Controller';
import { keyOf, splitKey } from './objectRefs';
import { isPodReady } from './podConditions';

const PODS = '/pods';
const NODES = '/nodes';

interface Container {
  name: string;
  image?: string;
}

interface PodSpec {
  nodeName?: string;
  hostNetwork?: boolean;
  containers?: Container[];
  initContainers?: Container[];
}

function condition(type: string, status: string, at: string) {
  return { type, status, lastProbeTime: null, lastTransitionTime: at };
}

function nodeAddress(node: KubeObject | undefined): string | undefined {
  const addresses =
    (
      (node?.status ?? {}) as {
        addresses?: Array<{ type: string; address: string }>;
      }
    ).addresses ?? [];
  return addresses.find(a => a.type === 'InternalIP')?.address;
}

/**
 * The scheduler and kubelet: binds new pods to a node (round robin), reports them
 * Pending with containers being created, and after `podReadyDelayMs` Running and Ready
 * with a pod IP and one running status per container.
 */
export class PodLifecycleController extends Controller {
  /** One address pool per node, from the node's podCIDR (a /24), like the node IPAM of real clusters. */
  private readonly podIps = new Map<string, IntegerPool>();
  private readonly readyAt = new Map<string, number>();
  private nextNode = 0;

  constructor(
    context: ControllerContext,
    private readonly podReadyDelayMs: number,
  ) {
    super(context, 'kubelet');
  }

  protected resync(): void {
    for (const pod of this.client.list(PODS)) {
      const ip = (pod.status as { podIP?: string } | undefined)?.podIP;
      const spec = (pod.spec ?? {}) as PodSpec;
      if (isIpv4(ip) && !spec.hostNetwork && spec.nodeName)
        this.poolFor(spec.nodeName)?.reserve(ipv4ToNumber(ip));
      this.queue.add(keyOf(pod));
    }
  }

  protected onEvent(event: StoreEvent): void {
    if (event.resource !== PODS) return;
    if (event.type === 'DELETED') {
      this.readyAt.delete(event.object.metadata.uid!);
      const ip = (event.object.status as { podIP?: string } | undefined)?.podIP;
      const spec = (event.object.spec ?? {}) as PodSpec;
      if (isIpv4(ip) && !spec.hostNetwork && spec.nodeName)
        this.poolFor(spec.nodeName)?.release(ipv4ToNumber(ip));
      return;
    }
    if (!isPodReady(event.object)) this.queue.add(keyOf(event.object));
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const pod = this.client.get(PODS, namespace, name);
    if (!pod || pod.metadata.deletionTimestamp || isPodReady(pod)) return;
    const spec = (pod.spec ?? {}) as PodSpec;
    if (!spec.nodeName) {
      this.bind(pod);
      return;
    }
    const uid = pod.metadata.uid!;
    const due = this.readyAt.get(uid);
    if (due === undefined) {
      this.readyAt.set(uid, Date.now() + this.podReadyDelayMs);
      this.reportCreating(pod);
      this.queue.addAfter(key, this.podReadyDelayMs);
    } else if (Date.now() >= due) {
      this.reportRunning(pod);
      this.readyAt.delete(uid);
    } else {
      this.queue.addAfter(key, due - Date.now());
    }
  }

  private poolFor(nodeName: string): IntegerPool | undefined {
    let pool = this.podIps.get(nodeName);
    if (!pool) {
      const cidr = (
        (this.client.get(NODES, undefined, nodeName)?.spec ?? {}) as {
          podCIDR?: string;
        }
      ).podCIDR;
      const match = cidr ? /^(\d+\.\d+\.\d+)\.0\/24$/.exec(cidr) : null;
      if (!match) return undefined;
      // .1 is the node's bridge; pods get .2 to .254.
      pool = new IntegerPool(
        ipv4ToNumber(`${match[1]}.2`),
        ipv4ToNumber(`${match[1]}.254`),
      );
      this.podIps.set(nodeName, pool);
    }
    return pool;
  }

  private bind(pod: KubeObject): void {
    const nodes = this.client.list(NODES);
    const now = timestamp();
    if (nodes.length === 0) {
      this.client.updateStatus(PODS, {
        ...pod,
        status: {
          ...(pod.status as object),
          phase: 'Pending',
          conditions: [
            {
              ...condition('PodScheduled', 'False', now),
              reason: 'Unschedulable',
              message: '0/0 nodes are available.',
            },
          ],
        },
      });
      return;
    }
    const node = nodes[this.nextNode++ % nodes.length];
    this.client.update(PODS, {
      ...pod,
      spec: { ...(pod.spec as object), nodeName: node.metadata.name },
    });
  }

  private reportCreating(pod: KubeObject): void {
    const spec = (pod.spec ?? {}) as PodSpec;
    const now = timestamp();
    const node = this.client.get(NODES, undefined, spec.nodeName!);
    const hostIP = nodeAddress(node);
    const hasInit = (spec.initContainers ?? []).length > 0;
    const waiting = (c: Container, reason: string) => ({
      name: c.name,
      image: c.image,
      imageID: '',
      ready: false,
      started: false,
      restartCount: 0,
      state: { waiting: { reason } },
      lastState: {},
    });
    this.client.updateStatus(PODS, {
      ...pod,
      status: {
        ...(pod.status as object),
        phase: 'Pending',
        conditions: [
          condition('PodReadyToStartContainers', 'False', now),
          condition('Initialized', hasInit ? 'False' : 'True', now),
          {
            ...condition('Ready', 'False', now),
            reason: 'ContainersNotReady',
            message: `containers with unready status: [${(spec.containers ?? []).map(c => c.name).join(' ')}]`,
          },
          {
            ...condition('ContainersReady', 'False', now),
            reason: 'ContainersNotReady',
          },
          condition('PodScheduled', 'True', now),
        ],
        ...(hostIP ? { hostIP, hostIPs: [{ ip: hostIP }] } : {}),
        startTime: now,
        containerStatuses: (spec.containers ?? []).map(c =>
          waiting(c, hasInit ? 'PodInitializing' : 'ContainerCreating'),
        ),
        ...(hasInit
          ? {
              initContainerStatuses: (spec.initContainers ?? []).map(c =>
                waiting(c, 'PodInitializing'),
              ),
            }
          : {}),
      },
    });
  }

  private reportRunning(pod: KubeObject): void {
    const spec = (pod.spec ?? {}) as PodSpec;
    const now = timestamp();
    const previous = (pod.status ?? {}) as {
      hostIP?: string;
      startTime?: string;
      podIP?: string;
    };
    const pool = this.poolFor(spec.nodeName!);
    const podIP = spec.hostNetwork
      ? previous.hostIP
      : (previous.podIP ?? (pool ? numberToIpv4(pool.allocate()) : undefined));
    const containerId = () => `containerd://${randomBytes(32).toString('hex')}`;
    const initStatuses = (spec.initContainers ?? []).map(c => {
      const id = containerId();
      return {
        name: c.name,
        image: c.image,
        imageID: '',
        containerID: id,
        ready: true,
        started: false,
        restartCount: 0,
        state: {
          terminated: {
            exitCode: 0,
            reason: 'Completed',
            startedAt: previous.startTime ?? now,
            finishedAt: now,
            containerID: id,
          },
        },
        lastState: {},
      };
    });
    this.client.updateStatus(PODS, {
      ...pod,
      status: {
        ...(pod.status as object),
        phase: 'Running',
        conditions: [
          'PodReadyToStartContainers',
          'Initialized',
          'Ready',
          'ContainersReady',
          'PodScheduled',
        ].map(type => condition(type, 'True', now)),
        ...(podIP ? { podIP, podIPs: [{ ip: podIP }] } : {}),
        startTime: previous.startTime ?? now,
        containerStatuses: (spec.containers ?? []).map(c => ({
          name: c.name,
          image: c.image,
          imageID: '',
          containerID: containerId(),
          ready: true,
          started: true,
          restartCount: 0,
          state: { running: { startedAt: now } },
          lastState: {},
        })),
        ...(initStatuses.length > 0
          ? { initContainerStatuses: initStatuses }
          : {}),
      },
    });
  }
}
