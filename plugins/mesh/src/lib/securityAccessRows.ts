import {
  AccessRow,
  ClusterSecurity,
  MtlsCallerFacts,
  ObservedCaller,
} from '@meshport/plugin-mesh-common';

/** How a row compares with the traffic seen in the window; absent when there are no metrics. */
export type SeenStatus = 'seen' | 'never-seen' | 'seen-denied' | 'plaintext';

/** One row of the access matrix as the tab shows it: the policy's answer next to what was seen. */
export interface AccessMatrixRow {
  key: string;
  /** The other side: the caller for inbound rows, the callee for outbound rows. */
  peer: string;
  serviceAccount?: string;
  sidecar: boolean;
  /** The entity's own workload on this row. */
  workload: string;
  port?: number;
  method?: string;
  path?: string;
  /** Undefined for a caller seen in the metrics that is not a mesh workload the engine knows. */
  allowed?: boolean;
  status?: AccessRow['status'];
  /** `rule 0 of ALLOW bookinfo/ratings-allow`, absent when no policy decided. */
  decidedBy?: string;
  reason: string;
  observed?: ObservedCaller;
  seen?: SeenStatus;
}

function allowedWord(allowed: boolean | undefined): string {
  if (allowed === undefined) return 'unknown';
  return allowed ? 'allowed' : 'denied';
}

export function decidedByText(row: AccessRow): string | undefined {
  if (!row.policy) return undefined;
  const rule = row.ruleIndex !== null ? `rule ${row.ruleIndex} of ` : '';
  return `${rule}${row.action ?? ''} ${row.policy.namespace}/${row.policy.name}`.trim();
}

function seenOf(caller: ObservedCaller | undefined): SeenStatus {
  if (!caller || caller.status === 'allowed-unseen') return 'never-seen';
  if (caller.status === 'denied-seen' || caller.deniedPerSecond > 0)
    return 'seen-denied';
  if (caller.status === 'plaintext-permissive') return 'plaintext';
  return 'seen';
}

function samePair(
  caller: ObservedCaller,
  source: string,
  destination: string,
  port: number,
): boolean {
  return (
    caller.source === source &&
    caller.destination === destination &&
    (caller.port === undefined || caller.port === port)
  );
}

/**
 * Who may call the entity's workloads, with what was seen merged in: each access row gets the
 * caller the metrics saw for the same pair (and port, when the metrics know it), and callers seen
 * but absent from the rows (outside the mesh, `unknown/unknown`) are added as rows of their own, so
 * plaintext from outside the mesh is not hidden by the matrix being per mesh workload.
 */
export function inboundMatrix(cluster: ClusterSecurity): AccessMatrixRow[] {
  const callers = cluster.observed?.callers ?? [];
  const haveMetrics = cluster.observed?.metrics.status === 'ok';
  const used = new Set<ObservedCaller>();
  const rows: AccessMatrixRow[] = cluster.access.inbound.map((row, i) => {
    const caller = callers.find(c =>
      samePair(c, row.source, row.destination, row.port),
    );
    if (caller) used.add(caller);
    return {
      key: `in-${i}`,
      peer: row.source,
      serviceAccount: row.sourceServiceAccount,
      sidecar: row.sourceSidecar,
      workload: row.destination,
      port: row.port,
      method: row.method,
      path: row.path,
      allowed: row.allowed,
      status: row.status,
      decidedBy: decidedByText(row),
      reason: row.reason,
      observed: caller,
      seen: haveMetrics ? seenOf(caller) : undefined,
    };
  });
  callers
    .filter(c => !used.has(c))
    .forEach((c, i) =>
      rows.push({
        key: `seen-${i}`,
        peer: c.source,
        sidecar: c.plaintextPerSecond < c.requestsPerSecond,
        workload: c.destination,
        port: c.port,
        allowed: c.allowedByPolicy,
        reason:
          c.allowedByPolicy === undefined
            ? 'seen in the metrics; not a mesh workload the authorization engine knows'
            : 'seen in the metrics',
        observed: c,
        seen: seenOf(c),
      }),
    );
  return rows;
}

/** Where the entity's workloads may call out (no metrics are kept per outbound pair here). */
export function outboundMatrix(cluster: ClusterSecurity): AccessMatrixRow[] {
  return cluster.access.outbound.map((row, i) => ({
    key: `out-${i}`,
    peer: row.destination,
    sidecar: true,
    workload: row.source,
    port: row.port,
    method: row.method,
    path: row.path,
    allowed: row.allowed,
    status: row.status,
    decidedBy: decidedByText(row),
    reason: row.reason,
  }));
}

/** Case-insensitive match on every text of the row, so `denied`, `reviews` or `9080` all filter. */
export function filterMatrix(
  rows: AccessMatrixRow[],
  text: string,
): AccessMatrixRow[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return rows;
  return rows.filter(r =>
    [
      r.peer,
      r.serviceAccount,
      r.workload,
      r.port,
      r.method,
      r.path,
      allowedWord(r.allowed),
      r.decidedBy,
      r.reason,
      r.seen,
    ]
      .filter(v => v !== undefined)
      .some(v => String(v).toLowerCase().includes(needle)),
  );
}

/**
 * What the view knows about the callers of some of the entity's workloads, for the mTLS wizard's
 * warnings: callers seen sending plaintext, and mesh workloads without a sidecar that policy lets
 * call them today (STRICT resets both). `workloads` are `namespace/workload`; empty: all of them.
 */
export function mtlsCallerFacts(
  cluster: ClusterSecurity,
  workloads: string[],
): MtlsCallerFacts {
  const inScope = (w: string) =>
    workloads.length === 0 || workloads.includes(w);
  return {
    plaintextCallers: (cluster.observed?.callers ?? [])
      .filter(c => c.plaintextPerSecond > 0 && inScope(c.destination))
      .map(c => ({
        source: c.source,
        requestsPerSecond: c.plaintextPerSecond,
      })),
    callersWithoutSidecar: [
      ...new Set(
        cluster.access.inbound
          .filter(r => !r.sourceSidecar && r.allowed && inScope(r.destination))
          .map(r => r.source),
      ),
    ],
  };
}
