import { MeshIndex } from '../index/MeshIndex';
import { Service } from '../../kube/types';
import {
  HTTPRetry,
  HTTPRoute,
  RouteDestination,
  ServiceEntry,
} from '../model/networking';
import { effectivePolicy } from './effectivePolicy';
import {
  DEFAULT_RETRIES,
  MirrorTarget,
  RetryPolicy,
  TraceStep,
  TracedDestination,
} from './types';

export interface DestinationContext {
  index: MeshIndex;
  /** Namespace the route was written in: short destination hosts resolve there. */
  routeNamespace: string;
  /** The client proxy's namespace and labels: DestinationRules are looked up from there. */
  clientNamespace: string;
  clientLabels: Record<string, string>;
  port: number;
  steps: TraceStep[];
}

/**
 * The port a destination without `port` goes to: the service's only port when it has one,
 * else the port the proxy received the request on (as Istio's GetDestinationCluster decides).
 */
function implicitPort(
  services: Service[],
  entries: ServiceEntry[],
  listenerPort: number,
): number {
  const ports = services.length
    ? services[0].spec?.ports?.map(p => p.port)
    : entries[0]?.spec?.ports?.map(p => p.number);
  return ports?.length === 1 ? ports[0] : listenerPort;
}

/** Builds one traced destination: resolved host, port, weight, and the DestinationRule in effect. */
export function traceDestination(
  ctx: DestinationContext,
  host: string,
  subset: string | undefined,
  port: number | undefined,
  weight: number,
): TracedDestination {
  const fqdn = ctx.index.resolveHost(host, ctx.routeNamespace);
  const services = ctx.index.servicesForHost(fqdn);
  const entries = services.length ? [] : ctx.index.serviceEntriesForHost(fqdn);
  const p = port ?? implicitPort(services, entries, ctx.port);
  const known = services.length > 0 || entries.length > 0;
  if (!known) {
    ctx.steps.push({
      kind: 'destination-unknown',
      message: `${fqdn} is neither a Service nor a ServiceEntry host; Istio has no cluster for it (503)`,
    });
  }
  const dr = ctx.index.destinationRuleFor(
    fqdn,
    ctx.clientNamespace,
    ctx.clientLabels,
  );
  const { policy, subsetFound } = effectivePolicy(dr, subset ?? null, p);
  const drRef = dr
    ? { namespace: dr.metadata.namespace ?? 'default', name: dr.metadata.name }
    : null;
  if (dr) {
    ctx.steps.push({
      kind: 'destination-rule',
      message: `DestinationRule ${drRef?.namespace}/${drRef?.name} applies to ${fqdn} for clients in ${ctx.clientNamespace}`,
    });
  }
  const out: TracedDestination = {
    host: fqdn,
    subset: subset ?? null,
    port: p,
    weight,
    known,
    destinationRule: drRef,
    policy,
  };
  if (!subsetFound) {
    out.subsetMissing = true;
    ctx.steps.push({
      kind: 'subset-missing',
      message: dr
        ? `subset "${subset}" is not defined in DestinationRule ${drRef?.namespace}/${drRef?.name}; requests to it fail with 503`
        : `subset "${subset}" is used but no DestinationRule for ${fqdn} applies to clients in ${ctx.clientNamespace}; requests to it fail with 503`,
    });
  }
  ctx.steps.push({
    kind: 'destination',
    message: `${weight}% to ${fqdn}${subset ? ` subset ${subset}` : ''} port ${p}`,
  });
  return out;
}

/** A route's destinations with weights: a lone destination gets 100, unweighted others 0. */
export function traceDestinations(
  ctx: DestinationContext,
  route: RouteDestination[] | undefined,
): TracedDestination[] {
  const list = route ?? [];
  return list.map(d =>
    traceDestination(
      ctx,
      d.destination.host,
      d.destination.subset,
      d.destination.port?.number,
      list.length === 1 ? (d.weight ?? 100) : (d.weight ?? 0),
    ),
  );
}

/**
 * Istio's retry conversion: no policy → the default; attempts 0 (or unset) turns retries off;
 * otherwise the default with the route's fields laid over it.
 */
export function retryPolicyOf(
  retries: HTTPRetry | undefined,
  steps: TraceStep[],
): RetryPolicy | null {
  if (!retries) {
    steps.push({
      kind: 'default-retries',
      message: `the route sets no retries, so Istio's default applies: ${DEFAULT_RETRIES.attempts} attempts on ${DEFAULT_RETRIES.retryOn}`,
    });
    return { ...DEFAULT_RETRIES };
  }
  if (!retries.attempts || retries.attempts <= 0) return null;
  return {
    attempts: retries.attempts,
    perTryTimeout: retries.perTryTimeout ?? null,
    retryOn: retries.retryOn ?? DEFAULT_RETRIES.retryOn,
    source: 'route',
  };
}

/** Mirrors of a route: the `mirrors` list, or the legacy single `mirror` with its percentage. */
export function mirrorsOf(
  rule: HTTPRoute,
  index: MeshIndex,
  routeNamespace: string,
  port: number,
): MirrorTarget[] {
  const out: MirrorTarget[] = [];
  const add = (
    host: string,
    subset: string | undefined,
    p: number | undefined,
    percentage: number,
  ) => {
    const fqdn = index.resolveHost(host, routeNamespace);
    const services = index.servicesForHost(fqdn);
    const mirrorPort =
      p ??
      implicitPort(
        services,
        services.length ? [] : index.serviceEntriesForHost(fqdn),
        port,
      );
    out.push({
      host: fqdn,
      subset: subset ?? null,
      port: mirrorPort,
      percentage,
    });
  };
  if (rule.mirror) {
    add(
      rule.mirror.host,
      rule.mirror.subset,
      rule.mirror.port?.number,
      rule.mirrorPercentage?.value ?? rule.mirrorPercent ?? 100,
    );
  }
  for (const m of rule.mirrors ?? []) {
    add(
      m.destination.host,
      m.destination.subset,
      m.destination.port?.number,
      m.percentage?.value ?? 100,
    );
  }
  return out;
}
