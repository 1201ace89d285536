// Records the Prometheus scrapes behind the topology tests: the sandbox's simulated Istio mesh
// (Bookinfo plus a proxy-less caller, a TCP database, an external host, a Service without
// endpoints, 5xx and 403 answers) scraped twice a few seconds apart. Run from plugins/mesh-common:
//   node --import tsx scripts/recordTopologyFixture.ts
// The tests stay pure: they read the two files and compute rates from them (src/topology/__testUtils__).
/* eslint-disable @backstage/no-relative-monorepo-imports, no-console -- dev tooling run by hand */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox } from '../../../packages/mesh-sandbox/src';

const OUT = path.resolve(__dirname, '../src/topology/__fixtures__');
const INTERVAL_MS = 6_000;
const WARM_UP_MS = 4_000;
/**
 * What graphs read; the size histograms, _sum and _count, the TCP connection counters and the
 * SPIFFE principals (long, and read by no graph) are left out to keep the files small.
 */
const KEEP =
  /^(istio_requests_total|istio_request_duration_milliseconds_bucket|istio_tcp_sent_bytes_total|istio_tcp_received_bytes_total)\{/;

const deployment = (
  namespace: string,
  name: string,
  labels: Record<string, string>,
) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace, labels },
  spec: {
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: { containers: [{ name: labels.app, image: `example/${name}` }] },
    },
  },
});

const service = (
  namespace: string,
  name: string,
  selector: Record<string, string>,
  port: { name: string; port: number },
) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace },
  spec: { selector, ports: [port] },
});

const manifests = [
  // Reviews split three ways so ratings is called by v2 and v3 (the demo routes everything to v1).
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'reviews', namespace: 'bookinfo' },
    spec: {
      hosts: ['reviews'],
      http: [
        {
          route: [
            { destination: { host: 'reviews', subset: 'v1' }, weight: 34 },
            { destination: { host: 'reviews', subset: 'v2' }, weight: 33 },
            { destination: { host: 'reviews', subset: 'v3' }, weight: 33 },
          ],
        },
      ],
    },
  },
  // 4xx: details refuses Bookinfo's logged-in user (a tenth of the page views).
  {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'deny-jason', namespace: 'bookinfo' },
    spec: {
      selector: { matchLabels: { app: 'details' } },
      action: 'DENY',
      rules: [
        { when: [{ key: 'request.headers[end-user]', values: ['jason'] }] },
      ],
    },
  },
  // TCP: ratings reads a database.
  deployment('bookinfo', 'mongodb-v1', { app: 'mongodb', version: 'v1' }),
  service(
    'bookinfo',
    'mongodb',
    { app: 'mongodb' },
    { name: 'tcp-mongo', port: 27017 },
  ),
  // A Service whose selector matches no pod: callers get 503 UH and no destination reports.
  service(
    'bookinfo',
    'notifications',
    { app: 'notifications' },
    { name: 'http', port: 9080 },
  ),
  // A caller without a sidecar: only the destination reports it, as source_workload="unknown".
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'legacy' } },
  deployment('legacy', 'sleep', { app: 'sleep' }),
  service('legacy', 'sleep', { app: 'sleep' }, { name: 'http', port: 80 }),
];

async function scrape(url: string): Promise<{ at: number; text: string }> {
  const response = await fetch(url);
  const text = await response.text();
  return { at: Date.now(), text };
}

function trim(text: string, at: number): string {
  const lines = text
    .split('\n')
    .filter(l => KEEP.test(l))
    .map(l => l.replace(/(source|destination)_principal="[^"]*",/g, ''));
  return `# scraped at ${new Date(at).toISOString()} (${at})\n${lines.join('\n')}\n`;
}

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'meshport-fixture-'));
  const file = path.join(dir, 'extra.json');
  await fs.writeFile(
    file,
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifests }),
  );
  const sandbox = await startSandbox({
    clusters: [
      {
        name: 'east',
        scenario: 'demo',
        manifests: [file],
        callGraphs: [
          {
            entries: [
              {
                host: 'ratings.bookinfo',
                path: '/ratings/0',
                ratePerSecond: 2,
                source: { namespace: 'legacy', service: 'sleep' },
              },
              {
                host: 'api.example.com',
                path: '/v1/quotes',
                ratePerSecond: 1,
                source: { namespace: 'bookinfo', service: 'productpage' },
              },
              {
                host: 'notifications',
                path: '/notify',
                ratePerSecond: 1,
                source: { namespace: 'bookinfo', service: 'reviews' },
              },
            ],
            edges: [
              {
                from: { namespace: 'bookinfo', service: 'ratings' },
                to: { namespace: 'bookinfo', service: 'mongodb' },
                protocol: 'tcp',
                path: '',
              },
            ],
            behaviour: {
              'bookinfo/details/v1': { errorRate: 0.08 },
              'bookinfo/mongodb': { requestBytes: 120, responseBytes: 2400 },
            },
          },
        ],
      },
    ],
    podReadyDelayMs: 20,
    traffic: { tickMs: 100, rateMultiplier: 5, seed: 20261210 },
  });
  try {
    const url = sandbox.cluster('east').metricsUrl;
    const ready =
      /istio_tcp_sent_bytes_total\{.*destination_workload="mongodb-v1"/;
    const until = Date.now() + 30_000;
    let first = await scrape(url);
    while (
      !ready.test(first.text) ||
      !/source_workload="unknown"/.test(first.text)
    ) {
      if (Date.now() > until) throw new Error('no traffic after 30 s');
      await new Promise(r => setTimeout(r, 500));
      first = await scrape(url);
    }
    // Let every series appear before the first scrape: Prometheus gives no rate to a series seen once.
    await new Promise(r => setTimeout(r, WARM_UP_MS));
    first = await scrape(url);
    await new Promise(r => setTimeout(r, INTERVAL_MS));
    const second = await scrape(url);
    await fs.mkdir(OUT, { recursive: true });
    await fs.writeFile(
      path.join(OUT, 'bookinfo-0.prom'),
      trim(first.text, first.at),
    );
    await fs.writeFile(
      path.join(OUT, 'bookinfo-1.prom'),
      trim(second.text, second.at),
    );
    console.log(
      `wrote ${OUT}/bookinfo-{0,1}.prom, ${(second.at - first.at) / 1000} s apart`,
    );
  } finally {
    await sandbox.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
