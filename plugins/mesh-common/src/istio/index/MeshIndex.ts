import { KubeObject, Namespace, Pod, Service } from '../../kube/types';
import { resolveHost as resolveIstioHost, serviceFqdn } from './hostNames';
import { namespaceOf } from '../model/common';
import {
  DestinationRule,
  ServiceEntry,
  VirtualService,
} from '../model/networking';
import { mergeDestinationRules } from './mergeDestinationRules';
import { HostIndex } from './HostIndex';
import {
  isExportedTo,
  parseExportAnnotation,
  SERVICE_EXPORT_ANNOTATION,
} from './exportTo';
import { indexKindOf, indexNamespaceOf } from './indexKey';
import { compareByCreation, hostSpecificity } from './sortByCreation';

export interface MeshIndexOptions {
  /** Istio's root namespace (meshConfig.rootNamespace): selector-less policies there are mesh-wide. */
  rootNamespace?: string;
  /** The clusters' DNS domain, for `name.ns.svc.<domain>`. */
  domain?: string;
  /** meshConfig.trustDomain: principals are `<trustDomain>/ns/<ns>/sa/<sa>`. */
  trustDomain?: string;
  /** The mesh's control-plane revision, when it runs a revisioned istiod. */
  revision?: string;
}

export interface ObjectRef {
  /** Only needed to tell a Gateway API Gateway from Istio's (or pass kind `Gateway.gateway.networking.k8s.io`). */
  apiVersion?: string;
  kind: string;
  namespace?: string;
  name: string;
  /** The cluster the object lives in; wins over the `cluster` argument of `remove`. */
  cluster?: string;
}

/** One cluster's objects: kind → namespace → name, and its pods by label. */
interface ClusterStore {
  byKind: Map<string, Map<string, Map<string, KubeObject>>>;
  /** namespace → `key\0value` → pods carrying that label, to answer selectors without a scan. */
  podsByLabel: Map<string, Map<string, Map<string, Pod>>>;
}

/**
 * Key of an object in the host indexes. The cluster is part of it so that two clusters' `reviews`
 * VirtualService both stay filed (Istio's namespace sameness: both are visible mesh-wide); the
 * single-cluster case (the CLI, tests) keeps the short key.
 */
function hostKey(cluster: string, namespace: string, name: string): string {
  return cluster === ''
    ? `${namespace}/${name}`
    : `${cluster}\u0000${namespace}/${name}`;
}

/** An object filed under a host, with the (possibly wildcard) host it claimed that matched. */
export interface HostClaim<T> {
  object: T;
  matchedBy: string;
}

/** Hosts a VirtualService sends traffic to: route destinations and mirrors, as written, once each. */
function destinationHostsOf(vs: VirtualService): Set<string> {
  const out = new Set<string>();
  const spec = vs.spec;
  if (!spec) return out;
  for (const r of spec.http ?? []) {
    for (const d of r.route ?? [])
      if (d.destination?.host) out.add(d.destination.host);
    if (r.mirror?.host) out.add(r.mirror.host);
    for (const m of r.mirrors ?? [])
      if (m.destination?.host) out.add(m.destination.host);
  }
  for (const r of [...(spec.tcp ?? []), ...(spec.tls ?? [])])
    for (const d of r.route ?? [])
      if (d.destination?.host) out.add(d.destination.host);
  return out;
}

function labelKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

/**
 * Everything Meshport knows about one mesh, filed the ways Istio looks things up: by cluster, kind
 * and namespace, VirtualServices/DestinationRules/ServiceEntries/Services by host, pods by label.
 * It is updated one object at a time (`upsert`, `remove`) so a watch event never costs a rebuild;
 * the engines (route tracer, mTLS and authorization) only read it.
 *
 * A mesh may span clusters: every object is filed under the cluster it came from ('' when there is
 * only one, as in the CLI), so the same kind, namespace and name in two clusters do not collide.
 * Lookups without a cluster see every cluster's objects, as Istio's control plane does; the
 * overview passes a cluster to show one cluster's view.
 */
export class MeshIndex {
  readonly rootNamespace: string;
  readonly domain: string;
  readonly trustDomain: string;
  readonly revision: string | undefined;
  private changes = 0;

