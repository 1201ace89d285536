import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  meshRecordingRuleGroups,
  MetricQuery,
  MetricQueryResult,
  MetricSample,
  recordingRulesYaml,
  topologyQueries,
} from '@meshport/plugin-mesh-common';
import {
  CallGraph,
  RunningPrometheus,
  Sandbox,
  startPrometheus,
  startSandbox,
} from '@meshport/mesh-sandbox';
import { DirectScrapeMetricsSource } from './DirectScrapeMetricsSource';
import { PrometheusMetricsSource } from './PrometheusMetricsSource';
import { MetricsSource } from './types';

/**
 * The contract every MetricsSource keeps: the same MetricQuery gives the same answer. Both
 * built-in sources watch the same simulated mesh — a real Prometheus (Debian's package, which CI
 * installs; this test fails rather than skips without it) and the in-memory direct scrape, each
 * scraping the sandbox every second — and must agree.
 *
 * Why they cannot agree exactly, and the tolerances that follow: both read the same counters but
 * scrape them at different instants (up to 1 s apart), so their 20 s windows differ by up to a
 * second of traffic at each end. Prometheus's extrapolation to the window's ends (the same formula
 * on both sides) cancels most of that for steady traffic; what remains is the traffic's own
 * unevenness at the edges, and on a loaded machine the simulator's ticks coming late and in a
 * burst. Rates must therefore agree within 5 % (on an idle machine they agree within 0.1 %, ranges
 * within 2 %; the extrapolation itself is pinned exactly by extrapolatedRate's unit tests), and
 * shares of the total within 1 percentage point. Quantiles are interpolated inside Istio's
 * latency buckets from bucket rates whose proportions barely move between the two windows: they
 * must lie within a quarter of their bucket's width of each other (observed: under 2 %).
 *
 * The same Prometheus also evaluates Meshport's recording rules for the window every second; a
 * third source reads them, and must agree with the raw series within the same tolerances, the raw
 * series asked at the instant the rules were evaluated (what is read was recorded up to a second
 * before it was asked for).
 */

const WINDOW = 20;
const RATE_TOLERANCE = 0.05;
const SHARE_TOLERANCE = 0.01;
/** Istio's default buckets for istio_request_duration_milliseconds. */
const DURATION_BUCKETS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000,
];

jest.setTimeout(120_000);

/** On top of Bookinfo: calls to ratings that fail 20 % of the time, and TCP from ratings to details. */
const errorsAndTcp: CallGraph = {
  entries: [
    {
      host: 'ratings',
      source: { namespace: 'bookinfo', service: 'productpage' },
      path: '/ratings/1',
      ratePerSecond: 5,
    },
  ],
  edges: [
    {
      from: { namespace: 'bookinfo', service: 'ratings' },
      to: { namespace: 'bookinfo', service: 'details' },
      protocol: 'tcp',
      path: '/',
    },
  ],
  behaviour: { 'bookinfo/ratings': { errorRate: 0.2 } },
};

const requestsBy = (by: string[], extra: Partial<MetricQuery> = {}) =>
  ({
    kind: 'rate',
    metric: 'istio_requests_total',
    windowSeconds: WINDOW,
    by,
    ...extra,
  }) as MetricQuery;

const key = (labels: Record<string, string>) =>
  JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

function byKey(samples: MetricSample[]): Map<string, number> {
  return new Map(samples.map(s => [key(s.labels), s.value]));
}

function total(result: MetricQueryResult): number {
  return result.samples.reduce((sum, s) => sum + s.value, 0);
}

/** |a − b| relative to the larger, so neither source is "the truth". */
function relativeDifference(a: number, b: number): number {
  const larger = Math.max(Math.abs(a), Math.abs(b));
  return larger === 0 ? 0 : Math.abs(a - b) / larger;
}

/** The width of the Istio latency bucket that holds `value`. */
function bucketWidth(value: number): number {
  const i = DURATION_BUCKETS.findIndex(b => value <= b);
  if (i < 0) return Infinity;
  return DURATION_BUCKETS[i] - (i === 0 ? 0 : DURATION_BUCKETS[i - 1]);
}

