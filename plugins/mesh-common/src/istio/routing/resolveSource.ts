import { Pod } from '../../kube/types';
import { MeshIndex } from '../index/MeshIndex';
import { namespaceOf } from '../model/common';
import { Gateway } from '../model/networking';
import { GatewayApiGateway, GATEWAY_NAME_LABEL } from '../model/gatewayApi';
import { GATEWAY_API_GATEWAY_KIND } from '../index/indexKey';
import { RequestSource } from './types';

export interface ResolvedSource {
  namespace: string;
  labels: Record<string, string>;
  /** `mesh` for a sidecar (or a plain namespace), `<ns>/<name>` for a gateway. */
  gateway: string;
  pod?: Pod;
  /** The Istio Gateway object, when the source is a gateway and it exists. */
  gatewayObject?: Gateway;
  /** The Gateway API Gateway, when the source names one instead of an Istio Gateway. */
  gatewayApiObject?: GatewayApiGateway;
  /** Facts worth telling the user (unknown pod, gateway without pods…). */
  notes: string[];
}

/**
 * Turns a request's source into what Istio's config generation sees: the proxy's namespace and
 * labels, and which gateway (or `mesh`) it is. A gateway's proxy is whichever pods its selector
 * picks (in any namespace, Istio's default); the first one stands for all.
 */
export function resolveSource(
  index: MeshIndex,
  source: RequestSource | undefined,
): ResolvedSource {
  const notes: string[] = [];
  if (source?.gateway) {
    const [gwNs, gwName] = source.gateway.includes('/')
      ? source.gateway.split('/', 2)
      : [source.namespace ?? index.rootNamespace, source.gateway];
    const gateway = `${gwNs}/${gwName}`;
    const gatewayObject = index.get<Gateway>('Gateway', gwNs, gwName);
    const gatewayApiObject = gatewayObject
      ? undefined
      : index.get<GatewayApiGateway>(GATEWAY_API_GATEWAY_KIND, gwNs, gwName);
    if (gatewayApiObject) {
      // Istio deploys a Gateway API gateway's proxy itself and labels it with the gateway's name.
      const pod = index.podsMatching(gwNs, { [GATEWAY_NAME_LABEL]: gwName })[0];
      if (!pod)
        notes.push(
          `no proxy pod carries ${GATEWAY_NAME_LABEL}=${gwName} in ${gwNs}`,
        );
      return {
        namespace: source.namespace ?? gwNs,
        labels: source.labels ?? pod?.metadata.labels ?? {},
        gateway,
        pod,
        gatewayApiObject,
        notes,
      };
    }
    if (!gatewayObject) {
      notes.push(`Gateway ${gateway} does not exist`);
      return {
        namespace: source.namespace ?? gwNs,
        labels: source.labels ?? {},
        gateway,
        notes,
      };
    }
    const selector = gatewayObject.spec?.selector;
    const pods =
      selector && Object.keys(selector).length > 0
        ? index.podsMatching(undefined, selector)
        : [];
    if (pods.length === 0)
      notes.push(`no gateway pods match the selector of Gateway ${gateway}`);
    const pod = pods[0];
    return {
      namespace: source.namespace ?? (pod ? namespaceOf(pod) : gwNs),
      labels: source.labels ?? pod?.metadata.labels ?? {},
      gateway,
      pod,
      gatewayObject,
      notes,
    };
  }
  const namespace = source?.namespace ?? 'default';
  if (source?.pod) {
    const pod = index.get<Pod>('Pod', namespace, source.pod);
    if (!pod)
      notes.push(
        `pod ${namespace}/${source.pod} is not known; using the labels given`,
      );
    return {
      namespace,
      labels: pod?.metadata.labels ?? source.labels ?? {},
      gateway: 'mesh',
      pod,
      notes,
    };
  }
  return { namespace, labels: source?.labels ?? {}, gateway: 'mesh', notes };
}