  /** In insertion order: lookups without a cluster answer from the first cluster that has the object. */
  private readonly stores = new Map<string, ClusterStore>();
  private readonly vsHosts = new HostIndex<VirtualService>();
  /**
   * VirtualServices by the hosts they route or mirror to, so "who routes to this Service" is a
   * lookup. Built on the first such question and kept up to date from then on: the engines never
   * ask it, and filing every route on every upsert would cost them for nothing.
   */
  private vsDestinations: HostIndex<VirtualService> | undefined;
  private readonly drHosts = new HostIndex<DestinationRule>();
  private readonly seHosts = new HostIndex<ServiceEntry>();
  private readonly svcHosts = new HostIndex<Service>();

  constructor(options: MeshIndexOptions = {}) {
    this.rootNamespace = options.rootNamespace ?? 'istio-system';
    this.domain = options.domain ?? 'cluster.local';
    this.trustDomain = options.trustDomain ?? 'cluster.local';
    this.revision = options.revision;
  }

  /** Bumped by every upsert and remove, so derived caches know when they are stale. */
  get generation(): number {
    return this.changes;
  }

  static build(
    objects: KubeObject[],
    options?: MeshIndexOptions,
    cluster = '',
  ): MeshIndex {
    const index = new MeshIndex(options);
    for (const o of objects) index.upsert(o, cluster);
    return index;
  }

  /** Clusters that have had objects, in the order they first did. */
  clusters(): string[] {
    return [...this.stores.keys()];
  }

  /**
   * The cluster an object was upserted from ('' for a single-cluster index). Found by its key in
   * each cluster (there are few) rather than remembered per object, which would cost every upsert;
   * an object no longer in the index answers with the first cluster holding its key, else ''.
   */
  clusterOf(object: KubeObject): string {
    const kind = indexKindOf(object);
    const ns = indexNamespaceOf(object);
    let sameKey: string | undefined;
    for (const [cluster, store] of this.stores) {
      const held = store.byKind.get(kind)?.get(ns)?.get(object.metadata.name);
      if (held === object) return cluster;
      if (held && sameKey === undefined) sameKey = cluster;
    }
    return sameKey ?? '';
  }

  /** Adds or replaces one object (matched by cluster, kind, namespace and name). */
  upsert(object: KubeObject, cluster = ''): void {
    const kind = indexKindOf(object);
    const ns = indexNamespaceOf(object);
    const name = object.metadata.name;
    this.changes++;
    let store = this.stores.get(cluster);
    if (!store)
      this.stores.set(
        cluster,
        (store = { byKind: new Map(), podsByLabel: new Map() }),
      );
    this.unfile(store, cluster, kind, ns, name);
    let namespaces = store.byKind.get(kind);
    if (!namespaces) store.byKind.set(kind, (namespaces = new Map()));
    let names = namespaces.get(ns);
    if (!names) namespaces.set(ns, (names = new Map()));
    names.set(name, object);
    this.file(store, cluster, kind, ns, object);
  }

  remove(ref: ObjectRef, cluster = ''): void {
    const c = ref.cluster ?? cluster;
    const kind = ref.apiVersion
      ? indexKindOf({ apiVersion: ref.apiVersion, kind: ref.kind })
      : ref.kind;
    const ns = indexNamespaceOf({
      kind,
      metadata: { name: ref.name, namespace: ref.namespace },
    });
    this.changes++;
    const store = this.stores.get(c);
    if (!store) return;
    this.unfile(store, c, kind, ns, ref.name);
    const names = store.byKind.get(kind)?.get(ns);
    names?.delete(ref.name);
    if (names && names.size === 0) store.byKind.get(kind)?.delete(ns);
  }

  /**
   * All objects of a kind (Gateway API Gateways are `Gateway.gateway.networking.k8s.io`), of one
   * cluster when given, else of every cluster.
   */
  all<T extends KubeObject = KubeObject>(kind: string, cluster?: string): T[] {
    const out: T[] = [];
    for (const store of this.storesFor(cluster)) {
      for (const names of store.byKind.get(kind)?.values() ?? [])
        for (const o of names.values()) out.push(o as T);
    }
    return out;
  }

  /** Objects of a kind in one namespace, of one cluster when given, else of every cluster. */
  inNamespace<T extends KubeObject = KubeObject>(
    kind: string,
    namespace: string,
    cluster?: string,
  ): T[] {
    const out: T[] = [];
    for (const store of this.storesFor(cluster)) {
      for (const o of store.byKind.get(kind)?.get(namespace)?.values() ?? [])
        out.push(o as T);
    }
    return out;
  }