/** When the sample of a recorded series that a query at `at` reads was evaluated. */
async function recordedAt(
  prometheusUrl: string,
  record: string,
  at: Date,
): Promise<Date> {
  const url = new URL('/api/v1/query', prometheusUrl);
  url.searchParams.set('query', `max(timestamp(${record}))`);
  url.searchParams.set('time', String(at.getTime() / 1000));
  const body = (await (await fetch(url)).json()) as {
    data: { result: Array<{ value: [number, string] }> };
  };
  const [sample] = body.data.result;
  if (!sample) throw new Error(`no ${record} sample at ${at.toISOString()}`);
  return new Date(Number(sample.value[1]) * 1000);
}

/** Fails naming `what` and showing the value, so a miss says which group and by how much. */
function expectAtMost(what: object, value: number, limit: number): void {
  expect({ ...what, value, atMost: limit, ok: value <= limit }).toEqual({
    ...what,
    value,
    atMost: limit,
    ok: true,
  });
}

/**
 * Latency quantiles of two answers for the same groups (at least `minimumGroups`), each within a
 * quarter of its bucket's width: the most two histogram_quantile interpolations over the same
 * buckets may differ by when their rates are a scrape apart. Returns both answers by group.
 */
function expectSameQuantiles(
  names: [string, string],
  a: MetricSample[],
  b: MetricSample[],
  minimumGroups = 4,
): [Map<string, number>, Map<string, number>] {
  const am = byKey(a);
  const bm = byKey(b);
  expect([...am.keys()].sort()).toEqual([...bm.keys()].sort());
  expect(am.size).toBeGreaterThanOrEqual(minimumGroups);
  for (const [group, x] of am) {
    const y = bm.get(group)!;
    expectAtMost(
      { group, [names[0]]: x, [names[1]]: y },
      Math.abs(x - y),
      bucketWidth(Math.max(x, y)) / 4,
    );
  }
  return [am, bm];
}

/** Rates of both sources for the same groups, within RATE_TOLERANCE, and the same shares. */
function expectSameRates(
  what: string,
  prometheus: MetricQueryResult,
  direct: MetricQueryResult,
  minimumRate = 1,
): void {
  const p = byKey(prometheus.samples);
  const d = byKey(direct.samples);
  // Groups with real traffic exist on both sides; a trickle may be seen by one window only.
  const significant = (m: Map<string, number>) =>
    [...m].filter(([, v]) => v >= minimumRate).map(([k]) => k);
  expect({ what, groups: significant(p).sort() }).toEqual({
    what,
    groups: significant(d).sort(),
  });
  const pTotal = total(prometheus);
  const dTotal = total(direct);
  expect(pTotal).toBeGreaterThan(0);
  for (const group of significant(p)) {
    const a = p.get(group)!;
    const b = d.get(group) ?? 0;
    expectAtMost(
      { what, group, rate: 'relative difference' },
      relativeDifference(a, b),
      RATE_TOLERANCE,
    );
    expectAtMost(
      { what, group, rate: 'share difference' },
      Math.abs(a / pTotal - b / dTotal),
      SHARE_TOLERANCE,
    );
  }
}

