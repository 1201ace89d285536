import { dataPlaneOf } from '../security/workloadIdentity';
import { serviceSelects } from '../kube/labelSelector';
import { KubeObject, Pod, Service, Workload } from '../kube/types';
import { serviceFqdn } from '../istio/index/hostNames';
import { MeshIndex } from '../istio/index/MeshIndex';
import { namespaceOf } from '../istio/model/common';
import {
  DestinationRule,
  EnvoyFilter,
  HTTPRoute,
  TrafficPolicy,
  VirtualService,
} from '../istio/model/networking';
import { selectPolicies } from '../istio/security/selectPolicies';
import { proxyVersion } from '../overview/sidecar';
import { localRateLimitOf } from '../traffic/localRateLimit';
import { indexMemo } from '../istio/security/indexMemo';
import { evaluateHealth, HealthConfig, RedWithCodes } from './health';
import {
  BadgeKind,
  EdgeProtocol,
  GraphEdge,
  GraphNode,
  MeshGraph,
  NodeBadge,
  Red,
} from './types';

export interface DecorateGraphOptions {
  index: MeshIndex;
  health: HealthConfig;
  /** A node's own p99 objective (e.g. from its entity's annotations); the config's applies otherwise. */
  latencySloP99Ms?: (node: GraphNode) => number | undefined;
  /** The control plane's version: sidecars running another are flagged. */
  expectedProxyVersion?: string;
}

/** What a graph node is in the live model. */
interface NodeModel {
  /** The cluster to look in; undefined reads every cluster (the node's is unknown to the index). */
  cluster?: string;
  workloads: Workload[];
  pods: Pod[];
  /** Label sets of the node's pods, or of its workloads' templates when no pod runs. */
  labelSets: Array<Record<string, string>>;
  /** The Services that select the node (or the node's own Service). */
  services: Service[];
  /** Hosts whose routing rules concern the node: its Services' FQDNs, or an external host. */
  hosts: Set<string>;
}

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'];
const ref = (o: KubeObject) => `${o.kind} ${namespaceOf(o)}/${o.metadata.name}`;

function isReady(pod: Pod): boolean {
  const ready = pod.status?.conditions?.find(c => c.type === 'Ready');
  if (ready) return ready.status === 'True';
  const statuses = pod.status?.containerStatuses ?? [];
  return statuses.length > 0 && statuses.every(s => s.ready);
}

function selectorOf(w: Workload): Record<string, string> | undefined {
  const labels =
    w.spec?.selector?.matchLabels ?? w.spec?.template?.metadata?.labels;
  // An empty selector would select every pod of the namespace.
  return labels && Object.keys(labels).length > 0 ? labels : undefined;
}

/** Label sets of the pods, or of the workloads' pod templates when no pod runs. */
function labelSetsOf(
  pods: Pod[],
  workloads: Workload[],
): Array<Record<string, string>> {
  if (pods.length > 0) return pods.map(p => p.metadata.labels ?? {});
  return workloads
    .map(w => w.spec?.template?.metadata?.labels)
    .filter((l): l is Record<string, string> => l !== undefined);
}

const hasLabels = (
  labels: Record<string, string> | undefined,
  want: Record<string, string>,
) => Object.entries(want).every(([k, v]) => labels?.[k] === v);

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/**
 * Maps graph nodes to the live model. A workload node is the Deployment (StatefulSet,
 * DaemonSet, bare ReplicaSet or Pod) Istio named in `*_workload`; app and versioned-app nodes are
 * the pods and workloads labelled `app` (and `version`); a service node is its Service. Lookups
 * per namespace are shared between nodes.
 */
class ModelLookup {
  private readonly servicesByNamespace = new Map<string, Service[]>();
  private readonly clusters: Set<string>;

  constructor(private readonly index: MeshIndex) {
    this.clusters = new Set(index.clusters());
  }

