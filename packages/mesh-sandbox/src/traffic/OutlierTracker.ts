/** DestinationRule `trafficPolicy.outlierDetection` fields the model honours. */
export interface OutlierDetectionSpec {
  consecutive5xxErrors?: number;
  consecutiveGatewayErrors?: number;
  baseEjectionTime?: number;
  maxEjectionPercent?: number;
}

interface HostState {
  consecutive5xx: number;
  consecutiveGateway: number;
  ejections: number;
  ejectedUntil: number;
}

/**
 * Envoy's consecutive-errors outlier detection per endpoint: after N 5xx (or gateway errors) in a
 * row the host is ejected for baseEjectionTime × times ejected, never more than
 * maxEjectionPercent of the hosts (but always at least one, as Envoy does).
 */
export class OutlierTracker {
  private readonly hosts = new Map<string, HostState>();

  constructor(private readonly now: () => number) {}

  available(hosts: string[], spec: OutlierDetectionSpec | undefined): string[] {
    if (!spec) return hosts;
    const now = this.now();
    return hosts.filter(h => (this.hosts.get(h)?.ejectedUntil ?? 0) <= now);
  }

  record(
    host: string,
    code: number,
    pool: string[],
    spec: OutlierDetectionSpec | undefined,
  ): void {
    if (!spec) return;
    let state = this.hosts.get(host);
    if (!state) {
      state = {
        consecutive5xx: 0,
        consecutiveGateway: 0,
        ejections: 0,
        ejectedUntil: 0,
      };
      this.hosts.set(host, state);
    }
    const gatewayError = code === 502 || code === 503 || code === 504;
    state.consecutive5xx = code >= 500 ? state.consecutive5xx + 1 : 0;
    state.consecutiveGateway = gatewayError ? state.consecutiveGateway + 1 : 0;
    const limit5xx = spec.consecutive5xxErrors ?? 5;
    const limitGateway = spec.consecutiveGatewayErrors;
    const tripped =
      (limit5xx > 0 && state.consecutive5xx >= limit5xx) ||
      (limitGateway !== undefined &&
        limitGateway > 0 &&
        state.consecutiveGateway >= limitGateway);
    if (!tripped) return;
    const now = this.now();
    const ejectedNow = pool.filter(
      h => (this.hosts.get(h)?.ejectedUntil ?? 0) > now,
    ).length;
    const maxEjected = Math.max(
      1,
      Math.floor((pool.length * (spec.maxEjectionPercent ?? 10)) / 100),
    );
    if (ejectedNow >= maxEjected) return;
    state.ejections += 1;
    state.ejectedUntil =
      now + (spec.baseEjectionTime ?? 30_000) * state.ejections;
    state.consecutive5xx = 0;
    state.consecutiveGateway = 0;
  }
}
