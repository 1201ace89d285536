import { GraphType, MeshGraph } from './types';
import {
  isExternalService,
  isUnknownLabel,
  parseServiceHost,
} from './nodeKinds';

/** What names a node: a workload's identity, or a service (short name or host). */
export interface NodeIdentity {
  cluster?: string;
  namespace: string;
  workload?: string;
  app?: string;
  version?: string;
  /** A Service's name (`reviews`), its host (`reviews.bookinfo.svc.cluster.local`) or an external host. */
  service?: string;
}

/** The one node for every caller Istio could not identify. */
export const UNKNOWN_NODE_ID = 'unknown';

/**
 * Ids are `kind:[cluster:]namespace:name…`. A cluster Istio did not know (`unknown`) is left out
 * rather than written, so a single-cluster mesh reads `workload:bookinfo:reviews-v2`; the number
 * of segments per kind keeps the two forms apart (names cannot contain `:`).
 */
function id(kind: string, cluster: string | undefined, ...rest: string[]) {
  return [kind, ...(isUnknownLabel(cluster) ? [] : [cluster!]), ...rest].join(
    ':',
  );
}

export function externalNodeId(host: string): string {
  return `external:${host}`;
}

export function serviceNodeId(
  cluster: string | undefined,
  namespace: string,
  name: string,
): string {
  return id('service', cluster, namespace, name);
}

function known(value: string | undefined): string | undefined {
  return isUnknownLabel(value) ? undefined : value;
}

function serviceId(w: NodeIdentity, service: string): string {
  if (!service.includes('.'))
    return serviceNodeId(w.cluster, w.namespace, service);
  const parsed = parseServiceHost(service);
  if (parsed && !isExternalService({ destination_service: service }))
    return serviceNodeId(w.cluster, parsed.namespace, parsed.name);
  return externalNodeId(service);
}

/**
 * The id `buildMeshGraph` gives the node for a workload or service in a graph of `graphType`, so
 * callers can name focus nodes (an entity's workloads) without building the graph first.
 * Workload-side identities map to the graph's own kind (in a service graph: the caller's app, as
 * in Kiali); a service-only identity maps to its service node (or external host).
 */
export function nodeIdFor(graphType: GraphType, w: NodeIdentity): string {
  const workload = known(w.workload);
  const app = known(w.app) ?? workload;
  const service = known(w.service);
  if (!workload && !known(w.app))
    return service ? serviceId(w, service) : UNKNOWN_NODE_ID;
  switch (graphType) {
    case 'workload':
      if (workload) return id('workload', w.cluster, w.namespace, workload);
      return service ? serviceId(w, service) : UNKNOWN_NODE_ID;
    case 'versioned-app':
      return id(
        'versioned-app',
        w.cluster,
        w.namespace,
        app!,
        known(w.version) ?? 'unknown',
      );
    case 'service':
      if (service && !workload) return serviceId(w, service);
      return id('app', w.cluster, w.namespace, app!);
    case 'app':
    default:
      return id('app', w.cluster, w.namespace, app!);
  }
}

/**
 * The part of a graph within `hops` edges of the focus nodes, following edges either way; edges
 * between kept nodes are kept. Focus nodes are marked `focus: true` (and only they are).
 */
export function neighbourhood(
  graph: MeshGraph,
  focus: Set<string>,
  hops: number,
): MeshGraph {
  const adjacent = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    const list = adjacent.get(a);
    if (list) list.push(b);
    else adjacent.set(a, [b]);
  };
  for (const e of graph.edges) {
    link(e.source, e.target);
    link(e.target, e.source);
  }
  const present = new Set(graph.nodes.map(n => n.id));
  const kept = new Set([...focus].filter(f => present.has(f)));
  let frontier = [...kept];
  for (let hop = 0; hop < hops && frontier.length > 0; hop += 1) {
    const next: string[] = [];
    for (const nodeId of frontier) {
      for (const other of adjacent.get(nodeId) ?? []) {
        if (!kept.has(other)) {
          kept.add(other);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  return {
    ...graph,
    nodes: graph.nodes
      .filter(n => kept.has(n.id))
      .map(n => {
        const { focus: _ignored, ...rest } = n;
        return focus.has(n.id) ? { ...rest, focus: true } : rest;
      }),
    edges: graph.edges.filter(e => kept.has(e.source) && kept.has(e.target)),
  };
}
