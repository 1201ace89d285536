import { InputError } from '@backstage/errors';
import { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import {
  meshRecordingRuleGroups,
  MetricQuery,
  renderPromQL,
} from '@meshport/plugin-mesh-common';
import { MetricsUnavailableError } from './MetricsUnavailableError';
import { PrometheusMetricsSource } from './PrometheusMetricsSource';
import { startHttpServer, TestServer } from './testUtils/startHttpServer';

const query: MetricQuery = {
  kind: 'rate',
  metric: 'istio_requests_total',
  matchers: [{ label: 'reporter', op: '=', value: 'source' }],
  windowSeconds: 300,
  by: ['destination_service_name'],
};

function json(
  res: import('node:http').ServerResponse,
  status: number,
  body: unknown,
) {
  res
    .writeHead(status, { 'Content-Type': 'application/json' })
    .end(JSON.stringify(body));
}

const vector = (result: unknown[]) => ({
  status: 'success',
  data: { resultType: 'vector', result },
});

describe('PrometheusMetricsSource', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('POSTs the rendered PromQL form-encoded to /api/v1/query and reads the vector', async () => {
    server = await startHttpServer((_req, res) =>
      json(
        res,
        200,
        vector([
          {
            metric: { destination_service_name: 'reviews' },
            value: [1700000000, '12.5'],
          },
          {
            metric: { destination_service_name: 'ratings' },
            value: [1700000000, 'NaN'],
          },
          {
            metric: { destination_service_name: 'details' },
            value: [1700000000, '+Inf'],
          },
        ]),
      ),
    );
    const source = new PrometheusMetricsSource({
      baseUrl: `${server.url}/prom/`,
    });
    const result = await source.query(query, {
      at: new Date(1_700_000_000_500),
    });
    expect(result).toEqual({
      samples: [
        { labels: { destination_service_name: 'reviews' }, value: 12.5 },
        { labels: { destination_service_name: 'details' }, value: Infinity },
      ],
    });
    const [request] = server.requests.filter(r => r.method === 'POST');
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/prom/api/v1/query');
    expect(request.headers['content-type']).toMatch(
      /^application\/x-www-form-urlencoded/,
    );
    const form = new URLSearchParams(request.body);
    expect(form.get('query')).toBe(renderPromQL(query));
    expect(form.get('time')).toBe('1700000000.500');
    expect(form.get('timeout')).toBe('5s');
    expect(request.headers.authorization).toBeUndefined();
    // Uncompressed unless asked: cheaper for both ends on a cluster's network.
    expect(request.headers['accept-encoding']).toBe('identity');
    expect(source.type).toBe('prometheus');
    expect(source.description).toBe(`Prometheus at ${server.url}/prom`);
  });

  it('sends the configured Authorization header, and never shows it', async () => {
    server = await startHttpServer((_req, res) =>
      json(res, 503, {
        status: 'error',
        errorType: 'unavailable',
        error: 'TSDB not ready',
      }),
    );
    const source = new PrometheusMetricsSource({
      baseUrl: server.url,
      authHeader: 'Bearer s3cret-token',
    });
    const error = await source.query(query).catch(e => e);
    expect(server.requests[0].headers.authorization).toBe(
      'Bearer s3cret-token',
    );
    expect(error).toBeInstanceOf(MetricsUnavailableError);
    expect(error.name).toBe('ServiceUnavailableError'); // answered as 503 by Backstage
    expect(error.message).toBe(
      `Prometheus at ${server.url} answered HTTP 503: unavailable: TSDB not ready`,
    );
    expect(`${error.message} ${source.description}`).not.toMatch(/s3cret/);
  });

  it('turns user information in the URL into Basic auth and out of every message', async () => {
    server = await startHttpServer((_req, res) => json(res, 200, vector([])));
    const base = new URL(server.url);
    const source = new PrometheusMetricsSource({
      baseUrl: `http://admin:pa%3Ass@${base.host}`,
    });
    await source.query(query);
    expect(server.requests[0].headers.authorization).toBe(
      `Basic ${Buffer.from('admin:pa:ss').toString('base64')}`,
    );
    expect(source.description).toBe(`Prometheus at ${server.url}`);
  });

  it('gives up after the timeout with a MetricsUnavailableError that says so', async () => {
    server = await startHttpServer(() => {
      // never answers
    });
    const source = new PrometheusMetricsSource({
      baseUrl: server.url,
      timeoutMs: 200,
    });
    const started = Date.now();
    const error = await source.query(query).catch(e => e);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(MetricsUnavailableError);
    expect(error.message).toBe(
      `Prometheus at ${server.url} did not answer within 0.2 s`,
    );
  });

  it('says "within 5 s" with the default timeout', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    try {
      server = await startHttpServer(() => undefined);
      const source = new PrometheusMetricsSource({ baseUrl: server.url });
      const pending = source.query(query).catch(e => e);
      await jest.advanceTimersByTimeAsync(5001);
      const error = await pending;
      expect(error.message).toBe(
        `Prometheus at ${server.url} did not answer within 5 s`,
      );
    } finally {
      jest.useRealTimers();
    }
  });

  it('passes on the caller’s abort instead of calling it a timeout', async () => {
    server = await startHttpServer(() => undefined);
    const source = new PrometheusMetricsSource({ baseUrl: server.url });
    const controller = new AbortController();
    const pending = source
      .query(query, { signal: controller.signal })
      .catch(e => e);
    controller.abort();
    const error = await pending;
    expect(error).not.toBeInstanceOf(MetricsUnavailableError);
    expect(error.name).toBe('AbortError');
  });

  it('reports Prometheus’s error text; a bad expression is the caller’s InputError', async () => {
    server = await startHttpServer((_req, res) =>
      json(res, 400, {
        status: 'error',
        errorType: 'bad_data',
        error: '1:5: parse error: unexpected end of input',
      }),
    );
    const source = new PrometheusMetricsSource({ baseUrl: server.url });
    const error = await source.queryPromQL('sum(').catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      `Prometheus at ${server.url} refused the query: 1:5: parse error: unexpected end of input`,
    );
  });

  it('reports a non-Prometheus answer (a proxy’s 502 page) by its status', async () => {
    server = await startHttpServer((_req, res) =>
      res
        .writeHead(502, 'Bad Gateway', { 'Content-Type': 'text/html' })
        .end('<html>oops</html>'),
    );
    const source = new PrometheusMetricsSource({ baseUrl: server.url });
    const error = await source.query(query).catch(e => e);
    expect(error).toBeInstanceOf(MetricsUnavailableError);
    expect(error.message).toBe(
      `Prometheus at ${server.url} answered HTTP 502 Bad Gateway`,
    );
  });

  it('says when Prometheus cannot be reached', async () => {
    server = await startHttpServer(() => undefined);
    const url = server.url;
    await server.close();
    server = undefined;
    const error = await new PrometheusMetricsSource({ baseUrl: url })
      .query(query)
      .catch(e => e);
    expect(error).toBeInstanceOf(MetricsUnavailableError);
    expect(error.message).toMatch(
      new RegExp(`^Prometheus at ${url} could not be reached: .*ECONNREFUSED`),
    );
  });

  it('asks for gzip when told to, and reads the compressed answer', async () => {
    server = await startHttpServer((_req, res) => {
      const body = gzipSync(
        JSON.stringify(
          vector([{ metric: { a: 'b' }, value: [1700000000, '3'] }]),
        ),
      );
      res
        .writeHead(200, {
          'Content-Type': 'application/json',
          'Content-Encoding': 'gzip',
        })
        .end(body);
    });
    const source = new PrometheusMetricsSource({
      baseUrl: server.url,
      compression: true,
      recordingRules: 'off',
    });
    expect(await source.query(query)).toEqual({
      samples: [{ labels: { a: 'b' }, value: 3 }],
    });
    expect(server.requests[0].headers['accept-encoding']).toBe('gzip, deflate');
  });

  it.each([
    ['a label that is not a string', { metric: { a: 1 }, value: [1, '2'] }],
    ['a value without its timestamp', { metric: {}, value: ['2'] }],
    ['a numeric sample value', { metric: {}, value: [1, 2] }],
    ['no metric', { value: [1, '2'] }],
    ['a sample that is not an object', 'x'],
  ])('refuses a vector with %s', async (_what, sample) => {
    server = await startHttpServer((_req, res) =>
      json(res, 200, vector([{ metric: {}, value: [1, '1'] }, sample])),
    );
    const source = new PrometheusMetricsSource({
      baseUrl: server.url,
      recordingRules: 'off',
    });
    await expect(source.query(query)).rejects.toThrow(
      `Prometheus at ${server.url} answered an unexpected vector`,
    );
  });

  it('cuts answers beyond maxSeries and says they are truncated', async () => {
    const many = Array.from({ length: 5 }, (_, i) => ({
      metric: { pod: `p${i}` },
      value: [1700000000, String(i)],
    }));
    server = await startHttpServer((_req, res) => json(res, 200, vector(many)));
    const source = new PrometheusMetricsSource({
      baseUrl: server.url,
      maxSeries: 3,
    });
    const result = await source.query(query);
    expect(result.truncated).toBe(true);
    expect(result.samples.map(s => s.labels.pod)).toEqual(['p0', 'p1', 'p2']);
    const exact = new PrometheusMetricsSource({
      baseUrl: server.url,
      maxSeries: 5,
    });
    expect((await exact.query(query)).truncated).toBeUndefined();
  });

  it('runs ranges through /api/v1/query_range, dropping NaN points', async () => {
    server = await startHttpServer((_req, res) =>
      json(res, 200, {
        status: 'success',
        data: {
          resultType: 'matrix',
          result: [
            {
              metric: { destination_service_name: 'reviews' },
              values: [
                [1700000000, '1'],
                [1700000060, 'NaN'],
                [1700000120, '3'],
              ],
            },
          ],
        },
      }),
    );
    const source = new PrometheusMetricsSource({ baseUrl: server.url });
    const result = await source.queryRange(query, {
      start: new Date(1_700_000_000_000),
      end: new Date(1_700_000_120_000),
      stepSeconds: 60,
    });
    expect(result).toEqual({
      series: [
        {
          labels: { destination_service_name: 'reviews' },
          points: [
            [1700000000, 1],
            [1700000120, 3],
          ],
        },
      ],
    });
    const [post] = server.requests.filter(r => r.method === 'POST');
    const form = new URLSearchParams(post.body);
    expect(post.path).toBe('/api/v1/query_range');
    expect(Object.fromEntries(form)).toMatchObject({
      query: renderPromQL(query),
      start: '1700000000.000',
      end: '1700000120.000',
      step: '60',
    });
  });

  it('answers raw PromQL scalars as one unlabelled sample and refuses range vectors', async () => {
    let answer: unknown = {
      status: 'success',
      data: { resultType: 'scalar', result: [1700000000, '0.25'] },
    };
    server = await startHttpServer((_req, res) => json(res, 200, answer));
    const source = new PrometheusMetricsSource({ baseUrl: server.url });
    expect(await source.queryPromQL('scalar(vector(0.25))')).toEqual({
      samples: [{ labels: {}, value: 0.25 }],
    });
    answer = { status: 'success', data: { resultType: 'matrix', result: [] } };
    await expect(source.queryPromQL('up[5m]')).rejects.toThrow(
      'the expression gives a matrix; an instant vector or a scalar is needed',
    );
  });

  it('refuses a URL that is not http(s) without echoing credentials', () => {
    expect(() => new PrometheusMetricsSource({ baseUrl: 'not a url' })).toThrow(
      'Prometheus URL is not a URL',
    );
    expect(
      () => new PrometheusMetricsSource({ baseUrl: 'ftp://u:secret@host/x' }),
    ).toThrow('Prometheus URL ftp://host/x is not an http(s) URL');
  });
});

