import { DirectScrapeMetricsSource } from './DirectScrapeMetricsSource';
import { PrometheusMetricsSource } from './PrometheusMetricsSource';
import { createMetricsSource } from './createMetricsSource';
import { MetricsSource, MetricsSourceFactory } from './types';
import { startHttpServer } from './testUtils/startHttpServer';

describe('createMetricsSource', () => {
  const opened: MetricsSource[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map(s => s.close?.()));
  });
  const create = (...args: Parameters<typeof createMetricsSource>) => {
    const source = createMetricsSource(...args);
    if (source) opened.push(source);
    return source;
  };

  it('prefers Prometheus when a URL is set, even with scrape URLs listed', () => {
    const source = create({
      mesh: 'demo',
      prometheusUrl: 'http://127.0.0.1:9090',
      scrapeUrls: ['http://127.0.0.1:1/metrics'],
    });
    expect(source).toBeInstanceOf(PrometheusMetricsSource);
    expect(source?.description).toBe('Prometheus at http://127.0.0.1:9090');
  });

  it('passes the recording rules and compression settings on to Prometheus', async () => {
    const server = await startHttpServer((_req, res) =>
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          status: 'success',
          data: { resultType: 'vector', result: [] },
        }),
      ),
    );
    try {
      const source = create({
        mesh: 'demo',
        prometheusUrl: server.url,
        prometheusRecordingRules: 'off',
        prometheusCompression: true,
      });
      await source!.query({
        kind: 'rate',
        metric: 'istio_requests_total',
        windowSeconds: 60,
        by: [],
      });
      // No rules read, and gzip asked for.
      expect(server.requests.map(r => r.path)).toEqual(['/api/v1/query']);
      expect(server.requests[0].headers['accept-encoding']).toBe(
        'gzip, deflate',
      );
    } finally {
      await server.close();
    }
  });

  it('scrapes directly when only scrape URLs are listed', () => {
    const source = create({
      mesh: 'demo',
      scrapeUrls: ['http://127.0.0.1:1/metrics'],
    });
    expect(source).toBeInstanceOf(DirectScrapeMetricsSource);
    expect(source?.type).toBe('direct-scrape');
  });

  it('has no source for a mesh without metrics configuration', () => {
    expect(create({ mesh: 'demo' })).toBeUndefined();
    expect(create({ mesh: 'demo', scrapeUrls: [] })).toBeUndefined();
  });

  it('asks module factories first, in order, and falls back to the built-ins', () => {
    const custom: MetricsSource = {
      type: 'thanos',
      description: 'Thanos',
      query: async () => ({ samples: [] }),
      queryRange: async () => ({ series: [] }),
    };
    const asked: string[] = [];
    const factory = (
      type: string,
      answer?: MetricsSource,
    ): MetricsSourceFactory => ({
      type,
      create(config) {
        asked.push(`${type}:${config.mesh}`);
        return answer;
      },
    });
    const factories = [
      factory('declines'),
      factory('thanos', custom),
      factory('never'),
    ];
    expect(
      create({ mesh: 'a', prometheusUrl: 'http://p:9090' }, factories),
    ).toBe(custom);
    expect(asked).toEqual(['declines:a', 'thanos:a']);
    expect(
      create({ mesh: 'b', prometheusUrl: 'http://p:9090' }, [
        factory('declines'),
      ]),
    ).toBeInstanceOf(PrometheusMetricsSource);
  });
});
