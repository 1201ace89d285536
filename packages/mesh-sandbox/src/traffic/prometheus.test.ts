import { freePort } from '../testUtils/freePort';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox } from '../sandbox/startSandbox';
import { Sandbox } from '../sandbox/types';
import { request } from '../testUtils/request';
import { waitFor } from '../testUtils/waitFor';

/** The judge is Debian's real Prometheus (apt-get install prometheus); PROMETHEUS=/path overrides. */
const PROMETHEUS = process.env.PROMETHEUS ?? '/usr/bin/prometheus';
const available = existsSync(PROMETHEUS);
if (!available) {
  // eslint-disable-next-line no-console
  console.warn(
    `skipping the Prometheus scrape test: ${PROMETHEUS} is missing (apt-get install -y --no-install-recommends prometheus)`,
  );
}

jest.setTimeout(60_000);

type VectorResult = Array<{
  metric: Record<string, string>;
  value: [number, string];
}>;

(available ? describe : describe.skip)(
  'metrics scraped by a real Prometheus',
  () => {
    let sandbox: Sandbox;
    let prometheus: ChildProcess | undefined;
    let dir: string;
    let promUrl: string;

    async function query(expr: string): Promise<VectorResult> {
      const response = await fetch(
        `${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`,
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
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'meshport-prom-'));
      // 200 page views a second, generated every 100 ms, so a few seconds give thousands of samples.
      sandbox = await startSandbox({
        clusters: [{ name: 'prom', scenario: 'demo' }],
        podReadyDelayMs: 20,
        traffic: { tickMs: 100, rateMultiplier: 20 },
      });
      const target = new URL(sandbox.cluster('prom').metricsUrl);
      await fs.writeFile(
        path.join(dir, 'prometheus.yml'),
        `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: sandbox\n    metrics_path: ${target.pathname}\n    static_configs:\n      - targets: ['${target.host}']\n`,
      );
      const port = await freePort();
      promUrl = `http://127.0.0.1:${port}`;
      prometheus = spawn(
        PROMETHEUS,
        [
          `--config.file=${path.join(dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${path.join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
        ],
        { stdio: 'ignore' },
      );
      await waitFor(
        () =>
          fetch(`${promUrl}/-/ready`).then(
            r => r.ok,
            () => false,
          ),
        'Prometheus ready',
        20_000,
      );
    });

    afterAll(async () => {
      if (prometheus?.pid) {
        const exited = new Promise(resolve =>
          prometheus!.once('exit', resolve),
        );
        prometheus.kill('SIGTERM');
        await exited;
      }
      await sandbox?.stop();
      if (dir) await fs.rm(dir, { recursive: true, force: true });
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
          result.find(r => r.metric.destination_version === version)
            ?.value[1] ?? 0,
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
  },
);
