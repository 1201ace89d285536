import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  apiVersionOf,
  authorizeRequest,
  CanIAnswer,
  ChangePreview,
  ClusterSecurity,
  EntitySecurity,
  kindPath,
  KubeObject,
  MeshIndex,
  WATCHED_KINDS,
} from '@meshport/plugin-mesh-common';
import {
  DirectScrapeMetricsSource,
  meshMetricsSourcesExtensionPoint,
  MetricsSourceFactory,
} from '@meshport/plugin-mesh-node';
import { Sandbox, startSandbox } from '@meshport/mesh-sandbox';
import request from 'supertest';
import { KubeHttpClient } from '../cluster/KubeHttpClient';
import { meshPlugin } from '../plugin';
import { FakeMetricsSource } from '../testUtils/FakeMetricsSource';
import { component } from '../testUtils/reviewsEntity';
import { until } from '../testUtils/until';

jest.setTimeout(180_000);

type Server = Awaited<ReturnType<typeof startTestBackend>>['server'];

const bookinfo = (app: string) =>
  component(app, {
    'backstage.io/kubernetes-label-selector': `app=${app}`,
    'backstage.io/kubernetes-namespace': 'bookinfo',
    'meshport.io/mesh': 'demo',
  });
const entities = [bookinfo('ratings'), bookinfo('reviews')];

const RATINGS = '/api/mesh/entities/component/default/ratings';

/** Reads the sandbox's own metrics endpoint every second, as a mesh without Prometheus would. */
const directScrape: MetricsSourceFactory = {
  type: 'direct-scrape',
  create: config =>
    config.scrapeUrls?.length
      ? new DirectScrapeMetricsSource({
          scrapeUrls: config.scrapeUrls,
          scrapeIntervalSeconds: 1,
        })
      : undefined,
};

/** "Allow only reviews": the ratings workloads admit reviews' service account and nobody else. */
const ALLOW_ONLY_REVIEWS = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ratings-allow-reviews
  namespace: bookinfo
spec:
  selector:
    matchLabels:
      app: ratings
  action: ALLOW
  rules:
    - from:
        - source:
            principals:
              - cluster.local/ns/bookinfo/sa/bookinfo-reviews
