import {
  findPrometheus,
  RunningPrometheus,
  startPrometheus,
} from '../prometheus/startPrometheus';
import { startSandbox } from '../sandbox/startSandbox';
import { Sandbox } from '../sandbox/types';
import { request } from '../testUtils/request';
import { waitFor } from '../testUtils/waitFor';

// The judge is Debian's real Prometheus (apt-get install prometheus; .ci/run installs it). It is
// not skipped when missing: a missing judge is a failure, not a pass.
jest.setTimeout(60_000);

type VectorResult = Array<{
  metric: Record<string, string>;
  value: [number, string];
}>;

describe('metrics scraped by a real Prometheus', () => {
  let sandbox: Sandbox;
  let prometheus: RunningPrometheus | undefined;

  async function query(expr: string): Promise<VectorResult> {
    const response = await fetch(
      `${prometheus!.url}/api/v1/query?query=${encodeURIComponent(expr)}`,
    );
    const body = (await response.json()) as {
      status: string;
      data: { result: VectorResult };
    };
    if (body.status !== 'success')
      throw new Error(`query failed: ${JSON.stringify(body)}`);
    return body.data.result;
  }

  beforeAll(async () => {
    if (!findPrometheus())
      throw new Error(
        'no prometheus binary: apt-get install -y --no-install-recommends prometheus',
      );
    // 200 page views a second, generated every 100 ms, so a few seconds give thousands of samples.
    sandbox = await startSandbox({
      clusters: [{ name: 'prom', scenario: 'demo' }],
      podReadyDelayMs: 20,
      traffic: { tickMs: 100, rateMultiplier: 20 },
    });
    prometheus = await startPrometheus({
      targets: [sandbox.cluster('prom').metricsUrl],
      scrapeIntervalSeconds: 1,
    });
  });

  afterAll(async () => {
    await prometheus?.stop();
    await sandbox?.stop();
  });

  it('sees a 90/10 VirtualService on reviews as a 90/10 split of istio_requests_total', async () => {
    const byVersion =
      'sum by (destination_version) (rate(istio_requests_total{destination_service_name="reviews"}[1m]))';
    // First scrape with Bookinfo's all-v1 routing.
    const first = await waitFor(
      async () =>
        (
          await query(
            'istio_requests_total{destination_service_name="reviews"}',
          )
        ).length > 0
          ? true
          : undefined,
      'a scrape with reviews traffic',
      20_000,
    );
    expect(first).toBe(true);
    const cluster = sandbox.cluster('prom');
    const patched = await request(
      cluster,
      'PATCH',
      '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices/reviews',
      {
        contentType: 'application/merge-patch+json',
        body: {
          spec: {
            http: [
              {
                route: [
                  {
                    destination: { host: 'reviews', subset: 'v1' },
                    weight: 90,
                  },
                  {
                    destination: { host: 'reviews', subset: 'v3' },
                    weight: 10,
                  },
                ],
              },
            ],
          },
        },
      },
    );
    expect(patched.status).toBe(200);
    // Let 15 s of the new split dominate the 1m window (the seconds before the change were all v1).
    await new Promise(resolve => setTimeout(resolve, 15_000));
    const result = await query(byVersion);
    const rate = (version: string) =>
      Number(
        result.find(r => r.metric.destination_version === version)?.value[1] ??
          0,
      );
    const total = rate('v1') + rate('v2') + rate('v3');
    expect(total).toBeGreaterThan(100);
    expect(rate('v2')).toBe(0);
    expect(rate('v1') / total).toBeGreaterThan(0.85);
    expect(rate('v1') / total).toBeLessThan(0.95);
    expect(rate('v3') / total).toBeGreaterThan(0.05);
    expect(rate('v3') / total).toBeLessThan(0.15);
    // Istio's label set made it through Prometheus' parser intact.
    const [series] = await query(
      'istio_request_duration_milliseconds_bucket{reporter="destination",destination_version="v3",le="+Inf"}',
    );
    expect(series.metric).toMatchObject({
      source_workload: 'productpage-v1',
      destination_workload: 'reviews-v3',
      destination_service: 'reviews.bookinfo.svc.cluster.local',
      connection_security_policy: 'mutual_tls',
      source_cluster: 'prom',
      request_protocol: 'http',
    });
  });
});
