import { DESTINATION_LABELS, SOURCE_LABELS } from '../metrics/istioLabels';
import { MetricSample, MetricsStatus } from '../metrics/types';
import { LATENCY_LABELS, TopologySamples } from './topologyQueries';
import {
  isExternalService,
  isGatewayWorkload,
  isUnknownLabel,
  parseServiceHost,
} from './nodeKinds';
import {
  externalNodeId,
  nodeIdFor,
  serviceNodeId,
  UNKNOWN_NODE_ID,
} from './nodeIds';
import {
  effectiveResponseCode,
  responseClass,
  responseCodeRecord,
} from './responseCodes';
import {
  EdgeProtocol,
  GraphEdge,
  GraphNode,
  GraphType,
  MeshGraph,
  NodeKind,
  Red,
} from './types';

/**
 * Building a mesh graph from Istio's standard metrics.
 *
 * Every request between two sidecars is counted twice, once by each proxy (`reporter="source"`
 * and `reporter="destination"`). Rows are first grouped by the finest edge Istio can tell apart —
 * source workload, destination workload and service, protocol — and each such edge takes one
 * reporter's numbers: the caller's when its proxy reported the edge (that is what the caller
 * experienced, retries included, and it sees requests that never reached an endpoint), otherwise
 * the destination's (callers without a sidecar, whose proxy-less traffic only the destination
 * sees). Only then are edges projected onto the graph type's nodes and summed, so no request is
 * counted twice at any granularity, even when a graph node mixes edges reported either way.
 */

type Quantile = 'p50' | 'p95' | 'p99';
const QUANTILES: Quantile[] = ['p50', 'p95', 'p99'];

interface ReporterTotals {
  requests: number;
  /** Rate by response code. Maps, not records: codes are integer-like keys, slow as object keys. */
  codes: Map<string, number>;
  /** Request rate the destination proxy saw arrive over mutual TLS. */
  mtlsRequests: number;
  tcpSent: number;
  tcpReceived: number;
  /** TCP bytes (both ways) the destination proxy saw over mutual TLS. */
  mtlsTcpBytes: number;
  quantiles: Partial<Record<Quantile, number>>;
}

interface FineEdge {
  labels: Record<string, string>;
  /** The edge's `REST_IDENTITY` values: what tells it from the other fine edges of its latency key. */
  rest: string;
  source: ReporterTotals;
  destination: ReporterTotals;
}

function emptyTotals(): ReporterTotals {
  return {
    requests: 0,
    codes: new Map(),
    mtlsRequests: 0,
    tcpSent: 0,
    tcpReceived: 0,
    mtlsTcpBytes: 0,
    quantiles: {},
  };
}

const IDENTITY = [...SOURCE_LABELS, ...DESTINATION_LABELS, 'request_protocol'];
/** The labels latency samples carry (see LATENCY_LABELS), reporter aside. */
const LATENCY_IDENTITY = LATENCY_LABELS.filter(l => l !== 'reporter');

/** Reused by `valuesKey`: one array for every key instead of one per row. */
const scratch: string[] = [];

/** The names' values, one after another: a Map key for rows that agree on them. */
function valuesKey(
  labels: Record<string, string>,
  names: readonly string[],
): string {
  // Called for every row of every answer (~10,000 on a 1,000-service graph). Joining a reused
  // array allocates only the key itself; map/join allocated an array per row and `+=` a string
  // per label, which together made a third of the build's garbage.
  scratch.length = names.length;
  for (let i = 0; i < names.length; i += 1) scratch[i] = labels[names[i]] ?? '';
  return scratch.join('\u0000');
}

/**
 * A fine edge's identity in two parts: the labels latency answers keep (`LATENCY_IDENTITY`), and
 * the rest (the ends' app and version, which follow from their workloads). Rows are grouped by the
 * first part, so a latency sample finds its fine edges with one lookup, and no second pass keys
 * every edge again.
 */
