import { renderPromQL } from '../metrics/renderPromQL';
import { seriesMatches } from '../metrics/seriesMatches';
import { metricQuerySchema } from '../metrics/types';
import { topologyQueries } from './topologyQueries';

describe('topologyQueries', () => {
  it('groups requests by reporter, both identities, protocol, code and security policy', () => {
    const q = topologyQueries({ windowSeconds: 300 });
    expect(q.requests).toMatchObject({
      kind: 'rate',
      metric: 'istio_requests_total',
      windowSeconds: 300,
    });
    expect(q.requests.by).toEqual(
      expect.arrayContaining([
        'reporter',
        'source_workload',
        'source_workload_namespace',
        'source_app',
        'source_version',
        'source_cluster',
        'destination_workload',
        'destination_service',
        'destination_service_name',
        'destination_cluster',
        'request_protocol',
        'response_code',
        'grpc_response_status',
        'connection_security_policy',
      ]),
    );
    expect(q.requests.anyOf).toBeUndefined();
    expect([q.p50.quantile, q.p95.quantile, q.p99.quantile]).toEqual([
      0.5, 0.95, 0.99,
    ]);
    expect(q.p95.by).toContain('reporter');
    // Latency from the caller's report, the destination side's only where the caller made none.
    expect(q.p95.prefer).toEqual({ label: 'reporter', values: ['source'] });
    expect(q.tcpSent.metric).toBe('istio_tcp_sent_bytes_total');
    expect(q.tcpReceived.metric).toBe('istio_tcp_received_bytes_total');
    // Every query passes the boundary schema and renders.
    for (const query of Object.values(q)) {
      expect(metricQuerySchema.safeParse(query).success).toBe(true);
      expect(renderPromQL(query)).toMatch(/^\(?(sum|histogram_quantile)/);
    }
  });

  it('keeps traffic with either end in the namespaces', () => {
    const q = topologyQueries({ windowSeconds: 60, namespaces: ['bookinfo'] });
    const select = (labels: Record<string, string>) =>
      seriesMatches(labels, q.requests);
    expect(
      select({
        source_workload_namespace: 'istio-system',
        destination_service_namespace: 'bookinfo',
      }),
    ).toBe(true);
    expect(
      select({
        source_workload_namespace: 'bookinfo',
        destination_service_namespace: 'unknown',
      }),
    ).toBe(true);
    expect(
      select({
        source_workload_namespace: 'shop',
        destination_service_namespace: 'shop',
      }),
    ).toBe(false);
    expect(renderPromQL(q.requests)).toContain(
      'rate(istio_requests_total{source_workload_namespace=~"bookinfo"}[60s]) or (istio_requests_total{source_workload_namespace=~"bookinfo"} / 60 and on(job,instance) sum_over_time(up[60s]) >= 2)) or (rate(',
    );
  });

  it('combines namespace and cluster filters: either end in each', () => {
    const q = topologyQueries({
      windowSeconds: 60,
      namespaces: ['b.x', 'a'],
      clusters: ['east'],
    });
    expect(q.p99.anyOf).toHaveLength(6);
    // Values are matched literally, not as patterns.
    expect(q.p99.anyOf![0][0]).toEqual({
      label: 'source_workload_namespace',
      op: '=~',
      value: 'a|b\\.x',
    });
    const select = (labels: Record<string, string>) =>
      seriesMatches(labels, q.tcpSent);
    expect(
      select({ source_workload_namespace: 'a', destination_cluster: 'east' }),
    ).toBe(true);
    expect(
      select({ source_workload_namespace: 'a', destination_cluster: 'west' }),
    ).toBe(false);
    expect(
      select({ source_workload_namespace: 'bax', source_cluster: 'east' }),
    ).toBe(false);
    expect(metricQuerySchema.safeParse(q.requests).success).toBe(true);
  });
});
