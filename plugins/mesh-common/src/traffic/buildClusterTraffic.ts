import { ClusterSyncState } from '../api/types';
import {
  ClusterTraffic,
  SubsetView,
  TrafficResource,
  TrafficResourceKind,
} from '../api/trafficTypes';
import { Pod, Service } from '../kube/types';
import { MeshIndex } from '../istio/index/MeshIndex';
import { GATEWAY_API_GATEWAY_KIND } from '../istio/index/indexKey';
import { apiGroupOf, namespaceOf } from '../istio/model/common';
import {
  GATEWAY_API_GROUP,
  GatewayApiGateway,
  GatewayApiHTTPRoute,
} from '../istio/model/gatewayApi';
import {
  DestinationRule,
  EnvoyFilter,
  Gateway,
  ServiceEntry,
  Sidecar,
  VirtualService,
} from '../istio/model/networking';
import { Finding } from '../istio/validation/finding';
import { buildClusterOverview } from '../overview/buildClusterOverview';
import { EntityMeshSelector } from '../overview/entitySelector';
import { describeServiceEntry, describeSidecar } from './describeResources';
import { trafficPolicyViews } from './describeTrafficPolicy';
import { gatewayApiListeners, istioGatewayServers } from './gatewayServers';
import { localRateLimitOf } from './localRateLimit';
import { gatewayApiRuleRows, virtualServiceRuleRows } from './ruleRows';

export interface ClusterTrafficInput {
  cluster: string;
  sync: ClusterSyncState;
  /** The mesh's live model; only `cluster`'s objects are read. */
  index: MeshIndex;
  selector: EntityMeshSelector;
  /** Analyzer and schema findings of one resource (the caller memoises `analyze`). */
  findingsOf: (resource: {
    apiVersion?: string;
    kind: string;
    namespace: string;
    name: string;
  }) => Finding[];
}

/** The order the Traffic tab lists resources in: routing first, then policy, then the edges. */
const KIND_ORDER: TrafficResourceKind[] = [
  'VirtualService',
  'HTTPRoute',
  'GRPCRoute',
  'DestinationRule',
  'Gateway',
  'ServiceEntry',
  'Sidecar',
  'EnvoyFilter',
];

const isReady = (p: Pod) =>
  p.status?.conditions?.some(c => c.type === 'Ready' && c.status === 'True') ??
  false;

/**
 * Pods of the Services a DestinationRule applies to that carry a subset's labels: the Service's
 * selector and the subset labels together, in the Service's namespace, this cluster only. A label
 * both set to different values selects nothing; a Service without a selector has no pods here.
 */
function subsetPods(
  index: MeshIndex,
  cluster: string,
  services: Service[],
  labels: Record<string, string>,
): Pod[] {
  const out: Pod[] = [];
  for (const svc of services) {
    const selector = svc.spec?.selector;
    if (!selector || Object.keys(selector).length === 0) continue;
    if (
      Object.entries(labels).some(
        ([k, v]) => k in selector && selector[k] !== v,
      )
    )
      continue;
    out.push(
      ...index.podsMatching(
        namespaceOf(svc),
        { ...selector, ...labels },
        cluster,
      ),
    );
  }
  return out;
}

/**
 * What the Traffic tab shows for one entity in one cluster: its Services (found as the Mesh tab's
 * overview finds them) and every routing resource that affects them — VirtualServices (rules in
 * words, shadowing as the IST0130 analyzer decides), Gateway API routes, DestinationRules
 * (policies and subsets with their pods), the Gateways that expose them, ServiceEntries, Sidecars
 * and local rate limit EnvoyFilters — each with why it applies and its findings. Uses the index's
 * host lookups only (no scan of every VirtualService), so it stays cheap on a large mesh. Pure.
 */