const latencyKey = (labels: Record<string, string>) =>
  valuesKey(labels, LATENCY_IDENTITY);
const REST_IDENTITY = IDENTITY.filter(
  l => !(LATENCY_IDENTITY as readonly string[]).includes(l),
);
const restKey = (labels: Record<string, string>) =>
  valuesKey(labels, REST_IDENTITY);
/** What `sourceNode` reads. */
const SOURCE_NODE_LABELS = SOURCE_LABELS;
/** What `destinationNode` reads: the caller's cluster routes requests that reached no endpoint. */
const DESTINATION_NODE_LABELS = [...DESTINATION_LABELS, 'source_cluster'];

/** Ambient's waypoints report on the destination's behalf; anything but the caller's proxy is the destination side. */
function side(labels: Record<string, string>): 'source' | 'destination' {
  return labels.reporter === 'source' ? 'source' : 'destination';
}

function hasTraffic(t: ReporterTotals): boolean {
  return t.requests > 0 || t.tcpSent > 0 || t.tcpReceived > 0;
}

/** A usable rate: Prometheus answers NaN for empty ratios and 0 for series idle over the window. */
function positive(sample: MetricSample): boolean {
  return Number.isFinite(sample.value) && sample.value > 0;
}

function collectFineEdges(samples: TopologySamples): FineEdge[] {
  const byLatencyKey = new Map<string, FineEdge[]>();
  const edges: FineEdge[] = [];
  const totalsFor = (labels: Record<string, string>) => {
    const key = latencyKey(labels);
    const rest = restKey(labels);
    let group = byLatencyKey.get(key);
    if (!group) {
      group = [];
      byLatencyKey.set(key, group);
    }
    // Nearly always one: a workload's pods share their app and version labels.
    let edge = group.find(e => e.rest === rest);
    if (!edge) {
      edge = {
        labels,
        rest,
        source: emptyTotals(),
        destination: emptyTotals(),
      };
      group.push(edge);
      edges.push(edge);
    }
    return edge[side(labels)];
  };
  for (const s of samples.requests) {
    if (!positive(s)) continue;
    const t = totalsFor(s.labels);
    t.requests += s.value;
    const code = effectiveResponseCode(s.labels);
    t.codes.set(code, (t.codes.get(code) ?? 0) + s.value);
    if (s.labels.connection_security_policy === 'mutual_tls')
      t.mtlsRequests += s.value;
  }
  for (const [list, field] of [
    [samples.tcpSent, 'tcpSent'],
    [samples.tcpReceived, 'tcpReceived'],
  ] as const) {
    for (const s of list) {
      if (!positive(s)) continue;
      const t = totalsFor(s.labels);
      t[field] += s.value;
      if (s.labels.connection_security_policy === 'mutual_tls')
        t.mtlsTcpBytes += s.value;
    }
  }
  // Latency comes grouped by fewer labels than the rates; the labels it drops follow from the ones
  // it keeps, so each latency key names the same fine edges. The queries ask for the caller's report
  // where there is one (`LATENCY_REPORTER`), the side the edge takes its numbers from below.
  for (const q of QUANTILES) {
    for (const s of samples[q]) {
      if (!Number.isFinite(s.value)) continue;
      // A latency without a request rate belongs to no edge of the window.
      for (const edge of byLatencyKey.get(latencyKey(s.labels)) ?? [])
        edge[side(s.labels)].quantiles[q] = s.value;
    }
  }
  return edges;
}

type NodeInfo = Omit<
  GraphNode,
  'inbound' | 'outbound' | 'health' | 'badges' | 'focus'
>;

function known(value: string | undefined): string | undefined {
  return isUnknownLabel(value) ? undefined : value;
}

