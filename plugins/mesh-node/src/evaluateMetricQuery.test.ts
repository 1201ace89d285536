import { MetricQuery } from '@meshport/plugin-mesh-common';
import { evaluateMetricQuery, SeriesView } from './evaluateMetricQuery';

const AT = 1_700_000_060_000;

/** A series sampled every 10 s from AT-60 s to AT, increasing by `perStep` each time. */
function counter(
  labels: Record<string, string>,
  perStep: number,
  start = 0,
): SeriesView {
  const timestamps: number[] = [];
  const values: number[] = [];
  for (let i = 0; i <= 6; i += 1) {
    timestamps.push(AT - 60_000 + i * 10_000);
    values.push(start + i * perStep);
  }
  return { labels, timestamps, values };
}

function lookup(byName: Record<string, SeriesView[]>) {
  return (name: string) => byName[name] ?? [];
}

const rate = (q: Partial<MetricQuery> = {}): MetricQuery =>
  ({
    kind: 'rate',
    metric: 'istio_requests_total',
    windowSeconds: 60,
    by: [],
    ...q,
  }) as MetricQuery;

describe('evaluateMetricQuery', () => {
  const requests = {
    istio_requests_total: [
      counter({ reporter: 'source', app: 'reviews', code: '200' }, 60),
      counter({ reporter: 'source', app: 'reviews', code: '503' }, 6),
      counter({ reporter: 'source', app: 'ratings', code: '200' }, 30),
      counter({ reporter: 'destination', app: 'reviews', code: '200' }, 60),
      counter({ reporter: 'source', code: '200' }, 12), // no app label
    ],
  };

  it('sums per-series rates by the query labels, leaving empty labels out as PromQL does', () => {
    const samples = evaluateMetricQuery(
      rate({
        by: ['app'],
        matchers: [{ label: 'reporter', op: '=', value: 'source' }],
      }),
      lookup(requests),
      AT,
    );
    expect(samples).toEqual(
      expect.arrayContaining([
        { labels: { app: 'reviews' }, value: expect.closeTo(6.6, 10) },
        { labels: { app: 'ratings' }, value: expect.closeTo(3, 10) },
        { labels: {}, value: expect.closeTo(1.2, 10) },
      ]),
    );
    expect(samples).toHaveLength(3);
  });

  it("answers prefer with each group's first reporter: the caller's, else the destination's", () => {
    const samples = evaluateMetricQuery(
      rate({
        by: ['reporter', 'app'],
        prefer: { label: 'reporter', values: ['source'] },
      }),
      lookup({
        istio_requests_total: [
          ...requests.istio_requests_total,
          counter({ reporter: 'destination', app: 'details' }, 120),
        ],
      }),
      AT,
    );
    expect(samples).toEqual(
      expect.arrayContaining([
        {
          labels: { reporter: 'source', app: 'reviews' },
          value: expect.closeTo(6.6, 10),
        },
        {
          labels: { reporter: 'source', app: 'ratings' },
          value: expect.closeTo(3, 10),
        },
        { labels: { reporter: 'source' }, value: expect.closeTo(1.2, 10) },
        {
          labels: { reporter: 'destination', app: 'details' },
          value: expect.closeTo(12, 10),
        },
      ]),
    );
    expect(samples).toHaveLength(4);
  });

  it('sums everything into one sample without `by`', () => {
    expect(evaluateMetricQuery(rate(), lookup(requests), AT)).toEqual([
      { labels: {}, value: expect.closeTo(16.8, 10) },
    ]);
  });

  it('anchors regexes at both ends and treats a missing label as ""', () => {
    const q = (value: string, op: '=~' | '!~' | '=' = '=~') =>
      evaluateMetricQuery(
        rate({ matchers: [{ label: 'app', op, value }] }),
        lookup(requests),
        AT,
      )[0]?.value;
    expect(q('review')).toBeUndefined(); // not a prefix match
    expect(q('rev.*')).toBeCloseTo(12.6, 10);
    expect(q('5.*|rat.*')).toBeCloseTo(3, 10);
    expect(q('')).toBeCloseTo(1.2, 10); // only the series without app
    expect(q('', '=')).toBeCloseTo(1.2, 10);
    expect(q('.+', '!~')).toBeCloseTo(1.2, 10);
  });

  it('selects series matching any of the `anyOf` alternatives once', () => {
    const samples = evaluateMetricQuery(
      rate({
        anyOf: [
          [{ label: 'app', op: '=', value: 'reviews' }],
          [{ label: 'code', op: '=', value: '200' }],
        ],
      }),
      lookup(requests),
      AT,
    );
    // reviews 200 + reviews 503 + ratings 200 + destination reviews 200 + no-app 200, each once.
    expect(samples[0].value).toBeCloseTo(16.8, 10);
  });

  it('answers nothing for a series with fewer than two samples in the window', () => {
    expect(
      evaluateMetricQuery(rate({ windowSeconds: 5 }), lookup(requests), AT),
    ).toEqual([]);
  });

  it('evaluates in the past: only samples up to `at` count', () => {
    const [sample] = evaluateMetricQuery(
      rate({ windowSeconds: 20, by: [] }),
      lookup({ istio_requests_total: [counter({}, 10)] }),
      AT - 30_000,
    );
    expect(sample.value).toBeCloseTo(1, 10);
  });

  it('takes histogram quantiles over per-le summed bucket rates, grouped by the query labels', () => {
    const bucket = (le: string, app: string, perStep: number, pod: string) =>
      counter({ le, app, pod }, perStep);
    const histogram = {
      istio_request_duration_milliseconds_bucket: [
        // Two pods of reviews: together 30 ≤ 10 ms, 90 ≤ 100 ms, 100 in all per step.
        bucket('10', 'reviews', 20, 'a'),
        bucket('10', 'reviews', 10, 'b'),
        bucket('100', 'reviews', 60, 'a'),
        bucket('100', 'reviews', 30, 'b'),
        bucket('+Inf', 'reviews', 70, 'a'),
        bucket('+Inf', 'reviews', 30, 'b'),
        // ratings saw no requests: no quantile (Prometheus says NaN), so no sample.
        bucket('10', 'ratings', 0, 'c'),
        bucket('+Inf', 'ratings', 0, 'c'),
      ],
    };
    const quantile = (q: number) =>
      evaluateMetricQuery(
        {
          kind: 'quantile',
          quantile: q,
          metric: 'istio_request_duration_milliseconds',
          windowSeconds: 60,
          by: ['app'],
        },
        lookup(histogram),
        AT,
      );
    // Rank 50 of 100 lies in (10, 100], 20 of its 60 observations in: 10 + 90 × 20/60.
    expect(quantile(0.5)).toEqual([
      { labels: { app: 'reviews' }, value: expect.closeTo(40, 10) },
    ]);
    // Rank 99 is in the +Inf bucket: the highest finite bound.
    expect(quantile(0.99)).toEqual([
      { labels: { app: 'reviews' }, value: 100 },
    ]);
  });

  it('refuses a regex JavaScript cannot compile as the caller’s error', () => {
    expect(() =>
      evaluateMetricQuery(
        rate({ matchers: [{ label: 'app', op: '=~', value: '(' }] }),
        lookup(requests),
        AT,
      ),
    ).toThrow(/not a valid regular expression/);
  });
});
