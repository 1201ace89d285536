import { MeshIndex } from '../../istio/index/MeshIndex';
import { namespaceOf } from '../../istio/model/common';
import { Service } from '../../kube/types';
import { GatewayApiHTTPRoute } from '../../istio/model/gatewayApi';
import { attachedToService } from './shiftHttpRouteWeights';
import { ServiceState } from './types';

/**
 * The state a wizard starts from, read from the live model: the VirtualService sidecars in the
 * Service's namespace use for its host (the one Istio applies, so the one to edit), the
 * DestinationRule in the Service's namespace, and the versions its pods carry.
 */
export function readServiceState(
  index: MeshIndex,
  service: { namespace: string; name: string },
  cluster?: string,
): ServiceState | undefined {
  const svc = index.get<Service>(
    'Service',
    service.namespace,
    service.name,
    cluster,
  );
  if (!svc) return undefined;
  const host = `${service.name}.${service.namespace}.svc.${index.domain}`;
  const virtualService = index.virtualServicesFor(host, service.namespace)[0];
  // An exact, namespace-wide rule only: a merged or workload-scoped one is not an object to edit.
  const destinationRule = index
    .destinationRulesClaiming(host, cluster)
    .map(c => c.object)
    .find(
      dr => namespaceOf(dr) === service.namespace && !dr.spec?.workloadSelector,
    );
  const selector = svc.spec?.selector;
  const versions = new Set<string>();
  if (selector && Object.keys(selector).length > 0) {
    for (const pod of index.podsMatching(
      service.namespace,
      selector,
      cluster,
    )) {
      const v = pod.metadata.labels?.version;
      if (v) versions.add(v);
    }
  }
  const httpRoute = index
    .inNamespace<GatewayApiHTTPRoute>('HTTPRoute', service.namespace, cluster)
    .find(r => attachedToService(r, service));
  return {
    name: service.name,
    namespace: service.namespace,
    host,
    selector,
    virtualService,
    destinationRule,
    httpRoute,
    versions: [...versions].sort(),
  };
}
