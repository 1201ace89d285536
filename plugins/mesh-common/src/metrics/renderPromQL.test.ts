import { promQLString, renderPromQL } from './renderPromQL';
import { metricQuerySchema } from './types';

describe('renderPromQL', () => {
  it('renders a grouped rate', () => {
    expect(
      renderPromQL({
        kind: 'rate',
        metric: 'istio_requests_total',
        matchers: [{ label: 'reporter', op: '=', value: 'source' }],
        windowSeconds: 300,
        by: ['source_workload', 'destination_workload'],
      }),
    ).toBe(
      'sum by (source_workload,destination_workload) (rate(istio_requests_total{reporter="source"}[300s]))',
    );
  });

  it('sums everything when `by` is empty, and leaves out empty braces', () => {
    expect(
      renderPromQL({
        kind: 'rate',
        metric: 'istio_requests_total',
        windowSeconds: 60,
        by: [],
      }),
    ).toBe('sum(rate(istio_requests_total[60s]))');
  });

  it('adds new series, counted from zero, to a rate that counts them', () => {
    const sel = 'istio_requests_total{reporter="source"}';
    expect(
      renderPromQL({
        kind: 'rate',
        metric: 'istio_requests_total',
        matchers: [{ label: 'reporter', op: '=', value: 'source' }],
        windowSeconds: 60,
        by: ['response_code'],
        countNewSeries: true,
      }),
    ).toBe(
      `sum by (response_code) ((rate(${sel}[60s]) or (${sel} / 60 and on(job,instance) sum_over_time(up[60s]) >= 2)))`,
    );
  });

  it('accepts countNewSeries on rates only at the boundary schema', () => {
    const q = { metric: 'm', windowSeconds: 60, by: [], countNewSeries: true };
    expect(metricQuerySchema.safeParse({ kind: 'rate', ...q }).success).toBe(
      true,
    );
    const quantile = metricQuerySchema.safeParse({
      kind: 'quantile',
      quantile: 0.5,
      ...q,
    });
    expect(quantile.success).toBe(false);
  });

  it('renders a quantile over the _bucket series with le kept once', () => {
    expect(
      renderPromQL({
        kind: 'quantile',
        quantile: 0.95,
        metric: 'istio_request_duration_milliseconds',
        matchers: [{ label: 'reporter', op: '=', value: 'destination' }],
        windowSeconds: 300,
        by: ['destination_workload', 'le'],
      }),
    ).toBe(
      'histogram_quantile(0.95, sum by (le,destination_workload) (rate(istio_request_duration_milliseconds_bucket{reporter="destination"}[300s])))',
    );
    expect(
      renderPromQL({
        kind: 'quantile',
        quantile: 0.5,
        metric: 'm',
        windowSeconds: 30,
        by: [],
      }),
    ).toBe('histogram_quantile(0.5, sum by (le) (rate(m_bucket[30s])))');
  });

  it('escapes backslashes and quotes in values, regexes included', () => {
    expect(promQLString('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    expect(
      renderPromQL({
        kind: 'rate',
        metric: 'm',
        matchers: [
          { label: 'path', op: '!=', value: 'say "hi"' },
          { label: 'host', op: '=~', value: 'reviews\\.bookinfo\\..*' },
          { label: 'code', op: '!~', value: '2..|3..' },
        ],
        windowSeconds: 60,
        by: [],
      }),
    ).toBe(
      'sum(rate(m{path!="say \\"hi\\"",host=~"reviews\\\\.bookinfo\\\\..*",code!~"2..|3.."}[60s]))',
    );
  });

  it('joins anyOf alternatives with `or` inside the sum', () => {
    expect(
      renderPromQL({
        kind: 'rate',
        metric: 'm',
        matchers: [{ label: 'reporter', op: '=', value: 'source' }],
        anyOf: [
          [{ label: 'src_ns', op: '=', value: 'a' }],
          [{ label: 'dst_ns', op: '=', value: 'a' }],
        ],
        windowSeconds: 60,
        by: ['x'],
      }),
    ).toBe(
      'sum by (x) (rate(m{reporter="source",src_ns="a"}[60s]) or rate(m{reporter="source",dst_ns="a"}[60s]))',
    );
  });

  it('refuses names that would have to be escaped, and bad quantiles or windows', () => {
    const base = { kind: 'rate' as const, metric: 'm', windowSeconds: 60 };
    expect(() => renderPromQL({ ...base, by: ['a) or vector(1'] })).toThrow(
      /label name/,
    );
    expect(() => renderPromQL({ ...base, metric: 'm{x="1"}', by: [] })).toThrow(
      /metric name/,
    );
    expect(() =>
      renderPromQL({
        ...base,
        by: [],
        matchers: [{ label: 'a-b', op: '=', value: '' }],
      }),
    ).toThrow(/label name/);
    expect(() => renderPromQL({ ...base, windowSeconds: 1.5, by: [] })).toThrow(
      /window/,
    );
    expect(() =>
      renderPromQL({
        kind: 'quantile',
        quantile: 1,
        metric: 'm',
        windowSeconds: 60,
        by: [],
      }),
    ).toThrow(/quantile/);
  });

  it('accepts anyOf at the boundary schema', () => {
    expect(
      metricQuerySchema.safeParse({
        kind: 'rate',
        metric: 'm',
        anyOf: [[{ label: 'a', op: '=', value: 'b' }]],
        windowSeconds: 60,
        by: [],
      }).success,
    ).toBe(true);
    expect(
      metricQuerySchema.safeParse({
        kind: 'rate',
        metric: 'm',
        anyOf: [[]],
        windowSeconds: 60,
        by: [],
      }).success,
    ).toBe(false);
  });
});
