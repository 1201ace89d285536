import { PolicyView } from '../api/trafficTypes';
import {
  ClientTLSSettings,
  ConnectionPoolSettings,
  LoadBalancerSettings,
  OutlierDetection,
  PortTrafficPolicy,
  TrafficPolicy,
} from '../istio/model/networking';

const SIMPLE_LB: Record<string, string> = {
  UNSPECIFIED: 'Istio default (least requests)',
  LEAST_CONN: 'least requests',
  LEAST_REQUEST: 'least requests',
  RANDOM: 'random',
  ROUND_ROBIN: 'round robin',
  PASSTHROUGH: 'passthrough (original destination address)',
};

interface ConsistentHash {
  httpHeaderName?: string;
  httpCookie?: { name?: string; ttl?: string; path?: string };
  useSourceIp?: boolean;
  httpQueryParameterName?: string;
  ringHash?: { minimumRingSize?: number };
  maglev?: { tableSize?: number };
  minimumRingSize?: number;
}

interface LocalityLb {
  enabled?: boolean;
  distribute?: Array<{ from?: string; to?: Record<string, number> }>;
  failover?: Array<{ from?: string; to?: string }>;
  failoverPriority?: string[];
}

/** What a consistent hash hashes on. */
function hashKey(ch: ConsistentHash): string {
  if (ch.httpHeaderName) return `header ${ch.httpHeaderName}`;
  if (ch.httpCookie)
    return `cookie ${ch.httpCookie.name ?? '?'}${ch.httpCookie.ttl !== undefined ? ` (ttl ${ch.httpCookie.ttl})` : ''}`;
  if (ch.useSourceIp) return 'source IP';
  if (ch.httpQueryParameterName)
    return `query parameter ${ch.httpQueryParameterName}`;
  return 'nothing set';
}

/** The hash table, when the rule sets one (Maglev or a ring of a minimum size). */
function hashTable(ch: ConsistentHash): string {
  if (ch.maglev)
    return `, Maglev${ch.maglev.tableSize ? ` table size ${ch.maglev.tableSize}` : ''}`;
  const ring = ch.ringHash?.minimumRingSize ?? ch.minimumRingSize;
  return ring ? `, ring hash of at least ${ring} entries` : '';
}

/** Load balancing in words: `load balancer: round robin`, `load balancer: consistent hash on header x-user`. */
export function describeLoadBalancer(lb: LoadBalancerSettings): string[] {
  const out: string[] = [];
  if (lb.simple)
    out.push(`load balancer: ${SIMPLE_LB[lb.simple] ?? lb.simple}`);
  const ch = lb.consistentHash as ConsistentHash | undefined;
  if (ch) {
    out.push(
      `load balancer: consistent hash on ${hashKey(ch)}${hashTable(ch)}`,
    );
  }
  const loc = lb.localityLbSetting as LocalityLb | undefined;
  if (loc) {
    if (loc.enabled === false) out.push('locality load balancing: off');
    for (const d of loc.distribute ?? [])
      out.push(
        `locality: from ${d.from ?? '*'} send ${Object.entries(d.to ?? {})
          .map(([l, w]) => `${w} % to ${l}`)
          .join(', ')}`,
      );
    for (const f of loc.failover ?? [])
      out.push(`locality: fail over from ${f.from ?? '?'} to ${f.to ?? '?'}`);
    if (loc.failoverPriority?.length)
      out.push(
        `locality: fail over by priority of ${loc.failoverPriority.join(', ')}`,
      );
    if (
      loc.enabled !== false &&
      !loc.distribute?.length &&
      !loc.failover?.length &&
      !loc.failoverPriority?.length
    )
      out.push('locality load balancing: on');
  }
  if (lb.warmupDurationSecs) out.push(`warm-up: ${lb.warmupDurationSecs}`);
  return out;
}

