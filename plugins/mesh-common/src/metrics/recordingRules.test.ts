import { chartQueries } from '../topology/chartQueries';
import { topologyQueries } from '../topology/topologyQueries';
import {
  knownRecordedSeries,
  meshRecordingRuleGroups,
  recordedPromQL,
  recordedSeriesFor,
  windowName,
} from './recordingRules';
import { MetricQuery } from './types';

const all = (windows: number[]) =>
  knownRecordedSeries(
    meshRecordingRuleGroups(windows).flatMap(g => g.rules.map(r => r.record)),
  );

describe('windowName', () => {
  it.each([
    [60, '1m'],
    [300, '5m'],
    [3600, '1h'],
    [7200, '2h'],
    [90, '90s'],
    [5400, '90m'],
  ])('%i s is %s', (s, name) => expect(windowName(s)).toBe(name));

  it('refuses what is not a whole positive number of seconds', () => {
    expect(() => windowName(0)).toThrow(/positive whole/);
    expect(() => windowName(1.5)).toThrow(/positive whole/);
  });
});

describe('meshRecordingRuleGroups', () => {
  it('has one group per window, the bucket rates before the quantiles that read them', () => {
    const groups = meshRecordingRuleGroups([300, 60, 300], {
      intervalSeconds: 10,
    });
    expect(groups.map(g => [g.name, g.interval])).toEqual([
      ['meshport-istio-1m', '10s'],
      ['meshport-istio-5m', '10s'],
    ]);
    const records = groups[0].rules.map(r => r.record);
    expect(records).toEqual([
      'meshport_edge:istio_requests_total:rate1m',
      'meshport_edge:istio_request_duration_milliseconds_bucket:rate1m',
      'meshport_edge:istio_request_duration_milliseconds:p50_source_first_1m',
      'meshport_edge:istio_request_duration_milliseconds:p95_source_first_1m',
      'meshport_edge:istio_request_duration_milliseconds:p99_source_first_1m',
      'meshport_edge:istio_tcp_sent_bytes_total:rate1m',
      'meshport_edge:istio_tcp_received_bytes_total:rate1m',
    ]);
    expect(groups[0].rules[1].expr).toMatch(
      /^sum by \(reporter,.*,request_protocol,le\) \(rate\(istio_request_duration_milliseconds_bucket\[60s\]\)\)$/,
    );
    // Each quantile keeps the caller's report of an edge, else the destination side's.
    expect(groups[0].rules[3].expr).toBe(
      '(histogram_quantile(0.95, meshport_edge:istio_request_duration_milliseconds_bucket:rate1m{reporter="source"})) > -Inf' +
        ' or ignoring(reporter) ' +
        '(histogram_quantile(0.95, meshport_edge:istio_request_duration_milliseconds_bucket:rate1m{reporter!~"source"}))',
    );
  });

  it('leaves the interval to Prometheus when none is given', () => {
    expect(meshRecordingRuleGroups([60])[0]).not.toHaveProperty('interval');
  });
});

describe('knownRecordedSeries', () => {
  it('recognises our rules by name and ignores everything else', () => {
    const found = knownRecordedSeries([
      'meshport_edge:istio_requests_total:rate5m',
      'meshport_edge:istio_request_duration_milliseconds:p99_source_first_5m',
      'meshport_edge:istio_request_duration_milliseconds:p99_5m',
      'meshport_edge:istio_requests_total:rate7x',
      'meshport_edge:istio_requests_total:rate0s',
      'meshport_edge:something_else:rate5m',
      'job:istio_requests_total:rate5m',
    ]);
    expect([...found.keys()]).toEqual([
      'meshport_edge:istio_requests_total:rate5m',
      'meshport_edge:istio_request_duration_milliseconds:p99_source_first_5m',
    ]);
    expect(
      found.get(
        'meshport_edge:istio_request_duration_milliseconds:p99_source_first_5m',
      ),
    ).toMatchObject({
      kind: 'quantile',
      quantile: 0.99,
      windowSeconds: 300,
      prefer: { label: 'reporter', values: ['source'] },
    });
  });
});

