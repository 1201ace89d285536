import { CanaryCheck } from '../api/canaryTypes';
import { renderPromQL } from '../metrics/renderPromQL';
import { LabelMatcher, MetricQuery, RateQuery } from '../metrics/types';
import { CanaryTarget } from './canaryWorkloads';

/**
 * What to ask for one check: a query of the metrics model (success rate and latency, answered by
 * any `MetricsSource`, Prometheus or the direct scrape) or a PromQL expression (custom checks,
 * which only a Prometheus can answer).
 */
export type CanaryCheckQuery =
  { kind: 'metric'; query: MetricQuery } | { kind: 'promql'; expr: string };

/** The placeholders a custom check's query may use, as in Flagger's metric templates. */
export const CANARY_QUERY_PLACEHOLDERS = [
  'namespace',
  'service',
  'workload',
  'version',
  'interval',
] as const;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g;

/**
 * A RE2 regex matching exactly `name`. Metacharacters are put in a character class (`web[.]v2`)
 * rather than escaped with a backslash: the regex is spliced into a double-quoted PromQL string by
 * custom queries, where `\.` is an invalid escape, and a class reads the same in both quoting
 * styles and in JavaScript's RegExp (the direct scrape).
 */
function literalRegex(name: string): string {
  // One pass: a second replace would escape the brackets the first one added.
  return name.replace(/[.*+?(){}|$[\]\\^]/g, c =>
    '[]\\^'.includes(c) ? `\\${c}` : `[${c}]`,
  );
}

/** The alternation of the target's workloads, e.g. `reviews-v2|reviews-v2[.]canary`. */
export function canaryWorkloadRegex(workloads: string[]): string {
  if (workloads.length === 0)
    throw new TypeError(
      'target.workloads is empty: the canary version has no workloads to measure',
    );
  return [...new Set(workloads)].sort().map(literalRegex).join('|');
}

/** Placeholders in a custom query that are not replaced, e.g. `['target']`; for early 400s. */
export function unknownCanaryPlaceholders(query: string): string[] {
  const known = new Set<string>(CANARY_QUERY_PLACEHOLDERS);
  const unknown = new Set<string>();
  for (const m of query.matchAll(PLACEHOLDER))
    if (!known.has(m[1])) unknown.add(m[1]);
  return [...unknown];
}

function checkWindow(windowSeconds: number): void {
  if (!Number.isInteger(windowSeconds) || windowSeconds <= 0)
    throw new TypeError(
      `windowSeconds must be a positive whole number, got ${windowSeconds}`,
    );
}

/**
 * A custom query with `{{ namespace }}`, `{{ service }}`, `{{ workload }}` (the workloads' regex),
 * `{{ version }}` and `{{ interval }}` (the window, e.g. `30s`) replaced; spaces inside the braces
 * are optional. Any other placeholder is an error rather than left for Prometheus to reject.
 */
export function substituteCanaryPlaceholders(
  query: string,
  target: CanaryTarget,
  windowSeconds: number,
): string {
  checkWindow(windowSeconds);
  const unknown = unknownCanaryPlaceholders(query);
  if (unknown.length > 0)
    throw new TypeError(
      `query: unknown placeholder ${unknown.map(u => `{{ ${u} }}`).join(', ')}; known: ${CANARY_QUERY_PLACEHOLDERS.map(p => `{{ ${p} }}`).join(', ')}`,
    );
  const values: Record<
    (typeof CANARY_QUERY_PLACEHOLDERS)[number],
    () => string
  > = {
    namespace: () => target.namespace,
    service: () => target.service,
    // Only computed when used: a query without {{ workload }} needs no workloads.
    workload: () => canaryWorkloadRegex(target.workloads),
    version: () => target.version,
    interval: () => `${windowSeconds}s`,
  };
  return query.replace(PLACEHOLDER, (_, name: string) =>
    values[name as keyof typeof values](),
  );
}

/** Flagger's selector of the canary's requests, as the destination's proxy reports them. */
function destinationMatchers(target: CanaryTarget): LabelMatcher[] {
  return [
    { label: 'reporter', op: '=', value: 'destination' },
    {
      label: 'destination_workload_namespace',
      op: '=',
      value: target.namespace,
    },
    {
      label: 'destination_workload',
      op: '=~',
      value: canaryWorkloadRegex(target.workloads),
    },
  ];
}

/**
 * The query behind one check. Success rate: the request rate of the canary's workloads by
 * `response_code`, so one query gives both the total and the 5xx share. p99 latency: the 0.99
 * quantile of `istio_request_duration_milliseconds`. Custom: the PromQL with its placeholders
 * replaced. Throws a TypeError naming the field when the target has no workloads (the caller
 * records it as a failed query) or the window is not a positive whole number.
 */
export function canaryCheckQuery(
  check: CanaryCheck,
  target: CanaryTarget,
  windowSeconds: number,
): CanaryCheckQuery {
  checkWindow(windowSeconds);
  switch (check.kind) {
    case 'success-rate':
      return {
        kind: 'metric',
        query: {
          kind: 'rate',
          metric: 'istio_requests_total',
          matchers: destinationMatchers(target),
          windowSeconds,
          by: ['response_code'],
          // A failing canary's first 5xx counts from the scrape that sees it, a check sooner.
          countNewSeries: true,
        },
      };
    case 'latency-p99':
      return {
        kind: 'metric',
        query: {
          kind: 'quantile',
          quantile: 0.99,
          metric: 'istio_request_duration_milliseconds',
          matchers: destinationMatchers(target),
          windowSeconds,
          by: [],
        },
      };
    case 'promql':
      return {
        kind: 'promql',
        expr: substituteCanaryPlaceholders(check.query, target, windowSeconds),
      };
    default:
      throw new TypeError(
        `unknown check kind ${JSON.stringify((check as { kind: unknown }).kind)}`,
      );
  }
}

/**
 * The PromQL a Prometheus would run for a check, for display. Success rate in Flagger's form,
 * `sum(rate(istio_requests_total{…,response_code!~"5.*"}[W])) / sum(rate(istio_requests_total{…}[W])) * 100`,
 * which answers the percentage directly (with plain rates: see `RateQuery.countNewSeries`); the
 * controller asks `canaryCheckQuery`'s by-code query instead, which `evaluateCanaryCheck` reads, so
 * do not feed this one's answer to it.
 */
export function renderCanaryCheckPromQL(
  check: CanaryCheck,
  target: CanaryTarget,
  windowSeconds: number,
): string {
  const q = canaryCheckQuery(check, target, windowSeconds);
  if (q.kind === 'promql') return q.expr;
  if (check.kind !== 'success-rate') return renderPromQL(q.query);
  // Flagger's form reads plain rates; new series counted from zero only add a check's first scrape.
  const all: RateQuery = {
    ...(q.query as RateQuery),
    by: [],
    countNewSeries: undefined,
  };
  const good: RateQuery = {
    ...all,
    matchers: [
      ...(all.matchers ?? []),
      { label: 'response_code', op: '!~', value: '5.*' },
    ],
  };
  return `${renderPromQL(good)} / ${renderPromQL(all)} * 100`;
}
