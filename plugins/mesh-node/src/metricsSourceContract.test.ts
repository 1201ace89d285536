import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  meshRecordingRuleGroups,
  MetricQuery,
  MetricQueryResult,
  MetricSample,
  RateQuery,
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
import { startHttpServer } from './testUtils/startHttpServer';
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
 * Rates that count new series from zero (`countNewSeries`) are checked on a second, scripted
 * target both sources scrape: its counters hold still, so each source's answer half a scrape after
 * its own first sample of a series is exact, and must be the same.
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

/**
 * The scripted target: a counter that holds still from its first scrape, and once `born` is set a
 * second one, as a fault's first 503s would appear. Logs when each scraper (by user agent) first
 * got each, so a test can ask each source half a scrape after its own first sample.
 */
async function scriptedTarget() {
  const firstServed = new Map<string, number>();
  let born = false;
  const server = await startHttpServer((req, res) => {
    const agent = /^Prometheus/.test(String(req.headers['user-agent']))
      ? 'prometheus'
      : 'direct';
    const served: Array<[string, number]> = [['contract-steady', 7]];
    if (born) served.push(['contract-new', 42]);
    for (const [name] of served) {
      const key = `${agent} ${name}`;
      if (!firstServed.has(key)) firstServed.set(key, Date.now());
    }
    const lines = served.map(
      ([name, value]) =>
        `istio_requests_total{reporter="source",destination_service_name="${name}",response_code="503"} ${value}`,
    );
    res.writeHead(200).end(`${lines.join('\n')}\n`);
  });
  return {
    server,
    bear: () => {
      born = true;
    },
    /** When `agent` (prometheus, direct) was first served series `name`. */
    firstServed: (agent: string, name: string) =>
      firstServed.get(`${agent} ${name}`),
  };
}

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
  let scripted: Awaited<ReturnType<typeof scriptedTarget>>;
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
    scripted = await scriptedTarget();
    const scriptedUrl = `${scripted.server.url}/metrics`;
    rulesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshport-rules-'));
    const rulesFile = path.join(rulesDir, 'rules.yaml');
    fs.writeFileSync(
      rulesFile,
      recordingRulesYaml(meshRecordingRuleGroups([WINDOW])),
    );
    prometheusServer = await startPrometheus({
      targets: [metricsUrl, scriptedUrl],
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
      scrapeUrls: [metricsUrl, scriptedUrl],
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
    await scripted?.server.close();
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
    // Request rates are recorded counting new series, and answer only queries that count them.
    const rates: Array<[string, MetricQuery, number]> = [
      [
        'requests',
        requestsBy(['destination_service_name', 'reporter'], {
          countNewSeries: true,
        }),
        1,
      ],
      [
        '5xx',
        requestsBy(['destination_service_name'], {
          matchers: [
            { label: 'reporter', op: '=', value: 'destination' },
            { label: 'response_code', op: '=~', value: '5..' },
          ],
          countNewSeries: true,
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

  it('count a new series from zero alike, and the series of a first scrape not at all', async () => {
    const counting = requestsBy(['destination_service_name'], {
      matchers: [
        { label: 'destination_service_name', op: '=~', value: 'contract-.*' },
      ],
      countNewSeries: true,
    }) as RateQuery;
    /** When a source's first sample of `name` was taken: Prometheus's own stamp, else the log's. */
    const firstSample = async (agent: string, name: string) => {
      if (agent === 'direct') return scripted.firstServed(agent, name);
      const url = new URL('/api/v1/query', prometheusServer.url);
      url.searchParams.set(
        'query',
        `istio_requests_total{destination_service_name="${name}"}[10m]`,
      );
      const body = (await (await fetch(url)).json()) as {
        data: { result: Array<{ values: Array<[number, string]> }> };
      };
      const first = body.data.result[0]?.values[0]?.[0];
      return first === undefined ? undefined : first * 1000;
    };
    /** Both queries at half a scrape after the source's own first sample of `name`. */
    const halfAScrapeAfter = async (
      agent: 'prometheus' | 'direct',
      source: MetricsSource,
      name: string,
    ) => {
      const firstMs = await firstSample(agent, name);
      expect({ agent, name, sampled: firstMs !== undefined }).toEqual({
        agent,
        name,
        sampled: true,
      });
      const half = { at: new Date(firstMs! + 500) };
      const [withNew, plain] = await Promise.all([
        source.query(counting, half),
        source.query({ ...counting, countNewSeries: undefined }, half),
      ]);
      return {
        counting: Object.fromEntries(byKey(withNew.samples)),
        plain: Object.fromEntries(byKey(plain.samples)),
      };
    };
    const sources = { prometheus, direct } as const;

    // The steady series came with the target's first scrape: first seen is not new, so neither
    // source counts it, as neither gives it a rate yet.
    for (const agent of ['prometheus', 'direct'] as const)
      expect(
        await halfAScrapeAfter(agent, sources[agent], 'contract-steady'),
      ).toEqual({ counting: {}, plain: {} });

    // A series born between two scrapes counts its 42 requests over the window from the first
    // scrape that has it; plain rate() has nothing yet.
    scripted.bear();
    const deadline = Date.now() + 10_000;
    while (
      (await firstSample('prometheus', 'contract-new')) === undefined ||
      scripted.firstServed('direct', 'contract-new') === undefined
    ) {
      if (Date.now() > deadline)
        throw new Error('the new series was not scraped by both within 10 s');
      await new Promise(r => setTimeout(r, 200));
    }
    await new Promise(r => setTimeout(r, 600)); // until half a scrape after the later one
    const steady = key({ destination_service_name: 'contract-steady' });
    const born = key({ destination_service_name: 'contract-new' });
    for (const agent of ['prometheus', 'direct'] as const)
      expect({
        agent,
        ...(await halfAScrapeAfter(agent, sources[agent], 'contract-new')),
      }).toEqual({
        agent,
        counting: { [steady]: 0, [born]: 42 / WINDOW },
        plain: { [steady]: 0 },
      });
  });
});
