import {
  GraphNode,
  GraphType,
  isGatewayWorkload,
  MeshIndex,
  nodeIdFor,
  Red,
  Service,
  serviceNodeId,
  Workload,
} from '@meshport/plugin-mesh-common';

/** A workload or Service from the live model, named as Istio's metric labels would name it. */
export interface ModelWorkload {
  cluster: string;
  namespace: string;
  /** The controller's name, as `source_workload`/`destination_workload`. */
  workload: string;
  /** The pods' labels (the template's), for app and version. */
  labels: Record<string, string>;
}

export interface ModelService {
  cluster: string;
  namespace: string;
  name: string;
  /** `name.namespace.svc.<domain>`. */
  host: string;
}

const IDLE_RED: Red = { rps: 0, rps4xx: 0, rps5xx: 0, errorRatio: 0 };

/** Namespaces Kubernetes runs itself in: never part of the mesh's traffic graph. */
const SYSTEM_NAMESPACES = new Set([
  'kube-system',
  'kube-public',
  'kube-node-lease',
]);

/** Istio's canonical names: `app` / `app.kubernetes.io/name`, else the workload's; version likewise. */
function appOf(w: ModelWorkload): { app: string; version?: string } {
  return {
    app: w.labels.app ?? w.labels['app.kubernetes.io/name'] ?? w.workload,
    version: w.labels.version ?? w.labels['app.kubernetes.io/version'],
  };
}

/** What buildMeshGraph calls a workload-side node: the workload, `app v2`, or the app. */
function nameOf(
  type: 'workload' | 'app' | 'versioned-app',
  workload: string,
  app: string,
  version: string | undefined,
): string {
  if (type === 'workload') return workload;
  if (type === 'versioned-app' && version) return `${app} ${version}`;
  return app;
}

/** The node id a workload gets in a graph of `graphType` (as `buildMeshGraph` names it). */
export function workloadNodeId(graphType: GraphType, w: ModelWorkload): string {
  return nodeIdFor(graphType, {
    cluster: w.cluster,
    namespace: w.namespace,
    workload: w.workload,
    ...appOf(w),
  });
}

export function serviceNodeIdOf(s: ModelService): string {
  return serviceNodeId(s.cluster, s.namespace, s.name);
}

/**
 * A node for a workload that has no traffic in the window, so a new or quiet service is still on
 * the graph; `decorateGraph` then gives it its badges, sidecar, replicas and health (idle).
 */
export function idleWorkloadNode(
  graphType: GraphType,
  w: ModelWorkload,
): GraphNode {
  const { app, version } = appOf(w);
  // Named and kinded as buildMeshGraph names a workload seen in the metrics, so the node it
  // stands in for is the same once traffic arrives.
  const type = graphType === 'service' ? 'app' : graphType;
  const gateway = isGatewayWorkload({
    namespace: w.namespace,
    workload: w.workload,
    app,
  });
  return {
    id: workloadNodeId(graphType, w),
    kind: gateway ? 'gateway' : type,
    cluster: w.cluster,
    namespace: w.namespace,
    name: nameOf(type, w.workload, app, version),
    app,
    workload: w.workload,
    ...(version && type !== 'app' ? { version } : {}),
    inbound: { ...IDLE_RED },
    outbound: { ...IDLE_RED },
    health: { status: 'unknown', reasons: [] },
    badges: [],
  };
}

export function idleServiceNode(s: ModelService): GraphNode {
  return {
    id: serviceNodeIdOf(s),
    kind: 'service',
    cluster: s.cluster,
    namespace: s.namespace,
    name: s.name,
    service: s.host,
    inbound: { ...IDLE_RED },
    outbound: { ...IDLE_RED },
    health: { status: 'unknown', reasons: [] },
    badges: [],
  };
}

/**
 * The workloads (Deployments, StatefulSets, DaemonSets) and Services of a live model, optionally
 * only in some clusters and namespaces: the graph's nodes when metrics cannot be read.
 */
export function modelWorkloadsAndServices(
  index: MeshIndex,
  options: { clusters: string[]; namespaces?: string[]; domain: string },
): { workloads: ModelWorkload[]; services: ModelService[] } {
  const wantNs = (ns: string) =>
    !SYSTEM_NAMESPACES.has(ns) &&
    (!options.namespaces?.length || options.namespaces.includes(ns));
  const workloads: ModelWorkload[] = [];
  const services: ModelService[] = [];
  for (const cluster of options.clusters) {
    for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet']) {
      for (const w of index.all<Workload>(kind, cluster)) {
        const namespace = w.metadata.namespace ?? 'default';
        if (!wantNs(namespace)) continue;
        workloads.push({
          cluster,
          namespace,
          workload: w.metadata.name,
          labels: w.spec?.template?.metadata?.labels ?? w.metadata.labels ?? {},
        });
      }
    }
    for (const s of index.all<Service>('Service', cluster)) {
      const namespace = s.metadata.namespace ?? 'default';
      if (!wantNs(namespace) || s.metadata.name === 'kubernetes') continue;
      services.push({
        cluster,
        namespace,
        name: s.metadata.name,
        host: `${s.metadata.name}.${namespace}.svc.${options.domain}`,
      });
    }
  }
  return { workloads, services };
}

/** Adds the nodes the graph does not have yet; the graph's own (with traffic) win. */
export function withNodes(
  graph: { nodes: GraphNode[] },
  nodes: GraphNode[],
): GraphNode[] {
  const present = new Set(graph.nodes.map(n => n.id));
  const added: GraphNode[] = [];
  for (const n of nodes) {
    if (present.has(n.id)) continue;
    present.add(n.id);
    added.push(n);
  }
  return [...graph.nodes, ...added];
}
