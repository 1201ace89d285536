import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  MeshGraph,
  MetricSample,
  MetricsCharts,
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

jest.setTimeout(120_000);

type Server = Awaited<ReturnType<typeof startTestBackend>>['server'];
type Knex = Awaited<ReturnType<typeof databases.init>>;

// SQLite always; PostgreSQL 15 when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set.
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const bookinfo = (app: string, extra: Record<string, string> = {}) =>
  component(app, {
    'backstage.io/kubernetes-label-selector': `app=${app}`,
    'backstage.io/kubernetes-namespace': 'bookinfo',
    'meshport.io/mesh': 'demo',
    ...extra,
  });

const reviews: Entity = {
  ...bookinfo('reviews', { 'meshport.io/latency-slo-p99-ms': '40' }),
  relations: [
    { type: 'dependsOn', targetRef: 'component:default/ratings' },
    { type: 'dependsOn', targetRef: 'component:default/details' },
  ],
};
const entities = [
  reviews,
  bookinfo('productpage'),
  bookinfo('ratings'),
  bookinfo('details'),
];

/** One reported request series of Istio's, from `from` to `to` in the sandbox's bookinfo. */
function sample(
  from: string,
  to: string,
  code: string,
  value: number,
): MetricSample {
  const app = (w: string) => w.replace(/-v\d+$/, '');
  const version = (w: string) => /-(v\d+)$/.exec(w)?.[1] ?? 'unknown';
  return {
    labels: {
      reporter: 'source',
      source_cluster: 'sandbox',
      source_workload: from,
      source_workload_namespace: 'bookinfo',
      source_app: app(from),
      source_version: version(from),
      destination_cluster: 'sandbox',
      destination_workload: to,
      destination_workload_namespace: 'bookinfo',
      destination_app: app(to),
      destination_version: version(to),
      destination_service: `${app(to)}.bookinfo.svc.cluster.local`,
      destination_service_name: app(to),
      destination_service_namespace: 'bookinfo',
      request_protocol: 'http',
      response_code: code,
      grpc_response_status: '',
      connection_security_policy: 'unknown',
    },
    value,
  };
}

const recording = {
  requests: [
    sample('productpage-v1', 'reviews-v1', '200', 9),
    sample('productpage-v1', 'details-v1', '200', 10),
    sample('reviews-v2', 'ratings-v1', '200', 0.9),
    sample('reviews-v2', 'ratings-v1', '503', 0.1),
  ],
};

const wl = (name: string) => `workload:sandbox:bookinfo:${name}`;

