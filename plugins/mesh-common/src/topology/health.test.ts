import {
  DEFAULT_HEALTH_CONFIG,
  evaluateHealth,
  formatHealthValue,
  HealthConfig,
  healthConfigSchema,
  HealthInput,
  RedWithCodes,
  worseStatus,
} from './health';

/** `rps` req/s of which `codes` are the non-200 ones. */
function red(
  rps: number,
  codes: Record<string, number> = {},
  extra: Partial<RedWithCodes> = {},
): RedWithCodes {
  const errors = Object.values(codes).reduce((s, v) => s + v, 0);
  const sum = (prefix: string) =>
    Object.entries(codes)
      .filter(([c]) => c.startsWith(prefix))
      .reduce((s, [, v]) => s + v, 0);
  return {
    rps,
    rps4xx: sum('4'),
    rps5xx: sum('5'),
    errorRatio: rps > 0 ? sum('5') / rps : 0,
    responseCodes: {
      ...(rps > errors ? { '200': rps - errors } : {}),
      ...codes,
    },
    ...extra,
  };
}

const node = (extra: Partial<HealthInput> = {}): HealthInput => ({
  namespace: 'bookinfo',
  workload: 'reviews-v1',
  kind: 'workload',
  ...extra,
});

const judge = (
  input: HealthInput,
  config: HealthConfig = DEFAULT_HEALTH_CONFIG,
) => evaluateHealth(input, config);

describe('evaluateHealth response codes', () => {
  it('judges codes given as a Map as it judges the same codes as a record', () => {
    const asRecord = red(10, { '503': 0.5, '404': 1.5 });
    const asMap: RedWithCodes = {
      ...asRecord,
      responseCodes: new Map(Object.entries(asRecord.responseCodes!)),
    };
    const verdict = judge(node({ inbound: asRecord }));
    expect(verdict.status).toBe('degraded');
    expect(judge(node({ inbound: asMap }))).toEqual(verdict);
  });

  it('takes the class totals when no codes are given', () => {
    const totals = { rps: 10, rps4xx: 0, rps5xx: 1, errorRatio: 0.1 };
    expect(judge(node({ inbound: totals })).reasons).toEqual(
      judge(node({ inbound: { ...totals, responseCodes: new Map() } })).reasons,
    );
    expect(judge(node({ inbound: totals })).status).toBe('failure');
  });
});

describe('evaluateHealth error rates (defaults)', () => {
  it.each([
    // 5xx: any is degraded, 10 % fails.
    [{ '503': 0.01 }, 'degraded'],
    [{ '503': 9.99 }, 'degraded'],
    [{ '503': 10 }, 'failure'],
    [{ '503': 10.01 }, 'failure'],
    // 4xx: degraded at 10 %, failure at 20 %.
    [{ '404': 9.99 }, 'healthy'],
    [{ '404': 10 }, 'degraded'],
    [{ '404': 10.01 }, 'degraded'],
    [{ '404': 19.99 }, 'degraded'],
    [{ '404': 20 }, 'failure'],
    [{ '404': 20.01 }, 'failure'],
  ])('%j of 100 req/s is %s', (codes, status) => {
    expect(judge(node({ inbound: red(100, codes) })).status).toBe(status);
  });

  it('treats no 5xx at all as healthy, not degraded at 0 %', () => {
    expect(judge(node({ inbound: red(100) }))).toEqual({
      status: 'healthy',
      reasons: [],
    });
  });

  it('meets a threshold that floating-point sums fall just short of', () => {
    // 0.015 of 0.135 + 0.015 req/s is 10 % in words, 9.999999999999998 % in floats.
    const v = judge(node({ inbound: red(0.15, { '500': 0.015 }) }));
    expect(v.status).toBe('failure');
    expect(v.reasons[0].message).toBe(
      '5xx 10.0 % of 0.15 req/s (failure at 10 %)',
    );
  });

  it('says the measured value and the threshold in words', () => {
    const v = judge(node({ inbound: red(4.1, { '503': 0.5043 }) }));
    expect(v).toEqual({
      status: 'failure',
      reasons: [
        {
          code: 'error-rate-5xx',
          status: 'failure',
          message: '5xx 12.3 % of 4.1 req/s (failure at 10 %)',
        },
      ],
    });
    expect(
      judge(node({ inbound: red(200, { '500': 1 }) })).reasons[0].message,
    ).toBe('5xx 0.5 % of 200 req/s (degraded above 0 %)');
    expect(
      judge(node({ inbound: red(10, { '404': 1.5 }) })).reasons[0],
    ).toEqual({
      code: 'error-rate-4xx',
      status: 'degraded',
      message: '4xx 15.0 % of 10.0 req/s (degraded at 10 %)',
    });
  });

  it('reports each code class and takes the worst', () => {
    const v = judge(node({ inbound: red(100, { '500': 1, '404': 25 }) }));
    expect(v.status).toBe('failure');
    expect(v.reasons.map(r => [r.code, r.status])).toEqual([
      ['error-rate-5xx', 'degraded'],
      ['error-rate-4xx', 'failure'],
    ]);
  });

  it('uses the 4xx and 5xx totals when codes are not broken down', () => {
    const v = judge(
      node({
        inbound: { rps: 10, rps4xx: 0, rps5xx: 2, errorRatio: 0.2 },
      }),
    );
    expect(v.reasons[0].message).toBe(
      '5xx 20.0 % of 10.0 req/s (failure at 10 %)',
    );
  });

  it('judges outbound traffic and says so', () => {
    const v = judge(node({ kind: 'gateway', outbound: red(20, { '503': 1 }) }));
    expect(v.reasons[0].message).toBe(
      'outbound 5xx 5.0 % of 20.0 req/s (degraded above 0 %)',
    );
  });

  it('ignores 2xx and 3xx codes and TCP traffic', () => {
    expect(
      judge(node({ inbound: red(10, { '302': 5, '201': 5 }) })).status,
    ).toBe('healthy');
    expect(
      judge(
        node({
          protocol: 'tcp',
          inbound: {
            rps: 0,
            rps4xx: 0,
            rps5xx: 0,
            errorRatio: 0,
            tcpBytesPerSecond: 900,
          },
        }),
      ),
    ).toEqual({ status: 'healthy', reasons: [] });
  });
});

