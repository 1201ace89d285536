import { InputError } from '@backstage/errors';
import {
  MetricQuery,
  MetricQueryResult,
  MetricRangeResult,
  MetricSample,
  MetricSeries,
  RecordedSeries,
  knownRecordedSeries,
  recordedPromQL,
  renderPromQL,
  windowName,
} from '@meshport/plugin-mesh-common';
import { z } from 'zod';
import { MetricsUnavailableError } from './MetricsUnavailableError';
import { parseHttpUrl, redactUrl } from './redactUrl';
import { networkReason, timeoutSignal } from './timeoutSignal';
import { MetricsSource } from './types';

export interface PrometheusMetricsSourceOptions {
  /** Prometheus's base URL, e.g. `http://prometheus.istio-system:9090` (a path prefix is kept). */
  baseUrl: string;
  /**
   * Sent as the `Authorization` header, e.g. `Bearer …`. A credential: it is never logged, never
   * part of `description` or an error message. User information in `baseUrl` becomes Basic auth.
   */
  authHeader?: string;
  /** Per request; default 5000 ms. */
  timeoutMs?: number;
  /** Upper bound on series in one answer; more are cut and the answer says `truncated`. Default 20,000. */
  maxSeries?: number;
  /**
   * `auto` (default): read Prometheus's recording rules (`/api/v1/rules`) every
   * `rulesRefreshSeconds` and answer queries from Meshport's recorded series
   * (`meshRecordingRuleGroups`) where one fits. `off`: always query the raw Istio series.
   */
  recordingRules?: 'auto' | 'off';
  /** Default 30. */
  rulesRefreshSeconds?: number;
  /**
   * Ask Prometheus to gzip its answers. Default false: a 1,000-service graph's answers are ~8 MB of
   * JSON that gzip shrinks fifty-fold, but compressing and inflating them costs both ends more CPU
   * than sending them over a cluster's network (on the bench: 100 against 66 ms per answer). Turn
   * it on for a Prometheus far away.
   */
  compression?: boolean;
}

const sampleValue = z.tuple([z.number(), z.string()]);
const labels = z.record(z.string());
const responseSchema = z.object({
  status: z.enum(['success', 'error']),
  data: z.object({ resultType: z.string(), result: z.unknown() }).optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
});
const rulesResponseSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    groups: z.array(
      z.object({
        rules: z.array(
          z.object({
            name: z.string(),
            type: z.string().optional(),
            health: z.string().optional(),
          }),
        ),
      }),
    ),
  }),
});
const matrixSchema = z.array(
  z.object({ metric: labels, values: z.array(sampleValue) }),
);

/**
 * A mesh's metrics from Prometheus's HTTP API (`/api/v1/query`, `/api/v1/query_range`), with the
 * PromQL `renderPromQL` prints for each `MetricQuery`. Requests are form-encoded POSTs, as
 * Grafana sends them, so long expressions are not limited by URL length.
 */
export class PrometheusMetricsSource implements MetricsSource {
  readonly type = 'prometheus';
  /** `Prometheus at <url>`, for messages. */
  private readonly where: string;
  private readonly base: URL;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly maxSeries: number;
  private readonly useRules: boolean;
  private readonly rulesRefreshMs: number;
  private rules?: {
    readAt: number;
    /** The last answer; undefined until the first read settles. */
    current?: ReadonlyMap<string, RecordedSeries>;
    reading?: Promise<ReadonlyMap<string, RecordedSeries>>;
  };

  constructor(options: PrometheusMetricsSourceOptions) {
    const url = parseHttpUrl(options.baseUrl, 'Prometheus URL');
    this.headers = {
      Accept: 'application/json',
      // fetch asks for gzip unless told otherwise.
      'Accept-Encoding': options.compression ? 'gzip, deflate' : 'identity',
    };
    if (options.authHeader) {
      this.headers.Authorization = options.authHeader;
    } else if (url.username || url.password) {
      // fetch refuses URLs with credentials; Prometheus behind basic auth is configured that way.
      const user = decodeURIComponent(url.username);
      const password = decodeURIComponent(url.password);
      this.headers.Authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    }
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    this.base = url;
    this.where = `Prometheus at ${redactUrl(url)}`;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.maxSeries = options.maxSeries ?? 20_000;
    this.useRules = (options.recordingRules ?? 'auto') === 'auto';
    this.rulesRefreshMs = (options.rulesRefreshSeconds ?? 30) * 1000;
  }

