import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ChangePreview,
  ChangeRecord,
  EntityOverview,
  LiveResource,
} from '@meshport/plugin-mesh-common';
import { Sandbox, startSandbox } from '@meshport/mesh-sandbox';
import request from 'supertest';
import { meshPlugin } from '../plugin';
import { reviewsEntity } from '../testUtils/reviewsEntity';
import { until } from '../testUtils/until';

jest.setTimeout(120_000);

// SQLite always; PostgreSQL 15 when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set
// (npm test points it at the machine's local server).
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const reviews = reviewsEntity;

type Server = Awaited<ReturnType<typeof startTestBackend>>['server'];

describe.each(databases.eachSupportedId())(
  'change routes on %p against the sandbox',
  (databaseId: TestDatabaseId) => {
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

    type Knex = Awaited<ReturnType<typeof databases.init>>;
    async function boot(
      options: {
        permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
        gitops?: boolean;
        knex?: Knex;
      } = {},
    ): Promise<Server> {
      const c = sandbox.cluster('sandbox');
      const knex = options.knex ?? (await databases.init(databaseId));
      const { server } = await startTestBackend({
        features: [
          meshPlugin,
          catalogServiceMock.factory({ entities: [reviews] }),
          mockServices.database.factory({ knex }),
          mockServices.permissions.factory({
            result: options.permission ?? AuthorizeResult.ALLOW,
          }),
          mockServices.rootConfig.factory({
            data: {
              mesh: {
                encryptionKey: 'change-test-key-0123456789',
                allowPrivateClusterUrls: true,
                clusters: [
                  {
                    name: 'sandbox',
                    apiUrl: c.apiUrl,
                    caData: c.caData,
                    token: c.token,
                    ...(options.gitops ? { gitops: true } : {}),
                  },
                ],
                meshes: [
                  {
                    name: 'demo',
                    kind: 'external',
                    controlPlaneCluster: 'sandbox',
                    members: [{ cluster: 'sandbox', role: 'primary' }],
                  },
                ],
              },
            },
          }),
        ],
      });
      if (options.permission !== AuthorizeResult.DENY) {
        await until(
          () => request(server).get('/api/mesh/clusters'),
          r => r.body.items?.[0]?.sync?.status === 'synced',
          60_000,
        );
      }
      return server;
    }

    const liveReviews = async (server: Server): Promise<LiveResource> =>
      (
        await request(server)
          .get('/api/mesh/entities/component/default/reviews/resource')
          .query({
            cluster: 'sandbox',
            apiVersion: 'networking.istio.io/v1',
            kind: 'VirtualService',
            namespace: 'bookinfo',
            name: 'reviews',
          })
          .expect(200)
      ).body;

    /** The reviews VirtualService's YAML with every route sent to `subset`. */
    const routedTo = (live: LiveResource, subset: string) =>
      live.yaml.replace(/subset: v\d+/g, `subset: ${subset}`);

    const preview = async (server: Server, yaml: string, expected = 200) =>
      request(server)
        .post('/api/mesh/changes/preview')
        .send({
          entityRef: 'component:default/reviews',
          cluster: 'sandbox',
          resources: [{ action: 'apply', manifest: yaml }],
          description: 'test',
        })
        .expect(expected);

    it('previews with a diff and a dry run, applies, shows the change in the model and history, and reverts', async () => {
      const server = await boot();
      const live = await liveReviews(server);
      expect(live.yaml).toContain('subset: v1');
      expect(live.yaml).not.toContain('managedFields');

      const p: ChangePreview = (await preview(server, routedTo(live, 'v3')))
        .body;
      expect(p.resources).toEqual([
        expect.objectContaining({
          kind: 'VirtualService',
          namespace: 'bookinfo',
          name: 'reviews',
          action: 'apply',
          operation: 'update',
          liveResourceVersion: live.resourceVersion,
        }),
      ]);
      expect(p.resources[0].diff).toMatch(/^-\s+subset: v1$/m);
      expect(p.resources[0].diff).toMatch(/^\+\s+subset: v3$/m);
      expect(p.dryRun).toEqual({ ok: true, messages: [] });
      expect(p.gitops).toBe(false);
      // Nothing is written by a preview.
      expect((await liveReviews(server)).yaml).toContain('subset: v1');

      const applied = await request(server)
        .post(`/api/mesh/changes/${p.id}/apply`)
        .expect(200);
      expect(applied.body).toMatchObject({ id: p.id, status: 'applied' });
      // The model shows it at once (apply waits for the watch), and the editor reads it back.
      expect((await liveReviews(server)).yaml).toContain('subset: v3');
      await request(server).post(`/api/mesh/changes/${p.id}/apply`).expect(409);

      const history: ChangeRecord[] = (
        await request(server)
          .get('/api/mesh/entities/component/default/reviews/history')
          .expect(200)
      ).body.items;
      expect(history[0]).toMatchObject({
        id: p.id,
        status: 'applied',
        appliedBy: 'user:default/mock',
        description: 'test',
      });
      expect(history[0].resources[0].diff).toContain('+');

      const revert: ChangePreview = (
        await request(server)
          .post(`/api/mesh/changes/${p.id}/revert`)
          .expect(200)
      ).body;
      expect(revert.revertOf).toBe(p.id);
      expect(revert.resources[0].diff).toMatch(/^\+\s+subset: v1$/m);
      await request(server)
        .post(`/api/mesh/changes/${revert.id}/apply`)
        .expect(200);
      expect((await liveReviews(server)).yaml).toContain('subset: v1');
    });

    it('reports the findings a change introduces, from every analyzer on the model after it', async () => {
      const server = await boot();
      const p: ChangePreview = (
        await preview(server, routedTo(await liveReviews(server), 'v9'))
      ).body;
      expect(p.findings.introduced).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            code: 'IST0101',
            resource: expect.objectContaining({
              kind: 'VirtualService',
              name: 'reviews',
            }),
          }),
        ]),
      );
      expect(p.findings.fixed).toEqual([]);
    });

    it('rejects bad input with a 400 naming the resource and field, and writes nothing', async () => {
      const server = await boot();
      const live = await liveReviews(server);
      const bad = JSON.parse(JSON.stringify(live.manifest)) as {
        spec: { http: Array<{ route: Array<{ weight?: number }> }> };
      };
      bad.spec.http[0].route[0].weight = -5;
      const res = await request(server)
        .post('/api/mesh/changes/preview')
        .send({
          entityRef: 'component:default/reviews',
          cluster: 'sandbox',
          resources: [{ action: 'apply', manifest: bad }],
        })
        .expect(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(
        /resources\[0\] \(VirtualService bookinfo\/reviews\).*weight/,
      );
      const yamlError = await preview(server, 'kind: [', 400);
      expect(yamlError.body.error.message).toMatch(
        /resources\[0\]\.manifest: YAML error at line 1/,
      );
      const notMesh = await preview(
        server,
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: x, namespace: bookinfo }\n',
        400,
      );
      expect(notMesh.body.error.message).toContain(
        'resources[0].manifest.kind',
      );
      const schema = await request(server)
        .post('/api/mesh/changes/preview')
        .send({
          entityRef: 'component:default/reviews',
          cluster: 'sandbox',
          resources: [],
        })
        .expect(400);
      expect(schema.body.error.message).toContain(
        'resources must list at least one resource',
      );
      expect((await liveReviews(server)).resourceVersion).toBe(
        live.resourceVersion,
      );
    });

    it('answers 409 with what moved when the preview is stale, and writes nothing', async () => {
      const server = await boot();
      const live = await liveReviews(server);
      const first: ChangePreview = (await preview(server, routedTo(live, 'v2')))
        .body;
      const second: ChangePreview = (
        await preview(server, routedTo(live, 'v3'))
      ).body;
      await request(server)
        .post(`/api/mesh/changes/${second.id}/apply`)
        .expect(200);
      const stale = await request(server)
        .post(`/api/mesh/changes/${first.id}/apply`)
        .expect(409);
      expect(stale.body.error.message).toMatch(
        /VirtualService bookinfo\/reviews changed since the preview/,
      );
      expect((await liveReviews(server)).yaml).toContain('subset: v3');
      const history: ChangeRecord[] = (
        await request(server)
          .get('/api/mesh/entities/component/default/reviews/history')
          .expect(200)
      ).body.items;
      expect(history.find(h => h.id === first.id)).toMatchObject({
        status: 'conflict',
      });
      // Put it back for the other tests.
      const back: ChangePreview = (
        await preview(server, routedTo(await liveReviews(server), 'v1'))
      ).body;
      await request(server)
        .post(`/api/mesh/changes/${back.id}/apply`)
        .expect(200);
    });

    it('exports a change as one YAML file per resource, and refuses apply on a GitOps cluster', async () => {
      const server = await boot({ gitops: true });
      const p: ChangePreview = (
        await preview(server, routedTo(await liveReviews(server), 'v2'))
      ).body;
      expect(p.gitops).toBe(true);
      const refused = await request(server)
        .post(`/api/mesh/changes/${p.id}/apply`)
        .expect(409);
      expect(refused.body.error.message).toContain(
        'managed by GitOps: export instead',
      );
      const exported = await request(server)
        .get(`/api/mesh/changes/${p.id}/export`)
        .expect(200);
      expect(exported.body.files).toEqual([
        expect.objectContaining({
          path: 'sandbox/bookinfo/virtualservice-reviews.yaml',
          action: 'apply',
          content: expect.stringContaining('subset: v2'),
        }),
      ]);
      expect(exported.body.files[0].content).not.toContain('resourceVersion');
      expect((await liveReviews(server)).yaml).toContain('subset: v1');
    });

    it('denies every route to a user without the permission', async () => {
      const knex = await databases.init(databaseId);
      const allowed = await boot({ knex });
      const p: ChangePreview = (
        await preview(allowed, routedTo(await liveReviews(allowed), 'v2'))
      ).body;
      const server = await boot({ permission: AuthorizeResult.DENY, knex });
      const body = {
        entityRef: 'component:default/reviews',
        cluster: 'sandbox',
        resources: [{ action: 'apply', manifest: 'kind: x' }],
      };
      await request(server)
        .post('/api/mesh/changes/preview')
        .send(body)
        .expect(403);
      for (const path of [
        `/api/mesh/changes/${p.id}/apply`,
        `/api/mesh/changes/${p.id}/revert`,
      ]) {
        const res = await request(server).post(path).expect(403);
        expect(res.body.error.message).toContain('mesh.config.update');
      }
      await request(server).get(`/api/mesh/changes/${p.id}/export`).expect(403);
      await request(server)
        .get('/api/mesh/entities/component/default/reviews/history')
        .expect(403);
      await request(server)
        .get('/api/mesh/entities/component/default/reviews/overview')
        .expect(403);
      await request(server)
        .get(`/api/mesh/changes/00000000-0000-4000-8000-000000000000/apply`)
        .expect(404);
      const overview = await request(allowed)
        .get('/api/mesh/entities/component/default/reviews/overview')
        .expect(200);
      expect((overview.body as EntityOverview).clusters[0].cluster).toBe(
        'sandbox',
      );
    });
  },
);