describe('evaluateHealth with configured rules', () => {
  const config = (rate: HealthConfig['rate']): HealthConfig => ({
    rate: [...rate, ...DEFAULT_HEALTH_CONFIG.rate],
  });

  it('lets the first matching rule decide a code, the defaults the rest', () => {
    // 404s are normal for the legacy namespace; 5xx keep the defaults there.
    const c = config([
      { namespace: 'legacy', code: '404', degraded: 50, failure: 80 },
    ]);
    const legacy = node({ namespace: 'legacy' });
    expect(judge({ ...legacy, inbound: red(10, { '404': 4 }) }, c).status).toBe(
      'healthy',
    );
    expect(judge({ ...legacy, inbound: red(10, { '404': 5 }) }, c)).toEqual({
      status: 'degraded',
      reasons: [
        {
          code: 'error-rate-4xx',
          status: 'degraded',
          message: '404 50.0 % of 10.0 req/s (degraded at 50 %)',
        },
      ],
    });
    // 403 is not claimed by the user's rule: the default 4xx rule sees it.
    expect(judge({ ...legacy, inbound: red(10, { '403': 2 }) }, c).status).toBe(
      'failure',
    );
    expect(judge({ ...legacy, inbound: red(10, { '503': 1 }) }, c).status).toBe(
      'failure',
    );
    // Other namespaces keep the defaults for 404.
    expect(judge(node({ inbound: red(10, { '404': 4 }) }), c).status).toBe(
      'failure',
    );
  });

  it('anchors the namespace and workload patterns', () => {
    const c = config([
      { workload: 'reviews', code: '5\\d\\d', degraded: 50, failure: 90 },
    ]);
    const traffic = red(10, { '500': 1 });
    expect(
      judge(node({ workload: 'reviews', inbound: traffic }), c).status,
    ).toBe('healthy');
    expect(
      judge(node({ workload: 'reviews-v1', inbound: traffic }), c).status,
    ).toBe('failure');
    const wide = config([
      { namespace: 'book.*', code: '5\\d\\d', degraded: 50, failure: 90 },
    ]);
    expect(judge(node({ inbound: traffic }), wide).status).toBe('healthy');
  });

  it('matches kind, direction and protocol', () => {
    const lenient = { code: '5\\d\\d', degraded: 50, failure: 90 };
    const traffic = red(10, { '500': 1 });
    const byKind = config([{ ...lenient, kind: ['edge'] }]);
    expect(
      judge({ ...node(), kind: 'edge', inbound: traffic }, byKind).status,
    ).toBe('healthy');
    expect(judge(node({ inbound: traffic }), byKind).status).toBe('failure');

    const byDirection = config([{ ...lenient, direction: 'outbound' }]);
    expect(judge(node({ outbound: traffic }), byDirection).status).toBe(
      'healthy',
    );
    expect(judge(node({ inbound: traffic }), byDirection).status).toBe(
      'failure',
    );

    const byProtocol = config([{ ...lenient, protocol: 'grpc' }]);
    expect(
      judge(node({ protocol: 'grpc', inbound: traffic }), byProtocol).status,
    ).toBe('healthy');
    expect(
      judge(node({ protocol: 'http', inbound: traffic }), byProtocol).status,
    ).toBe('failure');
  });

  it('names codes a pattern does not spell as a class', () => {
    const c = config([{ code: '40[34]', degraded: 10, failure: 90 }]);
    expect(
      judge(node({ inbound: red(10, { '403': 1, '404': 1 }) }), c).reasons[0]
        .message,
    ).toBe('codes 403, 404 20.0 % of 10.0 req/s (degraded at 10 %)');
  });

  it('calls a rule over mixed classes a plain error rate', () => {
    const c: HealthConfig = {
      rate: [{ code: '[45]\\d\\d', degraded: 1, failure: 50 }],
    };
    expect(
      judge(node({ inbound: red(10, { '404': 1, '503': 1 }) }), c).reasons[0]
        .code,
    ).toBe('error-rate');
  });
});