  /**
   * `Prometheus at <url>`, and once its rules are known, the windows Meshport's recorded series
   * answer (`… with recording rules for 1m`): shown beside every graph, so an operator sees which
   * answers come precomputed.
   */
  get description(): string {
    const windows = [
      ...new Set(
        [...(this.rules?.current?.values() ?? [])].map(r => r.windowSeconds),
      ),
    ].sort((a, b) => a - b);
    return windows.length
      ? `${this.where} with recording rules for ${windows.map(windowName).join(', ')}`
      : this.where;
  }

  async query(
    query: MetricQuery,
    options?: { at?: Date; signal?: AbortSignal; fresh?: boolean },
  ): Promise<MetricQueryResult> {
    const result = await this.instant(
      async () => (options?.fresh ? renderPromQL(query) : this.promQL(query)),
      options,
    );
    for (const sample of result.samples)
      sample.labels = dropName(sample.labels);
    return result;
  }

  /**
   * The recorded series Prometheus evaluates now (rules with health `ok`). Read again once per
   * refresh period in the background, queries meanwhile using the last answer; only the first
   * query waits for it. A Prometheus that cannot list its rules (an older or a compatible one, or
   * a hiccup) has none: queries then go to the raw series.
   */
  async recordedSeries(): Promise<ReadonlyMap<string, RecordedSeries>> {
    if (!this.useRules) return new Map();
    const rules = (this.rules ??= { readAt: 0 });
    if (!rules.reading && Date.now() - rules.readAt >= this.rulesRefreshMs) {
      rules.readAt = Date.now();
      rules.reading = this.readRules().then(series => {
        rules.current = series;
        rules.reading = undefined;
        return series;
      });
    }
    return rules.current ?? rules.reading!;
  }

  private async promQL(query: MetricQuery): Promise<string> {
    return (
      recordedPromQL(query, await this.recordedSeries()) ?? renderPromQL(query)
    );
  }

  private async readRules(): Promise<ReadonlyMap<string, RecordedSeries>> {
    const timeout = timeoutSignal(this.timeoutMs, undefined);
    try {
      const url = new URL('api/v1/rules', this.base);
      url.searchParams.set('type', 'record');
      const response = await fetch(url, {
        headers: this.headers,
        signal: timeout.signal,
      });
      const rules = rulesResponseSchema.safeParse(await response.json());
      if (!rules.success) return new Map();
      return knownRecordedSeries(
        rules.data.data.groups.flatMap(g =>
          g.rules
            .filter(r => (r.type ?? 'recording') === 'recording')
            .filter(r => r.health === 'ok')
            .map(r => r.name),
        ),
      );
    } catch {
      return new Map();
    } finally {
      timeout.clear();
    }
  }

  async queryRange(
    query: MetricQuery,
    range: { start: Date; end: Date; stepSeconds: number },
    options?: { signal?: AbortSignal },
  ): Promise<MetricRangeResult> {
    const data = await this.call(
      'api/v1/query_range',
      async () => ({
        query: await this.promQL(query),
        start: seconds(range.start),
        end: seconds(range.end),
        step: String(range.stepSeconds),
      }),
      options?.signal,
    );
    if (data.resultType !== 'matrix')
      throw this.unavailable(`answered a ${data.resultType} to a range query`);
    const raw = Array.isArray(data.result) ? data.result : [];
    const truncated = raw.length > this.maxSeries;
    const parsed = matrixSchema.safeParse(
      truncated ? raw.slice(0, this.maxSeries) : raw,
    );
    if (!parsed.success)
      throw this.unavailable('answered an unexpected matrix');
    const series: MetricSeries[] = parsed.data.map(s => ({
      labels: dropName(s.metric),
      points: s.values.flatMap(([t, v]): Array<[number, number]> => {
        const value = parseSampleValue(v);
        return Number.isNaN(value) ? [] : [[t, value]];
      }),
    }));
    return truncated ? { series, truncated } : { series };
  }

  /** Raw PromQL for canary checks' custom queries: an instant vector or a scalar. */
  async queryPromQL(
    expr: string,
    options?: { at?: Date; signal?: AbortSignal },
  ): Promise<MetricQueryResult> {
    return this.instant(async () => expr, options);
  }

  private async instant(
    expr: () => Promise<string>,
    options?: { at?: Date; signal?: AbortSignal },
  ): Promise<MetricQueryResult> {
    const data = await this.call(
      'api/v1/query',
      async () => ({
        query: await expr(),
        ...(options?.at ? { time: seconds(options.at) } : {}),
      }),
      options?.signal,
    );
    if (data.resultType === 'scalar') {
      const parsed = sampleValue.safeParse(data.result);
      if (!parsed.success)
        throw this.unavailable('answered an unexpected scalar');
      const value = parseSampleValue(parsed.data[1]);
      return { samples: Number.isNaN(value) ? [] : [{ labels: {}, value }] };
    }
    if (data.resultType !== 'vector')
      throw new InputError(
        `the expression gives a ${data.resultType}; an instant vector or a scalar is needed`,
      );
    const raw = Array.isArray(data.result) ? data.result : [];
    const truncated = raw.length > this.maxSeries;
    const samples = vectorSamples(
      truncated ? raw.slice(0, this.maxSeries) : raw,
    );
    if (!samples) throw this.unavailable('answered an unexpected vector');
    return truncated ? { samples, truncated } : { samples };
  }

