import { LabelMatcher } from './types';

const compiled = new Map<string, RegExp>();

/** Prometheus' regexes are fully anchored (RE2; the syntax we accept is the common subset). */
function anchored(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`, 's');
    // Label values repeat across thousands of series; patterns come from a handful of queries.
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

/** One matcher against a series' labels; a missing label has the value "" as in Prometheus. */
export function matcherMatches(
  labels: Record<string, string>,
  m: LabelMatcher,
): boolean {
  const value = labels[m.label] ?? '';
  switch (m.op) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return anchored(m.value).test(value);
    case '!~':
      return !anchored(m.value).test(value);
    default:
      return false;
  }
}

/**
 * Whether a series is selected by a query's `matchers` and `anyOf` — what a source that evaluates
 * queries itself (the direct scrape) needs to agree with the PromQL `renderPromQL` prints.
 */
export function seriesMatches(
  labels: Record<string, string>,
  q: { matchers?: LabelMatcher[]; anyOf?: LabelMatcher[][] },
): boolean {
  if (!(q.matchers ?? []).every(m => matcherMatches(labels, m))) return false;
  if (!q.anyOf || q.anyOf.length === 0) return true;
  return q.anyOf.some(alt => alt.every(m => matcherMatches(labels, m)));
}
