import {
  AccessRow,
  ObservedAccess,
  ObservedCaller,
  ObservedStatus,
  WorkloadSecurity,
} from '../api/securityTypes';
import { MetricSample, MetricsStatus, RateQuery } from '../metrics/types';

/** The labels `compareObservedAccess` reads, and so the ones `observedAccessQuery` keeps. */
export const OBSERVED_ACCESS_LABELS = [
  'source_workload',
  'source_workload_namespace',
  'source_principal',
  'destination_workload',
  'destination_workload_namespace',
  'response_code',
  'reporter',
  'connection_security_policy',
] as const;

/**
 * `istio_requests_total` into the given workloads over the window, by caller, response code,
 * reporter and connection security: each destination is one alternative (its namespace and its
 * name together), so a workload of the same name in another namespace is not counted.
 */
export function observedAccessQuery(
  windowSeconds: number,
  destinations: Array<{ namespace: string; workload: string }>,
): RateQuery {
  return {
    kind: 'rate',
    metric: 'istio_requests_total',
    anyOf: destinations.map(d => [
      {
        label: 'destination_workload_namespace',
        op: '=' as const,
        value: d.namespace,
      },
      {
        label: 'destination_workload',
        op: '=' as const,
        value: d.workload,
      },
    ]),
    windowSeconds,
    by: [...OBSERVED_ACCESS_LABELS],
    // A call made for the first time is observed from the scrape that first sees it.
    countNewSeries: true,
  };
}

interface PairFigures {
  source: string;
  destination: string;
  principal?: string;
  byReporter: Record<
    'source' | 'destination',
    { seen: boolean; rps: number; denied: number }
  >;
  plaintext: number;
}

const STATUS_ORDER: ObservedStatus[] = [
  'denied-seen',
  'plaintext-permissive',
  'allowed-seen',
  'allowed-unseen',
];

/**
 * Observed callers next to what policy allows. Metrics name workloads, not ports, so a caller is
 * one row per (source, destination) pair; figures come from the destination's report when there
 * is one, since it is the proxy that enforces (a 403 there is a policy denial), else the caller's.
 * - `denied-seen`: 403s in the window;
 * - `plaintext-permissive`: requests without mTLS (`connection_security_policy="none"` at the
 *   destination) to a workload with a PERMISSIVE port — what STRICT would break;
 * - `allowed-seen`: seen without 403s (`allowedByPolicy` false means policy changed since);
 * - `allowed-unseen`: an inbound access row allows the pair but no request was seen — what least
 *   privilege would drop.
 */
export function compareObservedAccess(
  rows: AccessRow[],
  samples: MetricSample[],
  workloads: WorkloadSecurity[],
  o: { windowSeconds: number; metrics: MetricsStatus },
): ObservedAccess {
  const entity = new Map(
    workloads.map(w => [`${w.namespace}/${w.workload}`, w]),
  );
  const pairs = new Map<string, PairFigures>();
  for (const s of samples) {
    const l = s.labels;
    const destination = `${l.destination_workload_namespace ?? 'unknown'}/${l.destination_workload ?? 'unknown'}`;
    if (!entity.has(destination) || !(s.value >= 0)) continue;
    const source = `${l.source_workload_namespace ?? 'unknown'}/${l.source_workload ?? 'unknown'}`;
    const key = `${source}\u0000${destination}`;
    let p = pairs.get(key);
    if (!p) {
      p = {
        source,
        destination,
        byReporter: {
          source: { seen: false, rps: 0, denied: 0 },
          destination: { seen: false, rps: 0, denied: 0 },
        },
        plaintext: 0,
      };
      pairs.set(key, p);
    }
    const principal = l.source_principal;
    if (!p.principal && principal && principal !== 'unknown')
      p.principal = principal.replace(/^spiffe:\/\//, '');
    const reporter = l.reporter === 'source' ? 'source' : 'destination';
    const r = p.byReporter[reporter];
    r.seen = true;
    r.rps += s.value;
    if (l.response_code === '403') r.denied += s.value;
    if (reporter === 'destination' && l.connection_security_policy === 'none')
      p.plaintext += s.value;
  }

  const rowsByPair = new Map<string, AccessRow[]>();
  for (const row of rows) {
    const key = `${row.source}\u0000${row.destination}`;
    rowsByPair.set(key, [...(rowsByPair.get(key) ?? []), row]);
  }
  const portOf = (pairRows: AccessRow[], w: WorkloadSecurity | undefined) => {
    const ports = new Set(pairRows.map(r => r.port));
    if (ports.size === 1) return [...ports][0];
    return w?.ports.length === 1 ? w.ports[0].port : undefined;
  };

  const callers: ObservedCaller[] = [];
  for (const [key, p] of pairs) {
    const reporter = p.byReporter.destination.seen ? 'destination' : 'source';
    const figures = p.byReporter[reporter];
    const pairRows = rowsByPair.get(key) ?? [];
    const w = entity.get(p.destination);
    const port = portOf(pairRows, w);
    const permissive = (w?.ports ?? []).some(
      x => x.mode === 'PERMISSIVE' && (port === undefined || x.port === port),
    );
    let status: ObservedStatus = 'allowed-seen';
    if (figures.denied > 0) status = 'denied-seen';
    else if (p.plaintext > 0 && permissive) status = 'plaintext-permissive';
    callers.push({
      source: p.source,
      destination: p.destination,
      sourcePrincipal: p.principal,
      port,
      requestsPerSecond: figures.rps,
      deniedPerSecond: figures.denied,
      reporter,
      plaintextPerSecond: p.plaintext,
      allowedByPolicy:
        pairRows.length > 0 ? pairRows.some(r => r.allowed) : undefined,
      status,
    });
  }
  for (const [key, pairRows] of rowsByPair) {
    if (pairs.has(key) || !entity.has(pairRows[0].destination)) continue;
    const allowed = pairRows.filter(r => r.allowed);
    if (allowed.length === 0) continue;
    callers.push({
      source: pairRows[0].source,
      destination: pairRows[0].destination,
      port: portOf(allowed, entity.get(pairRows[0].destination)),
      requestsPerSecond: 0,
      deniedPerSecond: 0,
      reporter: 'destination',
      plaintextPerSecond: 0,
      allowedByPolicy: true,
      status: 'allowed-unseen',
    });
  }
  callers.sort(
    (a, b) =>
      STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
      a.destination.localeCompare(b.destination) ||
      a.source.localeCompare(b.source),
  );
  return { windowSeconds: o.windowSeconds, metrics: o.metrics, callers };
}
