import { AccessRow, WorkloadSecurity } from '../api/securityTypes';
import { MetricSample, MetricsStatus } from '../metrics/types';
import { renderPromQL } from '../metrics/renderPromQL';
import {
  compareObservedAccess,
  observedAccessQuery,
} from './compareObservedAccess';

const metrics: MetricsStatus = {
  source: 'direct-scrape',
  description: 'sandbox',
  status: 'ok',
};

const ratings = (
  mode: WorkloadSecurity['ports'][0]['mode'],
): WorkloadSecurity => ({
  namespace: 'bookinfo',
  workload: 'ratings-v1',
  dataPlane: 'sidecar',
  pods: 1,
  ports: [
    {
      port: 9080,
      mode,
      level: 'namespace',
      reason: '',
      client: { tls: 'ISTIO_MUTUAL', source: 'auto-mtls' },
      conflicts: [],
    },
  ],
});

const row = (source: string, allowed: boolean): AccessRow => ({
  source,
  sourceSidecar: true,
  destination: 'bookinfo/ratings-v1',
  port: 9080,
  method: 'GET',
  path: '/',
  allowed,
  status: allowed ? 200 : 403,
  action: allowed ? 'ALLOW' : null,
  policy: allowed ? { namespace: 'bookinfo', name: 'allow-reviews' } : null,
  ruleIndex: allowed ? 0 : null,
  reason: '',
});

function sample(
  source: string,
  code: string,
  value: number,
  extra: Record<string, string> = {},
): MetricSample {
  const [ns, wl] = source.split('/');
  return {
    labels: {
      source_workload: wl,
      source_workload_namespace: ns,
      source_principal: `spiffe://cluster.local/ns/${ns}/sa/${wl}`,
      destination_workload: 'ratings-v1',
      destination_workload_namespace: 'bookinfo',
      response_code: code,
      reporter: 'destination',
      connection_security_policy: 'mutual_tls',
      ...extra,
    },
    value,
  };
}

const rows = [
  row('bookinfo/reviews-v1', true),
  row('bookinfo/reviews-v2', true),
  row('bookinfo/productpage-v1', false),
  row('bookinfo/details-v1', false),
];

describe('observedAccessQuery', () => {
  it('asks for requests into exactly the given workloads, by the labels compared', () => {
    const q = observedAccessQuery(300, [
      { namespace: 'bookinfo', workload: 'ratings-v1' },
      { namespace: 'other', workload: 'ratings-v2' },
    ]);
    expect(q.anyOf).toEqual([
      [
        { label: 'destination_workload_namespace', op: '=', value: 'bookinfo' },
        { label: 'destination_workload', op: '=', value: 'ratings-v1' },
      ],
      [
        { label: 'destination_workload_namespace', op: '=', value: 'other' },
        { label: 'destination_workload', op: '=', value: 'ratings-v2' },
      ],
    ]);
    const promql = renderPromQL(q);
    expect(promql).toContain('istio_requests_total');
    expect(promql).toContain('[300s]');
    expect(promql).toContain('connection_security_policy');
    expect(promql).toContain('source_principal');
  });
});

