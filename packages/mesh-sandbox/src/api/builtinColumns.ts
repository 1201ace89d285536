import { formatLabelSelector, LabelSelectorSpec } from '../store/labelSelector';
import { KubeObject } from '../store/types';
import { ageOf } from '../util/humanDuration';

/** The columns `kubectl get` shows for built-in kinds (the apiserver's table printers, the common columns). */

export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface ColumnSet {
  columns: ColumnDefinition[];
  cells(object: KubeObject, now: Date): unknown[];
}

type Obj = Record<string, any>;

function column(
  name: string,
  type = 'string',
  priority = 0,
  format = '',
): ColumnDefinition {
  const descriptions: Record<string, string> = {
    Name: 'Name must be unique within a namespace.',
    Age: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
  };
  const description = descriptions[name] ?? name;
  return {
    name,
    type,
    format: name === 'Name' ? 'name' : format,
    description,
    priority,
  };
}

const spec = (o: KubeObject): Obj => (o.spec ?? {}) as Obj;
const status = (o: KubeObject): Obj => (o.status ?? {}) as Obj;
const age = (o: KubeObject, now: Date) =>
  ageOf(o.metadata.creationTimestamp, now);

function podCells(pod: KubeObject, now: Date): unknown[] {
  const containers: Obj[] = spec(pod).containers ?? [];
  const statuses: Obj[] = status(pod).containerStatuses ?? [];
  const ready = statuses.filter(s => s.ready).length;
  const restarts = statuses.reduce((sum, s) => sum + (s.restartCount ?? 0), 0);
  let reason: string = status(pod).reason ?? status(pod).phase ?? 'Unknown';
  const waiting = statuses.find(s => s.state?.waiting?.reason);
  if (waiting) reason = waiting.state.waiting.reason;
  if (pod.metadata.deletionTimestamp) reason = 'Terminating';
  const initStatuses: Obj[] = status(pod).initContainerStatuses ?? [];
  const initPending = initStatuses.filter(
    s => !s.state?.terminated || s.state.terminated.exitCode !== 0,
  ).length;
  if (initPending > 0 && status(pod).phase === 'Pending' && !waiting)
    reason = `Init:${initStatuses.length - initPending}/${initStatuses.length}`;
  return [
    pod.metadata.name,
    `${ready}/${containers.length}`,
    reason,
    restarts,
    age(pod, now),
    status(pod).podIP ?? '<none>',
    spec(pod).nodeName ?? '<none>',
    status(pod).nominatedNodeName ?? '<none>',
    '<none>',
  ];
}

function servicePorts(service: KubeObject): string {
  const ports: Obj[] = spec(service).ports ?? [];
  if (ports.length === 0) return '<none>';
  return ports
    .map(
      p =>
        `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`,
    )
    .join(',');
}

function externalIp(service: KubeObject): string {
  const type = spec(service).type;
  const ingress: Obj[] = status(service).loadBalancer?.ingress ?? [];
  const external: string[] = spec(service).externalIPs ?? [];
  if (type === 'ExternalName') return spec(service).externalName ?? '<none>';
  if (type === 'LoadBalancer') {
    const ips = [...ingress.map(i => i.ip ?? i.hostname), ...external];
    return ips.length > 0 ? ips.join(',') : '<pending>';
  }
  return external.length > 0 ? external.join(',') : '<none>';
}

function selectorText(o: KubeObject): string {
  const selector = spec(o).selector as LabelSelectorSpec | undefined;
  const text = formatLabelSelector(selector);
  return text === '' ? '<none>' : text;
}

function templateContainers(o: KubeObject): Obj[] {
  return spec(o).template?.spec?.containers ?? [];
}