describe('MetricsSource contract: Prometheus and the direct scrape agree on the sandbox', () => {
  let sandbox: Sandbox;
  let prometheusServer: RunningPrometheus;
  let prometheus: PrometheusMetricsSource;
  let direct: DirectScrapeMetricsSource;
  let recorded: PrometheusMetricsSource;
  let rulesDir: string;
  let at: Date;

  beforeAll(async () => {
    // 200 Bookinfo page views a second plus 100 calls to ratings, generated every 100 ms.
    sandbox = await startSandbox({
      clusters: [
        { name: 'contract', scenario: 'demo', callGraphs: [errorsAndTcp] },
      ],
      podReadyDelayMs: 20,
      traffic: { tickMs: 100, rateMultiplier: 20 },
    });
    const { metricsUrl } = sandbox.cluster('contract');
    rulesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshport-rules-'));
    const rulesFile = path.join(rulesDir, 'rules.yaml');
    fs.writeFileSync(
      rulesFile,
      recordingRulesYaml(meshRecordingRuleGroups([WINDOW])),
    );
    prometheusServer = await startPrometheus({
      targets: [metricsUrl],
      scrapeIntervalSeconds: 1,
      binary: process.env.PROMETHEUS ?? '/usr/bin/prometheus',
      ruleFiles: [rulesFile],
    });
    prometheus = new PrometheusMetricsSource({
      baseUrl: prometheusServer.url,
      recordingRules: 'off',
    });
    recorded = new PrometheusMetricsSource({ baseUrl: prometheusServer.url });
    direct = new DirectScrapeMetricsSource({
      scrapeUrls: [metricsUrl],
      scrapeIntervalSeconds: 1,
    });

    // Both must hold a full window plus the range query's 8 s of traffic before comparing: a
    // window only partly covered is extrapolated from different start points by each.
    const sources: MetricsSource[] = [prometheus, direct];
    const deadline = Date.now() + 30_000;
    for (;;) {
      const answers = await Promise.all(
        sources.map(s =>
          s.query(requestsBy([], { windowSeconds: 3 })).then(
            r => r.samples.length > 0,
            () => false,
          ),
        ),
      );
      if (answers.every(Boolean)) break;
      if (Date.now() > deadline)
        throw new Error('no traffic seen by both sources within 30 s');
      await new Promise(r => setTimeout(r, 250));
    }
    await new Promise(r => setTimeout(r, (WINDOW + 10) * 1000));
    // One instant for both, a little in the past so each has a scrape after it.
    at = new Date(Date.now() - 1500);
  });

  afterAll(async () => {
    await direct?.close();
    await prometheusServer?.stop();
    await sandbox?.stop();
    if (rulesDir) fs.rmSync(rulesDir, { recursive: true, force: true });
  });

  async function both(query: MetricQuery) {
    const [p, d] = await Promise.all([
      prometheus.query(query, { at }),
      direct.query(query, { at }),
    ]);
    expect(p.truncated).toBeUndefined();
    expect(d.truncated).toBeUndefined();
    return [p, d] as const;
  }

  it('requests by destination service and reporter', async () => {
    const [p, d] = await both(
      requestsBy(['destination_service_name', 'reporter']),
    );
    const services = new Set(
      p.samples.map(s => s.labels.destination_service_name),
    );
    for (const service of ['productpage', 'details', 'reviews', 'ratings'])
      expect(services).toContain(service);
    expectSameRates('requests', p, d);
  });

  it('5xx requests, and the error share of ratings', async () => {
    const errors = requestsBy(['destination_service_name'], {
      matchers: [
        { label: 'reporter', op: '=', value: 'destination' },
        { label: 'response_code', op: '=~', value: '5..' },
      ],
    });
    const [p, d] = await both(errors);
    expectSameRates('5xx', p, d);
    const [pAll, dAll] = await both(
      requestsBy(['destination_service_name'], {
        matchers: [{ label: 'reporter', op: '=', value: 'destination' }],
      }),
    );
    const share = (e: MetricQueryResult, all: MetricQueryResult) =>
      byKey(e.samples).get(key({ destination_service_name: 'ratings' }))! /
      byKey(all.samples).get(key({ destination_service_name: 'ratings' }))!;
    // ratings fails 20 % of the calls made to it directly; Bookinfo's own calls to it never fail.
    expect(share(p, pAll)).toBeGreaterThan(0.02);
    expect(Math.abs(share(p, pAll) - share(d, dAll))).toBeLessThan(
      SHARE_TOLERANCE,
    );
  });

  it('p50, p95 and p99 latency by destination workload', async () => {
    const quantile = (q: number): MetricQuery => ({
      kind: 'quantile',
      quantile: q,
      metric: 'istio_request_duration_milliseconds',
      matchers: [{ label: 'reporter', op: '=', value: 'destination' }],
      windowSeconds: WINDOW,
      by: ['destination_workload'],
    });
    const perQuantile: Array<[Map<string, number>, Map<string, number>]> = [];
    for (const q of [0.5, 0.95, 0.99]) {
      const [p, d] = await both(quantile(q));
      // productpage, details, reviews (the versions the routing sends to) and ratings.
      perQuantile.push(
        expectSameQuantiles(
          [`prometheus p${q * 100}`, `direct p${q * 100}`],
          p.samples,
          d.samples,
        ),
      );
    }
    // Both sources order their own quantiles.
    for (const side of [0, 1])
      for (const [group, p50] of perQuantile[0][side]) {
        expect(p50).toBeLessThanOrEqual(perQuantile[1][side].get(group)!);
        expect(perQuantile[1][side].get(group)!).toBeLessThanOrEqual(
          perQuantile[2][side].get(group)!,
        );
      }
  });

  it("the graph's latency: one reporter per edge, the caller's where it reported", async () => {
    const query = topologyQueries({
      windowSeconds: WINDOW,
      namespaces: ['bookinfo'],
    }).p95;
    const [p, d] = await both(query);
    expectSameQuantiles(['prometheus', 'direct'], p.samples, d.samples);
    const edges = p.samples.map(s => {
      const { reporter, ...edge } = s.labels;
      return JSON.stringify(Object.entries(edge).sort());
    });
    expect(new Set(edges).size).toBe(edges.length);
    // Every caller in bookinfo has a sidecar, so every edge is the caller's report.
    expect(new Set(p.samples.map(s => s.labels.reporter))).toEqual(
      new Set(['source']),
    );
  });

  it('TCP bytes sent and received', async () => {
    for (const metric of [
      'istio_tcp_sent_bytes_total',
      'istio_tcp_received_bytes_total',
    ]) {
      const [p, d] = await both({
        kind: 'rate',
        metric,
        windowSeconds: WINDOW,
        by: ['source_workload', 'destination_service_name', 'reporter'],
      });
      expect(
        p.samples.some(s => s.labels.destination_service_name === 'details'),
      ).toBe(true);
      expectSameRates(metric, p, d, 100);
    }
  });

  it('a range of request rates by reporter', async () => {
    const query = requestsBy(['reporter']);
    const range = {
      start: new Date(at.getTime() - 8000),
      end: at,
      stepSeconds: 2,
    };
    const [p, d] = await Promise.all([
      prometheus.queryRange(query, range),
      direct.queryRange(query, range),
    ]);
    expect(p.series.map(s => key(s.labels)).sort()).toEqual(
      d.series.map(s => key(s.labels)).sort(),
    );
    expect(p.series.map(s => s.labels.reporter).sort()).toEqual([
      'destination',
      'source',
    ]);
    for (const ps of p.series) {
      const ds = d.series.find(s => key(s.labels) === key(ps.labels))!;
      expect(ds.points.map(([t]) => t)).toEqual(ps.points.map(([t]) => t));
      expect(ps.points).toHaveLength(5);
      ps.points.forEach(([t, a], i) => {
        expectAtMost(
          { series: ps.labels, t },
          relativeDifference(a, ds.points[i][1]),
          RATE_TOLERANCE,
        );
      });
    }
  });

  it('the recorded series answer as the raw series do', async () => {
    expect([...(await recorded.recordedSeries()).keys()]).toHaveLength(7);
    // What is read at `at` was recorded by the evaluation before it, up to a second earlier, over
    // a window that much earlier; on a busy machine a bursty rate (errors) moves by more than the
    // tolerance in that second. So the raw series are asked at that evaluation's instant: the
    // same window on both sides, as the rules are meant to answer.
    const evaluatedAt = await recordedAt(
      prometheusServer.url,
      meshRecordingRuleGroups([WINDOW])[0].rules[0].record,
      at,
    );
    expect(evaluatedAt.getTime()).toBeLessThanOrEqual(at.getTime());
    const pair = async (query: MetricQuery) =>
      Promise.all([
        prometheus.query(query, { at: evaluatedAt }),
        recorded.query(query, { at }),
      ]);
    const rates: Array<[string, MetricQuery, number]> = [
      ['requests', requestsBy(['destination_service_name', 'reporter']), 1],
      [
        '5xx',
        requestsBy(['destination_service_name'], {
          matchers: [
            { label: 'reporter', op: '=', value: 'destination' },
            { label: 'response_code', op: '=~', value: '5..' },
          ],
        }),
        1,
      ],
      [
        'tcp',
        {
          kind: 'rate',
          metric: 'istio_tcp_sent_bytes_total',
          windowSeconds: WINDOW,
          by: ['source_workload', 'destination_service_name', 'reporter'],
        },
        100,
      ],
    ];
    for (const [what, query, minimum] of rates) {
      const [raw, fromRules] = await pair(query);
      expectSameRates(`recorded ${what}`, raw, fromRules, minimum);
    }
    // Read as recorded (the topology's grouping) and from the recorded buckets (a coarser one).
    const topology = topologyQueries({
      windowSeconds: WINDOW,
      namespaces: ['bookinfo'],
    });
    const coarser: MetricQuery = {
      ...topology.p99,
      anyOf: undefined,
      prefer: undefined,
      by: ['destination_workload'],
    };
    for (const query of [topology.p50, topology.p95, coarser]) {
      const [raw, fromRules] = await pair(query);
      expectSameQuantiles(['raw', 'recorded'], raw.samples, fromRules.samples);
    }
  });
});