describe('evaluateHealth latency, availability and data plane', () => {
  const ok = red(10);

  it.each([
    [499, 'healthy'],
    [500, 'healthy'],
    [501, 'degraded'],
    [1000, 'degraded'],
    [1001, 'failure'],
  ])('p99 %d ms against a 500 ms SLO is %s', (p99, status) => {
    expect(
      judge(node({ inbound: { ...ok, p99 }, latencySloP99Ms: 500 })).status,
    ).toBe(status);
  });

  it('words the latency findings', () => {
    expect(
      judge(node({ inbound: { ...ok, p99: 840 }, latencySloP99Ms: 500 }))
        .reasons,
    ).toEqual([
      {
        code: 'latency-slo',
        status: 'degraded',
        message: 'p99 840 ms over the 500 ms SLO',
      },
    ]);
    expect(
      judge(node({ inbound: { ...ok, p99: 1200 }, latencySloP99Ms: 500 }))
        .reasons[0].message,
    ).toBe('p99 1200 ms over twice the 500 ms SLO');
  });

  it('compares only the served (inbound) p99 with the SLO', () => {
    expect(
      judge(node({ outbound: { ...ok, p99: 5000 }, latencySloP99Ms: 500 }))
        .status,
    ).toBe('healthy');
  });

  it.each([
    [{ ready: 3, desired: 3 }, 'healthy', undefined],
    [{ ready: 4, desired: 3 }, 'healthy', undefined],
    [{ ready: 2, desired: 3 }, 'degraded', '2 of 3 replicas ready'],
    [{ ready: 1, desired: 3 }, 'degraded', '1 of 3 replicas ready'],
    [{ ready: 0, desired: 3 }, 'failure', '0 of 3 replicas ready'],
    [{ ready: 0, desired: 1 }, 'failure', '0 of 1 replica ready'],
  ])('replicas %j are %s', (replicas, status, message) => {
    const v = judge(node({ inbound: ok, replicas }));
    expect(v.status).toBe(status);
    expect(v.reasons.map(r => [r.code, r.message])).toEqual(
      message ? [['availability', message]] : [],
    );
  });

  it('finds a workload outside the mesh, but not an ambient one', () => {
    expect(judge(node({ inbound: ok, dataPlane: 'none' }))).toEqual({
      status: 'degraded',
      reasons: [
        {
          code: 'proxy-missing',
          status: 'degraded',
          message: 'no sidecar: not in the mesh',
        },
      ],
    });
    expect(judge(node({ inbound: ok, dataPlane: 'ambient' })).status).toBe(
      'healthy',
    );
  });

  it('finds a proxy older than the control plane', () => {
    expect(
      judge(
        node({
          inbound: ok,
          proxyVersion: '1.22.1',
          expectedProxyVersion: '1.24.0',
        }),
      ).reasons,
    ).toEqual([
      {
        code: 'proxy-outdated',
        status: 'degraded',
        message: 'proxy 1.22.1, control plane 1.24.0',
      },
    ]);
    expect(
      judge(
        node({
          inbound: ok,
          proxyVersion: '1.24.0',
          expectedProxyVersion: 'v1.24.0',
        }),
      ).status,
    ).toBe('healthy');
  });

  it('takes the worst of several findings and keeps every reason', () => {
    const v = judge(
      node({
        inbound: { ...red(10, { '500': 0.1 }), p99: 2000 },
        latencySloP99Ms: 500,
        replicas: { ready: 1, desired: 2 },
      }),
    );
    expect(v.status).toBe('failure');
    expect(v.reasons.map(r => r.code)).toEqual([
      'error-rate-5xx',
      'latency-slo',
      'availability',
    ]);
  });
});

