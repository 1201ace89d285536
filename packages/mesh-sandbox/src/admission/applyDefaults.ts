import { KubeObject } from '../store/types';

/**
 * The apiserver's defaulting for built-in kinds (the fields clients commonly read back),
 * applied in place on create and update. Allocation (IPs, node ports) is not here: it needs state.
 */

type Obj = Record<string, unknown>;

function objectAt(parent: Obj, key: string): Obj {
  const value = parent[key];
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return value as Obj;
  }
  const created: Obj = {};
  parent[key] = created;
  return created;
}

function setDefault(target: Obj, key: string, value: unknown): void {
  if (target[key] === undefined) {
    target[key] = value;
  }
}

/** `nginx` and `nginx:latest` default to Always, pinned tags and digests to IfNotPresent. */
function defaultPullPolicy(image: unknown): string {
  if (typeof image !== 'string') return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastSegment.includes(':')
    ? lastSegment.slice(lastSegment.indexOf(':') + 1)
    : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainers(containers: unknown): void {
  if (!Array.isArray(containers)) return;
  for (const container of containers as Obj[]) {
    setDefault(
      container,
      'imagePullPolicy',
      defaultPullPolicy(container.image),
    );
    setDefault(container, 'terminationMessagePath', '/dev/termination-log');
    setDefault(container, 'terminationMessagePolicy', 'File');
    setDefault(container, 'resources', {});
    for (const port of (Array.isArray(container.ports)
      ? container.ports
      : []) as Obj[]) {
      setDefault(port, 'protocol', 'TCP');
    }
  }
}

export function defaultPodSpec(spec: Obj): void {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'securityContext', {});
  defaultContainers(spec.containers);
  defaultContainers(spec.initContainers);
}

/** The pod's QoS class from its containers' requests and limits (BestEffort, Burstable or Guaranteed). */
function qosClass(spec: Obj): string {
  const containers = [
    ...(Array.isArray(spec.containers) ? spec.containers : []),
    ...(Array.isArray(spec.initContainers) ? spec.initContainers : []),
  ] as Obj[];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const container of containers) {
    const resources = (container.resources ?? {}) as {
      requests?: Obj;
      limits?: Obj;
    };
    const requests = resources.requests ?? {};
    const limits = resources.limits ?? {};
    if (Object.keys(requests).length > 0 || Object.keys(limits).length > 0)
      any = true;
    for (const name of ['cpu', 'memory']) {
      const limit = limits[name];
      const request = requests[name] ?? limit;
      if (limit === undefined || request !== limit) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function defaultPod(pod: KubeObject): void {
  const spec = objectAt(pod, 'spec');
  defaultPodSpec(spec);
  // ServiceAccount admission: pods run as `default` unless they name an account.
  setDefault(spec, 'serviceAccountName', 'default');
  spec.serviceAccount = spec.serviceAccountName;
  setDefault(spec, 'enableServiceLinks', true);
  setDefault(spec, 'priority', 0);
  setDefault(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  const status = objectAt(pod, 'status');
  setDefault(status, 'phase', 'Pending');
  status.qosClass = qosClass(spec);
  // DefaultTolerationSeconds admission.
  setDefault(spec, 'tolerations', [
    {
      key: 'node.kubernetes.io/not-ready',
      operator: 'Exists',
      effect: 'NoExecute',
      tolerationSeconds: 300,
    },
    {
      key: 'node.kubernetes.io/unreachable',
      operator: 'Exists',
      effect: 'NoExecute',
      tolerationSeconds: 300,
    },
  ]);
}

function defaultTemplate(workload: KubeObject): void {
  const spec = objectAt(workload, 'spec');
  const template = objectAt(spec, 'template');
  defaultPodSpec(objectAt(template, 'spec'));
}

function defaultDeployment(deployment: KubeObject): void {
  const spec = objectAt(deployment, 'spec');
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  const strategy = objectAt(spec, 'strategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rolling = objectAt(strategy, 'rollingUpdate');
    setDefault(rolling, 'maxSurge', '25%');
    setDefault(rolling, 'maxUnavailable', '25%');
  }
  defaultTemplate(deployment);
}

function defaultStatefulSet(statefulSet: KubeObject): void {
  const spec = objectAt(statefulSet, 'spec');
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'podManagementPolicy', 'OrderedReady');
  setDefault(spec, 'revisionHistoryLimit', 10);
  const strategy = objectAt(spec, 'updateStrategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    setDefault(objectAt(strategy, 'rollingUpdate'), 'partition', 0);
  }
  setDefault(spec, 'persistentVolumeClaimRetentionPolicy', {
    whenDeleted: 'Retain',
    whenScaled: 'Retain',
  });
  defaultTemplate(statefulSet);
}

function defaultDaemonSet(daemonSet: KubeObject): void {
  const spec = objectAt(daemonSet, 'spec');
  setDefault(spec, 'revisionHistoryLimit', 10);
  const strategy = objectAt(spec, 'updateStrategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rolling = objectAt(strategy, 'rollingUpdate');
    setDefault(rolling, 'maxUnavailable', 1);
    setDefault(rolling, 'maxSurge', 0);
  }
  defaultTemplate(daemonSet);
}

function defaultService(service: KubeObject): void {
  const spec = objectAt(service, 'spec');
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec.type !== 'ExternalName') {
    setDefault(spec, 'ipFamilies', ['IPv4']);
    setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
    setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  }
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
    setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  }
  if (spec.type === 'LoadBalancer') {
    setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  }
  for (const port of (Array.isArray(spec.ports) ? spec.ports : []) as Obj[]) {
    setDefault(port, 'protocol', 'TCP');
    setDefault(port, 'targetPort', port.port);
  }
  setDefault(objectAt(service, 'status'), 'loadBalancer', {});
}

function defaultNamespace(namespace: KubeObject): void {
  // The NamespaceDefaultLabelName feature: every namespace carries its own name as a label.
  namespace.metadata.labels = {
    ...namespace.metadata.labels,
    'kubernetes.io/metadata.name': namespace.metadata.name ?? '',
  };
  setDefault(objectAt(namespace, 'spec'), 'finalizers', ['kubernetes']);
  setDefault(objectAt(namespace, 'status'), 'phase', 'Active');
}

const DEFAULTERS: Record<string, (object: KubeObject) => void> = {
  '/pods': defaultPod,
  '/services': defaultService,
  '/namespaces': defaultNamespace,
  '/secrets': secret => setDefault(secret, 'type', 'Opaque'),
  'apps/deployments': defaultDeployment,
  'apps/replicasets': rs => {
    setDefault(objectAt(rs, 'spec'), 'replicas', 1);
    defaultTemplate(rs);
  },
  'apps/statefulsets': defaultStatefulSet,
  'apps/daemonsets': defaultDaemonSet,
};

/** Applies defaults for the resource with storage key `resource`; other kinds are left alone. */
export function applyDefaults(resource: string, object: KubeObject): void {
  DEFAULTERS[resource]?.(object);
}
