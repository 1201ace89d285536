import path from 'node:path';
import { isPodReady } from '../controllers/podConditions';
import { bookinfoFiles, resolveFixturesDir } from '../manifests/fixturesDir';
import { readManifests } from '../manifests/readManifests';
import { SimulatedCluster } from '../sandbox/SimulatedCluster';
import { KubeObject } from '../store/types';
import { startTestCluster } from '../testUtils/testCluster';
import { waitFor } from '../testUtils/waitFor';
import { bookinfoCallGraph } from './bookinfoCallGraph';
import { IstioLabels } from './IstioMetrics';

jest.setTimeout(20_000);

const networking = path.join(
  resolveFixturesDir(),
  'istio-samples',
  'bookinfo',
  'networking',
);

function vs(name: string, http: unknown[]): KubeObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name, namespace: 'bookinfo' },
    spec: { hosts: [name], http },
  };
}

describe('TrafficSimulator on Bookinfo', () => {
  let cluster: SimulatedCluster;
  const count = (where: Partial<IstioLabels>) =>
    cluster.traffic.metrics.requestCount(where);
  const reviews = (version: string) =>
    count({
      reporter: 'destination',
      destination_service_name: 'reviews',
      destination_version: version,
    });
  /** Plays traffic in large simulated ticks (the timer is parked at an hour). */
  const play = (seconds: number) => {
    for (let i = 0; i < seconds; i += 1) cluster.traffic.tick(1000);
  };

  beforeEach(async () => {
    cluster = await startTestCluster({
      podReadyDelayMs: 5,
      traffic: { tickMs: 3_600_000, seed: 42, rateMultiplier: 20 },
    });
    cluster.apply(await readManifests(bookinfoFiles(resolveFixturesDir())), {
      namespace: 'bookinfo',
      namespaceLabels: { 'istio-injection': 'enabled' },
    });
    cluster.traffic.addCallGraph(bookinfoCallGraph('bookinfo'));
    await waitFor(
      () =>
        cluster.store.list('/pods', 'bookinfo').filter(isPodReady).length ===
          6 &&
        cluster.store.list('/pods', 'istio-system').filter(isPodReady)
          .length === 2,
      'Bookinfo and the gateway ready',
    );
  });
  afterEach(() => cluster.stop());

  it('follows the real call graph through the gateway with the v1 VirtualServices, reported by both proxies', () => {
    play(5); // 20 × 10 rps × 5 s ≈ 1000 page views
    const pages = count({
      reporter: 'source',
      source_workload: 'istio-ingressgateway',
      destination_service_name: 'productpage',
    });
    expect(pages).toBeGreaterThan(850);
    expect(pages).toBeLessThan(1150);
    expect(
      count({
        reporter: 'destination',
        destination_workload: 'productpage-v1',
        response_code: '200',
        connection_security_policy: 'mutual_tls',
      }),
    ).toBe(pages);
    expect(
      count({
        reporter: 'source',
        source_workload: 'productpage-v1',
        destination_service: 'details.bookinfo.svc.cluster.local',
      }),
    ).toBe(pages);
    expect(reviews('v1')).toBe(pages);
    expect(reviews('v2') + reviews('v3')).toBe(0);
    // reviews v1 shows no stars, so nothing calls ratings.
    expect(count({ destination_service_name: 'ratings' })).toBe(0);
    const text = cluster.traffic.metrics.render();
    expect(text).toContain(
      'source_principal="spiffe://cluster.local/ns/bookinfo/sa/bookinfo-productpage"',
    );
    expect(text).toMatch(
      /istio_request_duration_milliseconds_bucket\{reporter="destination",source_workload="productpage-v1",.*destination_version="v1".*le="\+Inf"\} \d+/,
    );
  });

  it('splits by weight, routes on headers, and picks up a changed VirtualService at the next tick', async () => {
    cluster.apply(
      await readManifests([
        path.join(networking, 'virtual-service-reviews-90-10.yaml'),
      ]),
      { namespace: 'bookinfo' },
    );
    play(10);
    const share = reviews('v1') / (reviews('v1') + reviews('v2'));
    expect(share).toBeGreaterThan(0.86);
    expect(share).toBeLessThan(0.94);
    expect(reviews('v3')).toBe(0);

    cluster.apply(
      await readManifests([
        path.join(networking, 'virtual-service-reviews-jason-v2-v3.yaml'),
      ]),
      { namespace: 'bookinfo' },
    );
    const before = { v2: reviews('v2'), v3: reviews('v3') };
    play(10);
    const v2 = reviews('v2') - before.v2;
    const v3 = reviews('v3') - before.v3;
    // Bookinfo's users are 10% jason (→ v2), everyone else → v3.
    expect(v2 / (v2 + v3)).toBeGreaterThan(0.06);
    expect(v2 / (v2 + v3)).toBeLessThan(0.14);
    expect(
      count({
        source_workload: 'reviews-v2',
        destination_service_name: 'ratings',
        reporter: 'destination',
      }),
    ).toBe(reviews('v2'));
  });

  it('injects faults: aborts are reported by the caller only, delays past a route timeout become 504 UT', async () => {
    cluster.apply(
      await readManifests([
        path.join(networking, 'virtual-service-reviews-test-v2.yaml'),
        path.join(networking, 'virtual-service-ratings-test-abort.yaml'),
      ]),
      { namespace: 'bookinfo' },
    );
    play(5);
    const aborted = count({
      reporter: 'source',
      source_workload: 'reviews-v2',
      destination_service_name: 'ratings',
      response_code: '500',
      response_flags: 'FI',
    });
    expect(aborted).toBeGreaterThan(50);
    expect(
      count({ reporter: 'destination', destination_service_name: 'ratings' }),
    ).toBe(0);

    cluster.apply([
      vs('reviews', [
        {
          route: [{ destination: { host: 'reviews', subset: 'v2' } }],
          timeout: '0.5s',
        },
      ]),
      vs('ratings', [
        {
          fault: { delay: { percentage: { value: 100 }, fixedDelay: '2s' } },
          route: [{ destination: { host: 'ratings', subset: 'v1' } }],
        },
      ]),
    ]);
    play(2);
    const timedOut = count({
      reporter: 'source',
      source_workload: 'productpage-v1',
      destination_service_name: 'reviews',
      response_code: '504',
      response_flags: 'UT',
    });
    expect(timedOut).toBeGreaterThan(300);
    expect(
      count({
        reporter: 'source',
        destination_service_name: 'ratings',
        response_flags: 'DI',
      }),
    ).toBeGreaterThan(300);
  });

  it('retries 5xx as the route says, mirrors to a shadow subset, and ejects failing endpoints', () => {
    cluster.traffic.addCallGraph({
      entries: [],
      edges: [],
      behaviour: { 'bookinfo/details': { errorRate: 0.5 } },
    });
    cluster.apply([
      vs('details', [
        {
          route: [{ destination: { host: 'details' } }],
          retries: { attempts: 3, retryOn: '5xx' },
        },
      ]),
    ]);
    play(5);
    const seen = count({
      reporter: 'source',
      destination_service_name: 'details',
    });
    const failed = count({
      reporter: 'source',
      destination_service_name: 'details',
      response_code: '500',
    });
    // Four tries each failing half the time: 1/16 of the calls still fail, and details sees ~1.9 tries per call.
    expect(failed / seen).toBeGreaterThan(0.03);
    expect(failed / seen).toBeLessThan(0.1);
    expect(
      count({ reporter: 'destination', destination_service_name: 'details' }) /
        seen,
    ).toBeGreaterThan(1.7);

    cluster.apply([
      vs('reviews', [
        {
          route: [{ destination: { host: 'reviews', subset: 'v1' } }],
          mirror: { host: 'reviews', subset: 'v3' },
        },
      ]),
    ]);
    const v3Before = reviews('v3');
    play(3);
    const mirrored = reviews('v3') - v3Before;
    expect(mirrored).toBeGreaterThan(400);
    expect(
      count({
        reporter: 'source',
        destination_service_name: 'reviews',
        destination_version: 'v3',
      }),
    ).toBe(0);

    // All three versions behind one route; v2 always fails and gets ejected.
    cluster.traffic.addCallGraph({
      entries: [],
      edges: [],
      behaviour: { 'bookinfo/reviews/v2': { errorRate: 1 } },
    });
    cluster.apply([
      vs('reviews', [
        {
          route: [{ destination: { host: 'reviews' } }],
          retries: { attempts: 0 },
        },
      ]),
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name: 'reviews', namespace: 'bookinfo' },
        spec: {
          host: 'reviews',
          trafficPolicy: {
            outlierDetection: {
              consecutive5xxErrors: 3,
              interval: '1s',
              baseEjectionTime: '10m',
              maxEjectionPercent: 50,
            },
          },
        },
      },
    ]);
    play(1);
    const v2Before = reviews('v2');
    play(5);
    expect(reviews('v2') - v2Before).toBe(0);
  });

  it('denies with AuthorizationPolicy (403 at the destination) and refuses plaintext under STRICT mTLS', () => {
    cluster.apply([
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'details-only-admins', namespace: 'bookinfo' },
        spec: {
          selector: { matchLabels: { app: 'details' } },
          action: 'ALLOW',
          rules: [
            {
              from: [
                { source: { principals: ['cluster.local/ns/admin/sa/admin'] } },
              ],
            },
          ],
        },
      },
    ]);
    play(2);
    const denied = count({
      reporter: 'destination',
      destination_service_name: 'details',
      response_code: '403',
    });
    expect(denied).toBeGreaterThan(300);
    expect(
      count({ destination_service_name: 'details', response_code: '200' }),
    ).toBe(0);

    // A client without a sidecar in a namespace without injection.
    cluster.apply([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'legacy' } },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'sleep', namespace: 'legacy' },
        spec: { selector: { app: 'sleep' }, ports: [{ port: 80 }] },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'sleep', namespace: 'legacy' },
        spec: {
          selector: { matchLabels: { app: 'sleep' } },
          template: {
            metadata: { labels: { app: 'sleep' } },
            spec: { containers: [{ name: 'sleep', image: 'curlimages/curl' }] },
          },
        },
      },
    ]);
    cluster.traffic.addCallGraph({
      entries: [
        {
          host: 'ratings.bookinfo',
          path: '/ratings/0',
          ratePerSecond: 5,
          source: { namespace: 'legacy', service: 'sleep' },
        },
      ],
      edges: [],
    });
    return waitFor(
      () => cluster.store.list('/pods', 'legacy').some(isPodReady),
      'sleep ready',
    ).then(() => {
      play(2);
      // PERMISSIVE: plaintext accepted, the caller unknown to the destination.
      expect(
        count({
          reporter: 'destination',
          destination_service_name: 'ratings',
          source_workload: 'unknown',
          connection_security_policy: 'none',
        }),
      ).toBeGreaterThan(100);
      cluster.apply([
        {
          apiVersion: 'security.istio.io/v1',
          kind: 'PeerAuthentication',
          metadata: { name: 'default', namespace: 'bookinfo' },
          spec: { mtls: { mode: 'STRICT' } },
        },
      ]);
      const before = count({
        reporter: 'destination',
        destination_service_name: 'ratings',
        source_workload: 'unknown',
      });
      play(2);
      expect(
        count({
          reporter: 'destination',
          destination_service_name: 'ratings',
          source_workload: 'unknown',
        }),
      ).toBe(before);
      expect(cluster.traffic.metrics.render()).toMatch(
        /meshport_sandbox_connection_failures_total\{source_workload="unknown",destination_service="ratings.bookinfo.svc.cluster.local",reason="mtls_strict_plaintext"\} [1-9]\d*/,
      );
    });
  });
});
