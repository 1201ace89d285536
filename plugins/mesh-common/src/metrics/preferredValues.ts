import { anyOfValues } from './regexOfValues';
import { LabelMatcher, MetricQuery, MetricSample } from './types';

/**
 * `prefer` (see `PreferredValues`) as plain queries: one per preferred value, in order, with
 * `label="value"` added to the matchers, and a last one for every other value (`label!~"v1|v2"`).
 * Sources answer each and keep the first answer of each group (`keepPreferred`); PromQL joins
 * them with `or ignoring(label)`. Without `prefer`, the query alone.
 */
export function preferredAlternatives(q: MetricQuery): MetricQuery[] {
  const { prefer, ...plain } = q;
  if (!prefer) return [q];
  if (!q.by.includes(prefer.label))
    throw new TypeError(
      `prefer.label "${prefer.label}" must be one of the labels grouped by`,
    );
  const values = [...new Set(prefer.values)];
  const withMatcher = (m: LabelMatcher): MetricQuery => ({
    ...plain,
    matchers: [...(q.matchers ?? []), m],
  });
  return [
    ...values.map(value =>
      withMatcher({ label: prefer.label, op: '=', value }),
    ),
    withMatcher({
      label: prefer.label,
      op: '!~',
      value: anyOfValues(values),
    }),
  ];
}

/** A sample's labels but `label`, as one string: what `or ignoring(label)` matches on. */
function keyWithout(labels: Record<string, string>, label: string): string {
  return Object.keys(labels)
    .filter(name => name !== label)
    .sort()
    .map(name => `${name}\u0000${labels[name]}`)
    .join('\u0001');
}

/**
 * The answers of `preferredAlternatives`, in the same order, joined: a group's sample from the first
 * answer that has one, NaN samples counting as none.
 */
export function keepPreferred(
  answers: MetricSample[][],
  label: string,
): MetricSample[] {
  const taken = new Set<string>();
  const out: MetricSample[] = [];
  for (const answer of answers) {
    const keys: string[] = [];
    for (const sample of answer) {
      if (Number.isNaN(sample.value)) continue;
      const key = keyWithout(sample.labels, label);
      if (taken.has(key)) continue;
      keys.push(key);
      out.push(sample);
    }
    for (const key of keys) taken.add(key);
  }
  return out;
}

/**
 * PromQL for the alternatives' expressions, in order: each but the last keeps only numbers
 * (`> -Inf` drops NaN, so an empty histogram does not hide a later alternative's answer), and
 * `or ignoring(label)` keeps a group from the first expression that has it.
 */
export function joinPreferredPromQL(exprs: string[], label: string): string {
  return exprs
    .map((e, i) => (i < exprs.length - 1 ? `(${e}) > -Inf` : `(${e})`))
    .join(` or ignoring(${label}) `);
}