/** A workload-side node (caller, or destination workload) in the graph type's terms. */
function workloadNode(
  graphType: GraphType,
  w: {
    cluster?: string;
    namespace: string;
    workload: string;
    app?: string;
    version?: string;
  },
): NodeInfo {
  const cluster = known(w.cluster);
  const app = known(w.app) ?? w.workload;
  const version = known(w.version);
  // The service graph shows callers as their app, as Kiali does: Istio's metrics name no source service.
  const type = graphType === 'service' ? 'app' : graphType;
  const gateway = isGatewayWorkload({
    namespace: w.namespace,
    workload: w.workload,
    app,
  });
  const kind: NodeKind = gateway ? 'gateway' : type;
  const id = nodeIdFor(graphType, { ...w, cluster, app, version });
  // One literal per node, fields added as they apply: spreading a base and optional parts made
  // several objects per call (~2,000 calls for a 1,000-service graph).
  const node: NodeInfo = { id, kind, namespace: w.namespace, app, name: app };
  if (cluster) node.cluster = cluster;
  switch (type) {
    case 'workload':
      node.name = w.workload;
      node.workload = w.workload;
      if (version) node.version = version;
      break;
    case 'versioned-app':
      if (version) {
        node.name = `${app} ${version}`;
        node.version = version;
      }
      node.workload = w.workload;
      break;
    default:
      node.workload = w.workload;
  }
  return node;
}

function destinationNode(
  graphType: GraphType,
  l: Record<string, string>,
): NodeInfo {
  const host = known(l.destination_service);
  if (isExternalService(l)) {
    const name = host ?? l.destination_service_name;
    const namespace = known(l.destination_service_namespace) ?? '';
    return {
      id: externalNodeId(name),
      kind: 'external',
      namespace,
      name,
      ...(host ? { service: host } : {}),
    };
  }
  const workload = known(l.destination_workload);
  if (graphType !== 'service' && workload) {
    return workloadNode(graphType, {
      cluster: l.destination_cluster,
      namespace: known(l.destination_workload_namespace) ?? '',
      workload,
      app: l.destination_app,
      version: l.destination_version,
    });
  }
  // No endpoint was reached (503 UH/NR, fault injection) or the graph is of services.
  const parsed = host ? parseServiceHost(host) : undefined;
  const shortName = known(l.destination_service_name);
  const name =
    shortName && !shortName.includes('.')
      ? shortName
      : (parsed?.name ?? shortName ?? host ?? 'unknown');
  const namespace =
    known(l.destination_service_namespace) ?? parsed?.namespace ?? '';
  // Without an endpoint Istio knows no destination cluster; the caller's cluster routed it.
  const cluster = known(l.destination_cluster) ?? known(l.source_cluster);
  return {
    id: serviceNodeId(cluster, namespace, name),
    kind: 'service',
    namespace,
    name,
    ...(cluster ? { cluster } : {}),
    ...(host ? { service: host } : {}),
  };
}

function sourceNode(graphType: GraphType, l: Record<string, string>): NodeInfo {
  const workload = known(l.source_workload);
  if (!workload)
    return {
      id: UNKNOWN_NODE_ID,
      kind: 'unknown',
      namespace: '',
      name: 'unknown',
    };
  return workloadNode(graphType, {
    cluster: l.source_cluster,
    namespace: known(l.source_workload_namespace) ?? '',
    workload,
    app: l.source_app,
    version: l.source_version,
  });
}

function protocolOf(l: Record<string, string>, tcp: boolean): EdgeProtocol {
  if (tcp || l.request_protocol === 'tcp') return 'tcp';
  return l.request_protocol === 'grpc' ? 'grpc' : 'http';
}

interface Weighted {
  sum: number;
  weight: number;
}

interface EdgeTotals {
  source: string;
  target: string;
  protocol: EdgeProtocol;
  rps: number;
  rps4xx: number;
  rps5xx: number;
  codes: Map<string, number>;
  mtls: number;
  mtlsOf: number;
  tcpSent: number;
  tcpReceived: number;
  quantiles: Record<Quantile, Weighted>;
}

function emptyWeights(): Record<Quantile, Weighted> {
  return {
    p50: { sum: 0, weight: 0 },
    p95: { sum: 0, weight: 0 },
    p99: { sum: 0, weight: 0 },
  };
}

