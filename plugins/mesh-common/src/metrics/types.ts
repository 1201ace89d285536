import { z } from 'zod';

/**
 * The metrics query model every `MetricsSource` answers. It is deliberately smaller than PromQL:
 * an aggregated rate, or a quantile from a histogram, over a window, grouped by labels. A real
 * Prometheus runs it as the PromQL `renderPromQL` prints; the in-memory direct-scrape source
 * evaluates the same thing itself. Graphs, health and canary checks are built from its answers.
 */

/** One label matcher, as in PromQL (`=`, `!=`, `=~`, `!~`; regexes are fully anchored). */
export interface LabelMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/**
 * One answer per group, from the most preferred value of `label` that answered. Series whose
 * `label` has none of `values` come last, together: `{ label: 'reporter', values: ['source'] }`
 * keeps the caller's report of an edge, and the destination side's (sidecar or waypoint) only where
 * the caller reported none. `label` must be one of `by`. A NaN answer (a histogram without
 * observations) counts as none.
 */
export interface PreferredValues {
  label: string;
  values: string[];
}

/** `sum by (by…) (rate(metric{matchers}[window]))`. */
export interface RateQuery {
  kind: 'rate';
  /** A counter, e.g. `istio_requests_total`, `istio_tcp_sent_bytes_total`. */
  metric: string;
  matchers?: LabelMatcher[];
  /**
   * Optional: a series must also match every matcher of at least one of these sets. It says what
   * plain matchers cannot: "either side is in namespace bookinfo" (PromQL: the selectors joined
   * by `or`, which keeps a series matching several alternatives once).
   */
  anyOf?: LabelMatcher[][];
  /** Seconds. */
  windowSeconds: number;
  /** Labels kept after summing; empty sums everything into one sample. */
  by: string[];
  /** Optional: see `PreferredValues`. */
  prefer?: PreferredValues;
  /**
   * Optional: a series that appeared since its target's previous scrape counts from zero. `rate()`
   * needs two samples, so without this a new series — the first 503 of a fault, a call never made
   * before — has no rate until the scrape after the one that first saw it: up to two scrape
   * intervals of a graph showing nothing wrong. With it, such a series counts its value over the
   * window (`value / window`) from its first sample, as if it had been seen at zero just before:
   * what Prometheus's created-timestamp zero ingestion gives targets that expose creation times,
   * which Envoy's stats do not. Only where the target had two successful scrapes in the window,
   * so a series is known to be new rather than first seen (a new target, a Prometheus restart):
   * `rate(m[w]) or (m / w and on(job, instance) sum_over_time(up[w]) >= 2)`.
   */
  countNewSeries?: boolean;
}

/** `histogram_quantile(q, sum by (le, by…) (rate(metric_bucket{matchers}[window])))`. */
export interface QuantileQuery {
  kind: 'quantile';
  /** 0 < q < 1, e.g. 0.95. */
  quantile: number;
  /** The histogram's base name, e.g. `istio_request_duration_milliseconds` (`_bucket` is added). */
  metric: string;
  matchers?: LabelMatcher[];
  /** As in `RateQuery`. */
  anyOf?: LabelMatcher[][];
  windowSeconds: number;
  by: string[];
  /** As in `RateQuery`. */
  prefer?: PreferredValues;
}

export type MetricQuery = RateQuery | QuantileQuery;

export interface MetricSample {
  labels: Record<string, string>;
  value: number;
}

export interface MetricQueryResult {
  samples: MetricSample[];
  /** More series matched than the source's cardinality bound; `samples` holds the first ones. */
  truncated?: boolean;
}

/** A time series: `[unix seconds, value]` points, oldest first. */
export interface MetricSeries {
  labels: Record<string, string>;
  points: Array<[number, number]>;
}

export interface MetricRangeResult {
  series: MetricSeries[];
  truncated?: boolean;
}

/** Where a mesh's metrics come from, and whether they could be read; shown beside every graph and chart. */
export interface MetricsStatus {
  /** `prometheus`, `direct-scrape`, or a module's own source type. */
  source: string;
  /** A short human description, e.g. `Prometheus at http://127.0.0.1:9090` (never credentials). */
  description: string;
  status: 'ok' | 'unavailable' | 'not-configured';
  /** Why it is not ok, e.g. `Prometheus did not answer within 5 s`. */
  message?: string;
  truncated?: boolean;
  /**
   * What could not be read while the rest could (`latency`, `tcp`): the answer is still `ok`, and
   * `message` says why, e.g. a large mesh whose Prometheus answers the request rates in time but not
   * the latency histograms.
   */
  missing?: string[];
}

const labelName = z
  .string()
  .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'not a label name');

export const labelMatcherSchema = z
  .object({
    label: labelName,
    op: z.enum(['=', '!=', '=~', '!~']),
    value: z.string().max(1024),
  })
  .strict();

const base = {
  metric: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'not a metric name'),
  matchers: z.array(labelMatcherSchema).max(32).optional(),
  anyOf: z
    .array(z.array(labelMatcherSchema).min(1).max(32))
    .min(1)
    .max(16)
    .optional(),
  windowSeconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600),
  by: z.array(labelName).max(32),
  prefer: z
    .object({
      label: labelName,
      values: z.array(z.string().min(1).max(1024)).min(1).max(8),
    })
    .strict()
    .optional(),
};

export const metricQuerySchema = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('rate'),
        ...base,
        countNewSeries: z.boolean().optional(),
      })
      .strict(),
    z
      .object({
        kind: z.literal('quantile'),
        quantile: z.number().gt(0).lt(1),
        ...base,
      })
      .strict(),
  ])
  .superRefine((q, ctx) => {
    if (q.prefer && !q.by.includes(q.prefer.label))
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['prefer', 'label'],
        message: `must be one of the labels grouped by (by)`,
      });
  });

/** `5m`, `30s`, `1h` → seconds; undefined when the text is not a duration of 10 s to 24 h. */
export function parseWindow(text: string): number | undefined {
  const m = /^(\d+)(s|m|h)$/.exec(text.trim());
  if (!m) return undefined;
  const seconds =
    Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h'];
  return seconds >= 10 && seconds <= 24 * 3600 ? seconds : undefined;
}
