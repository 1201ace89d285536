import { joinPreferredPromQL, preferredAlternatives } from './preferredValues';
import { LabelMatcher, MetricQuery } from './types';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/**
 * A PromQL string literal. Backslash first, so the escapes added for quotes are not doubled;
 * a regex matcher's own backslashes (`a\.b`) are escaped the same way, as PromQL unquotes the
 * string before compiling the regex.
 */
export function promQLString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `"${escaped}"`;
}

/** Names are spliced in unquoted, so anything that is not a plain name is refused rather than escaped. */
function checkName(kind: 'label' | 'metric', name: string): string {
  if (!(kind === 'label' ? LABEL_NAME : METRIC_NAME).test(name))
    throw new TypeError(`not a PromQL ${kind} name: ${JSON.stringify(name)}`);
  return name;
}

function selector(metric: string, matchers: LabelMatcher[]): string {
  checkName('metric', metric);
  if (matchers.length === 0) return metric;
  const inner = matchers
    .map(m => `${checkName('label', m.label)}${m.op}${promQLString(m.value)}`)
    .join(',');
  return `${metric}{${inner}}`;
}

/**
 * `rate(sel[w])`, or with `anyOf` one rate per alternative joined by `or`: rate() keeps every
 * label but the name, so a series matching two alternatives has the same label set in both
 * operands and `or` keeps it once — the sum after it counts it once. A rate query that counts new
 * series (`countNewSeries`) adds them to each alternative's rates.
 */
function rates(metric: string, q: MetricQuery): string {
  if (!Number.isInteger(q.windowSeconds) || q.windowSeconds <= 0)
    throw new TypeError(`window must be a positive whole number of seconds`);
  const window = `[${q.windowSeconds}s]`;
  const base = q.matchers ?? [];
  const alternatives = q.anyOf && q.anyOf.length > 0 ? q.anyOf : [[]];
  return alternatives
    .map(alt => {
      const series = selector(metric, [...base, ...alt]);
      const rate = `rate(${series}${window})`;
      if (!(q.kind === 'rate' && q.countNewSeries)) return rate;
      // `or` keeps a series' rate where it has one (two samples in the window) and adds what only
      // the right side has: series seen once, counted from zero, where the target (job and
      // instance, as Prometheus labels what it scrapes) had two successful scrapes in the window.
      return `(${rate} or (${series} / ${q.windowSeconds} and on(job,instance) sum_over_time(up${window}) >= 2))`;
    })
    .join(' or ');
}

function sumBy(labels: string[], inner: string): string {
  const by = labels.map(l => checkName('label', l));
  return by.length === 0
    ? `sum(${inner})`
    : `sum by (${by.join(',')}) (${inner})`;
}

/**
 * The PromQL a Prometheus runs for a query of the metrics model:
 * `sum by (a,b) (rate(m{…}[300s]))`, or for a quantile
 * `histogram_quantile(0.95, sum by (le,a,b) (rate(m_bucket{…}[300s])))`; with `prefer`, one such
 * query per preferred value, joined by `or ignoring(label)`.
 */
export function renderPromQL(q: MetricQuery): string {
  if (q.prefer)
    return joinPreferredPromQL(
      preferredAlternatives(q).map(renderPromQL),
      q.prefer.label,
    );
  if (q.kind === 'rate') return sumBy(q.by, rates(q.metric, q));
  if (!(q.quantile > 0 && q.quantile < 1))
    throw new TypeError(`quantile must be between 0 and 1, got ${q.quantile}`);
  // `le` must survive the sum for histogram_quantile to see the buckets; keep it once and first.
  const by = ['le', ...q.by.filter(l => l !== 'le')];
  return `histogram_quantile(${q.quantile}, ${sumBy(by, rates(`${q.metric}_bucket`, q))})`;
}
