import {
  MetricQuery,
  MetricQueryResult,
  MetricRangeResult,
  MetricSeries,
} from '@meshport/plugin-mesh-common';
import { InputError } from '@backstage/errors';
import { evaluateMetricQuery } from './evaluateMetricQuery';
import { MetricsUnavailableError } from './MetricsUnavailableError';
import { parsePrometheusText } from './parsePrometheusText';
import { parseHttpUrl, redactUrl } from './redactUrl';
import { SampleStore } from './SampleStore';
import { networkReason, timeoutSignal } from './timeoutSignal';
import { MetricsSource } from './types';

export interface DirectScrapeMetricsSourceOptions {
  /** Prometheus-format endpoints, e.g. each sandbox cluster's `metricsUrl`. */
  scrapeUrls: string[];
  /** Default 5 s; each scrape's timeout is the interval too (capped at 10 s, Prometheus's default). */
  scrapeIntervalSeconds?: number;
  /** How long samples are kept; default 15 min. Queries with longer windows see only this much. */
  retentionSeconds?: number;
  /** Upper bound on samples kept in memory; default 2,000,000 (tens of MB). */
  maxSamples?: number;
  /** Upper bound on series in one answer; more are cut and the answer says `truncated`. Default 20,000. */
  maxSeries?: number;
  /** The `job` label every series gets, as Prometheus's scrape job name would; default `mesh`. */
  job?: string;
}

/** What the last scrape of one endpoint did; reported to admins next to the metrics. */
export interface ScrapeStatus {
  /** The endpoint, without credentials. */
  url: string;
  lastScrapeAt?: Date;
  lastSuccessAt?: Date;
  /** Why the last scrape failed; absent after a success. */
  lastError?: string;
  consecutiveFailures: number;
  /** Samples the last successful scrape returned. */
  samples?: number;
}

interface Target {
  url: URL;
  labels: Record<string, string>;
  status: ScrapeStatus;
}

const MAX_RANGE_POINTS = 11_000; // Prometheus's own bound on points per series in query_range

/**
 * The embedded default without Prometheus: scrapes the mesh's Prometheus-format endpoints every
 * few seconds, keeps a short window in memory, and evaluates `MetricQuery`s itself with
 * Prometheus's semantics (see `evaluateMetricQuery`), so graphs look the same whichever source
 * answers. It cannot run arbitrary PromQL, so it has no `queryPromQL`.
 */
export class DirectScrapeMetricsSource implements MetricsSource {
  readonly type = 'direct-scrape';
  readonly description: string;
  private readonly targets: Target[];
  private readonly store: SampleStore;
  private readonly intervalMs: number;
  private readonly maxSeries: number;
  private timer?: NodeJS.Timeout;
  private rounds: Promise<void> = Promise.resolve();
  private firstRound: Promise<void>;
  private closed = false;
  /** Ends scrapes in flight on close instead of waiting up to their timeout. */
  private readonly closing = new AbortController();

  constructor(options: DirectScrapeMetricsSourceOptions) {
    if (options.scrapeUrls.length === 0)
      throw new InputError('direct scrape needs at least one URL');
    this.intervalMs = (options.scrapeIntervalSeconds ?? 5) * 1000;
    if (!(this.intervalMs > 0))
      throw new InputError('scrapeIntervalSeconds must be positive');
    this.maxSeries = options.maxSeries ?? 20_000;
    this.store = new SampleStore({
      retentionMs: (options.retentionSeconds ?? 900) * 1000,
      maxSamples: options.maxSamples ?? 2_000_000,
    });
    const job = options.job ?? 'mesh';
    this.targets = options.scrapeUrls.map(text => {
      const url = parseHttpUrl(text, 'scrape URL');
      const port = url.port || (url.protocol === 'https:' ? '443' : '80');
      return {
        url,
        // Prometheus's target labels, so series and groupings match a Prometheus scraping the same.
        labels: { job, instance: `${url.hostname}:${port}` },
        status: { url: redactUrl(url), consecutiveFailures: 0 },
      };
    });
    const shown = this.targets.map(t => t.status.url);
    this.description =
      shown.length === 1
        ? `direct scrape of ${shown[0]}`
        : `direct scrape of ${shown.length} endpoints (${shown.join(', ')})`;
    this.firstRound = this.scrape();
    this.schedule();
  }

  /** Each endpoint's last scrape, for the admin page and logs. */
  scrapeStatus(): ScrapeStatus[] {
    return this.targets.map(t => ({ ...t.status }));
  }

  /** Samples and series held in memory now. */
  get size(): { samples: number; series: number } {
    return { samples: this.store.sampleCount, series: this.store.seriesCount };
  }

