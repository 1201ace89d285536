import { KubeObject, Namespace, Pod, Service } from '../../kube/types';
import { resolveHost as resolveIstioHost } from '../../overview/hosts';
import { namespaceOf } from '../model/common';
import { DestinationRule, ServiceEntry, VirtualService } from '../model/networking';
import { mergeDestinationRules } from './mergeDestinationRules';
import { HostIndex } from './HostIndex';
import { isExportedTo, parseExportAnnotation, SERVICE_EXPORT_ANNOTATION } from './exportTo';
import { indexKindOf, indexNamespaceOf } from './indexKey';
import { compareByCreation, hostSpecificity } from './sortByCreation';

export interface MeshIndexOptions {
  /** Istio's root namespace (meshConfig.rootNamespace): selector-less policies there are mesh-wide. */
  rootNamespace?: string;
  /** The cluster's DNS domain, for `name.ns.svc.<domain>`. */
  domain?: string;
}

export interface ObjectRef {
  /** Only needed to tell a Gateway API Gateway from Istio's (or pass kind `Gateway.gateway.networking.k8s.io`). */
  apiVersion?: string;
  kind: string;
  namespace?: string;
  name: string;
}

function objectKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function labelKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

/**
 * Everything Meshport knows about one mesh, filed the ways Istio looks things up: by kind and
 * namespace, VirtualServices/DestinationRules/ServiceEntries/Services by host, pods by label.
 * It is updated one object at a time (`upsert`, `remove`) so a watch event never costs a rebuild;
 * the engines (route tracer, mTLS and authorization) only read it.
 */
export class MeshIndex {
  readonly rootNamespace: string;
  readonly domain: string;
  private changes = 0;

  private readonly byKind = new Map<string, Map<string, Map<string, KubeObject>>>();
  private readonly vsHosts = new HostIndex<VirtualService>();
  private readonly drHosts = new HostIndex<DestinationRule>();
  private readonly seHosts = new HostIndex<ServiceEntry>();
  private readonly svcHosts = new HostIndex<Service>();
  /** namespace → `key\0value` → pods carrying that label, to answer selectors without a scan. */
  private readonly podsByLabel = new Map<string, Map<string, Map<string, Pod>>>();

  constructor(options: MeshIndexOptions = {}) {
    this.rootNamespace = options.rootNamespace ?? 'istio-system';
    this.domain = options.domain ?? 'cluster.local';
  }

  /** Bumped by every upsert and remove, so derived caches know when they are stale. */
  get generation(): number {
    return this.changes;
  }

  static build(objects: KubeObject[], options?: MeshIndexOptions): MeshIndex {
    const index = new MeshIndex(options);
    for (const o of objects) index.upsert(o);
    return index;
  }

  /** Adds or replaces one object (matched by kind, namespace and name). */
  upsert(object: KubeObject): void {
    const kind = indexKindOf(object);
    const ns = indexNamespaceOf(object);
    const name = object.metadata.name;
    this.changes++;
    this.unfile(kind, ns, name);
    let namespaces = this.byKind.get(kind);
    if (!namespaces) this.byKind.set(kind, (namespaces = new Map()));
    let names = namespaces.get(ns);
    if (!names) namespaces.set(ns, (names = new Map()));
    names.set(name, object);
    this.file(kind, ns, object);
  }

  remove(ref: ObjectRef): void {
    const kind = ref.apiVersion ? indexKindOf({ apiVersion: ref.apiVersion, kind: ref.kind }) : ref.kind;
    const ns = indexNamespaceOf({ kind, metadata: { name: ref.name, namespace: ref.namespace } });
    this.changes++;
    this.unfile(kind, ns, ref.name);
    const names = this.byKind.get(kind)?.get(ns);
    names?.delete(ref.name);
    if (names && names.size === 0) this.byKind.get(kind)?.delete(ns);
  }

  /** All objects of a kind (Gateway API Gateways are `Gateway.gateway.networking.k8s.io`). */
  all<T extends KubeObject = KubeObject>(kind: string): T[] {
    const out: T[] = [];
    for (const names of this.byKind.get(kind)?.values() ?? []) for (const o of names.values()) out.push(o as T);
    return out;
  }

  /** Objects of a kind in one namespace. */
  inNamespace<T extends KubeObject = KubeObject>(kind: string, namespace: string): T[] {
    return [...(this.byKind.get(kind)?.get(namespace)?.values() ?? [])] as T[];
  }

  get<T extends KubeObject = KubeObject>(kind: string, namespace: string | undefined, name: string): T | undefined {
    const ns = indexNamespaceOf({ kind, metadata: { name, namespace } });
    return this.byKind.get(kind)?.get(ns)?.get(name) as T | undefined;
  }

