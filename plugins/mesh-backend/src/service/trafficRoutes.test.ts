import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { EntityTraffic, RouteTrace } from '@meshport/plugin-mesh-common';
import { Sandbox, startSandbox } from '@meshport/mesh-sandbox';
import request from 'supertest';
import { meshPlugin } from '../plugin';
import { reviewsEntity } from '../testUtils/reviewsEntity';

jest.setTimeout(120_000);

const reviews = reviewsEntity;

type Server = Awaited<ReturnType<typeof startTestBackend>>['server'];

describe('traffic routes against the sandbox', () => {
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
    permission:
      AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ): Promise<Server> {
    const c = sandbox.cluster('sandbox');
    const { server } = await startTestBackend({
      features: [
        meshPlugin,
        catalogServiceMock.factory({ entities: [reviews] }),
        mockServices.permissions.factory({ result: permission }),
        mockServices.rootConfig.factory({
          data: {
            mesh: {
              encryptionKey: 'traffic-test-key-0123456789',
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
                },
              ],
            },
          },
        }),
      ],
    });
    return server;
  }

  async function synced(server: Server): Promise<EntityTraffic> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await request(server).get(
        '/api/mesh/entities/component/default/reviews/traffic',
      );
      const body = res.body as EntityTraffic;
      if (
        res.status === 200 &&
        body.clusters[0]?.sync.status === 'synced' &&
        body.clusters[0].resources.length > 0
      )
        return body;
      if (Date.now() > deadline)
        throw new Error(
          `not synced: ${JSON.stringify(res.body).slice(0, 500)}`,
        );
      await new Promise(r => setTimeout(r, 200));
    }
  }

  it("shows the reviews VirtualService's rules in words and the subsets with their ready pods", async () => {
    const server = await boot();
    const traffic = await synced(server);
    const [cluster] = traffic.clusters;
    expect(cluster.services.map(s => s.host)).toContain(
      'reviews.bookinfo.svc.cluster.local',
    );
    const vs = cluster.resources.find(
      r => r.kind === 'VirtualService' && r.name === 'reviews',
    );
    expect(vs?.rules?.[0]).toMatchObject({
      isDefault: true,
      destinations: [expect.objectContaining({ subset: 'v1', weight: 100 })],
    });
    const dr = cluster.resources.find(
      r => r.kind === 'DestinationRule' && r.name === 'reviews',
    );
    expect(dr?.subsets?.map(s => [s.name, s.readyPods])).toEqual(
      expect.arrayContaining([
        ['v1', 1],
        ['v2', 1],
        ['v3', 1],
      ]),
    );
  });

  it('traces a request to the entity: the same JSON as meshport trace', async () => {
    const server = await boot();
    await synced(server);
    const res = await request(server)
      .post('/api/mesh/entities/component/default/reviews/trace')
      .send({
        from: 'bookinfo/productpage-v1',
        path: '/reviews/0',
        headers: { 'end-user': 'jason' },
      })
      .expect(200);
    const trace = res.body as RouteTrace;
    expect(trace.outcome).toBe('route');
    expect(trace.virtualService).toEqual({
      namespace: 'bookinfo',
      name: 'reviews',
    });
    expect(trace.destinations).toEqual([
      expect.objectContaining({
        host: 'reviews.bookinfo.svc.cluster.local',
        subset: 'v1',
        weight: 100,
      }),
    ]);
    expect(trace.request.sourceNamespace).toBe('bookinfo');
  });

  it('answers 400 naming the field, 404 for an unknown entity, and 403 without mesh.entity.read', async () => {
    const server = await boot();
    await synced(server);
    const bad = await request(server)
      .post('/api/mesh/entities/component/default/reviews/trace')
      .send({ port: 'eighty' })
      .expect(400);
    expect(bad.body.error.message).toContain('port');
    const from = await request(server)
      .post('/api/mesh/entities/component/default/reviews/trace')
      .send({ from: 'bookinfo/nothing-here' })
      .expect(400);
    expect(from.body.error.message).toContain(
      'from: no Pod, Deployment or Service named nothing-here',
    );
    await request(server)
      .get('/api/mesh/entities/component/default/nope/traffic')
      .expect(404);
    await request(server)
      .post('/api/mesh/entities/component/default/nope/trace')
      .send({})
      .expect(404);
    const denied = await boot(AuthorizeResult.DENY);
    const res = await request(denied)
      .get('/api/mesh/entities/component/default/reviews/traffic')
      .expect(403);
    expect(res.body.error.message).toContain('mesh.entity.read');
    await request(denied)
      .post('/api/mesh/entities/component/default/reviews/trace')
      .send({})
      .expect(403);
  });
});