/**
 * Latency quantiles do not add up: the exact p95 of two edges needs their histograms. We combine
 * them as the mean weighted by request rate — exact when one fine edge makes the graph edge (the
 * workload graph, mostly), an approximation for app and service nodes and node totals, good
 * enough to colour a node and to rank edges, and labelled as such in the UI's tooltips.
 */
function addWeighted(
  into: Record<Quantile, Weighted>,
  quantiles: Partial<Record<Quantile, number>>,
  weight: number,
): void {
  if (!(weight > 0)) return;
  for (const q of QUANTILES) {
    const v = quantiles[q];
    if (v === undefined) continue;
    into[q].sum += v * weight;
    into[q].weight += weight;
  }
}

function meanOf(w: Weighted): number | undefined {
  return w.weight > 0 ? w.sum / w.weight : undefined;
}

function toEdge(t: EdgeTotals): GraphEdge {
  const edge: GraphEdge = {
    id: `${t.source}->${t.target}:${t.protocol}`,
    source: t.source,
    target: t.target,
    protocol: t.protocol,
    rps: t.rps,
    rps4xx: t.rps4xx,
    rps5xx: t.rps5xx,
    errorRatio: t.rps > 0 ? t.rps5xx / t.rps : 0,
    responseCodes: responseCodeRecord(t.codes),
    health: { status: 'unknown', reasons: [] },
  };
  for (const q of QUANTILES) {
    const v = meanOf(t.quantiles[q]);
    if (v !== undefined) edge[q] = v;
  }
  if (t.mtlsOf > 0) edge.mtlsShare = Math.min(1, t.mtls / t.mtlsOf);
  if (t.protocol === 'tcp') {
    edge.tcpSentBytesPerSecond = t.tcpSent;
    edge.tcpReceivedBytesPerSecond = t.tcpReceived;
  }
  return edge;
}

function sumRed(edges: GraphEdge[]): Red {
  const red: Red = { rps: 0, rps4xx: 0, rps5xx: 0, errorRatio: 0 };
  const weights = emptyWeights();
  let tcp: number | undefined;
  for (const e of edges) {
    red.rps += e.rps;
    red.rps4xx += e.rps4xx;
    red.rps5xx += e.rps5xx;
    addWeighted(weights, e, e.rps);
    if (e.protocol === 'tcp')
      tcp =
        (tcp ?? 0) +
        (e.tcpSentBytesPerSecond ?? 0) +
        (e.tcpReceivedBytesPerSecond ?? 0);
  }
  red.errorRatio = red.rps > 0 ? red.rps5xx / red.rps : 0;
  for (const q of QUANTILES) {
    const v = meanOf(weights[q]);
    if (v !== undefined) red[q] = v;
  }
  if (tcp !== undefined) red.tcpBytesPerSecond = tcp;
  return red;
}

/** Identity fields that differ between the rows merged into one node are left out rather than guessed. */
function mergeInfo(into: NodeInfo, from: NodeInfo): void {
  for (const field of ['workload', 'version', 'app', 'service'] as const) {
    if (into[field] !== from[field]) delete into[field];
  }
}

function byId(a: { id: string }, b: { id: string }): number {
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}

/**
 * The mesh graph of one window: nodes of `graphType` with inbound and outbound RED, edges with
 * rates, error ratios, response codes, latency, mTLS share and TCP bytes. Health is left
 * `unknown` and badges empty for `decorateGraph`. Nodes and edges come sorted by id so a
 * refreshed graph lays out where the last one did.
 */