  modelOf(node: GraphNode): NodeModel {
    // Metrics name clusters by Istio's cluster id; when the index files objects otherwise (a
    // single cluster filed under ''), every cluster is searched instead of none.
    const cluster =
      node.cluster !== undefined && this.clusters.has(node.cluster)
        ? node.cluster
        : undefined;
    const ns = node.namespace;
    let workloads: Workload[] = [];
    let pods: Pod[] = [];
    let services: Service[] = [];
    const hosts = new Set<string>();

    if (node.kind === 'service') {
      services = this.ownService(node, cluster);
      for (const svc of services) {
        hosts.add(this.fqdn(svc));
        if (svc.spec?.selector && Object.keys(svc.spec.selector).length > 0)
          pods.push(
            ...this.index.podsMatching(
              namespaceOf(svc),
              svc.spec.selector,
              cluster,
            ),
          );
      }
      if (services.length === 0 && node.service)
        hosts.add(node.service.toLowerCase());
    } else if (node.kind === 'external') {
      if (node.service) hosts.add(node.service.toLowerCase());
    } else if (node.kind !== 'unknown') {
      const byLabels =
        (node.kind === 'app' ||
          node.kind === 'versioned-app' ||
          node.kind === 'gateway') &&
        node.app !== undefined;
      if (byLabels && !(node.kind === 'gateway' && node.workload)) {
        const want: Record<string, string> = { app: node.app! };
        if (node.kind === 'versioned-app' && node.version)
          want.version = node.version;
        pods = this.index.podsMatching(ns, want, cluster);
        workloads = WORKLOAD_KINDS.flatMap(k =>
          this.index
            .inNamespace<Workload>(k, ns, cluster)
            .filter(w => hasLabels(w.spec?.template?.metadata?.labels, want)),
        );
      }
      // A node named after a workload (or an app whose label is missing, which Istio names
      // after its workload) is the workload of that name.
      if (pods.length === 0 && workloads.length === 0 && node.workload)
        ({ workloads, pods } = this.workloadNamed(ns, node.workload, cluster));
      const labelSets = labelSetsOf(pods, workloads);
      services = this.servicesIn(ns, cluster).filter(s =>
        labelSets.some(l => serviceSelects(s.spec?.selector, l)),
      );
      for (const svc of services) hosts.add(this.fqdn(svc));
    }
    pods = unique(pods);
    const labelSets = labelSetsOf(pods, workloads);
    return { cluster, workloads, pods, labelSets, services, hosts };
  }

  /**
   * The workload Istio named: a Deployment (StatefulSet, DaemonSet, bare ReplicaSet) of that
   * name with the pods it selects, or a pod without a controller, which Istio names after
   * itself. Without a known cluster, every cluster's workload of that name is part of the node.
   */
  private workloadNamed(
    ns: string,
    name: string,
    cluster: string | undefined,
  ): { workloads: Workload[]; pods: Pod[] } {
    const workloads: Workload[] = [];
    const pods: Pod[] = [];
    for (const c of cluster === undefined ? this.index.clusters() : [cluster]) {
      const w = [...WORKLOAD_KINDS, 'ReplicaSet']
        .map(kind => this.index.get<Workload>(kind, ns, name, c))
        .find(x => x !== undefined);
      if (w) {
        workloads.push(w);
        const selector = selectorOf(w);
        if (selector) pods.push(...this.index.podsMatching(ns, selector, c));
        continue;
      }
      const pod = this.index.get<Pod>('Pod', ns, name, c);
      if (pod) pods.push(pod);
    }
    return { workloads, pods };
  }

  private ownService(node: GraphNode, cluster: string | undefined): Service[] {
    if (node.service) {
      const found = this.index
        .servicesForHost(node.service)
        .filter(
          s => cluster === undefined || this.index.clusterOf(s) === cluster,
        );
      if (found.length > 0) return found;
    }
    const svc = this.index.get<Service>(
      'Service',
      node.namespace,
      node.name,
      cluster,
    );
    return svc ? [svc] : [];
  }

  private servicesIn(ns: string, cluster: string | undefined): Service[] {
    const key = `${cluster ?? '\u0000'}/${ns}`;
    let list = this.servicesByNamespace.get(key);
    if (!list) {
      list = this.index.inNamespace<Service>('Service', ns, cluster);
      this.servicesByNamespace.set(key, list);
    }
    return list;
  }

  private fqdn(svc: Service): string {
    return serviceFqdn(svc.metadata.name, namespaceOf(svc), this.index.domain);
  }
}

const BADGE_ORDER: BadgeKind[] = [
  'virtual-service',
  'traffic-shifting',
  'fault-injection',
  'timeout',
  'retries',
  'mirror',
  'circuit-breaker',
  'rate-limit',
  'authorization-policy',
  'request-authentication',
  'missing-sidecar',
];

/** Collects badge resources by kind, in a fixed order, each resource once. */
class BadgeSet {
  private readonly byKind = new Map<BadgeKind, Set<string>>();

