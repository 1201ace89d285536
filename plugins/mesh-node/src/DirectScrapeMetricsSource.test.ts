import { MetricQuery } from '@meshport/plugin-mesh-common';
import { DirectScrapeMetricsSource } from './DirectScrapeMetricsSource';
import { MetricsUnavailableError } from './MetricsUnavailableError';
import { startHttpServer, TestServer } from './testUtils/startHttpServer';

const requests: MetricQuery = {
  kind: 'rate',
  metric: 'istio_requests_total',
  windowSeconds: 30,
  by: ['destination_service_name'],
};

/**
 * An endpoint that serves, on its n-th scrape, counters stamped 10 s apart (the exposition's own
 * timestamps, which the source honours as Prometheus does), so rates are exact and no test waits
 * for the scrape interval.
 */
async function endpoint(base: number, perScrape: Record<string, number>) {
  let n = 0;
  const server = await startHttpServer((req, res) => {
    if (req.path !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    const t = base + n * 10_000;
    const lines = ['# TYPE istio_requests_total counter'];
    for (const [service, rate] of Object.entries(perScrape))
      lines.push(
        `istio_requests_total{destination_service_name="${service}",instance="pod-1"} ${n * rate} ${t}`,
      );
    n += 1;
    res
      .writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' })
      .end(`${lines.join('\n')}\n`);
  });
  return server;
}

describe('DirectScrapeMetricsSource', () => {
  const servers: TestServer[] = [];
  const sources: DirectScrapeMetricsSource[] = [];
  afterEach(async () => {
    await Promise.all(sources.splice(0).map(s => s.close()));
    await Promise.all(servers.splice(0).map(s => s.close()));
  });
  function source(urls: string[], options: { maxSeries?: number } = {}) {
    // A long interval: the tests drive scrapes with scrape() themselves.
    const s = new DirectScrapeMetricsSource({
      scrapeUrls: urls,
      scrapeIntervalSeconds: 3600,
      ...options,
    });
    sources.push(s);
    return s;
  }

  it('scrapes, keeps the samples and answers rates with Prometheus’s semantics', async () => {
    const base = Date.now() - 60_000;
    const server = await endpoint(base, { reviews: 100, ratings: 30 });
    servers.push(server);
    const s = source([`${server.url}/metrics`]);
    for (let i = 0; i < 3; i += 1) await s.scrape(); // the constructor's scrape plus these: 4
    // Samples at base, +10, +20, +30 s; the window [base, base+30 s] is covered exactly.
    const result = await s.query(requests, { at: new Date(base + 30_000) });
    expect(result.truncated).toBeUndefined();
    expect(result.samples).toEqual(
      expect.arrayContaining([
        {
          labels: { destination_service_name: 'reviews' },
          value: expect.closeTo(10, 10),
        },
        {
          labels: { destination_service_name: 'ratings' },
          value: expect.closeTo(3, 10),
        },
      ]),
    );
    // Two series and the target's `up`, as Prometheus keeps it, four scrapes each.
    expect(s.size).toEqual({ samples: 12, series: 3 });
    // The target labels Prometheus would add, with the exposed instance kept as exported_instance.
    const byInstance = await s.query(
      { ...requests, by: ['job', 'instance', 'exported_instance'] },
      { at: new Date(base + 30_000) },
    );
    expect(byInstance.samples).toEqual([
      {
        labels: {
          job: 'mesh',
          instance: new URL(server.url).host,
          exported_instance: 'pod-1',
        },
        value: expect.closeTo(13, 10),
      },
    ]);
  });

  it('evaluates ranges step by step', async () => {
    const base = Date.now() - 60_000;
    const server = await endpoint(base, { reviews: 100 });
    servers.push(server);
    const s = source([`${server.url}/metrics`]);
    for (let i = 0; i < 4; i += 1) await s.scrape();
    const result = await s.queryRange(
      { ...requests, windowSeconds: 20 },
      {
        start: new Date(base + 20_000),
        end: new Date(base + 40_000),
        stepSeconds: 10,
      },
    );
    expect(result.series).toEqual([
      {
        labels: { destination_service_name: 'reviews' },
        points: [
          [(base + 20_000) / 1000, expect.closeTo(10, 10)],
          [(base + 30_000) / 1000, expect.closeTo(10, 10)],
          [(base + 40_000) / 1000, expect.closeTo(10, 10)],
        ],
      },
    ]);
    await expect(
      s.queryRange(requests, {
        start: new Date(0),
        end: new Date(base),
        stepSeconds: 1,
      }),
    ).rejects.toThrow(/more than 11000 points/);
  });

  it('cuts answers beyond maxSeries and says they are truncated', async () => {
    const base = Date.now() - 60_000;
    const server = await endpoint(base, { a: 1, b: 2, c: 3 });
    servers.push(server);
    const s = source([`${server.url}/metrics`], { maxSeries: 2 });
    await s.scrape();
    const result = await s.query(requests, { at: new Date(base + 10_000) });
    expect(result.truncated).toBe(true);
    expect(result.samples).toHaveLength(2);
  });

  it('counts a series new since the last successful scrape from zero, and records failed scrapes as up 0', async () => {
    // Scrape 1 fails; 2 serves the 200s; 3 adds the first 503s. No exposed timestamps, as Envoy's.
    let n = 0;
    const server = await startHttpServer((_req, res) => {
      n += 1;
      if (n === 1) {
        res.writeHead(500).end();
        return;
      }
      const lines = [`istio_requests_total{response_code="200"} ${n * 10}`];
      if (n === 3) lines.push('istio_requests_total{response_code="503"} 4');
      res.writeHead(200).end(`${lines.join('\n')}\n`);
    });
    servers.push(server);
    const s = source([`${server.url}/metrics`]);
    const counting: MetricQuery = {
      ...requests,
      by: ['response_code'],
      countNewSeries: true,
    };
    await s.scrape(); // the constructor's (failed) and this one
    // One successful scrape: the 200s are first seen, not known to be new.
    expect((await s.query(counting)).samples).toEqual([]);
    await s.scrape();
    const codes = (await s.query(counting)).samples.map(x => [
      x.labels.response_code,
      x.value,
    ]);
    expect(codes).toContainEqual(['503', 4 / 30]);
    expect(codes.map(([code]) => code).sort()).toEqual(['200', '503']);
    // Without countNewSeries the 503s have no rate until a second sample.
    expect(
      (await s.query({ ...counting, countNewSeries: undefined })).samples.map(
        x => x.labels.response_code,
      ),
    ).toEqual(['200']);
  });

  it('keeps answering while one endpoint fails, and reports which', async () => {
    const base = Date.now() - 60_000;
    const good = await endpoint(base, { reviews: 100 });
    servers.push(good);
    const s = source([`${good.url}/metrics`, `${good.url}/missing`]);
    await s.scrape();
    const result = await s.query(requests, { at: new Date(base + 10_000) });
    expect(result.samples).toHaveLength(1);
    const [ok, failing] = s.scrapeStatus();
    expect(ok).toMatchObject({
      url: `${good.url}/metrics`,
      consecutiveFailures: 0,
      samples: 1,
    });
    expect(ok.lastError).toBeUndefined();
    expect(failing).toMatchObject({
      url: `${good.url}/missing`,
      lastError: 'HTTP 404 Not Found',
      consecutiveFailures: 2,
    });
  });

  it('answers MetricsUnavailableError naming the endpoint when every endpoint fails', async () => {
    const server = await startHttpServer((_req, res) =>
      res.writeHead(200).end('not valid\n'),
    );
    servers.push(server);
    const s = source([`${server.url}/metrics`]);
    const error = await s.query(requests).catch(e => e);
    expect(error).toBeInstanceOf(MetricsUnavailableError);
    expect(error.message).toBe(
      `direct scrape of ${server.url}/metrics (line 1: not a number: valid: not valid) failed`,
    );
  });

  it('says which endpoints are unreachable and how', async () => {
    const a = await startHttpServer(() => undefined);
    const b = await startHttpServer(() => undefined);
    const urls = [`${a.url}/metrics`, `${b.url}/metrics`];
    await a.close();
    await b.close();
    const s = source(urls);
    const error = await s.query(requests).catch(e => e);
    expect(error).toBeInstanceOf(MetricsUnavailableError);
    expect(error.message).toMatch(
      new RegExp(
        `^direct scrape failed at every endpoint: ${urls[0]} \\(connect ECONNREFUSED [^)]+\\); ${urls[1]} \\(connect ECONNREFUSED [^)]+\\)$`,
      ),
    );
    expect(s.description).toBe(
      `direct scrape of 2 endpoints (${urls.join(', ')})`,
    );
  });

  it('times out a scrape that never answers after the interval', async () => {
    const server = await startHttpServer(() => undefined);
    servers.push(server);
    const s = new DirectScrapeMetricsSource({
      scrapeUrls: [`${server.url}/metrics`],
      scrapeIntervalSeconds: 0.2,
    });
    sources.push(s);
    const error = await s.query(requests).catch(e => e);
    expect(error).toBeInstanceOf(MetricsUnavailableError);
    expect(error.message).toBe(
      `direct scrape of ${server.url}/metrics (no answer within 0.2 s) failed`,
    );
  });

  it('scrapes on its own every interval until closed', async () => {
    const server = await endpoint(Date.now(), { reviews: 1 });
    servers.push(server);
    const s = new DirectScrapeMetricsSource({
      scrapeUrls: [`${server.url}/metrics`],
      scrapeIntervalSeconds: 0.05,
    });
    sources.push(s);
    const deadline = Date.now() + 5000;
    while (server.requests.length < 4 && Date.now() < deadline)
      await new Promise(r => setTimeout(r, 20));
    expect(server.requests.length).toBeGreaterThanOrEqual(4);
    await s.close();
    const seen = server.requests.length;
    await new Promise(r => setTimeout(r, 200));
    expect(server.requests.length).toBe(seen);
  });

  it('ends a scrape in flight on close instead of waiting for its timeout', async () => {
    const server = await startHttpServer(() => undefined);
    servers.push(server);
    const s = new DirectScrapeMetricsSource({
      scrapeUrls: [`${server.url}/metrics`],
      scrapeIntervalSeconds: 10,
    });
    while (server.requests.length === 0)
      await new Promise(r => setTimeout(r, 10));
    const started = Date.now();
    await s.close();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses an empty list and non-http URLs', () => {
    expect(() => new DirectScrapeMetricsSource({ scrapeUrls: [] })).toThrow(
      'direct scrape needs at least one URL',
    );
    expect(
      () =>
        new DirectScrapeMetricsSource({ scrapeUrls: ['file:///etc/passwd'] }),
    ).toThrow('scrape URL file:///etc/passwd is not an http(s) URL');
  });
});