describe('compareObservedAccess', () => {
  it('sorts callers into denied-seen, allowed-seen and allowed-unseen', () => {
    const o = compareObservedAccess(
      rows,
      [
        sample('bookinfo/reviews-v1', '200', 2),
        sample('bookinfo/reviews-v1', '503', 0.5),
        sample('bookinfo/productpage-v1', '403', 1.5),
        // The caller's own report of the same denial is not counted twice.
        sample('bookinfo/productpage-v1', '403', 1.5, { reporter: 'source' }),
        // Another workload's traffic is not the entity's.
        sample('bookinfo/reviews-v1', '200', 9, {
          destination_workload: 'details-v1',
        }),
      ],
      [ratings('STRICT')],
      { windowSeconds: 300, metrics },
    );
    expect(o.windowSeconds).toBe(300);
    expect(o.metrics).toBe(metrics);
    expect(o.callers).toEqual([
      {
        source: 'bookinfo/productpage-v1',
        destination: 'bookinfo/ratings-v1',
        sourcePrincipal: 'cluster.local/ns/bookinfo/sa/productpage-v1',
        port: 9080,
        requestsPerSecond: 1.5,
        deniedPerSecond: 1.5,
        reporter: 'destination',
        plaintextPerSecond: 0,
        allowedByPolicy: false,
        status: 'denied-seen',
      },
      {
        source: 'bookinfo/reviews-v1',
        destination: 'bookinfo/ratings-v1',
        sourcePrincipal: 'cluster.local/ns/bookinfo/sa/reviews-v1',
        port: 9080,
        requestsPerSecond: 2.5,
        deniedPerSecond: 0,
        reporter: 'destination',
        plaintextPerSecond: 0,
        allowedByPolicy: true,
        status: 'allowed-seen',
      },
      {
        source: 'bookinfo/reviews-v2',
        destination: 'bookinfo/ratings-v1',
        port: 9080,
        requestsPerSecond: 0,
        deniedPerSecond: 0,
        reporter: 'destination',
        plaintextPerSecond: 0,
        allowedByPolicy: true,
        status: 'allowed-unseen',
      },
    ]);
  });

  it('falls back to the caller report and notes it', () => {
    const o = compareObservedAccess(
      rows,
      [sample('bookinfo/productpage-v1', '403', 0.25, { reporter: 'source' })],
      [ratings('STRICT')],
      { windowSeconds: 60, metrics },
    );
    expect(o.callers[0]).toMatchObject({
      source: 'bookinfo/productpage-v1',
      reporter: 'source',
      deniedPerSecond: 0.25,
      status: 'denied-seen',
    });
  });

  it('flags plaintext to a PERMISSIVE workload, not to a STRICT or DISABLE one', () => {
    const plain = [
      sample('unknown/unknown', '200', 1, {
        source_principal: 'unknown',
        connection_security_policy: 'none',
      }),
    ];
    const permissive = compareObservedAccess(
      rows,
      plain,
      [ratings('PERMISSIVE')],
      {
        windowSeconds: 60,
        metrics,
      },
    );
    expect(permissive.callers[0]).toEqual({
      source: 'unknown/unknown',
      destination: 'bookinfo/ratings-v1',
      sourcePrincipal: undefined,
      port: 9080,
      requestsPerSecond: 1,
      deniedPerSecond: 0,
      reporter: 'destination',
      plaintextPerSecond: 1,
      allowedByPolicy: undefined,
      status: 'plaintext-permissive',
    });
    expect(
      compareObservedAccess(rows, plain, [ratings('DISABLE')], {
        windowSeconds: 60,
        metrics,
      }).callers[0].status,
    ).toBe('allowed-seen');
  });

  it('keeps a seen caller that policy no longer allows as allowed-seen with allowedByPolicy false', () => {
    const o = compareObservedAccess(
      rows,
      [sample('bookinfo/details-v1', '200', 1)],
      [ratings('STRICT')],
      { windowSeconds: 60, metrics },
    );
    expect(
      o.callers.find(c => c.source === 'bookinfo/details-v1'),
    ).toMatchObject({
      status: 'allowed-seen',
      allowedByPolicy: false,
    });
  });

  it('lists only unseen allowed callers when nothing was observed', () => {
    const o = compareObservedAccess(rows, [], [ratings('STRICT')], {
      windowSeconds: 60,
      metrics: { ...metrics, status: 'unavailable' },
    });
    expect(o.callers.map(c => `${c.source}:${c.status}`)).toEqual([
      'bookinfo/reviews-v1:allowed-unseen',
      'bookinfo/reviews-v2:allowed-unseen',
    ]);
  });
});