describe('writes on a cluster registered with impersonate', () => {
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

  /** Sends one object to the sandbox's API as its admin. */
  async function kubePost(path: string, body: unknown): Promise<number> {
    const c = sandbox.cluster('sandbox');
    const https = await import('https');
    return new Promise((resolve, reject) => {
      const req = https.request(
        new URL(path, c.apiUrl),
        {
          method: 'POST',
          ca: c.caData,
          headers: {
            Authorization: `Bearer ${c.token}`,
            'Content-Type': 'application/json',
          },
        },
        res => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
  }

  it("lets the cluster's RBAC decide: the user may edit bookinfo, and istio-system is refused with Kubernetes' message", async () => {
    // The test backend's user is user:default/mock: it may edit namespace bookinfo only.
    expect(
      await kubePost(
        '/apis/rbac.authorization.k8s.io/v1/namespaces/bookinfo/rolebindings',
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: { name: 'mock-edits-bookinfo', namespace: 'bookinfo' },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: 'edit',
          },
          subjects: [
            {
              apiGroup: 'rbac.authorization.k8s.io',
              kind: 'User',
              name: 'user:default/mock',
            },
          ],
        },
      ),
    ).toBe(201);
    const c = sandbox.cluster('sandbox');
    const { server } = await startTestBackend({
      features: [
        meshPlugin,
        catalogServiceMock.factory({ entities: [reviews] }),
        mockServices.rootConfig.factory({
          data: {
            mesh: {
              encryptionKey: 'change-test-key-0123456789',
              allowPrivateClusterUrls: true,
              clusters: [
                {
                  name: 'sandbox',
                  apiUrl: c.apiUrl,
                  caData: c.caData,
                  token: c.token,
                  impersonate: true,
                },
              ],
              meshes: [
                {
                  name: 'demo',
                  kind: 'external',
                  controlPlaneCluster: 'sandbox',
                  members: [{ cluster: 'sandbox', role: 'primary' }],
                },
              ],
            },
          },
        }),
      ],
    });
    await until(
      () => request(server).get('/api/mesh/clusters'),
      r => r.body.items?.[0]?.sync?.status === 'synced',
      60_000,
    );
    const vs = (namespace: string, subset: string) => ({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'reviews', namespace },
      spec: {
        hosts: ['reviews.bookinfo.svc.cluster.local'],
        http: [
          {
            route: [
              {
                destination: {
                  host: 'reviews.bookinfo.svc.cluster.local',
                  subset,
                },
              },
            ],
          },
        ],
      },
    });
    const send = (namespace: string, subset: string) =>
      request(server)
        .post('/api/mesh/changes/preview')
        .send({
          entityRef: 'component:default/reviews',
          cluster: 'sandbox',
          resources: [{ action: 'apply', manifest: vs(namespace, subset) }],
        })
        .expect(200);

    const allowed: ChangePreview = (await send('bookinfo', 'v2')).body;
    expect(allowed.dryRun).toEqual({ ok: true, messages: [] });
    await request(server)
      .post(`/api/mesh/changes/${allowed.id}/apply`)
      .expect(200);

    const refused: ChangePreview = (await send('istio-system', 'v2')).body;
    expect(refused.dryRun.ok).toBe(false);
    expect(refused.dryRun.messages[0]).toMatchObject({
      resource: 'VirtualService istio-system/reviews',
      message: expect.stringContaining(
        'is forbidden: User "user:default/mock" cannot patch resource "virtualservices" in API group "networking.istio.io" in the namespace "istio-system"',
      ),
    });
    const apply = await request(server)
      .post(`/api/mesh/changes/${refused.id}/apply`)
      .expect(400);
    expect(apply.body.error.message).toContain(
      'is forbidden: User "user:default/mock"',
    );
  });
});
