import {
  MetricQuery,
  MetricQueryResult,
  MetricRangeResult,
  MetricSample,
} from '@meshport/plugin-mesh-common';
import {
  MetricsSource,
  MetricsSourceFactory,
  MetricsUnavailableError,
} from '@meshport/plugin-mesh-node';

/** What the fake does when asked: answer from its recording, fail as a down Prometheus, or never answer. */
export type FakeBehaviour =
  | 'recorded'
  | 'down'
  | 'hang'
  /** Answers rates, never the histogram quantiles: a large mesh's slow latency queries. */
  | 'slow-histograms';

/** Samples per query, told apart as the topology queries are: by metric, and quantile for histograms. */
export interface Recording {
  requests: MetricSample[];
  p50?: MetricSample[];
  p95?: MetricSample[];
  p99?: MetricSample[];
  tcpSent?: MetricSample[];
  tcpReceived?: MetricSample[];
}

/**
 * A MetricsSource for route tests: answers instant queries from a recording of Istio samples (and
 * range queries with two points per recorded sample), counts every call, and can play a
 * Prometheus that is down or one that hangs.
 */
export class FakeMetricsSource implements MetricsSource {
  readonly type = 'recorded';
  /** Set `describeAfterQuery` to have the description change with the first query (as Prometheus's does). */
  description = 'Recorded samples';
  describeAfterQuery?: string;
  readonly queries: MetricQuery[] = [];
  readonly rangeQueries: MetricQuery[] = [];
  aborted = 0;

  constructor(
    public behaviour: FakeBehaviour,
    private readonly recording: Recording = { requests: [] },
  ) {}

  /** A factory handing this source to every mesh with metrics settings, for a test module. */
  factory(): MetricsSourceFactory {
    return { type: this.type, create: () => this };
  }

  private samplesFor(q: MetricQuery): MetricSample[] {
    const r = this.recording;
    if (q.kind === 'quantile') {
      const byQuantile: Record<number, MetricSample[] | undefined> = {
        0.5: r.p50,
        0.95: r.p95,
        0.99: r.p99,
      };
      return byQuantile[q.quantile] ?? [];
    }
    if (q.metric === 'istio_tcp_sent_bytes_total') return r.tcpSent ?? [];
    if (q.metric === 'istio_tcp_received_bytes_total')
      return r.tcpReceived ?? [];
    return r.requests;
  }

  private async behave(signal?: AbortSignal): Promise<void> {
    if (this.behaviour === 'down')
      throw new MetricsUnavailableError(
        'Prometheus at http://127.0.0.1:1 refused the connection',
      );
    if (this.behaviour === 'hang') await this.hang(signal);
  }

  private hang(signal?: AbortSignal): Promise<void> {
    return new Promise<void>(() => {
      signal?.addEventListener('abort', () => {
        this.aborted += 1;
      });
    });
  }

  async query(
    query: MetricQuery,
    options?: { signal?: AbortSignal },
  ): Promise<MetricQueryResult> {
    this.queries.push(query);
    if (this.describeAfterQuery) this.description = this.describeAfterQuery;
    if (this.behaviour === 'slow-histograms' && query.kind === 'quantile')
      await this.hang(options?.signal);
    await this.behave(options?.signal);
    return { samples: this.samplesFor(query) };
  }

  async queryRange(
    query: MetricQuery,
    range: { start: Date; end: Date; stepSeconds: number },
    options?: { signal?: AbortSignal },
  ): Promise<MetricRangeResult> {
    this.rangeQueries.push(query);
    await this.behave(options?.signal);
    const t1 = Math.floor(range.end.getTime() / 1000);
    const t0 = t1 - range.stepSeconds;
    return {
      series: this.samplesFor(query).map(s => ({
        labels: s.labels,
        points: [
          [t0, s.value],
          [t1, s.value],
        ],
      })),
    };
  }
}