  /** One object: that cluster's when a cluster is given, else the first cluster's that has it. */
  get<T extends KubeObject = KubeObject>(
    kind: string,
    namespace: string | undefined,
    name: string,
    cluster?: string,
  ): T | undefined {
    const ns = indexNamespaceOf({ kind, metadata: { name, namespace } });
    for (const store of this.storesFor(cluster)) {
      const o = store.byKind.get(kind)?.get(ns)?.get(name);
      if (o) return o as T;
    }
    return undefined;
  }

  namespace(name: string, cluster?: string): Namespace | undefined {
    return this.get<Namespace>('Namespace', undefined, name, cluster);
  }

  /** Istio's reading of a host written in a resource of `fromNamespace` (short names, `name.ns`, FQDN). */
  resolveHost(host: string, fromNamespace: string): string {
    return resolveIstioHost(host, fromNamespace, this.domain);
  }

  /** Kubernetes Services whose FQDN is `fqdnOrPattern` or falls under it when it is a wildcard. */
  servicesForHost(fqdnOrPattern: string): Service[] {
    return this.svcHosts.lookup(fqdnOrPattern.toLowerCase()).map(e => e.value);
  }

  /** ServiceEntries whose hosts cover `host` (or fall under it when it is a wildcard), of one cluster when given. */
  serviceEntriesForHost(host: string, cluster?: string): ServiceEntry[] {
    return this.inCluster(this.seHosts.lookup(host.toLowerCase()), cluster)
      .map(e => e.value)
      .sort(compareByCreation);
  }

  /**
   * Every VirtualService whose hosts cover `host`, whatever its gateways and `exportTo` (which
   * `virtualServicesFor` applies for one client), each with the claim that matched; oldest first.
   */
  virtualServicesClaiming(
    host: string,
    cluster?: string,
  ): Array<HostClaim<VirtualService>> {
    return this.claims(this.vsHosts, host, cluster);
  }

  /** Every DestinationRule whose host covers `host`, whatever its `exportTo` and workload selector; oldest first. */
  destinationRulesClaiming(
    host: string,
    cluster?: string,
  ): Array<HostClaim<DestinationRule>> {
    return this.claims(this.drHosts, host, cluster);
  }

  /** VirtualServices with a route destination or mirror whose (resolved) host covers `host`; oldest first. */
  virtualServicesRoutingTo(host: string, cluster?: string): VirtualService[] {
    if (!this.vsDestinations) {
      this.vsDestinations = new HostIndex<VirtualService>();
      for (const [c, store] of this.stores) {
        for (const [ns, names] of store.byKind.get('VirtualService') ?? []) {
          for (const vs of names.values())
            this.fileDestinations(
              hostKey(c, ns, vs.metadata.name),
              ns,
              vs as VirtualService,
            );
        }
      }
    }
    return this.claims(this.vsDestinations, host, cluster).map(c => c.object);
  }

  private fileDestinations(key: string, ns: string, vs: VirtualService): void {
    const destinations = destinationHostsOf(vs);
    if (destinations.size > 0)
      this.vsDestinations?.set(
        key,
        [...destinations].map(h => this.resolveHost(h, ns)),
        vs,
      );
    else this.vsDestinations?.delete(key);
  }

  /** Whether a Service is visible from a namespace (its `networking.istio.io/exportTo` annotation). */
  serviceVisible(service: Service, fromNamespace: string): boolean {
    const exportTo = parseExportAnnotation(
      service.metadata.annotations?.[SERVICE_EXPORT_ANNOTATION],
    );
    return isExportedTo(exportTo, namespaceOf(service), fromNamespace);
  }