  add(kind: BadgeKind, resource: string): void {
    const set = this.byKind.get(kind) ?? new Set<string>();
    set.add(resource);
    this.byKind.set(kind, set);
  }

  list(): NodeBadge[] {
    return BADGE_ORDER.filter(k => this.byKind.has(k)).map(kind => ({
      kind,
      resources: [...this.byKind.get(kind)!].sort(),
    }));
  }
}

/** Whether a traffic policy (or one of its ports) limits connections or ejects outliers. */
function breaks(p: TrafficPolicy | undefined): boolean {
  if (!p) return false;
  if (p.connectionPool || p.outlierDetection) return true;
  return (p.portLevelSettings ?? []).some(
    s => s.connectionPool || s.outlierDetection,
  );
}

function routingBadges(
  index: MeshIndex,
  model: NodeModel,
  badges: BadgeSet,
): void {
  const hosts = model.hosts;
  if (hosts.size === 0) return;
  const vss = unique(
    [...hosts].flatMap(h => index.virtualServicesRoutingTo(h, model.cluster)),
  );
  for (const vs of vss) {
    const ns = namespaceOf(vs);
    const ours = (host: string | undefined) =>
      host !== undefined && hosts.has(index.resolveHost(host, ns));
    const name = ref(vs as VirtualService);
    const spec = vs.spec ?? {};
    for (const r of spec.http ?? []) {
      const dests = r.route ?? [];
      const mirrored = mirrorsOf(r);
      if (dests.some(d => ours(d.destination?.host))) {
        badges.add('virtual-service', name);
        if (shifts(dests)) badges.add('traffic-shifting', name);
        if (r.fault && (r.fault.abort || r.fault.delay))
          badges.add('fault-injection', name);
        if (r.timeout) badges.add('timeout', name);
        // `attempts: 0` is how a route turns Istio's default retries off.
        if (r.retries && r.retries.attempts !== 0) badges.add('retries', name);
        if (mirrored.length > 0) badges.add('mirror', name);
      } else if (mirrored.some(ours)) badges.add('mirror', name);
    }
    for (const r of [...(spec.tcp ?? []), ...(spec.tls ?? [])]) {
      const dests = r.route ?? [];
      if (!dests.some(d => ours(d.destination?.host))) continue;
      badges.add('virtual-service', name);
      if (shifts(dests)) badges.add('traffic-shifting', name);
    }
  }
  const rules = unique(
    [...hosts].flatMap(h =>
      index.destinationRulesClaiming(h, model.cluster).map(c => c.object),
    ),
  );
  for (const dr of rules as DestinationRule[]) {
    const spec = dr.spec;
    if (
      breaks(spec?.trafficPolicy) ||
      (spec?.subsets ?? []).some(s => breaks(s.trafficPolicy))
    )
      badges.add('circuit-breaker', ref(dr));
  }
}

function mirrorsOf(r: HTTPRoute): string[] {
  const out: string[] = [];
  if (r.mirror?.host) out.push(r.mirror.host);
  for (const m of r.mirrors ?? [])
    if (m.destination?.host) out.push(m.destination.host);
  return out;
}

/** Traffic split across more than one destination with weight (a lone destination takes all). */
function shifts(dests: Array<{ weight?: number }>): boolean {
  if (dests.length < 2) return false;
  return dests.filter(d => (d.weight ?? 0) > 0).length > 1;
}

function policyBadges(
  index: MeshIndex,
  node: GraphNode,
  model: NodeModel,
  badges: BadgeSet,
): void {
  const service =
    node.kind === 'service' && model.services[0]
      ? {
          namespace: namespaceOf(model.services[0]),
          name: model.services[0].metadata.name,
        }
      : undefined;
  // A Service without running pods still has the policies of its namespace and its targetRefs.
  let targets = model.labelSets;
  if (targets.length === 0 && service) targets = [{}];
  const namespace = service?.namespace ?? node.namespace;
  const seen = new Set<string>();
  for (const labels of targets) {
    // Replicas share their labels; each distinct set is asked once.
    const key = JSON.stringify(Object.entries(labels).sort());
    if (seen.has(key)) continue;
    seen.add(key);
    const target = { namespace, labels, service, cluster: model.cluster };
    for (const { policy } of selectPolicies(
      index,
      'AuthorizationPolicy',
      target,
      true,
    ))
      badges.add('authorization-policy', ref(policy));
    for (const { policy } of selectPolicies(
      index,
      'RequestAuthentication',
      target,
      false,
    ))
      badges.add('request-authentication', ref(policy));
    // EnvoyFilters in the root namespace reach matching workloads in every namespace.
    for (const { policy } of selectPolicies<EnvoyFilter>(
      index,
      'EnvoyFilter',
      target,
      true,
    ))
      if (localRateLimitOf(policy)) badges.add('rate-limit', ref(policy));
  }
}