export function buildClusterTraffic(
  input: ClusterTrafficInput,
): ClusterTraffic {
  const { cluster, sync, index, selector, findingsOf } = input;
  // The overview already resolves the entity's Services and the Istio resources that refer to
  // them, with reasons; the Traffic tab describes the routing ones among them in more depth.
  const overview = buildClusterOverview(cluster, sync, index, selector);
  const services = overview.services.map(s => ({
    name: s.name,
    namespace: s.namespace,
    host: s.host,
    ports: s.ports.map(p => ({
      name: p.name,
      port: p.port,
      protocol: p.appProtocol ?? p.protocol,
    })),
  }));
  const serviceObjects = new Map<string, Service>();
  for (const s of overview.services) {
    const svc = index.get<Service>('Service', s.namespace, s.name, cluster);
    if (svc) serviceObjects.set(s.host, svc);
  }

  // Which of the entity's Services each DestinationRule covers, for its subsets' pods.
  const drServices = new Map<DestinationRule, Service[]>();
  for (const [host, svc] of serviceObjects) {
    for (const { object: dr } of index.destinationRulesClaiming(host, cluster))
      drServices.set(dr, [...(drServices.get(dr) ?? []), svc]);
  }

  const virtualServices: VirtualService[] = [];
  const routes: GatewayApiHTTPRoute[] = [];
  const gateways: Array<{ resource: TrafficResource; object: Gateway }> = [];
  const apiGateways: Array<{
    resource: TrafficResource;
    object: GatewayApiGateway;
  }> = [];
  const resources: TrafficResource[] = [];

  for (const ref of overview.istioResources) {
    const kind = ref.kind as TrafficResourceKind;
    if (!KIND_ORDER.includes(kind)) continue;
    const gatewayApi = apiGroupOf(ref.apiVersion) === GATEWAY_API_GROUP;
    const indexKind =
      kind === 'Gateway' && gatewayApi ? GATEWAY_API_GATEWAY_KIND : kind;
    const object = index.get(indexKind, ref.namespace, ref.name, cluster);
    if (!object) continue;
    const base: TrafficResource = {
      cluster,
      apiVersion: ref.apiVersion,
      kind,
      namespace: ref.namespace,
      name: ref.name,
      reasons: ref.reasons,
      findings: findingsOf({
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        namespace: ref.namespace,
        name: ref.name,
      }),
    };
    switch (kind) {
      case 'VirtualService': {
        const vs = object as VirtualService;
        virtualServices.push(vs);
        resources.push({
          ...base,
          hosts: vs.spec?.hosts ?? [],
          gateways: index.gatewaysOf(vs),
          rules: virtualServiceRuleRows(vs, base.findings),
        });
        break;
      }
      case 'HTTPRoute':
      case 'GRPCRoute': {
        const route = object as GatewayApiHTTPRoute;
        routes.push(route);
        resources.push({
          ...base,
          hosts: route.spec?.hostnames ?? [],
          gateways: (route.spec?.parentRefs ?? []).map(
            p =>
              `${p.kind && p.kind !== 'Gateway' ? `${p.kind} ` : ''}${p.namespace ?? ref.namespace}/${p.name}${p.sectionName ? `:${p.sectionName}` : ''}`,
          ),
          rules: gatewayApiRuleRows(route, base.findings),
        });
        break;
      }
      case 'DestinationRule': {
        const dr = object as DestinationRule;
        const covered = drServices.get(dr) ?? [];
        const subsets: SubsetView[] = (dr.spec?.subsets ?? []).map(s => {
          const pods = subsetPods(index, cluster, covered, s.labels ?? {});
          return {
            name: s.name,
            labels: s.labels ?? {},
            pods: pods.length,
            readyPods: pods.filter(isReady).length,
            policies: trafficPolicyViews(s.trafficPolicy, s.name),
          };
        });
        resources.push({
          ...base,
          host: dr.spec?.host,
          policies: trafficPolicyViews(dr.spec?.trafficPolicy),
          subsets,
        });
        break;
      }
      case 'Gateway': {
        const resource = { ...base };
        resources.push(resource);
        if (gatewayApi)
          apiGateways.push({ resource, object: object as GatewayApiGateway });
        else gateways.push({ resource, object: object as Gateway });
        break;
      }
      case 'ServiceEntry':
        resources.push({
          ...base,
          summary: describeServiceEntry(object as ServiceEntry),
        });
        break;
      case 'Sidecar':
        resources.push({
          ...base,
          summary: describeSidecar(object as Sidecar, index.rootNamespace),
        });
        break;
      case 'EnvoyFilter': {
        // Only local rate limits are traffic the owner reads; other patches stay on the Mesh tab.
        const rateLimit = localRateLimitOf(object as EnvoyFilter);
        if (rateLimit) resources.push({ ...base, rateLimit });
        break;
      }
      default:
        break;
    }
  }

  // Gateways last: their servers depend on which of the collected routes bind to them.
  for (const { resource, object } of gateways) {
    const key = `${namespaceOf(object)}/${object.metadata.name}`;
    resource.servers = istioGatewayServers(
      object,
      virtualServices.filter(vs => index.gatewaysOf(vs).includes(key)),
    );
  }
  for (const { resource, object } of apiGateways)
    resource.servers = gatewayApiListeners(object, routes);

  resources.sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      `${a.namespace}/${a.name}/${a.apiVersion}`.localeCompare(
        `${b.namespace}/${b.name}/${b.apiVersion}`,
      ),
  );
  return { cluster, sync, services, resources };
}