  /**
   * Pods in a namespace (or every namespace) whose labels include every pair of `selector`, of one
   * cluster when given, else of every cluster. An empty or missing selector selects every pod, as
   * Istio's workload selectors do.
   */
  podsMatching(
    namespace: string | undefined,
    selector: Record<string, string> | undefined,
    cluster?: string,
  ): Pod[] {
    const pairs = Object.entries(selector ?? {});
    const out: Pod[] = [];
    for (const store of this.storesFor(cluster)) {
      const namespaces =
        namespace === undefined ? [...store.podsByLabel.keys()] : [namespace];
      for (const ns of namespaces) {
        const labels = store.podsByLabel.get(ns);
        if (!labels) continue;
        if (pairs.length === 0) {
          for (const o of store.byKind.get('Pod')?.get(ns)?.values() ?? [])
            out.push(o as Pod);
          continue;
        }
        // Start from the rarest pair; the others only filter.
        let smallest: Map<string, Pod> | undefined;
        for (const [k, v] of pairs) {
          const set = labels.get(labelKey(k, v));
          if (!set) {
            smallest = undefined;
            break;
          }
          if (!smallest || set.size < smallest.size) smallest = set;
        }
        if (!smallest) continue;
        for (const pod of smallest.values()) {
          if (pairs.every(([k, v]) => pod.metadata.labels?.[k] === v))
            out.push(pod);
        }
      }
    }
    return out;
  }

  /**
   * VirtualServices that apply to `host` for a client in `fromNamespace` going through `gateway`
   * (`mesh` for sidecars, `<ns>/<name>` for a gateway), in the order Istio uses them: claims of
   * the exact host before wildcard claims (longer wildcards first), then oldest first. Istio
   * merges all of them on a gateway; for sidecars only the first is used and the rest conflict.
   */
  virtualServicesFor(
    host: string,
    fromNamespace: string,
    gateway = 'mesh',
  ): VirtualService[] {
    const hits = this.vsHosts
      .lookup(host.toLowerCase())
      .filter(({ value: vs }) => {
        const ns = namespaceOf(vs);
        if (!isExportedTo(vs.spec?.exportTo, ns, fromNamespace)) return false;
        return this.gatewaysOf(vs).includes(gateway);
      });
    hits.sort(
      (a, b) =>
        hostSpecificity(b.matchedBy) - hostSpecificity(a.matchedBy) ||
        compareByCreation(a.value, b.value),
    );
    return hits.map(h => h.value);
  }

  /** A VirtualService's gateways, resolved to `mesh` or `<ns>/<name>`; none written means `mesh`. */
  gatewaysOf(vs: VirtualService): string[] {
    const ns = namespaceOf(vs);
    const gateways = vs.spec?.gateways;
    if (!gateways || gateways.length === 0) return ['mesh'];
    return gateways.map(g => this.resolveGatewayName(g, ns));
  }

  /** `mesh` stays; `name` means a Gateway in the resource's namespace; `ns/name` as written. */
  resolveGatewayName(gateway: string, resourceNamespace: string): string {
    if (gateway === 'mesh') return gateway;
    return gateway.includes('/') ? gateway : `${resourceNamespace}/${gateway}`;
  }

  /**
   * The DestinationRule a client in `fromNamespace` uses for `host`, looked up as Istio does:
   * the client's namespace, then the service's namespace, then the root namespace, each only if
   * exported to the client. Within a namespace the most specific host wins; several rules for the
   * same host there are merged (subsets appended, the oldest rule's traffic policy kept), as
   * Istio merges them. Rules with a workloadSelector apply only to the selected client workloads.
   */
  destinationRuleFor(
    host: string,
    fromNamespace: string,
    clientLabels?: Record<string, string>,
  ): DestinationRule | undefined {
    const h = host.toLowerCase();
    const hits = this.drHosts.lookup(h);
    if (hits.length === 0) return undefined;
    const order = [
      fromNamespace,
      ...this.serviceNamespacesOf(h),
      this.rootNamespace,
    ];
    const seen = new Set<string>();
    for (const ns of order) {
      if (seen.has(ns)) continue;
      seen.add(ns);
      const candidates = hits.filter(({ value: dr }) => {
        if (namespaceOf(dr) !== ns) return false;
        if (!isExportedTo(dr.spec?.exportTo, ns, fromNamespace)) return false;
        const selector = dr.spec?.workloadSelector?.matchLabels;
        if (selector) {
          if (!clientLabels || ns !== fromNamespace) return false;
          return Object.entries(selector).every(
            ([k, v]) => clientLabels[k] === v,
          );
        }
        return true;
      });
      if (candidates.length === 0) continue;
      // Workload-scoped rules beat namespace-wide ones; then the most specific host.
      const rank = (e: (typeof candidates)[number]) =>
        (e.value.spec?.workloadSelector ? 1 : 0) * 1e9 +
        Math.min(hostSpecificity(e.matchedBy), 1e8);
      const best = Math.max(...candidates.map(rank));
      const winners = candidates
        .filter(c => rank(c) === best)
        .map(c => c.value)
        .sort(compareByCreation);
      return winners.length === 1 ? winners[0] : mergeDestinationRules(winners);
    }
    return undefined;
  }