/** Sums the response codes of a node's edges on one side. */
function codesBySide(
  edges: GraphEdge[],
  side: 'source' | 'target',
): Map<string, Map<string, number>> {
  // Maps, not records: codes are integer-like keys, which objects keep as slow elements, and a
  // gateway may have thousands of edges.
  const out = new Map<string, Map<string, number>>();
  for (const e of edges) {
    const id = e[side];
    let codes = out.get(id);
    if (!codes) out.set(id, (codes = new Map()));
    for (const code of Object.keys(e.responseCodes))
      codes.set(code, (codes.get(code) ?? 0) + e.responseCodes[code]);
  }
  return out;
}

/** The protocol all of a node's edges on one side share, if they share one. */
function protocolsBySide(
  edges: GraphEdge[],
  side: 'source' | 'target',
): Map<string, EdgeProtocol | null> {
  const out = new Map<string, EdgeProtocol | null>();
  for (const e of edges) {
    const id = e[side];
    const seen = out.get(id);
    out.set(id, seen === undefined || seen === e.protocol ? e.protocol : null);
  }
  return out;
}

/** What the live model says of a node, whatever its traffic. */
interface NodeFacts {
  badges: NodeBadge[];
  dataPlane?: GraphNode['dataPlane'];
  replicas?: GraphNode['replicas'];
  /** The node's proxy version: one that differs from the control plane's when any does. */
  proxy?: string;
}

/**
 * Node facts are the costly half of decorating (policy selection, routing lookups, pods by
 * selector: ~40 ms of a 1,000-node graph here) and change only with the model, while graphs are
 * asked for every few seconds by every viewer. So they are memoised per index generation, keyed
 * by everything about the node that `modelOf` reads; treat them as read-only.
 */
const factsMemo = indexMemo<NodeFacts>();

function factsKey(node: GraphNode, expectedProxyVersion?: string): string {
  return [
    node.kind,
    node.cluster ?? '\u0001',
    node.namespace,
    node.name,
    node.workload ?? '',
    node.app ?? '',
    node.version ?? '',
    node.service ?? '',
    expectedProxyVersion ?? '',
  ].join('\u0000');
}

function nodeFacts(
  index: MeshIndex,
  lookup: ModelLookup,
  node: GraphNode,
  expectedProxyVersion: string | undefined,
): NodeFacts {
  const model = lookup.modelOf(node);
  const badges = new BadgeSet();
  routingBadges(index, model, badges);
  if (node.kind !== 'unknown' && node.kind !== 'external')
    policyBadges(index, node, model, badges);

  const podsOwnNode = node.kind !== 'service' && model.pods.length > 0;
  let dataPlane: GraphNode['dataPlane'];
  let replicas: GraphNode['replicas'];
  let proxy: string | undefined;
  if (
    node.kind !== 'service' &&
    node.kind !== 'unknown' &&
    node.kind !== 'external'
  ) {
    if (podsOwnNode) {
      const modes = model.pods.map(p => {
        const mode = dataPlaneOf(
          p,
          index.namespace(namespaceOf(p), model.cluster),
        );
        if (mode === 'none') badges.add('missing-sidecar', ref(p));
        return mode;
      });
      // One pod outside the mesh is enough: its traffic has no mTLS and no policies.
      if (modes.includes('none')) dataPlane = 'none';
      else if (modes.includes('ambient')) dataPlane = 'ambient';
      else dataPlane = 'sidecar';
      const versions = unique(
        model.pods
          .map(proxyVersion)
          .filter((v): v is string => v !== undefined),
      );
      proxy = versions.find(v => v !== expectedProxyVersion) ?? versions[0];
    }
    if (model.workloads.length > 0) {
      const desired = model.workloads.reduce(
        (n, w) =>
          n +
          (w.spec?.replicas ??
            (w.kind === 'DaemonSet'
              ? model.pods.filter(p =>
                  hasLabels(p.metadata.labels, selectorOf(w) ?? {}),
                ).length
              : 1)),
        0,
      );
      replicas = { ready: model.pods.filter(isReady).length, desired };
    } else if (podsOwnNode) {
      replicas = {
        ready: model.pods.filter(isReady).length,
        desired: model.pods.length,
      };
    }
  }
  return {
    badges: badges.list(),
    ...(dataPlane ? { dataPlane } : {}),
    ...(replicas ? { replicas } : {}),
    ...(proxy !== undefined ? { proxy } : {}),
  };
}

