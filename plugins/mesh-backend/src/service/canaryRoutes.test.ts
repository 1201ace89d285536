import {
  createBackendModule,
  SchedulerServiceTaskFunction,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  CanaryRecord,
  StartCanaryRequest,
  VirtualService,
} from '@meshport/plugin-mesh-common';
import {
  DirectScrapeMetricsSource,
  meshMetricsSourcesExtensionPoint,
  MetricsSourceFactory,
} from '@meshport/plugin-mesh-node';
import { Sandbox, startSandbox } from '@meshport/mesh-sandbox';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import { KubeHttpClient } from '../cluster/KubeHttpClient';
import { meshPlugin } from '../plugin';
import { component } from '../testUtils/reviewsEntity';
import { until } from '../testUtils/until';

jest.setTimeout(240_000);

type Server = Awaited<ReturnType<typeof startTestBackend>>['server'];

/**
 * Canaries of Bookinfo's reviews against the sandbox's traffic model, end to end through the
 * plugin: the write path, the metrics (scraped from the sandbox every second) and the controller,
 * whose scheduler task the test ticks itself. Two clusters: in `faulty`, reviews v3 answers every
 * request with 500.
 */
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

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

const entityOn = (name: string, mesh: string) =>
  component(name, {
    'backstage.io/kubernetes-label-selector': 'app=reviews',
    'backstage.io/kubernetes-namespace': 'bookinfo',
    'meshport.io/mesh': mesh,
  });
const entities = [
  entityOn('reviews', 'healthy'),
  entityOn('reviews-faulty', 'faulty'),
  entityOn('reviews-blind', 'blind'),
];

const VS_PATH =
  '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices/reviews';

/** A short plan: 50 %, then 100 %, then promotion; judged every 2 s over the last 10 s. */
const plan = (overrides: Partial<StartCanaryRequest['plan']> = {}) => ({
  stepWeight: 50,
  intervalSeconds: 2,
  windowSeconds: 10,
  threshold: 3,
  checks: [
    { kind: 'success-rate' as const, minPercent: 95 },
    { kind: 'latency-p99' as const, maxMs: 10_000 },
  ],
  ...overrides,
});

const startBody = (
  entity: string,
  overrides: Partial<StartCanaryRequest> = {},
): StartCanaryRequest => ({
  entityRef: `component:default/${entity}`,
  namespace: 'bookinfo',
  service: 'reviews',
  stableVersion: 'v1',
  canaryVersion: 'v3',
  plan: plan(),
  ...overrides,
});