describe('PrometheusMetricsSource with recording rules', () => {
  // The recorded request rates count new series; so do the product's request queries.
  const requests: MetricQuery = { ...query, countNewSeries: true };
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const fiveMinutes = meshRecordingRuleGroups([300]);
  const rulesAnswer = (health: (name: string) => string) => ({
    status: 'success',
    data: {
      groups: fiveMinutes.map(g => ({
        name: g.name,
        rules: g.rules.map(r => ({
          name: r.record,
          query: r.expr,
          type: 'recording',
          health: health(r.record),
        })),
      })),
    },
  });

  async function serve(rules: (res: ServerResponse) => void) {
    server = await startHttpServer((req, res) => {
      if (req.path.startsWith('/api/v1/rules')) rules(res);
      else if (req.path.endsWith('query_range'))
        json(res, 200, {
          status: 'success',
          data: { resultType: 'matrix', result: [] },
        });
      else json(res, 200, vector([]));
    });
    return server;
  }
  const sent = (s: TestServer) =>
    s.requests
      .filter(r => r.method === 'POST')
      .map(r => new URLSearchParams(r.body).get('query'));
  /** A Prometheus whose rules have this health, each. */
  const withRules = (health: (name: string) => string = () => 'ok') =>
    serve(res => json(res, 200, rulesAnswer(health)));
  const RECORDED =
    'sum by (destination_service_name) (meshport_edge:istio_requests_total:rate5m{reporter="source"})';

  it('answers from the recorded series Prometheus evaluates, reading the rules once per period', async () => {
    const s = await withRules();
    const source = new PrometheusMetricsSource({ baseUrl: s.url });
    await Promise.all([source.query(requests), source.query(requests)]);
    await source.queryRange(requests, {
      start: new Date(1_700_000_000_000),
      end: new Date(1_700_000_060_000),
      stepSeconds: 15,
    });
    expect(sent(s)).toEqual(Array(3).fill(RECORDED));
    expect(source.description).toBe(
      `Prometheus at ${s.url} with recording rules for 5m`,
    );
    expect(s.requests.filter(r => r.path.startsWith('/api/v1/rules'))).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/api/v1/rules?type=record',
      }),
    ]);
  });

  it('queries the raw series when asked for a fresh answer', async () => {
    const s = await withRules();
    const source = new PrometheusMetricsSource({ baseUrl: s.url });
    await source.query(requests, { fresh: true });
    await source.query(requests);
    expect(sent(s)).toEqual([renderPromQL(requests), RECORDED]);
  });

  it('leaves out rules that are not healthy, and queries the raw series for them', async () => {
    const s = await withRules(name =>
      name.includes('requests') ? 'err' : 'ok',
    );
    const source = new PrometheusMetricsSource({ baseUrl: s.url });
    await source.query(requests);
    expect(sent(s)).toEqual([renderPromQL(requests)]);
    expect([...(await source.recordedSeries()).keys()]).not.toContain(
      'meshport_edge:istio_requests_total:rate5m',
    );
  });

  it('queries the raw series when Prometheus cannot list its rules', async () => {
    const s = await serve(res => json(res, 404, { status: 'error' }));
    const source = new PrometheusMetricsSource({ baseUrl: s.url });
    await source.query(requests);
    expect(sent(s)).toEqual([renderPromQL(requests)]);
    expect(source.description).toBe(`Prometheus at ${s.url}`);
  });

  it('reads the rules again after the refresh period, using the last answer meanwhile', async () => {
    let health = 'err';
    const s = await withRules(() => health);
    const source = new PrometheusMetricsSource({
      baseUrl: s.url,
      rulesRefreshSeconds: 0,
    });
    await source.query(requests);
    health = 'ok';
    await source.query(requests); // still the first answer; a new read starts
    await new Promise(r => setTimeout(r, 50));
    await source.query(requests);
    expect(sent(s).map(q => q?.includes('meshport_edge'))).toEqual([
      false,
      false,
      true,
    ]);
  });

  it('never asks for rules when told not to', async () => {
    const s = await withRules();
    const source = new PrometheusMetricsSource({
      baseUrl: s.url,
      recordingRules: 'off',
    });
    await source.query(requests);
    expect(s.requests.map(r => r.method)).toEqual(['POST']);
    expect(sent(s)).toEqual([renderPromQL(requests)]);
  });
});