  /** `form` is resolved within the request's timeout: the first query may wait for the rules. */
  private async call(
    path: string,
    form: () => Promise<Record<string, string>>,
    signal: AbortSignal | undefined,
  ): Promise<{ resultType: string; result: unknown }> {
    const timeout = timeoutSignal(this.timeoutMs, signal);
    let response: Response;
    let text: string;
    try {
      // Prometheus stops evaluating when its own timeout passes, instead of working for nobody.
      const body = new URLSearchParams({
        ...(await untilAborted(form(), timeout.signal)),
        timeout: `${Math.max(1, Math.floor(this.timeoutMs / 1000))}s`,
      });
      response = await fetch(new URL(path, this.base), {
        method: 'POST',
        headers: this.headers,
        body,
        signal: timeout.signal,
      });
      text = await response.text();
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      if (timeout.timedOut())
        throw this.unavailable(
          `did not answer within ${formatSeconds(this.timeoutMs)}`,
        );
      throw this.unavailable(`could not be reached: ${networkReason(e)}`);
    } finally {
      timeout.clear();
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = responseSchema.safeParse(json);
    if (!parsed.success) {
      throw this.unavailable(
        response.ok
          ? 'answered something that is not a Prometheus API response'
          : `answered HTTP ${response.status}${statusText(response)}`,
      );
    }
    const answer = parsed.data;
    if (answer.status === 'error' || !response.ok || !answer.data) {
      const reason = answer.error ?? 'no error text';
      const kind = answer.errorType ? `${answer.errorType}: ` : '';
      // A bad expression is the caller's mistake (400 bad_data), anything else is Prometheus's.
      if (answer.errorType === 'bad_data')
        throw new InputError(`${this.where} refused the query: ${reason}`);
      throw this.unavailable(
        `answered HTTP ${response.status}: ${kind}${reason}`,
      );
    }
    return { resultType: answer.data.resultType, result: answer.data.result };
  }

  private unavailable(what: string): MetricsUnavailableError {
    return new MetricsUnavailableError(`${this.where} ${what}`);
  }
}

/** `work`, or a rejection as soon as `signal` aborts (the work itself goes on, its answer unused). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      value => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      error => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function isLabels(value: unknown): value is Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return false;
  for (const key in value)
    if (typeof (value as Record<string, unknown>)[key] !== 'string')
      return false;
  return true;
}

/**
 * An instant vector's samples, or undefined when the answer is not one. Checked by hand, not with
 * zod: a 1,000-service graph reads ~15,000 samples, which zod took 40-70 ms to check and copy —
 * more than parsing the JSON — while this loop checks the same shape in a few. NaN is "no answer"
 * (histogram_quantile without observations, 0/0): left out, so every source answers alike and
 * graphs need not special-case it.
 */
function vectorSamples(raw: unknown[]): MetricSample[] | undefined {
  const samples: MetricSample[] = [];
  for (const item of raw) {
    if (typeof item !== 'object' || item === null) return undefined;
    const { metric, value } = item as { metric?: unknown; value?: unknown };
    if (
      !isLabels(metric) ||
      !Array.isArray(value) ||
      value.length !== 2 ||
      typeof value[0] !== 'number' ||
      typeof value[1] !== 'string'
    )
      return undefined;
    const number = parseSampleValue(value[1]);
    if (!Number.isNaN(number)) samples.push({ labels: metric, value: number });
  }
  return samples;
}

/**
 * An answer read from recorded series as they are keeps the recorded metric's name; the same query
 * on the raw series is computed and has none. Dropped so both answer alike.
 */
function dropName(metric: Record<string, string>): Record<string, string> {
  if (!('__name__' in metric)) return metric;
  const { __name__: _name, ...rest } = metric;
  return rest;
}

function seconds(date: Date): string {
  return (date.getTime() / 1000).toFixed(3);
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

function statusText(response: Response): string {
  return response.statusText ? ` ${response.statusText}` : '';
}

/** Prometheus's sample values are strings: decimals, `NaN`, `+Inf`, `-Inf`. */
function parseSampleValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}