describe('canary routes against the sandbox', () => {
  let sandbox: Sandbox;
  const kube: Record<string, KubeHttpClient> = {};
  beforeAll(async () => {
    sandbox = await startSandbox({
      clusters: [
        { name: 'healthy', scenario: 'demo' },
        {
          name: 'faulty',
          scenario: 'demo',
          callGraphs: [
            {
              entries: [],
              edges: [],
              behaviour: { 'bookinfo/reviews/v3': { errorRate: 1 } },
            },
          ],
        },
        { name: 'blind', scenario: 'demo' },
      ],
      podReadyDelayMs: 20,
      traffic: { rateMultiplier: 3 },
    });
    for (const c of sandbox.clusters)
      kube[c.name] = new KubeHttpClient({
        name: c.name,
        apiUrl: c.apiUrl,
        caData: c.caData,
        insecureSkipTlsVerify: false,
        token: c.token,
      });
  });
  afterAll(async () => {
    Object.values(kube).forEach(k => k.close());
    await sandbox?.stop();
  });

  /** Puts reviews back at 100 % v1, as Bookinfo ships it, so each test starts alike. */
  async function resetReviews(cluster: string) {
    const live = JSON.parse(
      (await kube[cluster].request({ method: 'GET', path: VS_PATH })).body,
    ) as VirtualService;
    live.spec = {
      hosts: ['reviews'],
      http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }],
    };
    const reply = await kube[cluster].request({
      method: 'PUT',
      path: VS_PATH,
      body: live,
    });
    expect(reply.status).toBe(200);
  }

  async function liveRoute(cluster: string) {
    const vs = JSON.parse(
      (await kube[cluster].request({ method: 'GET', path: VS_PATH })).body,
    ) as VirtualService;
    const rule = vs.spec?.http?.find(r => !r.match?.length);
    return Object.fromEntries(
      (rule?.route ?? []).map(d => [
        d.destination.subset ?? '',
        d.weight ?? 100,
      ]),
    );
  }

  interface Booted {
    server: Server;
    tick: () => Promise<void>;
    stop: () => Promise<void>;
  }

  async function boot(
    knex: Knex,
    options: {
      permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
      /** Clusters registered as managed by GitOps. */
      gitops?: string[];
    } = {},
  ): Promise<Booted> {
    let controller: SchedulerServiceTaskFunction | undefined;
    const scheduler = mockServices.scheduler.mock({
      scheduleTask: jest.fn(async task => {
        if (task.id === 'mesh-canary-controller') controller = task.fn;
      }),
    });
    const cluster = (name: string) => {
      const c = sandbox.cluster(name);
      return {
        name,
        apiUrl: c.apiUrl,
        caData: c.caData,
        token: c.token,
        gitops: options.gitops?.includes(name) ?? false,
      };
    };
    const mesh = (name: string, metrics: Record<string, unknown>) => ({
      name,
      kind: 'external',
      controlPlaneCluster: name,
      members: [{ cluster: name, role: 'primary' }],
      ...metrics,
    });
    const backend = await startTestBackend({
      features: [
        meshPlugin,
        mockServices.database.factory({ knex }),
        scheduler.factory,
        catalogServiceMock.factory({ entities }),
        mockServices.permissions.factory({
          result: options.permission ?? AuthorizeResult.ALLOW,
        }),
        mockServices.rootConfig.factory({
          data: {
            mesh: {
              encryptionKey: 'canary-test-key-0123456789',
              allowPrivateClusterUrls: true,
              topology: { queryTimeoutSeconds: 2 },
              clusters: ['healthy', 'faulty', 'blind'].map(cluster),
              meshes: [
                mesh('healthy', {
                  metricsScrapeUrls: [sandbox.cluster('healthy').metricsUrl],
                }),
                mesh('faulty', {
                  metricsScrapeUrls: [sandbox.cluster('faulty').metricsUrl],
                }),
                // Prometheus that is not there: every query fails.
                mesh('blind', { prometheusUrl: 'http://127.0.0.1:9' }),
              ],
            },
          },
        }),
        createBackendModule({
          pluginId: 'mesh',
          moduleId: 'test-metrics',
          register(reg) {
            reg.registerInit({
              deps: { metrics: meshMetricsSourcesExtensionPoint },
              async init({ metrics }) {
                metrics.addMetricsSourceFactory(directScrape);
              },
            });
          },
        }),
      ],
    });
    const server = backend.server;
    if (options.permission !== AuthorizeResult.DENY) {
      for (const entity of ['reviews', 'reviews-faulty', 'reviews-blind'])
        await until(
          () =>
            request(server).get(
              `/api/mesh/entities/component/default/${entity}/traffic`,
            ),
          r =>
            r.status === 200 &&
            r.body.clusters[0]?.sync.status === 'synced' &&
            r.body.clusters[0].services.length > 0,
          60_000,
        );
    }
    return {
      server,
      tick: async () => {
        if (!controller)
          throw new Error('the controller task was not scheduled');
        await controller(new AbortController().signal);
      },
      stop: () => backend.stop(),
    };
  }

  const canary = async (server: Server, id: string) =>
    (await request(server).get(`/api/mesh/canaries/${id}`).expect(200))
      .body as CanaryRecord;

  /** Ticks the controller (as the scheduler would) until the canary satisfies `done`. */
  async function tickUntil(
    b: Booted,
    id: string,
    done: (c: CanaryRecord) => boolean,
    timeoutMs = 60_000,
  ): Promise<CanaryRecord> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await b.tick();
      const c = await canary(b.server, id);
      if (done(c)) return c;
      if (Date.now() > deadline)
        throw new Error(
          `canary did not get there: ${c.state} step ${c.step} weight ${c.weight}: ${c.message}; events ${c.events.map(e => e.verdict).join(', ')}`,
        );
      await new Promise(r => setTimeout(r, 250));
    }
  }

  async function start(b: Booted, body: StartCanaryRequest) {
    const res = await request(b.server).post('/api/mesh/canaries').send(body);
    if (res.status !== 201)
      throw new Error(`start: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as CanaryRecord & { kind: 'started' };
  }

  describe.each(databases.eachSupportedId())('on %p', dbId => {
    let knex: Knex;
    beforeAll(async () => {
      knex = await databases.init(dbId as TestDatabaseId);
    });

    it('a healthy canary of reviews v3 reaches 100 % and is promoted', async () => {
      await resetReviews('healthy');
      const b = await boot(knex);
      try {
        const started = await start(b, startBody('reviews'));
        expect(started).toMatchObject({
          state: 'progressing',
          weights: [50, 100],
          step: 0,
          weight: 50,
          cluster: 'healthy',
          route: {
            kind: 'VirtualService',
            namespace: 'bookinfo',
            name: 'reviews',
          },
        });
        expect(await liveRoute('healthy')).toEqual({ v1: 50, v3: 50 });

        const done = await tickUntil(
          b,
          started.id,
          c => c.state !== 'progressing',
        );
        expect(done.state).toBe('promoted');
        expect(done.weight).toBe(100);
        expect(await liveRoute('healthy')).toEqual({ v3: 100 });
        // Each event numbered once, in order; every judged step carries its measured values.
        expect(done.events.map(e => e.seq)).toEqual(
          done.events.map((_, i) => i + 1),
        );
        const judged = done.events.filter(e =>
          ['advanced', 'promoted'].includes(e.verdict),
        );
        expect(judged.map(e => e.weight)).toEqual([100, 100]);
        for (const e of judged) {
          const rate = e.checks.find(c => c.kind === 'success-rate');
          expect(rate).toMatchObject({ ok: true, unit: '%' });
          expect(rate!.value).toBeGreaterThanOrEqual(95);
        }
        // 50 → 100 was a write; promotion at 100 % had nothing left to write.
        expect(judged[0].changeId).toBeDefined();
        expect(judged[1].changeId).toBeUndefined();
        // The change sets are in the entity's history, as every write is.
        const history = await request(b.server)
          .get('/api/mesh/entities/component/default/reviews/history')
          .expect(200);
        expect(JSON.stringify(history.body)).toContain(
          'Canary reviews v1 → v3',
        );
      } finally {
        await b.stop();
      }
    });

    it('a canary whose version answers 5xx is rolled back within threshold × interval', async () => {
      await resetReviews('faulty');
      const b = await boot(knex);
      try {
        const started = await start(
          b,
          startBody('reviews-faulty', { plan: plan({ threshold: 2 }) }),
        );
        const startedAt = Date.parse(started.createdAt);
        const done = await tickUntil(
          b,
          started.id,
          c => c.state !== 'progressing',
        );
        expect(done.state).toBe('rolled-back');
        expect(done.weight).toBe(0);
        expect(done.message).toMatch(/success rate .* below the minimum 95 %/);
        // Two failed checks, two intervals: with the controller's tick, well inside three.
        expect(Date.parse(done.finishedAt!) - startedAt).toBeLessThan(
          3 * 2_000 + 4_000,
        );
        expect(done.events.map(e => e.verdict)).toEqual([
          'started',
          'held',
          'rolled-back',
        ]);
        expect(await liveRoute('faulty')).toEqual({ v1: 100 });
      } finally {
        await b.stop();
      }
    });
    it('two replicas on one database judge each step once', async () => {
      await resetReviews('healthy');
      // PostgreSQL: a second connection pool, as a second replica would have. SQLite in memory
      // is one database per connection, so both replicas share the one.
      const second =
        dbId === 'POSTGRES_15'
          ? knexFactory(
              (knex as unknown as { client: { config: Knex.Config } }).client
                .config,
            )
          : knex;
      const a = await boot(knex);
      const b = await boot(second);
      try {
        const started = await start(
          a,
          startBody('reviews', {
            plan: plan({
              stepWeight: undefined,
              stepWeights: [10, 20, 30, 40],
              intervalSeconds: 1,
              threshold: 10,
            }),
          }),
        );
        const deadline = Date.now() + 90_000;
        let c = await canary(a.server, started.id);
        while (c.state === 'progressing' && Date.now() < deadline) {
          // Both replicas' controllers tick at the same moment, again and again.
          await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
          c = await canary(b.server, started.id);
          await new Promise(r => setTimeout(r, 100));
        }
        expect(c.state).toBe('promoted');
        expect(c.events.map(e => e.seq)).toEqual(c.events.map((_, i) => i + 1));
        expect(
          c.events
            .filter(e => e.verdict === 'advanced' || e.verdict === 'promoted')
            .map(e => e.weight),
        ).toEqual([20, 30, 40, 100]);
        const since = Date.parse(started.createdAt) - 1000;
        const changes = (
          (await knex('mesh_changes')
            .where('status', 'applied')
            .andWhere('description', 'like', '%Canary reviews%')) as Array<{
            created_at: string | number | Date;
          }>
        ).filter(r => new Date(r.created_at).getTime() >= since);
        // The start and one write per step (20, 30, 40, 100): no step wrote twice.
        expect(changes).toHaveLength(5);
      } finally {
        await a.stop();
        await b.stop();
        if (second !== knex) await second.destroy();
      }
    });
  });

  describe('on SQLite', () => {
    let knex: Knex;
    beforeAll(async () => {
      knex = await databases.init('SQLITE_3');
    });

    it('Prometheus unreachable: every step fails its checks and the canary rolls back, saying why', async () => {
      await resetReviews('blind');
      const b = await boot(knex);
      try {
        const started = await start(
          b,
          startBody('reviews-blind', { plan: plan({ threshold: 2 }) }),
        );
        const done = await tickUntil(
          b,
          started.id,
          c => c.state !== 'progressing',
        );
        expect(done.state).toBe('rolled-back');
        const held = done.events.find(e => e.verdict === 'held')!;
        expect(held.checks.every(c => !c.ok && c.value === null)).toBe(true);
        expect(held.checks[0].reason).toMatch(/query failed/);
        expect(done.message).toMatch(/rolled back/i);
        expect(await liveRoute('blind')).toEqual({ v1: 100 });
      } finally {
        await b.stop();
      }
    });

    it('someone edits the VirtualService by hand: the canary pauses and does not overwrite it; abort puts all traffic back', async () => {
      await resetReviews('healthy');
      const b = await boot(knex);
      try {
        const started = await start(
          b,
          startBody('reviews', { plan: plan({ intervalSeconds: 3 }) }),
        );
        // A person sets 80/20 by hand.
        const live = JSON.parse(
          (await kube.healthy.request({ method: 'GET', path: VS_PATH })).body,
        ) as VirtualService;
        live.spec!.http![live.spec!.http!.length - 1].route = [
          { destination: { host: 'reviews', subset: 'v1' }, weight: 80 },
          { destination: { host: 'reviews', subset: 'v3' }, weight: 20 },
        ];
        expect(
          (
            await kube.healthy.request({
              method: 'PUT',
              path: VS_PATH,
              body: live,
            })
          ).status,
        ).toBe(200);
        const paused = await tickUntil(
          b,
          started.id,
          c => c.state !== 'progressing',
        );
        expect(paused.state).toBe('paused');
        expect(paused.message).toMatch(
          /VirtualService bookinfo\/reviews was edited outside the canary/,
        );
        expect(await liveRoute('healthy')).toEqual({ v1: 80, v3: 20 });

        // Nothing moves while paused.
        await b.tick();
        expect((await canary(b.server, started.id)).state).toBe('paused');

        const aborted = await request(b.server)
          .post(`/api/mesh/canaries/${started.id}/abort`)
          .send({ reason: 'someone else is testing' })
          .expect(200);
        expect(aborted.body).toMatchObject({ state: 'aborted', weight: 0 });
        expect(await liveRoute('healthy')).toEqual({ v1: 100 });
        // Finished canaries stay in the entity's list; a second abort is a conflict.
        const list = await request(b.server)
          .get('/api/mesh/entities/component/default/reviews/canaries')
          .expect(200);
        expect((list.body.canaries as CanaryRecord[]).map(c => c.id)).toContain(
          started.id,
        );
        await request(b.server)
          .post(`/api/mesh/canaries/${started.id}/abort`)
          .send({})
          .expect(409);
      } finally {
        await b.stop();
      }
    });

    it('a backend restart mid-canary resumes at its step', async () => {
      await resetReviews('healthy');
      const first = await boot(knex);
      const started = await start(
        first,
        startBody('reviews', {
          plan: plan({ stepWeights: [20, 40, 60], stepWeight: undefined }),
        }),
      );
      const midway = await tickUntil(first, started.id, c => c.step >= 1);
      await first.stop();

      const second = await boot(knex);
      try {
        const resumed = await canary(second.server, started.id);
        expect(resumed.step).toBe(midway.step);
        expect(resumed.state).toBe('progressing');
        const done = await tickUntil(
          second,
          started.id,
          c => c.state !== 'progressing',
        );
        expect(done.state).toBe('promoted');
        // No step judged twice: the weights walk 20 → 40 → 60 → 100 once each.
        expect(
          done.events
            .filter(e => e.verdict === 'advanced' || e.verdict === 'promoted')
            .map(e => e.weight),
        ).toEqual([40, 60, 100]);
      } finally {
        await second.stop();
      }
    });

    it('refuses bad input with the field path, a second canary of the same Service, and users without mesh.canary.manage', async () => {
      await resetReviews('healthy');
      const b = await boot(knex);
      try {
        const bad = await request(b.server)
          .post('/api/mesh/canaries')
          .send({ ...startBody('reviews'), plan: plan({ stepWeight: 0 }) })
          .expect(400);
        expect(bad.body.error.message).toContain('plan.stepWeight');
        const noVersion = await request(b.server)
          .post('/api/mesh/canaries')
          .send(startBody('reviews', { canaryVersion: 'v9' }))
          .expect(400);
        expect(noVersion.body.error.message).toContain('canaryVersion');
        const notOurs = await request(b.server)
          .post('/api/mesh/canaries')
          .send(startBody('reviews', { service: 'ratings' }))
          .expect(400);
        expect(notOurs.body.error.message).toContain('service');

        // A dry run writes nothing and starts nothing.
        const dry = await request(b.server)
          .post('/api/mesh/canaries')
          .send({ ...startBody('reviews'), dryRun: true })
          .expect(200);
        expect(dry.body).toMatchObject({ kind: 'dry-run', weights: [50, 100] });
        expect(dry.body.preview.dryRun.ok).toBe(true);
        expect(await liveRoute('healthy')).toEqual({ v1: 100 });

        const started = await start(b, startBody('reviews'));
        await request(b.server)
          .post('/api/mesh/canaries')
          .send(startBody('reviews'))
          .expect(409);
        await request(b.server)
          .post(`/api/mesh/canaries/${started.id}/abort`)
          .send({})
          .expect(200);
      } finally {
        await b.stop();
      }

      const denied = await boot(knex, { permission: AuthorizeResult.DENY });
      try {
        const res = await request(denied.server)
          .post('/api/mesh/canaries')
          .send(startBody('reviews'))
          .expect(403);
        expect(res.body.error.message).toContain('mesh.canary.manage');
        const [last] = (await knex('mesh_canaries')
          .orderBy('created_at', 'desc')
          .limit(1)) as Array<{ id: string }>;
        for (const action of ['promote', 'abort', 'resume'])
          await request(denied.server)
            .post(`/api/mesh/canaries/${last.id}/${action}`)
            .send({})
            .expect(403);
        await request(denied.server)
          .post('/api/mesh/traffic/shift')
          .send({
            entityRef: 'component:default/reviews',
            namespace: 'bookinfo',
            service: 'reviews',
            weights: { v1: 50, v3: 50 },
          })
          .expect(403);
      } finally {
        await denied.stop();
      }
    });

    it('on a cluster managed by GitOps, hands over the first step as YAML and starts nothing', async () => {
      await resetReviews('blind');
      const b = await boot(knex, { gitops: ['blind'] });
      const canaries = async () =>
        (
          await request(b.server)
            .get('/api/mesh/entities/component/default/reviews-blind/canaries')
            .expect(200)
        ).body.canaries as CanaryRecord[];
      try {
        const before = (await canaries()).length;
        const res = await request(b.server)
          .post('/api/mesh/canaries')
          .send(startBody('reviews-blind'))
          .expect(200);
        expect(res.body).toMatchObject({ kind: 'gitops', weights: [50, 100] });
        const files = res.body.files as Array<{
          path: string;
          content: string;
        }>;
        const vs = files.find(
          f => f.path === 'blind/bookinfo/virtualservice-reviews.yaml',
        );
        expect(vs?.content).toMatch(/subset: v3\n\s+weight: 50/);
        expect(await liveRoute('blind')).toEqual({ v1: 100 });
        expect(await canaries()).toHaveLength(before);
      } finally {
        await b.stop();
      }
    });

    it('shifts traffic in one change: dry run, then applied', async () => {
      await resetReviews('healthy');
      const b = await boot(knex);
      try {
        const body = {
          entityRef: 'component:default/reviews',
          namespace: 'bookinfo',
          service: 'reviews',
          weights: { v1: 70, v2: 30 },
        };
        const dry = await request(b.server)
          .post('/api/mesh/traffic/shift')
          .send({ ...body, dryRun: true })
          .expect(200);
        expect(dry.body.kind).toBe('dry-run');
        expect(await liveRoute('healthy')).toEqual({ v1: 100 });
        const applied = await request(b.server)
          .post('/api/mesh/traffic/shift')
          .send(body)
          .expect(200);
        expect(applied.body.kind).toBe('applied');
        expect(await liveRoute('healthy')).toEqual({ v1: 70, v2: 30 });
        const bad = await request(b.server)
          .post('/api/mesh/traffic/shift')
          .send({ ...body, weights: { v1: 70, v2: 20 } })
          .expect(400);
        expect(bad.body.error.message).toContain('weights.v2');
      } finally {
        await b.stop();
      }
    });
  });
});