  /**
   * Runs one scrape round (the loop runs them every interval); resolves when it is stored. Rounds
   * never overlap: a call while one runs queues the next, so samples stay in time order.
   */
  async scrape(): Promise<void> {
    const round = this.rounds.then(() => this.scrapeAll());
    this.rounds = round.catch(() => undefined);
    return round;
  }

  async query(
    query: MetricQuery,
    options?: { at?: Date; signal?: AbortSignal },
  ): Promise<MetricQueryResult> {
    await this.ready();
    options?.signal?.throwIfAborted();
    const atMs = options?.at?.getTime() ?? Date.now();
    const samples = evaluateMetricQuery(query, n => this.store.series(n), atMs);
    return samples.length > this.maxSeries
      ? { samples: samples.slice(0, this.maxSeries), truncated: true }
      : { samples };
  }

  async queryRange(
    query: MetricQuery,
    range: { start: Date; end: Date; stepSeconds: number },
    options?: { signal?: AbortSignal },
  ): Promise<MetricRangeResult> {
    const startMs = range.start.getTime();
    const endMs = range.end.getTime();
    const stepMs = range.stepSeconds * 1000;
    if (!(stepMs > 0) || endMs < startMs)
      throw new InputError('a range needs start ≤ end and a positive step');
    if ((endMs - startMs) / stepMs + 1 > MAX_RANGE_POINTS)
      throw new InputError(
        `a range of more than ${MAX_RANGE_POINTS} points; use a longer step`,
      );
    await this.ready();
    const series = new Map<string, MetricSeries>();
    let truncated = false;
    for (let t = startMs; t <= endMs; t += stepMs) {
      options?.signal?.throwIfAborted();
      for (const sample of evaluateMetricQuery(
        query,
        n => this.store.series(n),
        t,
      )) {
        const key = JSON.stringify(
          Object.entries(sample.labels).sort(([a], [b]) => a.localeCompare(b)),
        );
        let s = series.get(key);
        if (!s) {
          if (series.size >= this.maxSeries) {
            truncated = true;
            continue;
          }
          s = { labels: sample.labels, points: [] };
          series.set(key, s);
        }
        s.points.push([t / 1000, sample.value]);
      }
    }
    return truncated
      ? { series: [...series.values()], truncated }
      : { series: [...series.values()] };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.closing.abort();
    await this.rounds;
  }

  /**
   * Waits for the first scrape round (a query right after start-up would otherwise see nothing),
   * then refuses when every endpoint's last scrape failed: the data would be stale, and the
   * caller should say so instead of drawing an empty graph.
   */
  private async ready(): Promise<void> {
    await this.firstRound;
    const failing = this.targets.filter(t => t.status.lastError !== undefined);
    if (failing.length === this.targets.length) {
      const why = failing
        .map(t => `${t.status.url} (${t.status.lastError})`)
        .join('; ');
      throw new MetricsUnavailableError(
        failing.length === 1
          ? `direct scrape of ${why} failed`
          : `direct scrape failed at every endpoint: ${why}`,
      );
    }
  }

  /** Like Prometheus, rounds start every interval, not an interval after the last one ended. */
  private schedule(delayMs = this.intervalMs): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      const started = Date.now();
      this.scrape().finally(() =>
        this.schedule(Math.max(0, this.intervalMs - (Date.now() - started))),
      );
    }, delayMs);
    // A scrape loop must not keep the process (or a test run) alive on its own.
    this.timer.unref();
  }

  private async scrapeAll(): Promise<void> {
    if (this.closed) return;
    await Promise.all(this.targets.map(t => this.scrapeOne(t)));
    this.store.prune(Date.now());
  }

  private async scrapeOne(target: Target): Promise<void> {
    // Prometheus stamps a scrape's samples with the time the scrape started.
    const startedAt = Date.now();
    const timeoutMs = Math.min(this.intervalMs, 10_000);
    const status = target.status;
    status.lastScrapeAt = new Date(startedAt);
    const timeout = timeoutSignal(timeoutMs, this.closing.signal);
    try {
      const response = await fetch(target.url, {
        headers: { Accept: 'text/plain;version=0.0.4;q=1,*/*;q=0.1' },
        signal: timeout.signal,
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(
          `HTTP ${response.status} ${response.statusText}`.trim(),
        );
      }
      const samples = parsePrometheusText(await response.text());
      if (this.closed) return;
      this.store.append(samples, startedAt, target.labels);
      this.store.recordScrape(startedAt, target.labels, true);
      status.lastSuccessAt = new Date(Date.now());
      status.lastError = undefined;
      status.consecutiveFailures = 0;
      status.samples = samples.length;
    } catch (e) {
      status.lastError = timeout.timedOut()
        ? `no answer within ${timeoutMs / 1000} s`
        : networkReason(e);
      status.consecutiveFailures += 1;
      if (!this.closed)
        this.store.recordScrape(startedAt, target.labels, false);
    } finally {
      timeout.clear();
    }
  }
}
