import { MetricQuery } from '@meshport/plugin-mesh-common';
import { evaluateMetricQuery, SeriesView } from './evaluateMetricQuery';

// A target scraped every 10 s, from AT - 60 s to AT; a 503 series appears in its last scrape.
const AT = 1_700_000_060_000;
const TARGET = { job: 'mesh', instance: 'sandbox:9090' };
const scrapeTimes = Array.from(
  { length: 7 },
  (_, i) => AT - 60_000 + i * 10_000,
);

function series(
  labels: Record<string, string>,
  points: Array<[number, number]>,
): SeriesView {
  return {
    labels: { ...labels, ...TARGET },
    timestamps: points.map(([t]) => t),
    values: points.map(([, v]) => v),
  };
}

function up(answered: number[] = scrapeTimes.map(() => 1)): SeriesView {
  return {
    labels: TARGET,
    timestamps: scrapeTimes.slice(0, answered.length),
    values: answered,
  };
}

const ok = series(
  { code: '200' },
  scrapeTimes.map((t, i) => [t, 100 + i * 50]),
);
const fault = series({ code: '503' }, [[AT, 12]]);

function evaluate(
  byName: Record<string, SeriesView[]>,
  q: Partial<MetricQuery> = {},
  at = AT,
) {
  const query = {
    kind: 'rate',
    metric: 'istio_requests_total',
    windowSeconds: 60,
    by: ['code'],
    countNewSeries: true,
    ...q,
  } as MetricQuery;
  const found = evaluateMetricQuery(query, name => byName[name] ?? [], at);
  return Object.fromEntries(found.map(s => [s.labels.code, s.value]));
}

describe('rates that count new series from zero (direct scrape)', () => {
  it('counts a series first seen in the latest scrape as its value over the window', () => {
    const rates = evaluate({ istio_requests_total: [ok, fault], up: [up()] });
    expect(rates['503']).toBeCloseTo(12 / 60, 10);
    // Series with a rate keep it.
    expect(rates['200']).toBeCloseTo(5, 10);
  });

  it('leaves it out without countNewSeries, as rate() does', () => {
    const rates = evaluate(
      { istio_requests_total: [ok, fault], up: [up()] },
      { countNewSeries: undefined },
    );
    expect(Object.keys(rates)).toEqual(['200']);
  });

  it("leaves out every series of a target's first scrape: first seen is not new", () => {
    const first = (s: SeriesView) => ({
      ...s,
      timestamps: s.timestamps.slice(0, 1),
      values: s.values.slice(0, 1),
    });
    expect(
      evaluate(
        { istio_requests_total: [first(ok)], up: [first(up())] },
        {},
        scrapeTimes[0] + 1000,
      ),
    ).toEqual({});
  });

  it('needs two successful scrapes of the target in the window', () => {
    // Down for the last 50 s but its last scrape: over those, the series may be old and unseen.
    const answered = [1, 0, 0, 0, 0, 0, 1];
    const rates = evaluate(
      { istio_requests_total: [fault], up: [up(answered)] },
      { windowSeconds: 50 },
    );
    expect(rates).toEqual({});
    // Over 60 s the first scrape answered too (both ends count, as Prometheus selects them).
    expect(
      evaluate({ istio_requests_total: [fault], up: [up(answered)] })['503'],
    ).toBeCloseTo(12 / 60, 10);
  });

  it('ends with a later scrape that did not have it, as a stale marker does', () => {
    const gone = series({ code: '503' }, [[AT - 10_000, 12]]);
    expect(evaluate({ istio_requests_total: [gone], up: [up()] })).toEqual({});
    // Seen at that instant, it counted.
    expect(
      evaluate({ istio_requests_total: [gone], up: [up()] }, {}, AT - 5_000)[
        '503'
      ],
    ).toBeCloseTo(12 / 60, 10);
  });

  it('ignores series of a target that has no up series (another source, federation)', () => {
    expect(evaluate({ istio_requests_total: [fault] })).toEqual({});
  });
});