  namespace(name: string): Namespace | undefined {
    return this.get<Namespace>('Namespace', undefined, name);
  }

  /** Istio's reading of a host written in a resource of `fromNamespace` (short names, `name.ns`, FQDN). */
  resolveHost(host: string, fromNamespace: string): string {
    return resolveIstioHost(host, fromNamespace, this.domain);
  }

  /** Kubernetes Services whose FQDN is `fqdnOrPattern` or falls under it when it is a wildcard. */
  servicesForHost(fqdnOrPattern: string): Service[] {
    return this.svcHosts.lookup(fqdnOrPattern.toLowerCase()).map(e => e.value);
  }

  /** ServiceEntries whose hosts cover `host` (or fall under it when it is a wildcard). */
  serviceEntriesForHost(host: string): ServiceEntry[] {
    return this.seHosts
      .lookup(host.toLowerCase())
      .map(e => e.value)
      .sort(compareByCreation);
  }

  /** Whether a Service is visible from a namespace (its `networking.istio.io/exportTo` annotation). */
  serviceVisible(service: Service, fromNamespace: string): boolean {
    const exportTo = parseExportAnnotation(service.metadata.annotations?.[SERVICE_EXPORT_ANNOTATION]);
    return isExportedTo(exportTo, namespaceOf(service), fromNamespace);
  }

  /**
   * Pods in a namespace (or every namespace) whose labels include every pair of `selector`.
   * An empty or missing selector selects every pod, as Istio's workload selectors do.
   */
  podsMatching(namespace: string | undefined, selector: Record<string, string> | undefined): Pod[] {
    const namespaces = namespace === undefined ? [...this.podsByLabel.keys()] : [namespace];
    const pairs = Object.entries(selector ?? {});
    const out: Pod[] = [];
    for (const ns of namespaces) {
      const labels = this.podsByLabel.get(ns);
      if (!labels) continue;
      if (pairs.length === 0) {
        out.push(...this.inNamespace<Pod>('Pod', ns));
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
        if (pairs.every(([k, v]) => pod.metadata.labels?.[k] === v)) out.push(pod);
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
  virtualServicesFor(host: string, fromNamespace: string, gateway = 'mesh'): VirtualService[] {
    const hits = this.vsHosts.lookup(host.toLowerCase()).filter(({ value: vs }) => {
      const ns = namespaceOf(vs);
      if (!isExportedTo(vs.spec?.exportTo, ns, fromNamespace)) return false;
      return this.gatewaysOf(vs).includes(gateway);
    });
    hits.sort(
      (a, b) => hostSpecificity(b.matchedBy) - hostSpecificity(a.matchedBy) || compareByCreation(a.value, b.value),
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
    const order = [fromNamespace, ...this.serviceNamespacesOf(h), this.rootNamespace];
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
          return Object.entries(selector).every(([k, v]) => clientLabels[k] === v);
        }
        return true;
      });
      if (candidates.length === 0) continue;
      // Workload-scoped rules beat namespace-wide ones; then the most specific host.
      const rank = (e: (typeof candidates)[number]) =>
        (e.value.spec?.workloadSelector ? 1 : 0) * 1e9 + Math.min(hostSpecificity(e.matchedBy), 1e8);
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
    for (const se of this.serviceEntriesForHost(host)) out.push(namespaceOf(se));
    return out;
  }

  private file(kind: string, ns: string, object: KubeObject): void {
    const key = objectKey(ns, object.metadata.name);
    switch (kind) {
      case 'VirtualService': {
        const vs = object as VirtualService;
        this.vsHosts.set(key, (vs.spec?.hosts ?? []).map(h => this.resolveHost(h, ns)), vs);
        break;
      }
      case 'DestinationRule': {
        const dr = object as DestinationRule;
        if (dr.spec?.host) this.drHosts.set(key, [this.resolveHost(dr.spec.host, ns)], dr);
        break;
      }
      case 'ServiceEntry': {
        const se = object as ServiceEntry;
        // ServiceEntry hosts are taken as written (Istio does not expand short names there).
        this.seHosts.set(key, (se.spec?.hosts ?? []).map(h => h.trim().toLowerCase()), se);
        break;
      }
      case 'Service':
        this.svcHosts.set(key, [`${object.metadata.name}.${ns}.svc.${this.domain}`], object as Service);
        break;
      case 'Pod': {
        let labels = this.podsByLabel.get(ns);
        if (!labels) this.podsByLabel.set(ns, (labels = new Map()));
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

  private unfile(kind: string, ns: string, name: string): void {
    const old = this.byKind.get(kind)?.get(ns)?.get(name);
    if (!old) return;
    const key = objectKey(ns, name);
    switch (kind) {
      case 'VirtualService':
        this.vsHosts.delete(key);
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
        const labels = this.podsByLabel.get(ns);
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
