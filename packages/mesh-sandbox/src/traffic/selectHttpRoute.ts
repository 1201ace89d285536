import { hostMatches, qualifyHost } from './hosts';
import { Random } from './random';
import { Caller, IstioConfigObject, RequestAttributes } from './types';

/** The fields of an HTTPRoute the model acts on (networking.istio.io/v1). */
export interface HttpRouteSpec {
  name?: string;
  match?: HttpMatch[];
  route?: Array<{ destination: RouteDestination; weight?: number }>;
  fault?: {
    delay?: {
      percentage?: { value?: number };
      percent?: number;
      fixedDelay?: string;
    };
    abort?: {
      percentage?: { value?: number };
      httpStatus?: number;
      grpcStatus?: string;
    };
  };
  retries?: { attempts?: number; perTryTimeout?: string; retryOn?: string };
  timeout?: string;
  mirror?: RouteDestination;
  mirrorPercentage?: { value?: number };
  directResponse?: { status: number };
}

export interface RouteDestination {
  host: string;
  subset?: string;
  port?: { number?: number };
}

type StringMatch = { exact?: string; prefix?: string; regex?: string };

interface HttpMatch {
  uri?: StringMatch;
  method?: StringMatch;
  headers?: Record<string, StringMatch>;
  withoutHeaders?: Record<string, StringMatch>;
  queryParams?: Record<string, StringMatch>;
  sourceLabels?: Record<string, string>;
  sourceNamespace?: string;
  gateways?: string[];
  port?: number;
}

function stringMatches(match: StringMatch, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (match.exact !== undefined) return value === match.exact;
  if (match.prefix !== undefined) return value.startsWith(match.prefix);
  // Envoy's regexes are RE2 and anchored to the whole value.
  if (match.regex !== undefined)
    return new RegExp(`^(?:${match.regex})$`).test(value);
  return true; // an empty match only requires presence
}

function qualifyGateway(gateway: string, namespace: string): string {
  return gateway === 'mesh' || gateway.includes('/')
    ? gateway
    : `${namespace}/${gateway}`;
}

/** The gateways a VirtualService applies to: `mesh` (every sidecar) when it names none. */
export function virtualServiceGateways(vs: IstioConfigObject): string[] {
  const gateways = (vs.spec?.gateways as string[] | undefined) ?? [];
  const namespace = vs.metadata.namespace ?? 'default';
  return gateways.length === 0
    ? ['mesh']
    : gateways.map(g => qualifyGateway(g, namespace));
}

function appliesTo(vs: IstioConfigObject, caller: Caller): boolean {
  const gateways = virtualServiceGateways(vs);
  return caller.gateway
    ? caller.gateway.some(g => gateways.includes(g))
    : gateways.includes('mesh');
}

/**
 * The VirtualService that decides this request: one whose hosts cover the request's host and
 * that applies to the caller (sidecar → `mesh`, gateway → its own name). When several do, Istio
 * keeps the oldest; so does this.
 */
export function findVirtualService(
  virtualServices: IstioConfigObject[],
  host: string,
  caller: Caller,
): IstioConfigObject | undefined {
  const candidates = virtualServices.filter(vs => {
    const hosts = (vs.spec?.hosts as string[] | undefined) ?? [];
    const namespace = vs.metadata.namespace ?? 'default';
    return (
      appliesTo(vs, caller) &&
      hosts.some(h => hostMatches(qualifyHost(h, namespace), host))
    );
  });
  candidates.sort(
    (a, b) =>
      (a.metadata.creationTimestamp ?? '').localeCompare(
        b.metadata.creationTimestamp ?? '',
      ) ||
      `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace}/${b.metadata.name}`,
      ),
  );
  return candidates[0];
}

function matchApplies(
  match: HttpMatch,
  request: RequestAttributes,
  caller: Caller,
  vsNamespace: string,
): boolean {
  if (match.uri && !stringMatches(match.uri, request.path.split('?')[0]))
    return false;
  if (match.method && !stringMatches(match.method, request.method))
    return false;
  for (const [name, m] of Object.entries(match.headers ?? {})) {
    if (!stringMatches(m, request.headers[name.toLowerCase()])) return false;
  }
  for (const [name, m] of Object.entries(match.withoutHeaders ?? {})) {
    if (stringMatches(m, request.headers[name.toLowerCase()])) return false;
  }
  if (match.queryParams) {
    const query = new URLSearchParams(request.path.split('?')[1] ?? '');
    for (const [name, m] of Object.entries(match.queryParams)) {
      if (!stringMatches(m, query.get(name) ?? undefined)) return false;
    }
  }
  if (
    match.sourceLabels &&
    Object.entries(match.sourceLabels).some(([k, v]) => caller.labels[k] !== v)
  )
    return false;
  if (
    match.sourceNamespace !== undefined &&
    match.sourceNamespace !== caller.namespace
  )
    return false;
  if (
    match.port !== undefined &&
    request.port !== undefined &&
    match.port !== request.port
  )
    return false;
  if (match.gateways) {
    const wanted = match.gateways.map(g => qualifyGateway(g, vsNamespace));
    const mine = caller.gateway ?? ['mesh'];
    if (!mine.some(g => wanted.includes(g))) return false;
  }
  return true;
}

/** The first HTTP route whose match list has an entry that fits (no match list fits everything). */
export function selectHttpRoute(
  vs: IstioConfigObject,
  request: RequestAttributes,
  caller: Caller,
): HttpRouteSpec | undefined {
  const namespace = vs.metadata.namespace ?? 'default';
  const routes = (vs.spec?.http as HttpRouteSpec[] | undefined) ?? [];
  return routes.find(
    route =>
      !route.match ||
      route.match.length === 0 ||
      route.match.some(m => matchApplies(m, request, caller, namespace)),
  );
}

/**
 * Picks one destination by weight. Istio treats a single destination without a weight as 100;
 * with several, missing weights count as 0.
 */
export function pickWeightedDestination(
  route: HttpRouteSpec,
  random: Random,
): RouteDestination | undefined {
  const destinations = route.route ?? [];
  if (destinations.length === 0) return undefined;
  if (destinations.length === 1) return destinations[0].destination;
  const total = destinations.reduce((sum, d) => sum + (d.weight ?? 0), 0);
  if (total <= 0) return destinations[0].destination;
  let point = random() * total;
  for (const d of destinations) {
    point -= d.weight ?? 0;
    if (point < 0) return d.destination;
  }
  return destinations[destinations.length - 1].destination;
}

/** Istio durations: `1.5s`, `100ms`, `2m`, `1h`, `250us`. */
export function parseDurationMs(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const match = /^(\d+(?:\.\d+)?)(h|m|s|ms|us|µs|ns)$/.exec(value.trim());
  if (!match) return undefined;
  const n = Number(match[1]);
  const unit: Record<string, number> = {
    h: 3_600_000,
    m: 60_000,
    s: 1000,
    ms: 1,
    us: 0.001,
    µs: 0.001,
    ns: 0.000001,
  };
  return n * unit[match[2]];
}