/** Connection pool limits in words, one line for TCP and one for HTTP. */
export function describeConnectionPool(cp: ConnectionPoolSettings): string[] {
  const out: string[] = [];
  const tcp: string[] = [];
  if (cp.tcp?.maxConnections !== undefined)
    tcp.push(`at most ${cp.tcp.maxConnections} connections`);
  if (cp.tcp?.connectTimeout)
    tcp.push(`connect timeout ${cp.tcp.connectTimeout}`);
  if (cp.tcp?.maxConnectionDuration)
    tcp.push(`connections live at most ${cp.tcp.maxConnectionDuration}`);
  if (tcp.length) out.push(`connection pool: ${tcp.join(', ')}`);
  const http: string[] = [];
  const h = cp.http;
  if (h?.http1MaxPendingRequests !== undefined)
    http.push(`at most ${h.http1MaxPendingRequests} pending requests`);
  if (h?.http2MaxRequests !== undefined)
    http.push(`at most ${h.http2MaxRequests} active requests`);
  if (h?.maxRequestsPerConnection !== undefined)
    http.push(`at most ${h.maxRequestsPerConnection} requests per connection`);
  if (h?.maxRetries !== undefined)
    http.push(`at most ${h.maxRetries} concurrent retries`);
  if (h?.idleTimeout) http.push(`idle timeout ${h.idleTimeout}`);
  if (h?.h2UpgradePolicy) http.push(`HTTP/2 upgrade ${h.h2UpgradePolicy}`);
  if (http.length) out.push(`HTTP connection pool: ${http.join(', ')}`);
  return out;
}

/**
 * Outlier detection in words: `eject after 5 consecutive 5xx for 30s`. Envoy's defaults are named
 * where Istio leaves a field out (5 consecutive 5xx, 30 s base ejection time).
 */
export function describeOutlierDetection(od: OutlierDetection): string {
  const causes: string[] = [];
  if (od.consecutive5xxErrors !== undefined)
    causes.push(`${od.consecutive5xxErrors} consecutive 5xx`);
  if (od.consecutiveGatewayErrors !== undefined)
    causes.push(`${od.consecutiveGatewayErrors} consecutive gateway errors`);
  if (od.consecutiveErrors !== undefined)
    causes.push(`${od.consecutiveErrors} consecutive errors`);
  if (od.consecutiveLocalOriginFailures !== undefined)
    causes.push(
      `${od.consecutiveLocalOriginFailures} consecutive local-origin failures`,
    );
  if (causes.length === 0) causes.push('5 consecutive 5xx (default)');
  const extra: string[] = [];
  if (od.interval) extra.push(`checked every ${od.interval}`);
  if (od.maxEjectionPercent !== undefined)
    extra.push(`at most ${od.maxEjectionPercent} % of hosts ejected`);
  if (od.minHealthPercent !== undefined)
    extra.push(`off below ${od.minHealthPercent} % healthy hosts`);
  return `outlier detection: eject after ${causes.join(' or ')} for ${od.baseEjectionTime ?? '30s'}${extra.length ? `; ${extra.join(', ')}` : ''}`;
}

const TLS_MODE: Record<string, string> = {
  DISABLE: 'off (plain text)',
  SIMPLE: 'TLS to the destination',
  MUTUAL: 'mutual TLS with a client certificate',
  ISTIO_MUTUAL: 'Istio mutual TLS',
};

export function describeClientTls(tls: ClientTLSSettings): string {
  const extra = [
    tls.credentialName ? `credential ${tls.credentialName}` : '',
    tls.sni ? `SNI ${tls.sni}` : '',
    tls.insecureSkipVerify ? 'certificate not verified' : '',
  ].filter(Boolean);
  return `TLS: ${tls.mode ? (TLS_MODE[tls.mode] ?? tls.mode) : 'settings without a mode'}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

/** One traffic policy (host-wide, port or subset level, without its port list) in words. */
export function describeTrafficPolicy(
  p: TrafficPolicy | PortTrafficPolicy,
): string[] {
  return [
    ...(p.loadBalancer ? describeLoadBalancer(p.loadBalancer) : []),
    ...(p.connectionPool ? describeConnectionPool(p.connectionPool) : []),
    ...(p.outlierDetection
      ? [describeOutlierDetection(p.outlierDetection)]
      : []),
    ...(p.tls ? [describeClientTls(p.tls)] : []),
  ];
}

/**
 * A traffic policy and its port-level settings as views: `all ports` (or `subset v2`), then
 * `port 9080` (or `subset v2, port 9080`). Empty policies are left out.
 */
export function trafficPolicyViews(
  policy: TrafficPolicy | undefined,
  subset?: string,
): PolicyView[] {
  if (!policy) return [];
  const views: PolicyView[] = [];
  const lines = describeTrafficPolicy(policy);
  if (lines.length)
    views.push({ scope: subset ? `subset ${subset}` : 'all ports', lines });
  for (const pl of policy.portLevelSettings ?? []) {
    const portLines = describeTrafficPolicy(pl);
    const port = `port ${pl.port?.number ?? '?'}`;
    if (portLines.length)
      views.push({
        scope: subset ? `subset ${subset}, ${port}` : port,
        lines: portLines,
      });
  }
  return views;
}
