import {
  EffectivePolicy,
  HTTPFaultInjection,
  RouteTrace,
  RuleRow,
  TrafficResource,
  TrafficResourceKind,
} from '@meshport/plugin-mesh-common';

const LOAD_BALANCERS: Record<string, string> = {
  LEAST_REQUEST: 'least requests',
  LEAST_CONN: 'least requests',
  ROUND_ROBIN: 'round robin',
  RANDOM: 'random',
  PASSTHROUGH: 'passthrough (to the original destination)',
  UNSPECIFIED: "Istio's default (least requests)",
};

const TLS_MODES: Record<string, string> = {
  DISABLE: 'plain text (TLS disabled)',
  SIMPLE: 'TLS to the destination',
  MUTUAL: 'mutual TLS with the given certificates',
  ISTIO_MUTUAL: 'Istio mutual TLS',
};

/** A DestinationRule's settings in effect for one destination, one line each, in words. */
export function describeEffectivePolicy(policy: EffectivePolicy): string[] {
  const lines: string[] = [];
  const lb = policy.loadBalancer;
  if (lb?.simple)
    lines.push(`load balancer: ${LOAD_BALANCERS[lb.simple] ?? lb.simple}`);
  if (lb?.consistentHash)
    lines.push(
      `load balancer: consistent hash on ${Object.keys(lb.consistentHash).join(', ')}`,
    );
  if (lb?.localityLbSetting) lines.push('locality-aware load balancing');
  if (lb?.warmupDurationSecs)
    lines.push(`new endpoints warm up for ${lb.warmupDurationSecs}`);

  const pool = policy.connectionPool;
  const limits: string[] = [];
  if (pool?.tcp?.maxConnections !== undefined)
    limits.push(`at most ${pool.tcp.maxConnections} connections`);
  if (pool?.tcp?.connectTimeout)
    limits.push(`connect timeout ${pool.tcp.connectTimeout}`);
  if (pool?.http?.http1MaxPendingRequests !== undefined)
    limits.push(
      `at most ${pool.http.http1MaxPendingRequests} pending requests`,
    );
  if (pool?.http?.http2MaxRequests !== undefined)
    limits.push(`at most ${pool.http.http2MaxRequests} requests at once`);
  if (pool?.http?.maxRequestsPerConnection !== undefined)
    limits.push(
      `at most ${pool.http.maxRequestsPerConnection} requests per connection`,
    );
  if (pool?.http?.maxRetries !== undefined)
    limits.push(`at most ${pool.http.maxRetries} retries at once`);
  if (pool?.http?.idleTimeout)
    limits.push(`idle timeout ${pool.http.idleTimeout}`);
  if (limits.length) lines.push(`connection pool: ${limits.join(', ')}`);

  const od = policy.outlierDetection;
  if (od) {
    const errors =
      od.consecutive5xxErrors ??
      od.consecutiveErrors ??
      od.consecutiveGatewayErrors;
    const what =
      od.consecutiveGatewayErrors !== undefined &&
      od.consecutive5xxErrors === undefined
        ? 'gateway errors'
        : '5xx';
    const parts = [
      `eject a host after ${errors ?? 5} consecutive ${what}`,
      `for ${od.baseEjectionTime ?? '30s'}`,
    ];
    if (od.interval) parts.push(`checked every ${od.interval}`);
    if (od.maxEjectionPercent !== undefined)
      parts.push(`at most ${od.maxEjectionPercent} % of hosts`);
    lines.push(`outlier detection: ${parts.join(', ')}`);
  }

  const tls = policy.tls;
  if (tls?.mode) {
    let text = TLS_MODES[tls.mode] ?? tls.mode;
    if (tls.sni) text += `, SNI ${tls.sni}`;
    lines.push(`TLS: ${text}`);
  }
  return lines;
}

function percentOf(p?: { value?: number }, legacy?: number): string {
  const value = p?.value ?? legacy;
  return value === undefined ? '100 %' : `${value} %`;
}

/** A fault injection in words: `delay 5s for 100 % of requests`, `abort with 500 for 10 %`. */
export function describeFault(fault: HTTPFaultInjection): string[] {
  const lines: string[] = [];
  if (fault.delay)
    lines.push(
      `fault: delay ${fault.delay.fixedDelay ?? '?'} for ${percentOf(fault.delay.percentage, fault.delay.percent)} of requests`,
    );
  if (fault.abort) {
    const status =
      fault.abort.httpStatus ??
      fault.abort.grpcStatus ??
      fault.abort.http2Error ??
      '?';
    lines.push(
      `fault: abort with ${status} for ${percentOf(fault.abort.percentage)} of requests`,
    );
  }
  return lines;
}