export function buildMeshGraph(
  samples: TopologySamples,
  o: {
    graphType: GraphType;
    windowSeconds: number;
    generatedAt: string;
    metrics: MetricsStatus;
  },
): MeshGraph {
  const nodes = new Map<string, NodeInfo>();
  const addNode = (info: NodeInfo) => {
    const existing = nodes.get(info.id);
    // Each NodeInfo is made afresh for its row, so it is kept as it is, not copied.
    if (existing) mergeInfo(existing, info);
    else nodes.set(info.id, info);
    return info.id;
  };
  // Many rows name the same node (a workload calls several services; a service is called by
  // several workloads): each distinct set of the labels a node is made of is made a node once.
  const nodeOf = (
    made: Map<string, string>,
    labels: Record<string, string>,
    names: readonly string[],
    make: (graphType: GraphType, l: Record<string, string>) => NodeInfo,
  ) => {
    const key = valuesKey(labels, names);
    let id = made.get(key);
    if (id === undefined) {
      id = addNode(make(o.graphType, labels));
      made.set(key, id);
    }
    return id;
  };
  const sources = new Map<string, string>();
  const targets = new Map<string, string>();
  const edges = new Map<string, EdgeTotals>();

  for (const fine of collectFineEdges(samples)) {
    const preferred = hasTraffic(fine.source) ? fine.source : fine.destination;
    if (!hasTraffic(preferred)) continue;
    const tcp = preferred.tcpSent > 0 || preferred.tcpReceived > 0;
    const protocol = protocolOf(fine.labels, tcp && preferred.requests === 0);
    const source = nodeOf(sources, fine.labels, SOURCE_NODE_LABELS, sourceNode);
    const target = nodeOf(
      targets,
      fine.labels,
      DESTINATION_NODE_LABELS,
      destinationNode,
    );
    const key = `${source}->${target}:${protocol}`;
    let e = edges.get(key);
    if (!e) {
      e = {
        source,
        target,
        protocol,
        rps: 0,
        rps4xx: 0,
        rps5xx: 0,
        codes: new Map(),
        mtls: 0,
        mtlsOf: 0,
        tcpSent: 0,
        tcpReceived: 0,
        quantiles: emptyWeights(),
      };
      edges.set(key, e);
    }
    e.rps += preferred.requests;
    for (const [code, rate] of preferred.codes) {
      e.codes.set(code, (e.codes.get(code) ?? 0) + rate);
      const cls = responseClass(code);
      if (cls === '4xx') e.rps4xx += rate;
      if (cls === '5xx') e.rps5xx += rate;
    }
    e.tcpSent += preferred.tcpSent;
    e.tcpReceived += preferred.tcpReceived;
    addWeighted(e.quantiles, preferred.quantiles, preferred.requests);
    // Only the destination proxy knows how the connection arrived; the caller's rows say `unknown`.
    const d = fine.destination;
    if (protocol === 'tcp') {
      e.mtls += d.mtlsTcpBytes;
      e.mtlsOf += d.tcpSent + d.tcpReceived;
    } else {
      e.mtls += d.mtlsRequests;
      e.mtlsOf += d.requests;
    }
  }

  const graphEdges = [...edges.values()].map(toEdge).sort(byId);
  const incoming = new Map<string, GraphEdge[]>();
  const outgoing = new Map<string, GraphEdge[]>();
  const push = (m: Map<string, GraphEdge[]>, id: string, e: GraphEdge) => {
    const list = m.get(id);
    if (list) list.push(e);
    else m.set(id, [e]);
  };
  // Pushed, not copied: a gateway or the unknown caller may have thousands of edges.
  for (const e of graphEdges) {
    push(incoming, e.target, e);
    push(outgoing, e.source, e);
  }
  const graphNodes: GraphNode[] = [...nodes.values()]
    .map(info => ({
      ...info,
      inbound: sumRed(incoming.get(info.id) ?? []),
      outbound: sumRed(outgoing.get(info.id) ?? []),
      health: { status: 'unknown' as const, reasons: [] },
      badges: [],
    }))
    .sort(byId);
  return {
    graphType: o.graphType,
    windowSeconds: o.windowSeconds,
    generatedAt: o.generatedAt,
    nodes: graphNodes,
    edges: graphEdges,
    metrics: o.metrics,
  };
}