const hasTraffic = (red: Red) =>
  red.rps > 0 || (red.tcpBytesPerSecond ?? 0) > 0;

/**
 * Decorates a graph from the live model and judges it: each node gets its badges (the routing,
 * resilience and security rules that concern it, each naming its resources), its data plane,
 * replicas, and health; each edge its health. Health uses what a node served, or, for sources
 * that served nothing (gateways, unknown callers), what it sent; the response codes are summed
 * from the node's edges on that side. An edge is judged as traffic to its destination (the
 * destination's namespace, name and latency objective).
 */
export function decorateGraph(
  graph: MeshGraph,
  o: DecorateGraphOptions,
): MeshGraph {
  const lookup = new ModelLookup(o.index);
  const inCodes = codesBySide(graph.edges, 'target');
  const outCodes = codesBySide(graph.edges, 'source');
  const inProtocols = protocolsBySide(graph.edges, 'target');
  const outProtocols = protocolsBySide(graph.edges, 'source');
  const sloOf = (n: GraphNode) =>
    o.latencySloP99Ms?.(n) ?? o.health.latencySloP99Ms;
  const nameOf = (n: GraphNode) => n.workload ?? n.app ?? n.service ?? n.name;

  const nodes = graph.nodes.map((node): GraphNode => {
    const { badges, dataPlane, replicas, proxy } = factsMemo(
      o.index,
      factsKey(node, o.expectedProxyVersion),
      () => nodeFacts(o.index, lookup, node, o.expectedProxyVersion),
    );

    const servedInbound =
      hasTraffic(node.inbound) || !hasTraffic(node.outbound);
    const side: RedWithCodes = servedInbound
      ? { ...node.inbound, responseCodes: inCodes.get(node.id) }
      : { ...node.outbound, responseCodes: outCodes.get(node.id) };
    const protocol =
      (servedInbound ? inProtocols : outProtocols).get(node.id) ?? undefined;
    const health = evaluateHealth(
      {
        namespace: node.namespace,
        workload: nameOf(node),
        kind: node.kind,
        ...(protocol ? { protocol } : {}),
        ...(servedInbound ? { inbound: side } : { outbound: side }),
        latencySloP99Ms: sloOf(node),
        replicas,
        dataPlane,
        proxyVersion: proxy,
        expectedProxyVersion: o.expectedProxyVersion,
      },
      o.health,
    );

    // The model's data plane and replicas replace whatever the node had. Built without `delete`,
    // which would leave a thousand nodes as slow dictionary objects for JSON.stringify, and
    // without spreading optional parts, which made two more objects per node.
    const { dataPlane: _dataPlane, replicas: _replicas, ...rest } = node;
    const decorated: GraphNode = { ...rest, badges, health };
    if (dataPlane) decorated.dataPlane = dataPlane;
    if (replicas) decorated.replicas = replicas;
    return decorated;
  });

  const byId = new Map(nodes.map(n => [n.id, n]));
  const edges = graph.edges.map((e): GraphEdge => {
    const target = byId.get(e.target);
    const tcp =
      e.tcpSentBytesPerSecond === undefined &&
      e.tcpReceivedBytesPerSecond === undefined
        ? undefined
        : (e.tcpSentBytesPerSecond ?? 0) + (e.tcpReceivedBytesPerSecond ?? 0);
    const health = evaluateHealth(
      {
        namespace: target?.namespace ?? '',
        workload: target ? nameOf(target) : undefined,
        kind: 'edge',
        protocol: e.protocol,
        inbound: {
          rps: e.rps,
          rps4xx: e.rps4xx,
          rps5xx: e.rps5xx,
          errorRatio: e.errorRatio,
          p50: e.p50,
          p95: e.p95,
          p99: e.p99,
          responseCodes: e.responseCodes,
          ...(tcp !== undefined ? { tcpBytesPerSecond: tcp } : {}),
        },
        latencySloP99Ms: target ? sloOf(target) : o.health.latencySloP99Ms,
      },
      o.health,
    );
    return { ...e, health };
  });

  return { ...graph, nodes, edges };
}