/** What the matched rule does besides choosing destinations: fault, retries, timeout, mirror and the rest. */
export function describeTraceActions(trace: RouteTrace): string[] {
  const lines: string[] = [];
  if (trace.fault) lines.push(...describeFault(trace.fault));
  if (trace.timeout) lines.push(`timeout ${trace.timeout}`);
  else if (trace.request.protocol === 'http' && trace.outcome === 'route')
    lines.push('no timeout (Istio sets none by default)');
  if (trace.retries) {
    const r = trace.retries;
    const parts = [`retries: ${r.attempts} attempts`];
    if (r.perTryTimeout) parts.push(`${r.perTryTimeout} each`);
    if (r.retryOn) parts.push(`on ${r.retryOn}`);
    lines.push(
      `${parts.join(', ')}${r.source === 'default' ? " (Istio's default)" : ''}`,
    );
  }
  for (const m of trace.mirror)
    lines.push(
      `mirror ${m.percentage} % to ${m.host}${m.subset ? ` (subset ${m.subset})` : ''}${m.port ? ` port ${m.port}` : ''}`,
    );
  if (trace.rewrite) {
    if (trace.rewrite.uri) lines.push(`rewrite path to ${trace.rewrite.uri}`);
    if (trace.rewrite.authority)
      lines.push(`rewrite authority to ${trace.rewrite.authority}`);
    if (trace.rewrite.uriRegexRewrite)
      lines.push(
        `rewrite path ${trace.rewrite.uriRegexRewrite.match ?? ''} → ${trace.rewrite.uriRegexRewrite.rewrite ?? ''}`,
      );
  }
  if (trace.redirect) {
    const r = trace.redirect;
    const to = [
      r.scheme && `${r.scheme}://`,
      r.authority,
      r.port && `:${r.port}`,
      r.uri,
    ]
      .filter(Boolean)
      .join('');
    lines.push(
      `redirect${r.redirectCode ? ` ${r.redirectCode}` : ''} to ${to || 'the same URL'}`,
    );
  }
  if (trace.directResponse)
    lines.push(`answer ${trace.directResponse.status} directly`);
  const ops = [trace.headers?.request, trace.headers?.response];
  ops.forEach((op, i) => {
    if (!op) return;
    const side = i === 0 ? 'request' : 'response';
    const names = [
      ...Object.keys(op.set ?? {}).map(n => `set ${n}`),
      ...Object.keys(op.add ?? {}).map(n => `add ${n}`),
      ...(op.remove ?? []).map(n => `remove ${n}`),
    ];
    if (names.length) lines.push(`${side} headers: ${names.join(', ')}`);
  });
  return lines;
}

/** Which rule of which resource the tracer chose, and why the rules before it did not match. */
export interface TraceHighlight {
  cluster: string;
  /** Null when no VirtualService or route decided (passthrough, no route, default route). */
  resource: {
    kinds: TrafficResourceKind[];
    namespace: string;
    name: string;
  } | null;
  ruleIndex: number | null;
  /** Which of the resource's rule lists the index is in. */
  protocol: RouteTrace['request']['protocol'];
  /** Rules skipped on the way, keyed by `namespace/name#index` of the VirtualService (Istio API only). */
  skipped: Record<string, string>;
}

export function ruleKey(namespace: string, name: string, index: number) {
  return `${namespace}/${name}#${index}`;
}

export function traceHighlight(
  cluster: string,
  trace: RouteTrace,
): TraceHighlight {
  let resource: TraceHighlight['resource'] = null;
  if (trace.virtualService)
    resource = { kinds: ['VirtualService'], ...trace.virtualService };
  else if (trace.httpRoute)
    resource = { kinds: ['HTTPRoute', 'GRPCRoute'], ...trace.httpRoute };
  const skipped: Record<string, string> = {};
  for (const step of trace.steps) {
    if (
      step.kind === 'rule-skipped' &&
      step.virtualService &&
      step.ruleIndex !== undefined
    ) {
      skipped[
        ruleKey(
          step.virtualService.namespace,
          step.virtualService.name,
          step.ruleIndex,
        )
      ] = step.reason ?? step.message;
    }
  }
  return {
    cluster,
    resource,
    ruleIndex: trace.ruleIndex,
    protocol: trace.request.protocol,
    skipped,
  };
}

/** Whether a rule row is in the list the trace's rule index counts in (gRPC rules are HTTP's). */
export function inTracedList(
  highlight: Pick<TraceHighlight, 'protocol'>,
  rule: Pick<RuleRow, 'protocol'>,
): boolean {
  return (
    rule.protocol === highlight.protocol ||
    (rule.protocol === 'grpc' && highlight.protocol === 'http')
  );
}

/** Whether `resource` is the one the trace matched. */
export function isTraceResource(
  highlight: TraceHighlight | undefined,
  resource: Pick<TrafficResource, 'cluster' | 'kind' | 'namespace' | 'name'>,
): boolean {
  const r = highlight?.resource;
  return (
    !!r &&
    highlight!.cluster === resource.cluster &&
    r.kinds.includes(resource.kind) &&
    r.namespace === resource.namespace &&
    r.name === resource.name
  );
}

/** The findings of a resource that no rule row already shows, so each finding appears once. */
export function findingsOutsideRules(resource: TrafficResource) {
  const key = (f: { code: string; path: string; message: string }) =>
    `${f.code}|${f.path}|${f.message}`;
  const shown = new Set(
    (resource.rules ?? []).flatMap(r => r.findings.map(key)),
  );
  return resource.findings.filter(f => !shown.has(key(f)));
}