describe('topology routes against the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      clusters: [{ name: 'sandbox', scenario: 'demo' }],
      podReadyDelayMs: 20,
    });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  async function boot(
    options: {
      permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
      factory?: MetricsSourceFactory;
      /** The demo mesh's metrics settings; a placeholder Prometheus URL by default. */
      meshMetrics?: Record<string, unknown>;
      mesh?: Record<string, unknown>;
      knex?: Knex;
    } = {},
  ): Promise<Server> {
    const c = sandbox.cluster('sandbox');
    const features = [
      meshPlugin,
      catalogServiceMock.factory({ entities }),
      mockServices.permissions.factory({
        result: options.permission ?? AuthorizeResult.ALLOW,
      }),
      mockServices.rootConfig.factory({
        data: {
          mesh: {
            encryptionKey: 'topology-test-key-0123456789',
            allowPrivateClusterUrls: true,
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
                ...(options.meshMetrics ?? {
                  prometheusUrl: 'http://127.0.0.1:1',
                }),
              },
            ],
            ...options.mesh,
          },
        },
      }),
      ...(options.knex
        ? [mockServices.database.factory({ knex: options.knex })]
        : []),
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
    ];
    const { server } = await startTestBackend({ features });
    if (options.permission !== AuthorizeResult.DENY)
      await until(
        () =>
          request(server).get(
            '/api/mesh/entities/component/default/reviews/overview',
          ),
        // Synced, so each pod is filed under its Deployment (a pod seen before its ReplicaSet is not).
        r =>
          r.status === 200 &&
          r.body.clusters[0]?.sync.status === 'synced' &&
          r.body.clusters[0].summary.podsReady === 3 &&
          r.body.clusters[0].workloads.every(
            (w: { kind: string }) => w.kind === 'Deployment',
          ),
        60_000,
      );
    return server;
  }

  const entityGraph = async (
    server: Server,
    query: Record<string, string> = {},
  ): Promise<MeshGraph> =>
    (
      await request(server)
        .get('/api/mesh/entities/component/default/reviews/topology')
        .query(query)
        .expect(200)
    ).body;

  describe('with recorded metrics', () => {
    it('describes the source as it is after the queries (Prometheus names the rules it found)', async () => {
      const source = new FakeMetricsSource('recorded', recording);
      source.describeAfterQuery =
        'Recorded samples with recording rules for 1m';
      const server = await boot({ factory: source.factory() });
      const graph = await entityGraph(server);
      expect(graph.metrics.description).toBe(
        'Recorded samples with recording rules for 1m',
      );
    });

    it("shows the entity's workloads, with traffic or idle, and its neighbours within the hops", async () => {
      const source = new FakeMetricsSource('recorded', recording);
      const server = await boot({ factory: source.factory() });
      const graph = await entityGraph(server);
      expect(graph.metrics).toEqual({
        source: 'recorded',
        description: 'Recorded samples',
        status: 'ok',
      });
      expect(graph.windowSeconds).toBe(60);
      const ids = graph.nodes.map(n => n.id).sort();
      // reviews-v3 has no traffic: it is there, idle, because it is the entity's.
      expect(ids).toEqual(
        [
          wl('productpage-v1'),
          wl('ratings-v1'),
          wl('reviews-v1'),
          wl('reviews-v2'),
          wl('reviews-v3'),
        ].sort(),
      );
      const node = (id: string) => graph.nodes.find(n => n.id === id)!;
      expect(
        graph.nodes
          .filter(n => n.focus)
          .map(n => n.id)
          .sort(),
      ).toEqual([wl('reviews-v1'), wl('reviews-v2'), wl('reviews-v3')]);
      expect(node(wl('reviews-v3'))).toMatchObject({
        kind: 'workload',
        entityRef: 'component:default/reviews',
        inbound: { rps: 0 },
        dataPlane: 'sidecar',
        replicas: { ready: 1, desired: 1 },
      });
      // Quiet but with its replicas ready: healthy, as Kiali judges a quiet deployment.
      expect(node(wl('reviews-v3')).health.status).toBe('healthy');
      expect(node(wl('productpage-v1')).entityRef).toBe(
        'component:default/productpage',
      );
      const edge = graph.edges.find(
        e => e.source === wl('reviews-v2') && e.target === wl('ratings-v1'),
      )!;
      expect(edge.rps).toBeCloseTo(1);
      expect(edge.errorRatio).toBeCloseTo(0.1);
      expect(edge.health.status).toBe('failure');

      // Two hops reach details through productpage.
      const wide = await entityGraph(server, { hops: '2' });
      expect(wide.nodes.map(n => n.id)).toContain(wl('details-v1'));
    });

    it('lays the catalog over the graph: undeclared traffic and declared dependencies never seen', async () => {
      const source = new FakeMetricsSource('recorded', recording);
      const server = await boot({ factory: source.factory() });
      const graph = await entityGraph(server);
      const edge = (from: string, to: string) =>
        graph.edges.find(e => e.source === wl(from) && e.target === wl(to))!;
      // productpage → reviews: the catalog says nothing about it.
      expect(edge('productpage-v1', 'reviews-v1').undeclared).toBe(true);
      // reviews dependsOn ratings: declared.
      expect(edge('reviews-v2', 'ratings-v1').undeclared).toBeFalsy();
      expect(graph.unobserved).toEqual([
        expect.objectContaining({
          fromEntityRef: 'component:default/reviews',
          toEntityRef: 'component:default/details',
          relation: 'dependsOn',
        }),
      ]);
    });

    it('shares answers between viewers for the TTL: two graphs and the mesh graph cost one set of queries', async () => {
      const source = new FakeMetricsSource('recorded', recording);
      const server = await boot({ factory: source.factory() });
      const [a, b] = await Promise.all([
        entityGraph(server),
        entityGraph(server),
      ]);
      expect(a).toEqual(b);
      await entityGraph(server);
      const mesh = await request(server)
        .get('/api/mesh/meshes/demo/topology')
        .expect(200);
      expect((mesh.body as MeshGraph).edges).toHaveLength(3);
      expect(source.queries).toHaveLength(6);
      // Another window is another question.
      await entityGraph(server, { window: '5m' });
      expect(source.queries).toHaveLength(12);
      expect(source.queries.slice(6).every(q => q.windowSeconds === 300)).toBe(
        true,
      );
    });

    it('asks for a time window of namespaces only when the mesh graph is filtered', async () => {
      const source = new FakeMetricsSource('recorded', recording);
      const server = await boot({
        factory: source.factory(),
        mesh: { topology: { cacheSeconds: 0 } },
      });
      const res = await request(server)
        .get('/api/mesh/meshes/demo/topology')
        .query({
          namespace: 'bookinfo',
          cluster: 'sandbox',
          graph: 'app',
          window: '10m',
        })
        .expect(200);
      const graph = res.body as MeshGraph;
      expect(graph.graphType).toBe('app');
      expect(graph.nodes.map(n => n.id)).toContain(
        'app:sandbox:bookinfo:reviews',
      );
      expect(JSON.stringify(source.queries[0])).toContain('bookinfo');
      expect(source.queries[0].windowSeconds).toBe(600);
      // With sharing off every request asks again.
      await request(server).get('/api/mesh/meshes/demo/topology').expect(200);
      expect(source.queries).toHaveLength(12);
    });

    it('charts a workload and a Service of the entity, in and out', async () => {
      const source = new FakeMetricsSource('recorded', recording);
      const server = await boot({ factory: source.factory() });
      const res = await request(server)
        .get('/api/mesh/entities/component/default/reviews/metrics')
        .query({ workload: 'reviews-v2', window: '1h' })
        .expect(r =>
          expect([r.status, r.body.error?.message]).toEqual([200, undefined]),
        );
      const charts = res.body as MetricsCharts;
      expect(charts.windowSeconds).toBe(3600);
      expect(charts.stepSeconds).toBe(60);
      expect(charts.metrics.status).toBe('ok');
      expect(charts.inbound.rps.length).toBeGreaterThan(0);
      expect(charts.outbound.rps5xx.at(-1)?.[1]).toBeCloseTo(0.1);
      expect(source.rangeQueries).toHaveLength(12);
      const service = await request(server)
        .get('/api/mesh/entities/component/default/reviews/metrics')
        .query({ service: 'reviews' })
        .expect(200);
      expect((service.body as MetricsCharts).outbound.rps).toEqual([]);
      // A Service has no outbound charts: six more queries, not twelve.
      expect(source.rangeQueries).toHaveLength(18);
    });

    it('answers 400 naming the field, 404 for unknown entities, meshes and workloads, and 403 without permission', async () => {
      const source = new FakeMetricsSource('recorded', recording);
      const server = await boot({ factory: source.factory() });
      const topo = '/api/mesh/entities/component/default/reviews/topology';
      const bad = async (
        url: string,
        query: Record<string, string>,
        field: string,
      ) => {
        const res = await request(server).get(url).query(query).expect(400);
        expect(res.body.error.message).toContain(field);
      };
      await bad(topo, { window: '1s' }, 'window');
      await bad(topo, { window: 'soon' }, 'window');
      await bad(topo, { hops: '4' }, 'hops');
      await bad(topo, { graph: 'galaxy' }, 'graph');
      await bad(topo, { colour: 'red' }, 'colour');
      await bad(
        '/api/mesh/meshes/demo/topology',
        { namespace: 'Not_A_Name' },
        'namespace',
      );
      await bad(
        '/api/mesh/meshes/demo/topology',
        { cluster: 'elsewhere' },
        'cluster',
      );
      const metrics = '/api/mesh/entities/component/default/reviews/metrics';
      await bad(metrics, {}, 'workload');
      await bad(
        metrics,
        { workload: 'reviews-v1', service: 'reviews' },
        'service',
      );
      const foreign = await request(server)
        .get(metrics)
        .query({ workload: 'ratings-v1' })
        .expect(404);
      expect(foreign.body.error.message).toContain(
        'workload: "ratings-v1" is not one of the entity\'s workloads (reviews-v1, reviews-v2, reviews-v3)',
      );
      await request(server)
        .get(metrics)
        .query({ service: 'ratings' })
        .expect(404);
      await request(server)
        .get('/api/mesh/entities/component/default/nope/topology')
        .expect(404);
      await request(server)
        .get('/api/mesh/entities/component/default/nope/metrics')
        .query({ workload: 'x' })
        .expect(404);
      await request(server).get('/api/mesh/meshes/nope/topology').expect(404);

      const denied = await boot({
        permission: AuthorizeResult.DENY,
        factory: source.factory(),
      });
      const calls = source.queries.length;
      const res = await request(denied).get(topo).expect(403);
      expect(res.body.error.message).toContain('mesh.entity.read');
      await request(denied)
        .get(metrics)
        .query({ workload: 'reviews-v1' })
        .expect(403);
      const mesh = await request(denied)
        .get('/api/mesh/meshes/demo/topology')
        .expect(403);
      expect(mesh.body.error.message).toContain('mesh.cluster.read');
      expect(source.queries).toHaveLength(calls);
    });
  });

  describe('when metrics cannot be read', () => {
    it('answers 200 with status unavailable and the model’s nodes when Prometheus is down, and /overview keeps answering', async () => {
      const source = new FakeMetricsSource('down');
      const server = await boot({ factory: source.factory() });
      const graph = await entityGraph(server);
      expect(graph.metrics).toMatchObject({
        source: 'recorded',
        status: 'unavailable',
        message: 'Prometheus at http://127.0.0.1:1 refused the connection',
      });
      expect(graph.edges).toEqual([]);
      expect(graph.nodes.map(n => n.id).sort()).toEqual([
        wl('reviews-v1'),
        wl('reviews-v2'),
        wl('reviews-v3'),
      ]);
      const mesh = (
        await request(server).get('/api/mesh/meshes/demo/topology').expect(200)
      ).body as MeshGraph;
      expect(mesh.metrics.status).toBe('unavailable');
      expect(mesh.nodes.map(n => n.id)).toEqual(
        expect.arrayContaining([wl('productpage-v1'), wl('ratings-v1')]),
      );
      const charts = await request(server)
        .get('/api/mesh/entities/component/default/reviews/metrics')
        .query({ workload: 'reviews-v1' })
        .expect(200);
      expect(charts.body.metrics.status).toBe('unavailable');
      await request(server)
        .get('/api/mesh/entities/component/default/reviews/overview')
        .expect(200);
    });

    it('gives up on a source that hangs after the query timeout, aborting its queries', async () => {
      const source = new FakeMetricsSource('hang');
      const server = await boot({
        factory: source.factory(),
        mesh: { topology: { queryTimeoutSeconds: 0.3 } },
      });
      const started = Date.now();
      const graph = await entityGraph(server);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(graph.metrics).toMatchObject({
        status: 'unavailable',
        message: 'Recorded samples did not answer within 0.3 s',
      });
      expect(graph.nodes.filter(n => n.focus)).toHaveLength(3);
      expect(source.aborted).toBe(6);
    });

    it('draws the graph without latency, saying so, when only the histogram queries time out', async () => {
      const source = new FakeMetricsSource('slow-histograms', recording);
      const server = await boot({
        factory: source.factory(),
        mesh: { topology: { queryTimeoutSeconds: 0.3 } },
      });
      const graph = await entityGraph(server);
      expect(graph.metrics).toMatchObject({
        status: 'ok',
        missing: ['latency'],
      });
      expect(graph.metrics.message).toContain(
        'latency not shown: Recorded samples did not answer within 0.3 s',
      );
      expect(graph.edges.length).toBeGreaterThan(0);
      expect(graph.edges.every(e => e.rps >= 0 && e.p95 === undefined)).toBe(
        true,
      );
      expect(source.aborted).toBe(3);
    });

    it('says how to configure metrics when the mesh has none', async () => {
      const server = await boot({ meshMetrics: {} });
      const graph = await entityGraph(server);
      expect(graph.metrics.status).toBe('not-configured');
      expect(graph.metrics.message).toContain('prometheusUrl');
      expect(graph.nodes.filter(n => n.focus)).toHaveLength(3);
    });
  });

  it("draws Bookinfo's productpage → reviews → ratings from the sandbox's own metrics, scraped directly", async () => {
    const factory: MetricsSourceFactory = {
      type: 'direct-scrape',
      create: config =>
        config.scrapeUrls?.length
          ? new DirectScrapeMetricsSource({
              scrapeUrls: config.scrapeUrls,
              scrapeIntervalSeconds: 1,
            })
          : undefined,
    };
    // The demo routes every reviews request to v1, which calls nobody: send half to v3, which calls ratings.
    const c = sandbox.cluster('sandbox');
    const kube = new KubeHttpClient({
      name: 'sandbox',
      apiUrl: c.apiUrl,
      caData: c.caData,
      insecureSkipTlsVerify: false,
      token: c.token,
    });
    const routeReviews = (subsets: Record<string, number>) =>
      kube.request({
        method: 'PATCH',
        path: '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices/reviews',
        contentType: 'application/merge-patch+json',
        body: {
          spec: {
            http: [
              {
                route: Object.entries(subsets).map(([subset, weight]) => ({
                  destination: { host: 'reviews', subset },
                  weight,
                })),
              },
            ],
          },
        },
      });
    expect((await routeReviews({ v1: 50, v3: 50 })).status).toBe(200);
    const server = await boot({
      factory,
      meshMetrics: { metricsScrapeUrls: [c.metricsUrl] },
      mesh: { topology: { cacheSeconds: 0 } },
    });
    const app = (name: string) => `app:sandbox:bookinfo:${name}`;
    const graph = await until(
      () => entityGraph(server, { graph: 'app', window: '1m' }),
      g =>
        g.edges.some(
          e =>
            e.source === app('reviews') &&
            e.target === app('ratings') &&
            e.rps > 0,
        ),
      60_000,
    );
    expect(graph.metrics).toMatchObject({
      source: 'direct-scrape',
      status: 'ok',
    });
    const edge = (from: string, to: string) =>
      graph.edges.find(e => e.source === app(from) && e.target === app(to));
    expect(edge('productpage', 'reviews')?.rps).toBeGreaterThan(0);
    expect(edge('reviews', 'ratings')?.rps).toBeGreaterThan(0);
    expect(graph.nodes.find(n => n.id === app('reviews'))?.focus).toBe(true);
    expect((await routeReviews({ v1: 100 })).status).toBe(200);
    kube.close();
  });

  describe.each(databases.eachSupportedId())(
    'mesh metrics registration on %p',
    (databaseId: TestDatabaseId) => {
      it('stores the Prometheus header sealed, never returns it, and serves the mesh from the registered source', async () => {
        const knex = await databases.init(databaseId);
        const server = await boot({ knex, meshMetrics: {} });
        const body = {
          name: 'second',
          kind: 'external',
          controlPlaneCluster: 'sandbox',
          members: [{ cluster: 'sandbox', role: 'primary' }],
          prometheusUrl: 'http://127.0.0.1:1',
          prometheusAuthHeader: 'Bearer sekrit-prometheus-token',
          metricsScrapeUrls: [sandbox.cluster('sandbox').metricsUrl],
        };
        const created = await request(server)
          .post('/api/mesh/meshes')
          .send(body)
          .expect(201);
        expect(created.body).toMatchObject({
          prometheusUrl: 'http://127.0.0.1:1',
          prometheusAuth: true,
          metricsScrapeUrls: [sandbox.cluster('sandbox').metricsUrl],
        });
        const list = await request(server).get('/api/mesh/meshes').expect(200);
        expect(JSON.stringify(list.body)).not.toContain('sekrit');
        expect(
          JSON.stringify(await knex('mesh_meshes').select()),
        ).not.toContain('sekrit');
        expect(
          list.body.items.find((m: { name: string }) => m.name === 'demo'),
        ).toMatchObject({ prometheusAuth: false });
        // The registry made a Prometheus source for it (Prometheus wins over scraping); it is down.
        const graph = (
          await request(server)
            .get('/api/mesh/meshes/second/topology')
            .expect(200)
        ).body as MeshGraph;
        expect(graph.metrics).toMatchObject({
          source: 'prometheus',
          status: 'unavailable',
        });
        expect(JSON.stringify(graph)).not.toContain('sekrit');
        await request(server).delete('/api/mesh/meshes/second').expect(204);
        await request(server)
          .get('/api/mesh/meshes/second/topology')
          .expect(404);
      });

      it('refuses metrics URLs on private addresses unless allowed, and credentials in a URL, naming the field', async () => {
        const knex = await databases.init(databaseId);
        const server = await boot({
          knex,
          meshMetrics: {},
          permission: AuthorizeResult.ALLOW,
        });
        const body = {
          name: 'third',
          kind: 'external',
          controlPlaneCluster: 'sandbox',
          members: [{ cluster: 'sandbox', role: 'primary' }],
        };
        const userInfo = await request(server)
          .post('/api/mesh/meshes')
          .send({ ...body, prometheusUrl: 'http://u:p@prometheus.example.com' })
          .expect(400);
        expect(userInfo.body.error.message).toContain(
          'prometheusUrl must not contain a user name or password',
        );
        const { server: strict } = await startTestBackend({
          features: [
            meshPlugin,
            catalogServiceMock.factory({ entities }),
            mockServices.database.factory({
              knex: await databases.init(databaseId),
            }),
            mockServices.rootConfig.factory({
              data: { mesh: { encryptionKey: 'topology-test-key-0123456789' } },
            }),
          ],
        });
        const res = await request(strict)
          .post('/api/mesh/meshes')
          .send({
            ...body,
            metricsScrapeUrls: ['http://127.0.0.1:15090/stats'],
          })
          .expect(400);
        expect(res.body.error.message).toContain(
          'metricsScrapeUrls.0 points at a loopback address',
        );
      });
    },
  );
});
