/**
 * How Istio's metric labels say what kind of thing a node is. Istio writes `unknown` for what a
 * proxy could not learn (a caller without a sidecar, an endpoint never reached).
 */

/** A label value Istio wrote because it did not know (or an empty one). */
export function isUnknownLabel(value: string | undefined): boolean {
  return value === undefined || value === '' || value === 'unknown';
}

/**
 * Istio's catch-all clusters: `PassthroughCluster` for hosts outside the registry with
 * `outboundTrafficPolicy: ALLOW_ANY`, `BlackHoleCluster` for the same under `REGISTRY_ONLY`.
 */
const CATCH_ALL = new Set(['PassthroughCluster', 'BlackHoleCluster']);

/**
 * Whether `destination_service` is outside the cluster's Kubernetes Services: a catch-all
 * cluster, or a host that is not `<name>.<namespace>.svc.<domain>` (a ServiceEntry host, an IP).
 */
export function isExternalService(labels: {
  destination_service?: string;
  destination_service_name?: string;
}): boolean {
  if (CATCH_ALL.has(labels.destination_service_name ?? '')) return true;
  if (CATCH_ALL.has(labels.destination_service ?? '')) return true;
  const host = labels.destination_service ?? '';
  if (isUnknownLabel(host)) return false;
  return !/^[^.]+\.[^.]+\.svc\.[^:]+$/.test(host);
}

const GATEWAY_NAME = /^istio-(ingress|egress)gateway(-|$)/;

/**
 * Istio's gateways by their conventional names (the charts' `istio-ingressgateway`, revisioned
 * or suffixed ones such as `istio-ingressgateway-canary`), or a `…-gateway` app in istio-system
 * (what `istioctl install` names extra gateways). Labels such as `istio: ingressgateway` are not
 * in the metrics; the live model can refine the kind later.
 */
export function isGatewayWorkload(w: {
  namespace: string;
  workload?: string;
  app?: string;
}): boolean {
  if (w.workload && GATEWAY_NAME.test(w.workload)) return true;
  if (w.app && GATEWAY_NAME.test(w.app)) return true;
  return (
    w.namespace === 'istio-system' &&
    !!w.app &&
    /-gateway$/.test(w.app) &&
    !isUnknownLabel(w.app)
  );
}

/** `reviews.bookinfo.svc.cluster.local` → `{ name: 'reviews', namespace: 'bookinfo' }`. */
export function parseServiceHost(
  host: string,
): { name: string; namespace: string } | undefined {
  const m = /^([^.]+)\.([^.]+)\.svc\./.exec(host);
  return m ? { name: m[1], namespace: m[2] } : undefined;
}