const SETS: Record<string, ColumnSet> = {
  '/pods': {
    columns: [
      column('Name'),
      column('Ready'),
      column('Status'),
      column('Restarts', 'string'),
      column('Age'),
      column('IP', 'string', 1),
      column('Node', 'string', 1),
      column('Nominated Node', 'string', 1),
      column('Readiness Gates', 'string', 1),
    ],
    cells: podCells,
  },
  '/services': {
    columns: [
      column('Name'),
      column('Type'),
      column('Cluster-IP'),
      column('External-IP'),
      column('Port(s)'),
      column('Age'),
      column('Selector', 'string', 1),
    ],
    cells: (s, now) => [
      s.metadata.name,
      spec(s).type ?? 'ClusterIP',
      spec(s).clusterIP ?? '<none>',
      externalIp(s),
      servicePorts(s),
      age(s, now),
      Object.entries((spec(s).selector ?? {}) as Record<string, string>)
        .map(([k, v]) => `${k}=${v}`)
        .join(',') || '<none>',
    ],
  },
  'apps/deployments': {
    columns: [
      column('Name'),
      column('Ready'),
      column('Up-to-date', 'integer'),
      column('Available', 'integer'),
      column('Age'),
      column('Containers', 'string', 1),
      column('Images', 'string', 1),
      column('Selector', 'string', 1),
    ],
    cells: (d, now) => [
      d.metadata.name,
      `${status(d).readyReplicas ?? 0}/${spec(d).replicas ?? 0}`,
      status(d).updatedReplicas ?? 0,
      status(d).availableReplicas ?? 0,
      age(d, now),
      templateContainers(d)
        .map(c => c.name)
        .join(','),
      templateContainers(d)
        .map(c => c.image)
        .join(','),
      selectorText(d),
    ],
  },
  'apps/replicasets': {
    columns: [
      column('Name'),
      column('Desired', 'integer'),
      column('Current', 'integer'),
      column('Ready', 'integer'),
      column('Age'),
      column('Containers', 'string', 1),
      column('Images', 'string', 1),
      column('Selector', 'string', 1),
    ],
    cells: (r, now) => [
      r.metadata.name,
      spec(r).replicas ?? 0,
      status(r).replicas ?? 0,
      status(r).readyReplicas ?? 0,
      age(r, now),
      templateContainers(r)
        .map(c => c.name)
        .join(','),
      templateContainers(r)
        .map(c => c.image)
        .join(','),
      selectorText(r),
    ],
  },
  'apps/statefulsets': {
    columns: [
      column('Name'),
      column('Ready'),
      column('Age'),
      column('Containers', 'string', 1),
      column('Images', 'string', 1),
    ],
    cells: (s, now) => [
      s.metadata.name,
      `${status(s).readyReplicas ?? 0}/${spec(s).replicas ?? 0}`,
      age(s, now),
      templateContainers(s)
        .map(c => c.name)
        .join(','),
      templateContainers(s)
        .map(c => c.image)
        .join(','),
    ],
  },
  'apps/daemonsets': {
    columns: [
      column('Name'),
      column('Desired', 'integer'),
      column('Current', 'integer'),
      column('Ready', 'integer'),
      column('Up-to-date', 'integer'),
      column('Available', 'integer'),
      column('Node Selector'),
      column('Age'),
    ],
    cells: (d, now) => [
      d.metadata.name,
      status(d).desiredNumberScheduled ?? 0,
      status(d).currentNumberScheduled ?? 0,
      status(d).numberReady ?? 0,
      status(d).updatedNumberScheduled ?? 0,
      status(d).numberAvailable ?? 0,
      Object.entries(
        (spec(d).template?.spec?.nodeSelector ?? {}) as Record<string, string>,
      )
        .map(([k, v]) => `${k}=${v}`)
        .join(',') || '<none>',
      age(d, now),
    ],
  },
  '/namespaces': {
    columns: [column('Name'), column('Status'), column('Age')],
    cells: (n, now) => [
      n.metadata.name,
      status(n).phase ?? 'Active',
      age(n, now),
    ],
  },
  '/nodes': {
    columns: [
      column('Name'),
      column('Status'),
      column('Roles'),
      column('Age'),
      column('Version'),
    ],
    cells: (n, now) => [
      n.metadata.name,
      ((status(n).conditions ?? []) as Obj[]).find(c => c.type === 'Ready')
        ?.status === 'True'
        ? 'Ready'
        : 'NotReady',
      Object.keys(n.metadata.labels ?? {})
        .filter(k => k.startsWith('node-role.kubernetes.io/'))
        .map(k => k.split('/')[1])
        .join(',') || '<none>',
      age(n, now),
      status(n).nodeInfo?.kubeletVersion ?? '',
    ],
  },
  '/configmaps': {
    columns: [column('Name'), column('Data', 'integer'), column('Age')],
    cells: (c, now) => [
      c.metadata.name,
      Object.keys((c.data ?? {}) as Obj).length +
        Object.keys((c.binaryData ?? {}) as Obj).length,
      age(c, now),
    ],
  },
  '/secrets': {
    columns: [
      column('Name'),
      column('Type'),
      column('Data', 'integer'),
      column('Age'),
    ],
    cells: (s, now) => [
      s.metadata.name,
      s.type ?? 'Opaque',
      Object.keys((s.data ?? {}) as Obj).length,
      age(s, now),
    ],
  },
  '/serviceaccounts': {
    columns: [column('Name'), column('Secrets', 'integer'), column('Age')],
    cells: (s, now) => [
      s.metadata.name,
      ((s.secrets ?? []) as unknown[]).length,
      age(s, now),
    ],
  },
  '/events': {
    columns: [
      column('Last Seen'),
      column('Type'),
      column('Reason'),
      column('Object'),
      column('Message'),
    ],
    cells: (e, now) => {
      const involved = (e.involvedObject ?? {}) as Obj;
      return [
        ageOf(
          (e.lastTimestamp as string | undefined) ??
            e.metadata.creationTimestamp,
          now,
        ),
        e.type ?? '',
        e.reason ?? '',
        `${String(involved.kind ?? '').toLowerCase()}/${involved.name ?? ''}`,
        e.message ?? '',
      ];
    },
  },
  'apiextensions.k8s.io/customresourcedefinitions': {
    columns: [column('Name'), column('Created At', 'date')],
    cells: c => [c.metadata.name, c.metadata.creationTimestamp],
  },
};

export function builtinColumns(resource: string): ColumnSet | undefined {
  return SETS[resource];
}

/** Name and Age: what the apiserver prints for kinds without their own printer. */
export const DEFAULT_COLUMNS: ColumnSet = {
  columns: [column('Name'), column('Age')],
  cells: (o, now) => [o.metadata.name, age(o, now)],
};