  /** Namespaces that define `host`: a Kubernetes Service's, or the ServiceEntries' that claim it. */
  serviceNamespacesOf(host: string): string[] {
    const out: string[] = [];
    for (const svc of this.servicesForHost(host)) out.push(namespaceOf(svc));
    for (const se of this.serviceEntriesForHost(host))
      out.push(namespaceOf(se));
    return out;
  }

  private claims<T extends KubeObject>(
    hosts: HostIndex<T>,
    host: string,
    cluster: string | undefined,
  ): Array<HostClaim<T>> {
    return this.inCluster(hosts.lookup(host.toLowerCase()), cluster)
      .sort((a, b) => compareByCreation(a.value, b.value))
      .map(e => ({ object: e.value, matchedBy: e.matchedBy }));
  }

  private inCluster<E extends { value: KubeObject }>(
    entries: E[],
    cluster: string | undefined,
  ): E[] {
    return cluster === undefined
      ? entries
      : entries.filter(e => this.clusterOf(e.value) === cluster);
  }

  /** The stores a lookup reads: one cluster's, or every cluster's. */
  private storesFor(cluster: string | undefined): Iterable<ClusterStore> {
    if (cluster === undefined) return this.stores.values();
    const store = this.stores.get(cluster);
    return store ? [store] : [];
  }

  private file(
    store: ClusterStore,
    cluster: string,
    kind: string,
    ns: string,
    object: KubeObject,
  ): void {
    const key = hostKey(cluster, ns, object.metadata.name);
    switch (kind) {
      case 'VirtualService': {
        const vs = object as VirtualService;
        this.vsHosts.set(
          key,
          (vs.spec?.hosts ?? []).map(h => this.resolveHost(h, ns)),
          vs,
        );
        if (this.vsDestinations) this.fileDestinations(key, ns, vs);
        break;
      }
      case 'DestinationRule': {
        const dr = object as DestinationRule;
        if (dr.spec?.host)
          this.drHosts.set(key, [this.resolveHost(dr.spec.host, ns)], dr);
        break;
      }
      case 'ServiceEntry': {
        const se = object as ServiceEntry;
        // ServiceEntry hosts are taken as written (Istio does not expand short names there).
        this.seHosts.set(
          key,
          (se.spec?.hosts ?? []).map(h => h.trim().toLowerCase()),
          se,
        );
        break;
      }
      case 'Service':
        this.svcHosts.set(
          key,
          [serviceFqdn(object.metadata.name, ns, this.domain)],
          object as Service,
        );
        break;
      case 'Pod': {
        let labels = store.podsByLabel.get(ns);
        if (!labels) store.podsByLabel.set(ns, (labels = new Map()));
        for (const [k, v] of Object.entries(object.metadata.labels ?? {})) {
          const lk = labelKey(k, v);
          let pods = labels.get(lk);
          if (!pods) labels.set(lk, (pods = new Map()));
          pods.set(object.metadata.name, object as Pod);
        }
        break;
      }
      default:
        break;
    }
  }

  private unfile(
    store: ClusterStore,
    cluster: string,
    kind: string,
    ns: string,
    name: string,
  ): void {
    const old = store.byKind.get(kind)?.get(ns)?.get(name);
    if (!old) return;
    const key = hostKey(cluster, ns, name);
    switch (kind) {
      case 'VirtualService':
        this.vsHosts.delete(key);
        this.vsDestinations?.delete(key);
        break;
      case 'DestinationRule':
        this.drHosts.delete(key);
        break;
      case 'ServiceEntry':
        this.seHosts.delete(key);
        break;
      case 'Service':
        this.svcHosts.delete(key);
        break;
      case 'Pod': {
        const labels = store.podsByLabel.get(ns);
        if (!labels) break;
        for (const [k, v] of Object.entries(old.metadata.labels ?? {})) {
          const lk = labelKey(k, v);
          const pods = labels.get(lk);
          pods?.delete(name);
          if (pods && pods.size === 0) labels.delete(lk);
        }
        break;
      }
      default:
        break;
    }
  }
}
