import {
  CanaryCheck,
  canaryCheckQuery,
  evaluateCanaryCheck,
  MetricQuery,
  MetricQueryResult,
} from '@meshport/plugin-mesh-common';
import { MetricsSource } from '@meshport/plugin-mesh-node';
import { runCanaryChecks } from './runCanaryChecks';

const target = {
  namespace: 'bookinfo',
  service: 'reviews',
  version: 'v3',
  workloads: ['reviews-v3'],
};
const successRate: CanaryCheck = { kind: 'success-rate', minPercent: 99 };
const latency: CanaryCheck = { kind: 'latency-p99', maxMs: 500 };
const custom: CanaryCheck = {
  kind: 'promql',
  name: 'budget',
  query: 'sum(rate(x{namespace="{{ namespace }}"}[{{ interval }}]))',
  max: 1,
};

function source(
  answer: (q: MetricQuery) => Promise<MetricQueryResult>,
  promql?: (expr: string) => Promise<MetricQueryResult>,
): MetricsSource {
  return {
    type: 'test',
    description: 'the test source',
    query: q => answer(q),
    queryRange: async () => ({ series: [] }),
    ...(promql ? { queryPromQL: (e: string) => promql(e) } : {}),
  };
}

const run = (checks: CanaryCheck[], s?: MetricsSource, timeoutSeconds = 1) =>
  runCanaryChecks({
    checks,
    queries: checks.map(c => canaryCheckQuery(c, target, 60)),
    source: s,
    unavailable: 'the mesh has no metrics source configured',
    timeoutSeconds,
    evaluate: evaluateCanaryCheck,
  });

describe('runCanaryChecks', () => {
  it('judges each answer: the success rate from rates by response code, the p99 as measured', async () => {
    const results = await run(
      [successRate, latency],
      source(async q =>
        q.kind === 'rate'
          ? {
              samples: [
                { labels: { response_code: '200' }, value: 98 },
                { labels: { response_code: '503' }, value: 2 },
              ],
            }
          : { samples: [{ labels: {}, value: 120 }] },
      ),
    );
    expect(results.map(r => [r.name, r.value, r.ok])).toEqual([
      ['success rate', 98, false],
      ['p99 latency', 120, true],
    ]);
  });

  it('asks for fresh answers: a step is never judged on recorded series a rule interval old', async () => {
    const options: unknown[] = [];
    const s: MetricsSource = {
      ...source(async () => ({ samples: [] })),
      query: async (_q, o) => {
        options.push(o);
        return { samples: [] };
      },
    };
    await run([successRate, latency], s);
    expect(options).toEqual([
      expect.objectContaining({ fresh: true }),
      expect.objectContaining({ fresh: true }),
    ]);
  });

  it('fails every check, saying why, when there is no source', async () => {
    const results = await run([successRate, latency]);
    expect(results.every(r => !r.ok && r.value === null)).toBe(true);
    expect(results[0].reason).toContain('no metrics source configured');
  });

  it('fails a check whose query errors or outlives the timeout, and keeps the others', async () => {
    const results = await run(
      [successRate, latency],
      source(q =>
        q.kind === 'rate'
          ? new Promise(() => undefined)
          : Promise.reject(new Error('Prometheus refused: 503')),
      ),
      0.2,
    );
    expect(results[0].reason).toMatch(/did not answer within 0.2 s/);
    expect(results[1].reason).toMatch(/Prometheus refused: 503/);
  });

  it('runs custom PromQL with the placeholders filled in, or fails it on a source that cannot', async () => {
    const seen: string[] = [];
    const withPromQL = await run(
      [custom],
      source(
        async () => ({ samples: [] }),
        async expr => {
          seen.push(expr);
          return { samples: [{ labels: {}, value: 0.5 }] };
        },
      ),
    );
    expect(withPromQL[0]).toMatchObject({ ok: true, value: 0.5 });
    expect(seen).toEqual(['sum(rate(x{namespace="bookinfo"}[60s]))']);
    const without = await run(
      [custom],
      source(async () => ({ samples: [] })),
    );
    expect(without[0].ok).toBe(false);
    expect(without[0].reason).toMatch(/cannot run PromQL/);
  });

  it('fails a check whose query could not be built', async () => {
    const results = await runCanaryChecks({
      checks: [successRate],
      queries: [
        { kind: 'invalid', error: 'no workload of reviews has version v3' },
      ],
      source: source(async () => ({ samples: [] })),
      unavailable: '',
      timeoutSeconds: 1,
      evaluate: evaluateCanaryCheck,
    });
    expect(results[0]).toMatchObject({ ok: false, value: null });
    expect(results[0].reason).toContain(
      'no workload of reviews has version v3',
    );
  });
});
