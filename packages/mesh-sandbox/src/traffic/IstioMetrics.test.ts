import { ISTIO_LABELS, IstioLabels, IstioMetrics } from './IstioMetrics';

const labels = Object.fromEntries(
  ISTIO_LABELS.map(name => [name, 'x']),
) as IstioLabels;

describe('IstioMetrics', () => {
  it('renders counters and cumulative histograms in Prometheus text format with escaped labels', () => {
    const metrics = new IstioMetrics();
    metrics.recordRequest(
      { ...labels, response_code: '200', source_workload: 'a"b' },
      3,
      500,
      2000,
    );
    metrics.recordRequest(
      { ...labels, response_code: '200', source_workload: 'a"b' },
      30,
      50,
      20,
    );
    metrics.recordTcp({ ...labels, request_protocol: 'tcp' }, 100, 40);
    const text = metrics.render();
    expect(text).toContain('# TYPE istio_requests_total counter');
    expect(text).toMatch(
      /^istio_requests_total\{reporter="x",source_workload="a\\"b",.*response_code="200".*\} 2$/m,
    );
    expect(text).toMatch(
      /istio_request_duration_milliseconds_bucket\{.*le="5"\} 1$/m,
    );
    expect(text).toMatch(
      /istio_request_duration_milliseconds_bucket\{.*le="50"\} 2$/m,
    );
    expect(text).toMatch(/istio_request_duration_milliseconds_sum\{.*\} 33$/m);
    expect(text).toMatch(/istio_request_bytes_bucket\{.*le="\+Inf"\} 2$/m);
    expect(text).toMatch(
      /istio_tcp_sent_bytes_total\{.*request_protocol="tcp".*\} 100$/m,
    );
    expect(text).toMatch(/istio_tcp_received_bytes_total\{.*\} 40$/m);
    expect(text).toMatch(/istio_tcp_connections_opened_total\{.*\} 1$/m);
    expect(metrics.requestCount({ response_code: '200' })).toBe(2);
    expect(metrics.requestCount({ response_code: '500' })).toBe(0);
  });

  it('renders what changed since the last scrape, and the same bytes for what did not', () => {
    const metrics = new IstioMetrics();
    const a = { ...labels, source_workload: 'a', response_code: '200' };
    const b = { ...labels, source_workload: 'b', response_code: '200' };
    metrics.recordRequest(a, 3, 10, 10);
    metrics.recordRequest(b, 3, 10, 10);
    metrics.recordTcp({ ...a, request_protocol: 'tcp' }, 100, 40);
    const first = metrics.render();
    expect(metrics.render()).toBe(first);

    metrics.recordRequest(a, 700, 10, 10);
    metrics.recordTcp({ ...a, request_protocol: 'tcp' }, 5, 1);
    const second = metrics.render();
    expect(second).toMatch(
      /^istio_requests_total\{reporter="x",source_workload="a",.*\} 2$/m,
    );
    expect(second).toMatch(
      /^istio_request_duration_milliseconds_bucket\{reporter="x",source_workload="a",.*le="1000"\} 2$/m,
    );
    expect(second).toMatch(
      /^istio_requests_total\{reporter="x",source_workload="b",.*\} 1$/m,
    );
    expect(second).toMatch(/^istio_tcp_sent_bytes_total\{.*\} 105$/m);
    expect(second).toMatch(/^istio_tcp_connections_closed_total\{.*\} 2$/m);
    expect(second.endsWith('\n')).toBe(true);
    expect(second).not.toMatch(/\n\n/);
  });
});