`;

describe('security routes against the sandbox', () => {
  let sandbox: Sandbox;
  let kube: KubeHttpClient;
  beforeAll(async () => {
    sandbox = await startSandbox({
      clusters: [
        {
          name: 'sandbox',
          scenario: 'demo',
          // Bookinfo's productpage never calls ratings itself; this caller is what the policy denies.
          callGraphs: [
            {
              entries: [],
              edges: [
                {
                  from: { namespace: 'bookinfo', service: 'productpage' },
                  to: { namespace: 'bookinfo', service: 'ratings' },
                  protocol: 'http',
                  path: '/ratings/0',
                },
              ],
            },
          ],
        },
      ],
      podReadyDelayMs: 20,
    });
    const c = sandbox.cluster('sandbox');
    kube = new KubeHttpClient({
      name: 'sandbox',
      apiUrl: c.apiUrl,
      caData: c.caData,
      insecureSkipTlsVerify: false,
      token: c.token,
    });
  });
  afterAll(async () => {
    kube?.close();
    await sandbox?.stop();
  });

  async function boot(
    options: {
      permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
      /** The demo mesh's metrics settings; none by default. */
      meshMetrics?: Record<string, unknown>;
      factory?: MetricsSourceFactory;
      queryTimeoutSeconds?: number;
    } = {},
  ): Promise<Server> {
    const c = sandbox.cluster('sandbox');
    const { server } = await startTestBackend({
      features: [
        meshPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.permissions.factory({
          result: options.permission ?? AuthorizeResult.ALLOW,
        }),
        mockServices.rootConfig.factory({
          data: {
            mesh: {
              encryptionKey: 'security-test-key-0123456789',
              allowPrivateClusterUrls: true,
              topology: {
                cacheSeconds: 0,
                ...(options.queryTimeoutSeconds
                  ? { queryTimeoutSeconds: options.queryTimeoutSeconds }
                  : {}),
              },
              clusters: [
                {
                  name: 'sandbox',
                  apiUrl: c.apiUrl,
                  caData: c.caData,
                  token: c.token,
                },
              ],
              meshes: [
                {
                  name: 'demo',
                  kind: 'external',
                  controlPlaneCluster: 'sandbox',
                  members: [{ cluster: 'sandbox', role: 'primary' }],
                  ...options.meshMetrics,
                },
              ],
            },
          },
        }),
        ...(options.factory
          ? [
              createBackendModule({
                pluginId: 'mesh',
                moduleId: 'test-metrics',
                register(reg) {
                  reg.registerInit({
                    deps: { metrics: meshMetricsSourcesExtensionPoint },
                    async init({ metrics }) {
                      metrics.addMetricsSourceFactory(options.factory!);
                    },
                  });
                },
              }),
            ]
          : []),
      ],
    });
    if (options.permission !== AuthorizeResult.DENY)
      await until(
        () => request(server).get(`${RATINGS}/security`),
        // Synced, with ratings' pod filed under its Deployment and Bookinfo's callers all running.
        r =>
          r.status === 200 &&
          r.body.clusters[0]?.sync.status === 'synced' &&
          r.body.clusters[0].workloads.some(
            (w: { workload: string }) => w.workload === 'ratings-v1',
          ) &&
          r.body.clusters[0].access.peers >= 6,
        60_000,
      );
    return server;
  }

  const security = async (server: Server, query = '') =>
    (await request(server).get(`${RATINGS}/security${query}`).expect(200))
      .body as EntitySecurity;

  const canI = async (server: Server, body: Record<string, unknown>) =>
    (await request(server).post(`${RATINGS}/can-i`).send(body).expect(200))
      .body as CanIAnswer;

  /** The sandbox's objects of every kind Meshport watches, in a fresh index, as the CLI would read them from files. */
  async function sandboxIndex(): Promise<MeshIndex> {
    const index = new MeshIndex();
    for (const kind of WATCHED_KINDS) {
      for (const version of kind.versions) {
        const reply = await kube.request({
          method: 'GET',
          path: kindPath(kind, version),
        });
        if (reply.status === 404) continue;
        const list = JSON.parse(reply.body) as { items: KubeObject[] };
        for (const item of list.items)
          index.upsert(
            {
              ...item,
              apiVersion: apiVersionOf(kind, version),
              kind: kind.kind,
            },
            'sandbox',
          );
        break;
      }
    }
    return index;
  }

  const ratingsOf = (view: EntitySecurity): ClusterSecurity => view.clusters[0];

  it("shows ratings' effective mTLS with where it comes from, the access rows in and out, and no policies on plain Bookinfo", async () => {
    const server = await boot();
    const cluster = ratingsOf(await security(server));
    expect(cluster.cluster).toBe('sandbox');
    expect(cluster.trustDomain).toBe('cluster.local');
    const ratings = cluster.workloads.find(w => w.workload === 'ratings-v1');
    expect(ratings).toMatchObject({
      namespace: 'bookinfo',
      serviceAccount: 'bookinfo-ratings',
      principal: 'cluster.local/ns/bookinfo/sa/bookinfo-ratings',
      dataPlane: 'sidecar',
    });
    expect(ratings?.ports).toEqual([
      expect.objectContaining({
        port: 9080,
        mode: 'PERMISSIVE',
        level: 'default',
        client: expect.objectContaining({ tls: 'ISTIO_MUTUAL' }),
        conflicts: [],
      }),
    ]);
    expect(cluster.policies).toEqual([]);
    // No AuthorizationPolicy: everyone may call ratings, and ratings may call everyone.
    const inbound = cluster.access.inbound.filter(
      r => r.destination === 'bookinfo/ratings-v1',
    );
    expect(inbound.map(r => r.source)).toEqual(
      expect.arrayContaining([
        'bookinfo/productpage-v1',
        'bookinfo/reviews-v2',
        'bookinfo/details-v1',
      ]),
    );
    expect(inbound.every(r => r.allowed && r.port === 9080)).toBe(true);
    expect(
      cluster.access.outbound.find(
        r => r.destination === 'bookinfo/details-v1',
      ),
    ).toMatchObject({ source: 'bookinfo/ratings-v1', allowed: true });
    // Without a metrics source the view still answers, and says why there are no observed callers.
    expect(cluster.observed?.metrics).toMatchObject({
      status: 'not-configured',
    });
    expect(cluster.observed?.metrics.message).toContain('metricsScrapeUrls');
  });

  it('shows a namespace-wide STRICT PeerAuthentication as the deciding level, in words', async () => {
    const server = await boot();
    const created = await kube.request({
      method: 'POST',
      path: '/apis/security.istio.io/v1/namespaces/bookinfo/peerauthentications',
      body: {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: { name: 'default', namespace: 'bookinfo' },
        spec: { mtls: { mode: 'STRICT' } },
      },
    });
    expect(created.status).toBe(201);
    try {
      const view = await until(
        () => security(server),
        v => ratingsOf(v).policies.length > 0,
      );
      const cluster = ratingsOf(view);
      const port = cluster.workloads.find(w => w.workload === 'ratings-v1')
        ?.ports[0];
      expect(port).toMatchObject({
        mode: 'STRICT',
        level: 'namespace',
        decidedBy: {
          kind: 'PeerAuthentication',
          namespace: 'bookinfo',
          name: 'default',
          path: 'spec.mtls.mode',
        },
      });
      const pa = cluster.policies.find(p => p.kind === 'PeerAuthentication');
      expect(pa).toMatchObject({
        namespace: 'bookinfo',
        name: 'default',
        scope: 'namespace',
        appliesTo: ['bookinfo/ratings-v1'],
      });
      expect(pa?.lines.map(l => l.text).join('\n')).toMatch(/STRICT|mTLS/);
    } finally {
      const deleted = await kube.request({
        method: 'DELETE',
        path: '/apis/security.istio.io/v1/namespaces/bookinfo/peerauthentications/default',
      });
      expect(deleted.status).toBe(200);
    }
    await until(
      () => security(server),
      v => ratingsOf(v).policies.length === 0,
    );
  });

  it('answers can-i with the same JSON as authorizeRequest on the same objects (meshport can-i --format json)', async () => {
    const server = await boot();
    const answer = await canI(server, {
      from: 'bookinfo/productpage-v1',
      method: 'GET',
      path: '/ratings/0',
    });
    expect(answer).toMatchObject({ allowed: true, status: 200 });
    // What `meshport can-i --from bookinfo/productpage-v1 --to bookinfo/ratings-v1` builds: a
    // Deployment caller by labels and its service account's principal, the first container port.
    const index = await sandboxIndex();
    const expected = authorizeRequest(index, {
      source: {
        namespace: 'bookinfo',
        labels: { app: 'productpage', version: 'v1' },
        principal: 'cluster.local/ns/bookinfo/sa/bookinfo-productpage',
      },
      destination: {
        namespace: 'bookinfo',
        labels: { app: 'ratings', version: 'v1' },
      },
      port: 9080,
      method: 'GET',
      path: '/ratings/0',
      trustDomain: 'cluster.local',
    });
    expect(answer).toEqual(JSON.parse(JSON.stringify(expected)));

    // A service account that runs no workload of that name is a caller too, as in the CLI.
    const bySa = await canI(server, {
      from: 'bookinfo/bookinfo-reviews',
      to: 'bookinfo/ratings',
      port: 9080,
    });
    expect(bySa).toMatchObject({
      allowed: true,
      principal: 'cluster.local/ns/bookinfo/sa/bookinfo-reviews',
    });
  });

  it('answers 400 naming the field, 404 for an unknown entity, and 403 without mesh.entity.read', async () => {
    const server = await boot();
    const bad = async (body: unknown, field: string) => {
      const res = await request(server)
        .post(`${RATINGS}/can-i`)
        .send(body as object)
        .expect(400);
      expect(res.body.error.message).toContain(field);
    };
    await bad({}, 'from is required');
    await bad({ from: 'productpage' }, 'from');
    await bad({ from: 'bookinfo/productpage-v1', port: 'eighty' }, 'port');
    await bad({ from: 'bookinfo/productpage-v1', extra: 1 }, 'extra');
    await bad(
      { from: 'bookinfo/nothing-here' },
      'from: no Pod, Deployment, Service or ServiceAccount named nothing-here',
    );
    await bad(
      { from: 'bookinfo/productpage-v1', to: 'bookinfo/nothing-here' },
      'to: no Pod, Deployment or Service named nothing-here',
    );
    await bad(
      { from: 'bookinfo/productpage-v1', cluster: 'elsewhere' },
      'cluster: "elsewhere" is not one of the entity\'s clusters',
    );
    const window = await request(server)
      .get(`${RATINGS}/security?window=forever`)
      .expect(400);
    expect(window.body.error.message).toContain('window');
    const tooLong = await request(server)
      .get(`${RATINGS}/security?window=30d`)
      .expect(400);
    expect(tooLong.body.error.message).toContain('window');
    await request(server).get(`${RATINGS}/security?hops=2`).expect(400);

    await request(server)
      .get('/api/mesh/entities/component/default/nope/security')
      .expect(404);
    await request(server)
      .post('/api/mesh/entities/component/default/nope/can-i')
      .send({ from: 'bookinfo/productpage-v1' })
      .expect(404);

    const denied = await boot({ permission: AuthorizeResult.DENY });
    const res = await request(denied).get(`${RATINGS}/security`).expect(403);
    expect(res.body.error.message).toContain('mesh.entity.read');
    await request(denied)
      .post(`${RATINGS}/can-i`)
      .send({ from: 'bookinfo/productpage-v1' })
      .expect(403);
  });

  it('still answers when the metrics source is down or slow, saying so', async () => {
    const down = new FakeMetricsSource('down');
    const server = await boot({
      factory: down.factory(),
      meshMetrics: { prometheusUrl: 'http://127.0.0.1:1' },
    });
    const cluster = ratingsOf(await security(server));
    expect(cluster.workloads.length).toBeGreaterThan(0);
    expect(cluster.observed).toMatchObject({
      callers: [],
      metrics: { status: 'unavailable', source: 'recorded' },
    });
    expect(cluster.observed?.metrics.message).toContain('refused');

    const hang = new FakeMetricsSource('hang');
    const slow = await boot({
      factory: hang.factory(),
      meshMetrics: { prometheusUrl: 'http://127.0.0.1:1' },
      queryTimeoutSeconds: 1,
    });
    const started = Date.now();
    const late = ratingsOf(await security(slow));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(late.observed?.metrics).toMatchObject({ status: 'unavailable' });
    expect(late.observed?.metrics.message).toContain('did not answer');
    expect(hang.aborted).toBeGreaterThan(0);
  });

  it("asks the metrics source for the entity's workloads over the window, and compares what it saw with the access rows", async () => {
    const seen = (
      source: string,
      code: string,
      policy: string,
      value: number,
    ) => ({
      labels: {
        reporter: 'destination',
        source_workload: source,
        source_workload_namespace: 'bookinfo',
        source_principal: 'unknown',
        destination_workload: 'ratings-v1',
        destination_workload_namespace: 'bookinfo',
        response_code: code,
        connection_security_policy: policy,
      },
      value,
    });
    const fake = new FakeMetricsSource('recorded', {
      requests: [
        // details has no business calling ratings, and does so in plaintext: what STRICT would break.
        seen('details-v1', '200', 'none', 2),
        seen('productpage-v1', '200', 'mutual_tls', 5),
      ],
    });
    const server = await boot({
      factory: fake.factory(),
      meshMetrics: { prometheusUrl: 'http://127.0.0.1:1' },
    });
    const cluster = ratingsOf(await security(server, '?window=2m'));
    const query = fake.queries[fake.queries.length - 1];
    expect(query).toMatchObject({
      kind: 'rate',
      metric: 'istio_requests_total',
      windowSeconds: 120,
      anyOf: [
        [
          expect.objectContaining({
            label: 'destination_workload_namespace',
            value: 'bookinfo',
          }),
          expect.objectContaining({
            label: 'destination_workload',
            value: 'ratings-v1',
          }),
        ],
      ],
    });
    // One cluster: no cluster filter, so Istio's default cluster ID still matches.
    expect(JSON.stringify(query)).not.toContain('destination_cluster');
    expect(cluster.observed?.metrics).toMatchObject({
      source: 'recorded',
      status: 'ok',
    });
    const callers = cluster.observed?.callers ?? [];
    const of = (source: string) => callers.find(c => c.source === source);
    expect(of('bookinfo/details-v1')).toMatchObject({
      status: 'plaintext-permissive',
      plaintextPerSecond: 2,
      port: 9080,
      allowedByPolicy: true,
    });
    expect(of('bookinfo/productpage-v1')).toMatchObject({
      status: 'allowed-seen',
      requestsPerSecond: 5,
      deniedPerSecond: 0,
    });
    // Allowed by policy (there is none) but never seen in the window.
    expect(of('bookinfo/reviews-v2')).toMatchObject({
      status: 'allowed-unseen',
      requestsPerSecond: 0,
    });
  });

  it('enforces a policy applied through the write path: productpage → ratings turns into 403s seen and denied', async () => {
    const c = sandbox.cluster('sandbox');
    const server = await boot({
      factory: directScrape,
      meshMetrics: { metricsScrapeUrls: [c.metricsUrl] },
    });
    const caller = (v: EntitySecurity, source: string) =>
      ratingsOf(v).observed?.callers.find(
        x => x.source === source && x.destination === 'bookinfo/ratings-v1',
      );
    // Before: productpage's calls are seen, and allowed.
    const before = await until(
      () => security(server, '?window=1m'),
      v => (caller(v, 'bookinfo/productpage-v1')?.requestsPerSecond ?? 0) > 0,
      60_000,
    );
    expect(ratingsOf(before).observed?.metrics).toMatchObject({
      source: 'direct-scrape',
      status: 'ok',
    });
    expect(caller(before, 'bookinfo/productpage-v1')).toMatchObject({
      status: 'allowed-seen',
      allowedByPolicy: true,
    });

    // "Allow only reviews" on ratings, previewed and applied like any change.
    const preview: ChangePreview = (
      await request(server)
        .post('/api/mesh/changes/preview')
        .send({
          entityRef: 'component:default/ratings',
          cluster: 'sandbox',
          resources: [{ action: 'apply', manifest: ALLOW_ONLY_REVIEWS }],
          description: 'allow only reviews on ratings',
        })
        .expect(200)
    ).body;
    expect(preview.resources[0]).toMatchObject({
      kind: 'AuthorizationPolicy',
      name: 'ratings-allow-reviews',
      operation: 'create',
    });
    await request(server)
      .post(`/api/mesh/changes/${preview.id}/apply`)
      .expect(200);

    // The model says no at once, naming the policy; reviews' identity is still let in by its rule.
    const no = await canI(server, {
      from: 'bookinfo/productpage-v1',
      path: '/ratings/0',
    });
    expect(no).toMatchObject({ allowed: false, status: 403 });
    expect(no.reason).toContain('bookinfo/ratings-allow-reviews');
    expect(no.steps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'applies',
          policy: { namespace: 'bookinfo', name: 'ratings-allow-reviews' },
        }),
      ]),
    );
    const yes = await canI(server, { from: 'bookinfo/reviews-v2' });
    expect(yes).toMatchObject({
      allowed: true,
      action: 'ALLOW',
      policy: { namespace: 'bookinfo', name: 'ratings-allow-reviews' },
      ruleIndex: 0,
    });

    // The sandbox enforces it: its Istio metrics count 403s, and the tab shows them as seen and denied.
    const after = await until(
      () => security(server, '?window=1m'),
      v => {
        const x = caller(v, 'bookinfo/productpage-v1');
        return x?.status === 'denied-seen' && x.deniedPerSecond > 0;
      },
      90_000,
    );
    const cluster = ratingsOf(after);
    expect(caller(after, 'bookinfo/productpage-v1')).toMatchObject({
      allowedByPolicy: false,
    });
    expect(
      cluster.access.inbound.find(
        r =>
          r.source === 'bookinfo/productpage-v1' &&
          r.destination === 'bookinfo/ratings-v1',
      ),
    ).toMatchObject({ allowed: false, status: 403 });
    expect(
      cluster.policies.find(p => p.name === 'ratings-allow-reviews'),
    ).toMatchObject({
      kind: 'AuthorizationPolicy',
      action: 'ALLOW',
      scope: 'workload',
      appliesTo: ['bookinfo/ratings-v1'],
    });
  });
});