describe('evaluateHealth without traffic', () => {
  it('is healthy when the replicas are known and fine', () => {
    expect(judge(node({ replicas: { ready: 2, desired: 2 } }))).toEqual({
      status: 'healthy',
      reasons: [],
    });
  });

  it('is idle without traffic and without model information', () => {
    expect(judge(node({ inbound: red(0) }))).toEqual({
      status: 'idle',
      reasons: [
        {
          code: 'no-traffic',
          status: 'idle',
          message: 'no traffic in the window',
        },
      ],
    });
  });

  it('is idle when scaled to zero', () => {
    expect(
      judge(node({ replicas: { ready: 0, desired: 0 } })).reasons[0].message,
    ).toBe('scaled to zero, no traffic in the window');
  });

  it('is still failing when no replica is ready', () => {
    expect(judge(node({ replicas: { ready: 0, desired: 2 } })).status).toBe(
      'failure',
    );
  });

  it('judges unknown and external nodes and edges by their traffic only', () => {
    const podInfo = {
      replicas: { ready: 0, desired: 2 },
      dataPlane: 'none' as const,
      proxyVersion: '1.0.0',
      expectedProxyVersion: '1.24.0',
    };
    for (const kind of ['unknown', 'external', 'edge'] as const) {
      expect(judge(node({ kind, inbound: red(10), ...podInfo })).status).toBe(
        'healthy',
      );
      expect(
        judge(node({ kind, inbound: red(10, { '503': 2 }), ...podInfo }))
          .status,
      ).toBe('failure');
    }
  });
});

describe('healthConfigSchema', () => {
  it('puts the user rules before the defaults', () => {
    const parsed = healthConfigSchema.parse({
      rate: [
        {
          namespace: 'legacy',
          kind: 'workload',
          code: '404',
          degraded: 50,
          failure: 80,
        },
      ],
      latencySloP99Ms: 300,
    });
    expect(parsed).toEqual({
      rate: [
        {
          namespace: 'legacy',
          kind: ['workload'],
          code: '404',
          degraded: 50,
          failure: 80,
        },
        ...DEFAULT_HEALTH_CONFIG.rate,
      ],
      latencySloP99Ms: 300,
    });
  });

  it('gives the defaults for an empty section', () => {
    expect(healthConfigSchema.parse({})).toEqual(DEFAULT_HEALTH_CONFIG);
  });

  it('reports a bad regex, kind or threshold at its path', () => {
    const r = healthConfigSchema.safeParse({
      rate: [
        { code: '5\\d\\d', degraded: 0, failure: 10 },
        { workload: 'reviews(', code: '5xx', degraded: 0, failure: 10 },
        { code: '4\\d\\d', kind: ['pod'], degraded: 20, failure: 10 },
      ],
      latencySloP99Ms: -1,
    });
    expect(r.success).toBe(false);
    if (r.success) return;
    const paths = r.error.issues.map(i => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'rate.1.workload',
        'rate.2.kind',
        'latencySloP99Ms',
      ]),
    );
    const regexIssue = r.error.issues.find(
      i => i.path.join('.') === 'rate.1.workload',
    );
    expect(regexIssue?.message).toMatch(/^not a regular expression/);
    expect(paths).not.toContain('rate.0.code');
  });

  it('rejects failure below degraded and unknown keys', () => {
    const r = healthConfigSchema.safeParse({
      rate: [{ code: '5\\d\\d', degraded: 20, failure: 10 }],
    });
    expect(r.success ? [] : r.error.issues).toMatchObject([
      {
        path: ['rate', 0, 'failure'],
        message: 'must be at least degraded (20)',
      },
    ]);
    expect(healthConfigSchema.safeParse({ rates: [] }).success).toBe(false);
  });
});

describe('helpers', () => {
  it('formats numbers for messages', () => {
    expect(
      [0, 0.0512, 0.5, 4.123, 12.345, 99.94, 840.4, 1234].map(
        formatHealthValue,
      ),
    ).toEqual(['0', '0.051', '0.5', '4.1', '12.3', '99.9', '840', '1234']);
  });

  it('orders statuses', () => {
    expect(worseStatus('healthy', 'degraded')).toBe('degraded');
    expect(worseStatus('failure', 'degraded')).toBe('failure');
    expect(worseStatus('unknown', 'idle')).toBe('idle');
    expect(worseStatus('idle', 'healthy')).toBe('idle');
  });
});
