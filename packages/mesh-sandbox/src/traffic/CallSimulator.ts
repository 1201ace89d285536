import { authorize } from './authorize';
import { qualifyHost, serviceHost } from './hosts';
import { istioLabels } from './istioLabels';
import { IstioMetrics } from './IstioMetrics';
import { OutlierDetectionSpec, OutlierTracker } from './OutlierTracker';
import { peerAuthenticationMode } from './peerAuthenticationMode';
import { logNormal, Random, stochasticRound } from './random';
import { lookupsFor, SnapshotLookups } from './snapshotLookups';
import {
  findVirtualService,
  HttpRouteSpec,
  parseDurationMs,
  pickWeightedDestination,
  selectHttpRoute,
} from './selectHttpRoute';
import {
  Behaviour,
  CallGraph,
  CallProtocol,
  Caller,
  Endpoint,
  EntryPoint,
  IstioConfigObject,
  MeshService,
  MeshSnapshot,
  RequestAttributes,
} from './types';

/** What one call came to, as its caller sees it. */
export interface CallResult {
  code: number;
  flags: string;
  durationMs: number;
  responseBytes: number;
  endpoint?: Endpoint;
  service?: MeshService;
  mtls: boolean;
}

const DEFAULT_BEHAVIOUR: Behaviour = {
  latencyMs: { median: 5, p99: 25 },
  errorRate: 0,
  requestBytes: 400,
  responseBytes: 800,
};
/** Istio's retry policy for routes that set none. */
const DEFAULT_RETRIES = {
  attempts: 2,
  retryOn:
    'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
};
const MAX_DEPTH = 12;

function shouldRetry(result: CallResult, retryOn: string): boolean {
  const on = retryOn.split(',').map(s => s.trim());
  const connectFailure = result.flags.includes('UF');
  return on.some(
    token =>
      (token === '5xx' && result.code >= 500) ||
      (token === 'gateway-error' && [502, 503, 504].includes(result.code)) ||
      ((token === 'connect-failure' ||
        token === 'reset' ||
        token === 'refused-stream') &&
        connectFailure) ||
      // Istio adds 503 to the retriable status codes of its default policy.
      (token === 'retriable-status-codes' && result.code === 503) ||
      (token === 'unavailable' && result.code === 503) ||
      String(result.code) === token,
  );
}

function percentage(
  p: { percentage?: { value?: number }; percent?: number } | undefined,
): number {
  if (!p) return 0;
  return p.percentage?.value ?? p.percent ?? 100;
}

/**
 * Plays single requests through one mesh snapshot the way the proxies would: the caller's
 * sidecar (or gateway) applies VirtualService routing, faults, retries, timeouts and mirroring;
 * the destination's sidecar enforces PeerAuthentication and AuthorizationPolicy; the app
 * answers after its latency and calls what the call graph says; both proxies report metrics.
 */
export class CallSimulator {
  /** Lookups repeat for every request of a tick; the snapshot is fixed for the simulator's life. */
  private readonly endpointsByNamespace = new Map<string, Endpoint[]>();
  private readonly lookups: SnapshotLookups;

  constructor(
    private readonly snapshot: MeshSnapshot,
    private readonly graph: CallGraph,
    private readonly metrics: IstioMetrics,
    private readonly random: Random,
    private readonly outliers: OutlierTracker,
  ) {
    this.lookups = lookupsFor(snapshot);
    for (const endpoint of snapshot.endpoints) {
      const list = this.endpointsByNamespace.get(endpoint.namespace) ?? [];
      list.push(endpoint);
      this.endpointsByNamespace.set(endpoint.namespace, list);
    }
  }

  private endpointsOf(
    service: MeshService,
    labels: Record<string, string>,
  ): Endpoint[] {
    if (Object.keys(service.selector).length === 0) return [];
    const entries = Object.entries(labels);
    return (this.endpointsByNamespace.get(service.namespace) ?? []).filter(e =>
      entries.every(([k, v]) => e.labels[k] === v),
    );
  }

  /** One user request; undefined when no pod is ready to send it. */
  enter(entry: EntryPoint): CallResult | undefined {
    const headers = this.userHeaders(entry);
    if (entry.source) {
      const service = this.snapshot.services.get(
        serviceHost(entry.source.service, entry.source.namespace),
      );
      const senders = service
        ? this.endpointsOf(service, service.selector)
        : [];
      if (senders.length === 0) return undefined;
      const sender = senders[Math.floor(this.random() * senders.length)];
      return this.call(
        sender,
        {
          host: qualifyHost(entry.host, entry.source.namespace),
          path: entry.path,
          method: 'GET',
          headers,
        },
        'http',
        0,
      );
    }
    const gatewayPod = this.snapshot.endpoints.find(
      e =>
        e.namespace === this.snapshot.rootNamespace &&
        e.labels.istio === 'ingressgateway',
    );
    if (!gatewayPod) return undefined;
    const gateways = this.snapshot.gateways
      .filter(g => {
        const selector =
          (g.spec?.selector as Record<string, string> | undefined) ?? {};
        return Object.entries(selector).every(
          ([k, v]) => gatewayPod.labels[k] === v,
        );
      })
      .map(g => `${g.metadata.namespace}/${g.metadata.name}`);
    const caller: Caller = { ...gatewayPod, sidecar: true, gateway: gateways };
    return this.call(
      caller,
      { host: entry.host, path: entry.path, method: 'GET', headers },
      'http',
      0,
    );
  }

