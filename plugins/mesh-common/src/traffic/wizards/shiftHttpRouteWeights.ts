import {
  GatewayApiHTTPRoute,
  HTTPBackendRef,
  HTTPRouteRule,
} from '../../istio/model/gatewayApi';
import { namespaceOf } from '../../istio/model/common';
import { ServiceState, WizardFieldError, WizardResult } from './types';

export interface HttpRouteShiftInput {
  /**
   * The live GAMMA HTTPRoute attached to the Service (parentRef kind Service) whose default rule
   * is edited; readServiceState does not read HTTPRoutes, so the caller passes it.
   */
  route: GatewayApiHTTPRoute;
  /** Percent of requests per backend Service (e.g. `reviews-v1`); they must sum to 100. */
  weights: Record<string, number>;
}

// A Service name: an RFC 1035 label.
const SERVICE_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A rule without matches (or with an empty one, or only `PathPrefix /`) takes every request. */
export function isDefaultHttpRouteRule(rule: HTTPRouteRule): boolean {
  const matches = rule.matches ?? [];
  return (
    matches.length === 0 ||
    matches.some(
      m =>
        !m.headers?.length &&
        !m.queryParams?.length &&
        !m.method &&
        (!m.path ||
          ((m.path.type ?? 'PathPrefix') === 'PathPrefix' &&
            (m.path.value ?? '/') === '/')),
    )
  );
}

/** Whether a (GAMMA) HTTPRoute names the Service as its parent. */
export function attachedToService(
  route: GatewayApiHTTPRoute,
  state: Pick<ServiceState, 'name' | 'namespace'>,
): boolean {
  const routeNs = namespaceOf(route);
  return (route.spec?.parentRefs ?? []).some(
    ref =>
      ref.kind === 'Service' &&
      ['', 'core'].includes(ref.group ?? '') &&
      ref.name === state.name &&
      (ref.namespace ?? routeNs) === state.namespace,
  );
}

/**
 * Traffic shifting for a Service routed by Gateway API (GAMMA) HTTPRoutes rather than a
 * VirtualService: the route's default rule sends each backend Service (one per version, as the
 * Istio samples deploy them) its weight. Other rules are kept as written. When a VirtualService
 * routes the host too, sidecars use it, so shiftTraffic is the wizard to use.
 */
export function shiftHttpRouteWeights(
  input: HttpRouteShiftInput,
  state: ServiceState,
): WizardResult {
  const { route } = input;
  const errors: WizardFieldError[] = [];
  if (state.virtualService)
    errors.push({
      field: 'route',
      message: `VirtualService ${state.virtualService.metadata.name} routes ${state.name}, and sidecars use it rather than HTTPRoutes: shift traffic there`,
    });
  if (!attachedToService(route, state))
    errors.push({
      field: 'route',
      message: `HTTPRoute ${route.metadata.name} is not attached to Service ${state.namespace}/${state.name}`,
    });
  const entries = Object.entries(input.weights);
  if (entries.length === 0)
    errors.push({
      field: 'weights',
      message: 'give at least one backend a weight',
    });
  for (const [backend, weight] of entries) {
    const field = `weights.${backend}`;
    if (!SERVICE_NAME.test(backend))
      errors.push({ field, message: 'must be the name of a Service' });
    else if (!Number.isInteger(weight) || weight < 0 || weight > 100)
      errors.push({ field, message: 'must be a whole number from 0 to 100' });
  }
  const sum = entries.reduce((s, [, w]) => s + (Number(w) || 0), 0);
  if (entries.length > 0 && sum !== 100 && errors.length === 0)
    errors.push({
      field: `weights.${entries[entries.length - 1][0]}`,
      message: `the weights add up to ${sum}; they must add up to 100`,
    });
  if (errors.length > 0) return { ok: false, errors };

  const edited: GatewayApiHTTPRoute = JSON.parse(JSON.stringify(route));
  delete edited.status;
  const meta = edited.metadata as unknown as Record<string, unknown>;
  for (const key of ['managedFields', 'uid', 'generation', 'creationTimestamp'])
    delete meta[key];
  const rules = (edited.spec = { ...edited.spec }).rules ?? [];
  edited.spec.rules = rules;
  let index = rules.findIndex(isDefaultHttpRouteRule);
  const appended = index < 0;
  if (appended) {
    rules.push({});
    index = rules.length - 1;
  }
  const rule = rules[index];
  const before = rule.backendRefs ?? [];
  // Keep each backend's port and namespace; a new backend takes the port of the others.
  const parentPort = route.spec?.parentRefs?.find(
    ref => ref.kind === 'Service' && ref.name === state.name,
  )?.port;
  const defaultPort =
    before.find(b => b.port !== undefined)?.port ?? parentPort;
  const routed = entries.filter(([, w]) => w > 0);
  rule.backendRefs = routed.map(([name, weight]): HTTPBackendRef => {
    const old = before.find(
      b =>
        b.name === name &&
        (b.kind ?? 'Service') === 'Service' &&
        ['', 'core'].includes(b.group ?? ''),
    );
    const port = old?.port ?? defaultPort;
    return {
      ...(old?.namespace ? { namespace: old.namespace } : {}),
      name,
      ...(port !== undefined ? { port } : {}),
      weight,
    };
  });
  return {
    ok: true,
    resources: [{ action: 'apply', manifest: edited }],
    notes: [
      `${appended ? 'adds a default rule to' : 'default rule of'} HTTPRoute ${edited.metadata.name}: ${routed
        .map(([b, w]) => `${b} ${w} %`)
        .join(', ')}`,
    ],
  };
}
