import { renderPromQL } from '../metrics/renderPromQL';
import { MetricRangeResult } from '../metrics/types';
import { chartQueries, toRedSeries } from './chartQueries';
import { RedSeries } from './types';

describe('chartQueries', () => {
  it("reads a workload's inbound traffic from its own proxy", () => {
    const q = chartQueries({
      windowSeconds: 60,
      target: {
        cluster: 'east',
        namespace: 'bookinfo',
        workload: 'reviews-v2',
      },
      direction: 'inbound',
    });
    const inbound =
      'istio_requests_total{reporter="destination",destination_workload_namespace="bookinfo",destination_workload="reviews-v2",destination_cluster="east"}';
    // New series count from zero, as the graph counts them.
    expect(renderPromQL(q.rps)).toBe(
      `sum((rate(${inbound}[60s]) or (${inbound} / 60 and on(job,instance) sum_over_time(up[60s]) >= 2)))`,
    );
    expect(renderPromQL(q.p95)).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination",destination_workload_namespace="bookinfo",destination_workload="reviews-v2",destination_cluster="east"}[60s])))',
    );
    expect(q.rps5xx.by).toEqual([
      'request_protocol',
      'response_code',
      'grpc_response_status',
    ]);
  });

  it("reads outbound traffic from the caller's proxy and a service's inbound from its callers", () => {
    const out = chartQueries({
      windowSeconds: 30,
      target: { namespace: 'bookinfo', workload: 'productpage-v1' },
      direction: 'outbound',
    });
    expect(out.rps.matchers).toEqual([
      { label: 'reporter', op: '=', value: 'source' },
      { label: 'source_workload_namespace', op: '=', value: 'bookinfo' },
      { label: 'source_workload', op: '=', value: 'productpage-v1' },
    ]);
    const service = chartQueries({
      windowSeconds: 30,
      target: { namespace: 'bookinfo', service: 'reviews' },
      direction: 'inbound',
    });
    expect(service.p99.matchers).toEqual([
      { label: 'reporter', op: '=', value: 'source' },
      { label: 'destination_service_namespace', op: '=', value: 'bookinfo' },
      { label: 'destination_service_name', op: '=', value: 'reviews' },
    ]);
    expect(() =>
      chartQueries({
        windowSeconds: 30,
        target: { namespace: 'bookinfo', service: 'reviews' },
        direction: 'outbound',
      }),
    ).toThrow(/workload/);
  });
});

describe('toRedSeries', () => {
  const none: MetricRangeResult = { series: [] };
  const codes = (
    code: string,
    points: Array<[number, number]>,
    extra: Record<string, string> = {},
  ) => ({
    labels: {
      request_protocol: 'http',
      response_code: code,
      grpc_response_status: '',
      ...extra,
    },
    points,
  });

  it('sums rates per timestamp and classifies errors as the graph does', () => {
    const errors: MetricRangeResult = {
      series: [
        codes('200', [
          [100, 5],
          [160, 6],
        ]),
        codes('503', [
          [100, 1],
          [160, 2],
        ]),
        codes('404', [[160, 0.5]]),
        codes(
          '200',
          [
            [100, 0.25],
            [160, 0.25],
          ],
          { request_protocol: 'grpc', grpc_response_status: '14' },
        ),
      ],
    };
    const results: Record<keyof RedSeries, MetricRangeResult> = {
      rps: {
        series: [
          {
            labels: {},
            points: [
              [100, 6.25],
              [160, 8.75],
            ],
          },
        ],
      },
      rps4xx: errors,
      rps5xx: errors,
      p50: {
        series: [
          {
            labels: {},
            points: [
              [100, 3],
              [160, NaN],
            ],
          },
        ],
      },
      p95: none,
      p99: none,
    };
    const red = toRedSeries(results);
    expect(red.rps).toEqual([
      [100, 6.25],
      [160, 8.75],
    ]);
    // 503 plus the gRPC UNAVAILABLE answered with HTTP 200.
    expect(red.rps5xx).toEqual([
      [100, 1.25],
      [160, 2.25],
    ]);
    // A timestamp where only other codes have points is a zero, not a gap.
    expect(red.rps4xx).toEqual([
      [100, 0],
      [160, 0.5],
    ]);
    // NaN (no requests in that step) is a gap.
    expect(red.p50).toEqual([[100, 3]]);
    expect(red.p95).toEqual([]);
  });
});
