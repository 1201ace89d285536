import { IstioResourceRef } from '../api/types';
import { KubeObject } from '../kube/types';
import { GATEWAY_API_GATEWAY_KIND } from '../istio/index/indexKey';
import { MeshIndex } from '../istio/index/MeshIndex';
import {
  Attachable,
  IstioObject,
  namespaceOf,
  targetRefsOf,
} from '../istio/model/common';
import {
  GATEWAY_API_GROUP,
  GatewayApiHTTPRoute,
} from '../istio/model/gatewayApi';
import { ServiceEntry, VirtualService } from '../istio/model/networking';
import {
  AttachedPolicy,
  PolicyTarget,
  selectPolicies,
} from '../istio/security/selectPolicies';

/** What an entity owns in one cluster, as far as Istio config can refer to it. */
export interface EntityTargets {
  /** The cluster of the index to read; only its objects are considered. */
  cluster: string;
  /** The entity's Services, with their FQDNs. */
  services: Array<{ name: string; namespace: string; host: string }>;
  /** Label sets of the entity's pods (and pod templates), with their namespace, for workload selectors. */
  podLabels: Array<{ namespace: string; labels: Record<string, string> }>;
}

/**
 * Kinds that attach to workloads by selector, `targetRefs`, namespace or root namespace, and whether
 * a root-namespace policy's selector reaches other namespaces (as for AuthorizationPolicy and
 * EnvoyFilter) or stays in the root namespace.
 */
const ATTACHING_KINDS: Array<[kind: string, rootSelectorsMeshWide: boolean]> = [
  ['Sidecar', false],
  ['PeerAuthentication', false],
  ['RequestAuthentication', false],
  ['AuthorizationPolicy', true],
  ['Telemetry', false],
  ['WasmPlugin', false],
  ['EnvoyFilter', true],
];

const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute'];

interface WorkloadSelected {
  workloadSelector?: { labels?: Record<string, string> };
}