  private userHeaders(entry: EntryPoint): Record<string, string> {
    let point = this.random();
    for (const user of entry.userMix ?? []) {
      point -= user.fraction;
      if (point < 0) return user.headers;
    }
    return {};
  }

  /** A call from `caller` to `request.host`, reported by the caller's proxy when it has one. */
  call(
    caller: Caller,
    request: RequestAttributes,
    protocol: CallProtocol,
    depth: number,
  ): CallResult {
    if (!caller.sidecar) {
      // No proxy: kube-proxy picks any endpoint of the Service; nothing on this side routes or reports.
      return this.upstream(
        caller,
        request.host,
        undefined,
        request,
        protocol,
        depth,
        undefined,
      );
    }
    const result = this.routed(caller, request, protocol, depth);
    const labels = istioLabels(this.snapshot, {
      reporter: 'source',
      caller,
      host: result.service?.host ?? request.host,
      service: result.service,
      endpoint: result.endpoint,
      protocol,
      code: result.code,
      flags: result.flags,
      mtls: result.mtls,
    });
    this.report(
      labels,
      protocol,
      result,
      this.behaviourOf(
        caller.namespace,
        caller.labels.app ?? caller.workload,
        caller.labels.version,
      ).requestBytes,
    );
    return result;
  }

  private routed(
    caller: Caller,
    request: RequestAttributes,
    protocol: CallProtocol,
    depth: number,
  ): CallResult {
    const noRoute: CallResult = {
      code: 404,
      flags: 'NR',
      durationMs: 0.2,
      responseBytes: 0,
      mtls: false,
      service: this.snapshot.services.get(request.host),
    };
    let vs: IstioConfigObject | undefined;
    if (protocol !== 'tcp') {
      const key = `${request.host}|${caller.gateway?.join(',') ?? 'mesh'}`;
      const cache = this.lookups.vsCache;
      if (!cache.has(key))
        cache.set(
          key,
          findVirtualService(
            this.lookups.virtualServiceCandidates(request.host),
            request.host,
            caller,
          ),
        );
      vs = cache.get(key);
    }
    let route: HttpRouteSpec | undefined;
    let vsNamespace = caller.namespace;
    if (vs) {
      route = selectHttpRoute(vs, request, caller);
      vsNamespace = vs.metadata.namespace ?? 'default';
      if (!route) return noRoute;
    } else if (caller.gateway) {
      return noRoute; // a gateway only forwards what a VirtualService bound to it routes
    }
    if (route?.directResponse)
      return { ...noRoute, code: route.directResponse.status, flags: '-' };

    const fault = route?.fault;
    if (fault?.abort && this.random() * 100 < percentage(fault.abort)) {
      const code = fault.abort.httpStatus ?? 503;
      return {
        code,
        flags: 'FI',
        durationMs: 0.1,
        responseBytes: 18,
        mtls: false,
        service: noRoute.service,
      };
    }
    let delayMs = 0;
    if (fault?.delay && this.random() * 100 < percentage(fault.delay))
      delayMs = parseDurationMs(fault.delay.fixedDelay) ?? 0;

    const destination = route
      ? pickWeightedDestination(route, this.random)
      : { host: request.host };
    if (!destination) return noRoute;
    const host = qualifyHost(destination.host, vsNamespace);

    if (
      route?.mirror &&
      this.random() * 100 < (route.mirrorPercentage?.value ?? 100)
    ) {
      // Shadowed requests go out fire-and-forget: only the mirror's own proxy reports them.
      this.upstream(
        caller,
        qualifyHost(route.mirror.host, vsNamespace),
        route.mirror.subset,
        request,
        protocol,
        depth,
        undefined,
      );
    }

    const retries = route?.retries ?? DEFAULT_RETRIES;
    const attempts =
      1 + Math.max(0, retries.attempts ?? DEFAULT_RETRIES.attempts);
    const perTryTimeout = parseDurationMs(route?.retries?.perTryTimeout);
    const timeout = parseDurationMs(route?.timeout);
    let elapsed = 0;
    let result: CallResult | undefined;
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      result = this.upstream(
        caller,
        host,
        destination.subset,
        request,
        protocol,
        depth,
        perTryTimeout,
      );
      elapsed += result.durationMs;
      if (timeout !== undefined && elapsed > timeout) {
        result = {
          ...result,
          code: 504,
          flags: 'UT',
          durationMs: timeout,
          responseBytes: 24,
        };
        elapsed = timeout;
        break;
      }
      if (
        protocol === 'tcp' ||
        !shouldRetry(result, retries.retryOn ?? DEFAULT_RETRIES.retryOn)
      )
        break;
    }
    const final = result!;
    const flags = delayMs > 0 && final.flags === '-' ? 'DI' : final.flags;
    return { ...final, flags, durationMs: elapsed + delayMs };
  }

  private destinationRule(
    host: string,
    callerNamespace: string,
  ): IstioConfigObject | undefined {
    const key = `${host}|${callerNamespace}`;
    const cache = this.lookups.drCache;
    if (!cache.has(key))
      cache.set(key, this.findDestinationRule(host, callerNamespace));
    return cache.get(key);
  }

  private findDestinationRule(
    host: string,
    callerNamespace: string,
  ): IstioConfigObject | undefined {
    // Istio's lookup order: the caller's namespace, the service's namespace, then the root namespace.
    const matching = this.lookups.destinationRulesFor(host);
    const serviceNamespace = this.snapshot.services.get(host)?.namespace;
    for (const namespace of [
      callerNamespace,
      serviceNamespace,
      this.snapshot.rootNamespace,
    ]) {
      const found = matching.find(dr => dr.metadata.namespace === namespace);
      if (found) return found;
    }
    return matching[0];
  }

  /** The destination side: endpoint choice, mTLS, authorization, the app itself. */
  private upstream(
    caller: Caller,
    host: string,
    subset: string | undefined,
    request: RequestAttributes,
    protocol: CallProtocol,
    depth: number,
    perTryTimeout: number | undefined,
  ): CallResult {
    const service = this.snapshot.services.get(host);
    if (!service)
      return {
        code: 503,
        flags: 'NC',
        durationMs: 0.2,
        responseBytes: 0,
        mtls: false,
      };
    const dr = this.destinationRule(host, caller.namespace);
    const trafficPolicy = dr?.spec?.trafficPolicy as
      | { tls?: { mode?: string }; outlierDetection?: Record<string, unknown> }
      | undefined;
    let labels: Record<string, string> = service.selector;
    if (subset) {
      const subsets =
        (dr?.spec?.subsets as
          | Array<{ name: string; labels?: Record<string, string> }>
          | undefined) ?? [];
      const found = subsets.find(s => s.name === subset);
      if (!found)
        return {
          code: 503,
          flags: 'NC',
          durationMs: 0.2,
          responseBytes: 0,
          mtls: false,
          service,
        };
      labels = { ...labels, ...found.labels };
    }
    const pool = this.endpointsOf(service, labels);
    const outlier = trafficPolicy?.outlierDetection
      ? this.outlierSpec(trafficPolicy.outlierDetection)
      : undefined;
    const poolKeys = pool.map(e => `${e.namespace}/${e.pod}`);
    const healthy = new Set(this.outliers.available(poolKeys, outlier));
    const candidates = pool.filter((_, i) => healthy.has(poolKeys[i]));
    if (candidates.length === 0)
      return {
        code: 503,
        flags: 'UH',
        durationMs: 0.2,
        responseBytes: 0,
        mtls: false,
        service,
      };
    const endpoint = candidates[Math.floor(this.random() * candidates.length)];

    // Auto mTLS: sidecar to sidecar is mutual TLS unless a DestinationRule turns TLS off.
    const mtls =
      caller.sidecar &&
      endpoint.sidecar &&
      trafficPolicy?.tls?.mode !== 'DISABLE';
    if (
      endpoint.sidecar &&
      !mtls &&
      peerAuthenticationMode(
        this.snapshot.peerAuthentications,
        endpoint,
        this.snapshot.rootNamespace,
      ) === 'STRICT'
    ) {
      // The server proxy resets plaintext connections: no HTTP exchange, so no destination metric.
      this.metrics.recordConnectionFailure(
        caller.sidecar ? caller.workload : 'unknown',
        host,
        'mtls_strict_plaintext',
      );
      return {
        code: caller.sidecar ? 503 : 0,
        flags: 'UF',
        durationMs: 0.5,
        responseBytes: 0,
        endpoint,
        service,
        mtls: false,
      };
    }
    const result = this.serve(
      caller,
      service,
      endpoint,
      request,
      protocol,
      depth,
      mtls,
      perTryTimeout,
    );
    this.outliers.record(
      `${endpoint.namespace}/${endpoint.pod}`,
      result.code,
      poolKeys,
      outlier,
    );
    return result;
  }

  private serve(
    caller: Caller,
    service: MeshService,
    endpoint: Endpoint,
    request: RequestAttributes,
    protocol: CallProtocol,
    depth: number,
    mtls: boolean,
    perTryTimeout: number | undefined,
  ): CallResult {
    const behaviour = this.behaviourOf(
      service.namespace,
      service.name,
      endpoint.labels.version,
    );
    let result: CallResult;
    const decision = endpoint.sidecar
      ? authorize(
          this.snapshot.authorizationPolicies,
          endpoint,
          {
            principal: mtls
              ? `${this.snapshot.trustDomain}/ns/${caller.namespace}/sa/${caller.serviceAccount}`
              : undefined,
            sourceNamespace: mtls ? caller.namespace : undefined,
            method: request.method,
            path: request.path,
            host: service.host,
            port: service.ports[0]?.port,
            headers: request.headers,
          },
          this.snapshot.rootNamespace,
        )
      : 'allow';
    if (decision === 'deny') {
      result = {
        code: 403,
        flags: '-',
        durationMs: 0.3,
        responseBytes: 19,
        endpoint,
        service,
        mtls,
      };
    } else {
      let durationMs = logNormal(
        this.random,
        behaviour.latencyMs.median,
        behaviour.latencyMs.p99,
      );
      if (depth < MAX_DEPTH)
        durationMs += this.callDownstream(service, endpoint, request, depth);
      const failed = this.random() < behaviour.errorRate;
      const jitter = 0.9 + 0.2 * this.random();
      result = {
        code: failed ? 500 : 200,
        flags: '-',
        durationMs,
        responseBytes: Math.round(
          (failed ? 60 : behaviour.responseBytes) * jitter,
        ),
        endpoint,
        service,
        mtls,
      };
      if (perTryTimeout !== undefined && durationMs > perTryTimeout)
        result = {
          ...result,
          code: 504,
          flags: 'UT',
          durationMs: perTryTimeout,
          responseBytes: 24,
        };
    }
    if (endpoint.sidecar) {
      const labels = istioLabels(this.snapshot, {
        reporter: 'destination',
        caller,
        host: service.host,
        service,
        endpoint,
        protocol,
        code: result.code,
        flags: result.flags,
        mtls,
      });
      this.report(labels, protocol, result, behaviour.requestBytes);
    }
    return result;
  }

  /** The app's own calls, one after another (Bookinfo's productpage calls details, then reviews). */
  private callDownstream(
    service: MeshService,
    endpoint: Endpoint,
    request: RequestAttributes,
    depth: number,
  ): number {
    const version = endpoint.labels.version;
    let total = 0;
    for (const edge of this.graph.edges) {
      if (
        edge.from.namespace !== service.namespace ||
        edge.from.service !== service.name
      )
        continue;
      if (
        edge.from.versions &&
        (!version || !edge.from.versions.includes(version))
      )
        continue;
      const calls = stochasticRound(this.random, edge.callsPerRequest ?? 1);
      const self: Caller = { ...endpoint };
      for (let i = 0; i < calls; i += 1) {
        const downstream = {
          host: serviceHost(edge.to.service, edge.to.namespace),
          path: edge.path,
          method: 'GET',
          headers: request.headers,
        };
        total += this.call(
          self,
          downstream,
          edge.protocol,
          depth + 1,
        ).durationMs;
      }
    }
    return total;
  }

  private report(
    labels: ReturnType<typeof istioLabels>,
    protocol: CallProtocol,
    result: CallResult,
    requestBytes: number,
  ): void {
    const sent = Math.round(requestBytes * (0.9 + 0.2 * this.random()));
    if (protocol === 'tcp')
      this.metrics.recordTcp(labels, result.responseBytes, sent);
    else
      this.metrics.recordRequest(
        labels,
        result.durationMs,
        sent,
        result.responseBytes,
      );
  }

  private behaviourOf(
    namespace: string,
    service: string,
    version: string | undefined,
  ): Behaviour {
    const table = this.graph.behaviour ?? {};
    return {
      ...DEFAULT_BEHAVIOUR,
      ...table[`${namespace}/${service}`],
      ...(version ? table[`${namespace}/${service}/${version}`] : undefined),
    };
  }

  private outlierSpec(raw: Record<string, unknown>): OutlierDetectionSpec {
    const num = (v: unknown): number | undefined => {
      if (typeof v === 'number') return v;
      return typeof v === 'string' ? Number(v) : undefined;
    };
    return {
      consecutive5xxErrors: num(
        raw.consecutive5xxErrors ?? raw.consecutiveErrors,
      ),
      consecutiveGatewayErrors: num(raw.consecutiveGatewayErrors),
      baseEjectionTime: parseDurationMs(
        raw.baseEjectionTime as string | undefined,
      ),
      maxEjectionPercent: num(raw.maxEjectionPercent),
    };
  }
}