describe('recordedPromQL', () => {
  const rate: MetricQuery = {
    kind: 'rate',
    metric: 'istio_requests_total',
    windowSeconds: 60,
    matchers: [{ label: 'reporter', op: '=', value: 'source' }],
    by: ['destination_workload'],
    countNewSeries: true,
  };

  it('sums recorded rates further by the query’s labels, filtered like the query', () => {
    expect(recordedPromQL(rate, all([60]))).toBe(
      'sum by (destination_workload) (meshport_edge:istio_requests_total:rate1m{reporter="source"})',
    );
  });

  it('joins alternatives with or, as the raw query does', () => {
    const q = topologyQueries({ windowSeconds: 60, namespaces: ['bookinfo'] });
    const promql = recordedPromQL(q.requests, all([60]))!;
    // Read as recorded: plain selectors.
    expect(promql.split(' or ')).toEqual([
      'meshport_edge:istio_requests_total:rate1m{source_workload_namespace=~"bookinfo"}',
      'meshport_edge:istio_requests_total:rate1m{destination_service_namespace=~"bookinfo"}',
      'meshport_edge:istio_requests_total:rate1m{destination_workload_namespace=~"bookinfo"}',
    ]);
  });

  it('records request rates that count new series, and answers only queries that do', () => {
    const [requests] = recordedSeriesFor(60);
    expect(requests.countNewSeries).toBe(true);
    expect(requests.expr).toContain(
      'or (istio_requests_total / 60 and on(job,instance) sum_over_time(up[60s]) >= 2)',
    );
    expect(
      recordedPromQL({ ...rate, countNewSeries: undefined }, all([60])),
    ).toBe(undefined);
    // Byte rates do not count them: a query that asks is answered from the raw series.
    const tcp: MetricQuery = {
      kind: 'rate',
      metric: 'istio_tcp_sent_bytes_total',
      windowSeconds: 60,
      by: ['destination_workload'],
    };
    expect(recordedPromQL(tcp, all([60]))).toContain('rate1m');
    expect(recordedPromQL({ ...tcp, countNewSeries: true }, all([60]))).toBe(
      undefined,
    );
  });

  it('answers nothing for another window, another metric, or a label the rule drops', () => {
    const rules = all([60]);
    expect(recordedPromQL({ ...rate, windowSeconds: 300 }, rules)).toBe(
      undefined,
    );
    expect(
      recordedPromQL({ ...rate, metric: 'istio_request_bytes_sum' }, rules),
    ).toBe(undefined);
    expect(recordedPromQL({ ...rate, by: ['pod'] }, rules)).toBe(undefined);
    expect(
      recordedPromQL(
        { ...rate, matchers: [{ label: 'pod', op: '=', value: 'a' }] },
        rules,
      ),
    ).toBe(undefined);
    expect(recordedPromQL(rate, new Map())).toBe(undefined);
  });

  it('reads what is grouped by exactly the recorded labels as recorded', () => {
    const q = topologyQueries({ windowSeconds: 300 });
    expect(recordedPromQL(q.p95, all([300]))).toBe(
      'meshport_edge:istio_request_duration_milliseconds:p95_source_first_5m',
    );
    expect(recordedPromQL(q.requests, all([300]))).toBe(
      'meshport_edge:istio_requests_total:rate5m',
    );
  });

  it("reads the caller's report, else the destination side's, for a preferred reporter", () => {
    const q = topologyQueries({ windowSeconds: 60 });
    // A filter on other labels selects whole groups: the recorded choice answers as is.
    expect(
      recordedPromQL(
        topologyQueries({ windowSeconds: 60, clusters: ['east'] }).p95,
        all([60]),
      ),
    ).toBe(
      'meshport_edge:istio_request_duration_milliseconds:p95_source_first_1m{source_cluster=~"east"}' +
        ' or ' +
        'meshport_edge:istio_request_duration_milliseconds:p95_source_first_1m{destination_cluster=~"east"}',
    );
    // A filter on the reporter would choose among fewer: each alternative from the bucket rates.
    const byReporter = recordedPromQL(
      {
        ...q.p95,
        matchers: [{ label: 'reporter', op: '!=', value: 'waypoint' }],
      },
      all([60]),
    )!;
    expect(byReporter).toMatch(/^\(histogram_quantile\(0\.95, sum by \(le,/);
    // Without the quantile rule, each alternative from the bucket rates.
    const rules = all([60]);
    rules.delete(
      'meshport_edge:istio_request_duration_milliseconds:p95_source_first_1m',
    );
    const fromBuckets = recordedPromQL(q.p95, rules)!;
    expect(fromBuckets.split(' or ignoring(reporter) ')).toEqual([
      expect.stringMatching(
        /^\(histogram_quantile\(0\.95, sum by \(le,reporter,.*_bucket:rate1m\{reporter="source"\}\)\)\) > -Inf$/,
      ),
      expect.stringMatching(
        /^\(histogram_quantile\(0\.95, .*_bucket:rate1m\{reporter!~"source"\}\)\)\)$/,
      ),
    ]);
  });

  it('computes other quantiles from the recorded bucket rates', () => {
    const q = chartQueries({
      windowSeconds: 60,
      target: { namespace: 'bookinfo', workload: 'reviews-v1' },
      direction: 'inbound',
    });
    expect(recordedPromQL(q.p99, all([60]))).toBe(
      'histogram_quantile(0.99, sum by (le) (meshport_edge:istio_request_duration_milliseconds_bucket:rate1m{reporter="destination",destination_workload_namespace="bookinfo",destination_workload="reviews-v1"}))',
    );
    const q9 = { ...q.p99, quantile: 0.9 };
    expect(recordedPromQL(q9, all([60]))).toContain('histogram_quantile(0.9,');
  });

  it('answers a quantile without the preference from the bucket rates, not the preferred quantile', () => {
    const q = topologyQueries({ windowSeconds: 60 });
    expect(recordedPromQL({ ...q.p50, prefer: undefined }, all([60]))).toMatch(
      /^histogram_quantile\(0\.5, sum by \(le,reporter,/,
    );
    // Nor another preference.
    expect(
      recordedPromQL(
        { ...q.p50, prefer: { label: 'reporter', values: ['destination'] } },
        all([60]),
      ),
    ).not.toContain('source_first');
  });

  it('answers every topology and chart query from the rules of their window', () => {
    const rules = all([300]);
    const queries: MetricQuery[] = [
      ...Object.values(
        topologyQueries({
          windowSeconds: 300,
          namespaces: ['a'],
          clusters: ['c'],
        }),
      ),
      ...(['inbound', 'outbound'] as const).flatMap(direction =>
        Object.values(
          chartQueries({
            windowSeconds: 300,
            target: { namespace: 'a', workload: 'w', cluster: 'c' },
            direction,
          }),
        ),
      ),
      ...Object.values(
        chartQueries({
          windowSeconds: 300,
          target: { namespace: 'a', service: 's' },
          direction: 'inbound',
        }),
      ),
    ];
    for (const q of queries) expect(recordedPromQL(q, rules)).toBeDefined();
  });

  it('escapes matcher values as the raw query does', () => {
    const q: MetricQuery = {
      ...rate,
      matchers: [{ label: 'destination_workload', op: '=', value: 'a"b\\c' }],
    };
    expect(recordedPromQL(q, all([60]))).toContain(
      'destination_workload="a\\"b\\\\c"',
    );
  });

  it('records every series of a window under a distinct name', () => {
    const names = recordedSeriesFor(60).map(s => s.record);
    expect(new Set(names).size).toBe(names.length);
  });
});