function selectorText(policy: IstioObject<Attachable>): string {
  const spec = policy.spec ?? {};
  const selector =
    spec.selector?.matchLabels ??
    (spec as WorkloadSelected).workloadSelector?.labels ??
    {};
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

function attachReason(
  a: AttachedPolicy<IstioObject<Attachable>>,
  root: string,
  services: EntityTargets['services'],
): string[] {
  const ns = namespaceOf(a.policy);
  switch (a.scope) {
    case 'workload':
      return [`selects workloads by ${selectorText(a.policy)}`];
    case 'mesh':
      return [`applies mesh-wide (root namespace ${root})`];
    case 'namespace':
      return [`applies to every workload in namespace ${ns}`];
    default:
      return targetRefsOf(a.policy.spec)
        .filter(
          r =>
            r.kind === 'Service' &&
            (r.group ?? '') === '' &&
            services.some(
              s => s.name === r.name && s.namespace === (r.namespace ?? ns),
            ),
        )
        .map(r => `targets Service ${r.namespace ?? ns}/${r.name}`)
        .concat(
          targetRefsOf(a.policy.spec)
            .filter(r => r.kind === 'Gateway' && r.group === GATEWAY_API_GROUP)
            .map(r => `targets Gateway ${r.namespace ?? ns}/${r.name}`),
        );
  }
}

/**
 * Finds the Istio resources of one cluster that concern an entity and says why, using the same
 * lookups the engines use: VirtualServices, DestinationRules and ServiceEntries by host (the
 * index's host resolution, wildcards included), VirtualServices routing or mirroring to its hosts,
 * policies that attach to its workloads (selectors, `targetRefs`, namespace- and mesh-wide, as
 * `selectPolicies` decides for the security engines), the Gateways its VirtualServices bind to, and
 * Gateway API routes whose backendRefs or parentRefs name its Services.
 */
export function findIstioReferences(
  index: MeshIndex,
  t: EntityTargets,
): IstioResourceRef[] {
  const { cluster } = t;
  const refs = new Map<string, IstioResourceRef>();
  const add = (o: KubeObject, reason: string) => {
    const ns = namespaceOf(o);
    const key = `${o.apiVersion.split('/')[0]}/${o.kind}/${ns}/${o.metadata.name}`;
    let ref = refs.get(key);
    if (!ref)
      refs.set(
        key,
        (ref = {
          apiVersion: o.apiVersion,
          kind: o.kind,
          namespace: ns,
          name: o.metadata.name,
          reasons: [],
        }),
      );
    if (!ref.reasons.includes(reason)) ref.reasons.push(reason);
  };
  const relevantVirtualServices = new Set<VirtualService>();

  for (const { host } of t.services) {
    for (const { object: vs, matchedBy } of index.virtualServicesClaiming(
      host,
      cluster,
    )) {
      // A VirtualService bound only to gateways names external hosts there; a wildcard such as
      // Bookinfo's `*` does not make it configure every mesh Service.
      if (matchedBy.includes('*') && !index.gatewaysOf(vs).includes('mesh'))
        continue;
      add(vs, `serves host ${host}`);
      relevantVirtualServices.add(vs);
    }
  }
  for (const { host } of t.services) {
    for (const vs of index.virtualServicesRoutingTo(host, cluster)) {
      add(vs, `routes to ${host}`);
      relevantVirtualServices.add(vs);
    }
  }
  for (const { host } of t.services) {
    for (const { object: dr } of index.destinationRulesClaiming(host, cluster))
      add(dr, `sets traffic policy for ${host}`);
    for (const se of index.serviceEntriesForHost(host, cluster))
      add(se, `declares ${host}`);
  }

  // Policies, per distinct workload label set (and per Service, for targetRefs).
  const root = index.rootNamespace;
  const targets: PolicyTarget[] = [];
  const seen = new Set<string>();
  const pushTarget = (target: PolicyTarget) => {
    const key = JSON.stringify([
      target.namespace,
      target.labels,
      target.service,
    ]);
    if (seen.has(key)) return;
    seen.add(key);
    targets.push(target);
  };
  for (const p of t.podLabels)
    pushTarget({ namespace: p.namespace, labels: p.labels, cluster });
  for (const s of t.services)
    pushTarget({
      namespace: s.namespace,
      labels: {},
      service: { namespace: s.namespace, name: s.name },
      cluster,
    });
  for (const [kind, meshWide] of ATTACHING_KINDS) {
    for (const target of targets) {
      for (const a of selectPolicies<IstioObject<Attachable>>(
        index,
        kind,
        target,
        meshWide,
      )) {
        for (const reason of attachReason(a, root, t.services))
          add(a.policy, reason);
      }
    }
  }

  // ServiceEntries that select the entity's pods as their endpoints.
  for (const p of t.podLabels) {
    for (const se of index.inNamespace<ServiceEntry>(
      'ServiceEntry',
      p.namespace,
      cluster,
    )) {
      const selector = se.spec?.workloadSelector?.labels;
      if (
        selector &&
        Object.keys(selector).length > 0 &&
        Object.entries(selector).every(([k, v]) => p.labels[k] === v)
      ) {
        add(
          se,
          `selects workloads by ${Object.entries(selector)
            .map(([k, v]) => `${k}=${v}`)
            .join(',')}`,
        );
      }
    }
  }

  // Gateways its VirtualServices bind to.
  for (const vs of relevantVirtualServices) {
    for (const g of index.gatewaysOf(vs)) {
      if (g === 'mesh') continue;
      const [gns, gname] = g.split('/', 2);
      const gw = index.get('Gateway', gns, gname, cluster);
      if (gw)
        add(
          gw,
          `bound by VirtualService ${namespaceOf(vs)}/${vs.metadata.name}`,
        );
    }
  }

  // Gateway API routes naming its Services as backends (or, for mesh routing, as parents).
  const isService = (r: { group?: string; kind?: string }) =>
    (r.group ?? '') === '' && (r.kind ?? 'Service') === 'Service';
  const entityService = (name: string, ns: string) =>
    t.services.find(s => s.name === name && s.namespace === ns);
  for (const kind of ROUTE_KINDS) {
    for (const route of index.all<GatewayApiHTTPRoute>(kind, cluster)) {
      const ns = namespaceOf(route);
      let routesHere = false;
      for (const rule of route.spec?.rules ?? []) {
        for (const b of rule.backendRefs ?? []) {
          const svc = isService(b)
            ? entityService(b.name, b.namespace ?? ns)
            : undefined;
          if (svc) {
            add(route, `routes to Service ${svc.namespace}/${svc.name}`);
            routesHere = true;
          }
        }
      }
      for (const p of route.spec?.parentRefs ?? []) {
        const svc =
          p.kind === 'Service' && (p.group ?? '') === ''
            ? entityService(p.name, p.namespace ?? ns)
            : undefined;
        if (svc)
          add(
            route,
            `attaches to Service ${svc.namespace}/${svc.name} (mesh routing)`,
          );
      }
      if (!routesHere) continue;
      for (const p of route.spec?.parentRefs ?? []) {
        if (
          (p.group ?? GATEWAY_API_GROUP) !== GATEWAY_API_GROUP ||
          (p.kind ?? 'Gateway') !== 'Gateway'
        )
          continue;
        const gw = index.get(
          GATEWAY_API_GATEWAY_KIND,
          p.namespace ?? ns,
          p.name,
          cluster,
        );
        if (gw) add(gw, `bound by ${kind} ${ns}/${route.metadata.name}`);
      }
    }
  }

  return [...refs.values()].sort((a, b) =>
    `${a.kind}/${a.namespace}/${a.name}/${a.apiVersion}`.localeCompare(
      `${b.kind}/${b.namespace}/${b.name}/${b.apiVersion}`,
    ),
  );
}
