/** Istio's standard metric labels, in the order Istio's stats plugin emits them. */
export const ISTIO_LABELS = [
  'reporter',
  'source_workload',
  'source_workload_namespace',
  'source_principal',
  'source_app',
  'source_version',
  'source_cluster',
  'destination_workload',
  'destination_workload_namespace',
  'destination_principal',
  'destination_app',
  'destination_version',
  'destination_service',
  'destination_service_name',
  'destination_service_namespace',
  'destination_cluster',
  'request_protocol',
  'response_code',
  'grpc_response_status',
  'response_flags',
  'connection_security_policy',
] as const;

export type IstioLabels = Record<(typeof ISTIO_LABELS)[number], string>;

/** Istio's default buckets (milliseconds) for istio_request_duration_milliseconds. */
const DURATION_BUCKETS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000,
  300000, 600000, 1800000, 3600000,
];
/** Istio's default buckets for request and response sizes (bytes). */
const SIZE_BUCKETS = [
  1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
];

class Histogram {
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(readonly bounds: number[]) {
    this.counts = new Array<number>(bounds.length).fill(0);
  }
  observe(value: number): void {
    this.sum += value;
    this.count += 1;
    // Buckets are rendered cumulatively; store each observation once, in its first bucket.
    const index = this.bounds.findIndex(b => value <= b);
    if (index >= 0) this.counts[index] += 1;
  }
}

interface RequestSeries {
  labels: string;
  requests: number;
  duration: Histogram;
  requestBytes: Histogram;
  responseBytes: Histogram;
}

interface TcpSeries {
  labels: string;
  sent: number;
  received: number;
  opened: number;
  closed: number;
}

function escapeLabel(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/"/g, '\\"');
}

function formatLabels(labels: IstioLabels): string {
  return ISTIO_LABELS.map(
    name => `${name}="${escapeLabel(labels[name])}"`,
  ).join(',');
}

function formatNumber(value: number): string {
  return Number.isInteger(value)
    ? String(value)
    : String(Number(value.toFixed(6)));
}

/**
 * Istio's standard metrics for one cluster, accumulated as counters and histograms and rendered
 * in Prometheus' text exposition format (version 0.0.4).
 */
export class IstioMetrics {
  private readonly requests = new Map<string, RequestSeries>();
  private readonly tcp = new Map<string, TcpSeries>();
  /** Calls the sandbox knows failed below HTTP (e.g. plaintext against STRICT mTLS); not an Istio metric. */
  private readonly connectionFailures = new Map<string, number>();

  recordRequest(
    labels: IstioLabels,
    durationMs: number,
    requestBytes: number,
    responseBytes: number,
  ): void {
    const key = formatLabels(labels);
    let series = this.requests.get(key);
    if (!series) {
      series = {
        labels: key,
        requests: 0,
        duration: new Histogram(DURATION_BUCKETS),
        requestBytes: new Histogram(SIZE_BUCKETS),
        responseBytes: new Histogram(SIZE_BUCKETS),
      };
      this.requests.set(key, series);
    }
    series.requests += 1;
    series.duration.observe(durationMs);
    series.requestBytes.observe(requestBytes);
    series.responseBytes.observe(responseBytes);
  }

  recordTcp(
    labels: IstioLabels,
    sentBytes: number,
    receivedBytes: number,
  ): void {
    const key = formatLabels(labels);
    let series = this.tcp.get(key);
    if (!series) {
      series = { labels: key, sent: 0, received: 0, opened: 0, closed: 0 };
      this.tcp.set(key, series);
    }
    series.opened += 1;
    series.closed += 1;
    series.sent += sentBytes;
    series.received += receivedBytes;
  }

  recordConnectionFailure(
    source: string,
    destination: string,
    reason: string,
  ): void {
    const key = `source_workload="${escapeLabel(source)}",destination_service="${escapeLabel(destination)}",reason="${escapeLabel(reason)}"`;
    this.connectionFailures.set(
      key,
      (this.connectionFailures.get(key) ?? 0) + 1,
    );
  }

  /** Total of istio_requests_total for series whose labels include all of `where` (for tests and logs). */
  requestCount(where: Partial<IstioLabels> = {}): number {
    const wanted = Object.entries(where).map(
      ([k, v]) => `${k}="${escapeLabel(v)}"`,
    );
    let total = 0;
    for (const series of this.requests.values()) {
      if (wanted.every(w => series.labels.includes(w)))
        total += series.requests;
    }
    return total;
  }

  get seriesCount(): number {
    return this.requests.size + this.tcp.size;
  }

  render(): string {
    const out: string[] = [];
    const all = [...this.requests.values()];
    out.push(
      '# HELP istio_requests_total Total requests.',
      '# TYPE istio_requests_total counter',
    );
    for (const s of all)
      out.push(`istio_requests_total{${s.labels}} ${s.requests}`);
    const histograms: Array<[string, string, (s: RequestSeries) => Histogram]> =
      [
        [
          'istio_request_duration_milliseconds',
          'Request duration in milliseconds.',
          s => s.duration,
        ],
        [
          'istio_request_bytes',
          'Size of requests in bytes.',
          s => s.requestBytes,
        ],
        [
          'istio_response_bytes',
          'Size of responses in bytes.',
          s => s.responseBytes,
        ],
      ];
    for (const [name, help, pick] of histograms) {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
      for (const s of all) {
        const h = pick(s);
        let cumulative = 0;
        h.bounds.forEach((bound, i) => {
          cumulative += h.counts[i];
          out.push(`${name}_bucket{${s.labels},le="${bound}"} ${cumulative}`);
        });
        out.push(`${name}_bucket{${s.labels},le="+Inf"} ${h.count}`);
        out.push(`${name}_sum{${s.labels}} ${formatNumber(h.sum)}`);
        out.push(`${name}_count{${s.labels}} ${h.count}`);
      }
    }
    const tcp = [...this.tcp.values()];
    const counters: Array<[string, string, (s: TcpSeries) => number]> = [
      [
        'istio_tcp_sent_bytes_total',
        'Bytes sent during a TCP connection.',
        s => s.sent,
      ],
      [
        'istio_tcp_received_bytes_total',
        'Bytes received during a TCP connection.',
        s => s.received,
      ],
      [
        'istio_tcp_connections_opened_total',
        'TCP connections opened.',
        s => s.opened,
      ],
      [
        'istio_tcp_connections_closed_total',
        'TCP connections closed.',
        s => s.closed,
      ],
    ];
    for (const [name, help, pick] of counters) {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const s of tcp) out.push(`${name}{${s.labels}} ${pick(s)}`);
    }
    out.push(
      '# HELP meshport_sandbox_connection_failures_total Calls the simulated mesh refused below HTTP (no Istio metric records them).',
      '# TYPE meshport_sandbox_connection_failures_total counter',
    );
    for (const [labels, count] of this.connectionFailures)
      out.push(
        `meshport_sandbox_connection_failures_total{${labels}} ${count}`,
      );
    return `${out.join('\n')}\n`;
  }
}
