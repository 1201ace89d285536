import { KubeObject } from '../kube/types';
import { IstioResourceRef } from '../api/types';
import { hostMatches, resolveHost } from './hosts';

/** What an entity owns in one cluster, as far as Istio config can refer to it. */
export interface EntityTargets {
  /** FQDNs of the entity's Services. */
  hosts: string[];
  /** Service names with namespace, for `targetRefs` of kind Service. */
  services: Array<{ name: string; namespace: string }>;
  /** Label sets of the entity's pods, with their namespace, for workload selectors. */
  podLabels: Array<{ namespace: string; labels: Record<string, string> }>;
  /** Istio's root namespace: selector-less policies there apply mesh-wide. */
  rootNamespace: string;
  domain: string;
}

interface Destination {
  host?: string;
}
interface RouteLike {
  route?: Array<{ destination?: Destination }>;
  mirror?: Destination;
  mirrors?: Array<{ destination?: Destination }>;
}
interface IstioSpec {
  hosts?: string[];
  host?: string;
  gateways?: string[];
  http?: RouteLike[];
  tcp?: RouteLike[];
  tls?: RouteLike[];
  selector?: { matchLabels?: Record<string, string> };
  workloadSelector?: { labels?: Record<string, string> };
  targetRef?: { kind?: string; name?: string };
  targetRefs?: Array<{ kind?: string; name?: string }>;
}

function routedHosts(spec: IstioSpec): string[] {
  const out: string[] = [];
  for (const r of [...(spec.http ?? []), ...(spec.tcp ?? []), ...(spec.tls ?? [])]) {
    for (const d of r.route ?? []) if (d.destination?.host) out.push(d.destination.host);
    if (r.mirror?.host) out.push(r.mirror.host);
    for (const m of r.mirrors ?? []) if (m.destination?.host) out.push(m.destination.host);
  }
  return out;
}

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/**
 * Finds the Istio resources that concern an entity and says why: hosts they route or
 * configure, workload selectors that match its pods, Service targetRefs, namespace-wide and
 * mesh-wide policies, and Gateways its VirtualServices bind to.
 */
export function findIstioReferences(objects: KubeObject[], t: EntityTargets): IstioResourceRef[] {
  const refs = new Map<string, IstioResourceRef>();
  const add = (o: KubeObject, reason: string) => {
    const ns = o.metadata.namespace ?? 'default';
    const key = `${o.kind}/${ns}/${o.metadata.name}`;
    const ref = refs.get(key) ?? { apiVersion: o.apiVersion, kind: o.kind, namespace: ns, name: o.metadata.name, reasons: [] };
    if (!ref.reasons.includes(reason)) ref.reasons.push(reason);
    refs.set(key, ref);
  };
  const namespaces = new Set(t.podLabels.map(p => p.namespace).concat(t.services.map(s => s.namespace)));
  const exactHosts = new Set(t.hosts);
  const gatewaysWanted: Array<{ ns: string; name: string; by: string }> = [];

  for (const o of objects) {
    const spec = (o.spec ?? {}) as IstioSpec;
    const ns = o.metadata.namespace ?? 'default';
    const matchHost = (raw: string) => {
      const resolved = resolveHost(raw, ns, t.domain);
      // Exact names are a set lookup; only wildcard patterns need a scan.
      if (!resolved.includes('*')) return exactHosts.has(resolved) ? resolved : undefined;
      return t.hosts.find(h => hostMatches(resolved, h));
    };
    switch (o.kind) {
      case 'VirtualService': {
        let relevant = false;
        // A VirtualService bound only to gateways names external hosts there; a wildcard such as
        // Bookinfo's `*` does not make it configure every mesh Service.
        const gatewayOnly = (spec.gateways ?? []).length > 0 && !(spec.gateways ?? []).includes('mesh');
        for (const h of spec.hosts ?? []) {
          if (gatewayOnly && h.includes('*')) continue;
          const m = matchHost(h);
          if (m) {
            add(o, `serves host ${m}`);
            relevant = true;
          }
        }
        for (const h of routedHosts(spec)) {
          const m = matchHost(h);
          if (m) {
            add(o, `routes to ${m}`);
            relevant = true;
          }
        }
        if (relevant) {
          for (const g of spec.gateways ?? []) {
            if (g === 'mesh') continue;
            const [gns, gname] = g.includes('/') ? g.split('/', 2) : [ns, g];
            gatewaysWanted.push({ ns: gns, name: gname, by: `${ns}/${o.metadata.name}` });
          }
        }
        break;
      }
      case 'DestinationRule':
      case 'ServiceEntry': {
        const hosts = spec.host ? [spec.host] : spec.hosts ?? [];
        for (const h of hosts) {
          const m = matchHost(h);
          if (m) add(o, `${o.kind === 'DestinationRule' ? 'sets traffic policy for' : 'declares'} ${m}`);
        }
        break;
      }
      case 'PeerAuthentication':
      case 'RequestAuthentication':
      case 'AuthorizationPolicy':
      case 'Sidecar':
      case 'EnvoyFilter':
      case 'Telemetry':
      case 'WasmPlugin': {
        const selector = spec.selector?.matchLabels ?? spec.workloadSelector?.labels;
        const targetRefs = [...(spec.targetRefs ?? []), ...(spec.targetRef ? [spec.targetRef] : [])];
        if (targetRefs.length > 0) {
          for (const r of targetRefs) {
            if (r.kind === 'Service' && t.services.some(s => s.name === r.name && s.namespace === ns)) {
              add(o, `targets Service ${ns}/${r.name}`);
            }
          }
        } else if (selector && Object.keys(selector).length > 0) {
          if (t.podLabels.some(p => p.namespace === ns && selects(selector, p.labels))) {
            add(o, `selects workloads by ${Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',')}`);
          }
        } else if (ns === t.rootNamespace) {
          add(o, `applies mesh-wide (root namespace ${ns})`);
        } else if (namespaces.has(ns)) {
          add(o, `applies to every workload in namespace ${ns}`);
        }
        break;
      }
      default:
        break;
    }
  }
  for (const g of gatewaysWanted) {
    const gw = objects.find(o => o.kind === 'Gateway' && o.apiVersion.startsWith('networking.istio.io') && o.metadata.name === g.name && (o.metadata.namespace ?? 'default') === g.ns);
    if (gw) add(gw, `bound by VirtualService ${g.by}`);
  }
  return [...refs.values()].sort((a, b) =>
    `${a.kind}/${a.namespace}/${a.name}`.localeCompare(`${b.kind}/${b.namespace}/${b.name}`),
  );
}
