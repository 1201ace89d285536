import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { EntityOverview } from '@meshport/plugin-mesh-common';
import { Sandbox, startSandbox } from '@meshport/mesh-sandbox';
import request from 'supertest';
import { meshPlugin } from '../plugin';
import { component, reviewsEntity } from '../testUtils/reviewsEntity';
import { until } from '../testUtils/until';

jest.setTimeout(60_000);

const entities = [reviewsEntity, component('no-annotations', {})];

describe('mesh router against the sandbox', () => {
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
  ) {
    const c = sandbox.cluster('sandbox');
    const { server } = await startTestBackend({
      features: [
        meshPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.permissions.factory({ result: permission }),
        mockServices.rootConfig.factory({
          data: {
            mesh: {
              encryptionKey: 'router-test-key-0123456789',
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

  const registration = (over: Record<string, unknown> = {}) => {
    const c = sandbox.cluster('sandbox');
    return {
      name: 'second',
      apiUrl: c.apiUrl,
      caData: c.caData,
      token: c.token,
      ...over,
    };
  };

  it('registers the config cluster and syncs its cache from the Kubernetes API', async () => {
    const server = await boot();
    const res = await until(
      () => request(server).get('/api/mesh/clusters'),
      r => r.body.items?.[0]?.sync?.status === 'synced',
    );
    const [cluster] = res.body.items;
    expect(cluster).toMatchObject({
      name: 'sandbox',
      source: 'config',
      hasCaData: true,
      authKind: 'bearerToken',
    });
    expect(cluster.sync.objectCounts.pods).toBeGreaterThanOrEqual(6);
    expect(JSON.stringify(res.body)).not.toContain(
      sandbox.cluster('sandbox').token,
    );

    const meshes = await request(server).get('/api/mesh/meshes').expect(200);
    expect(meshes.body.items[0]).toMatchObject({
      name: 'demo',
      controlPlaneCluster: 'sandbox',
      members: [{ cluster: 'sandbox', role: 'primary' }],
    });
  });

  it('answers the overview of reviews: three workloads with sidecars, Service and Istio resources', async () => {
    const server = await boot();
    const res = await until(
      () =>
        request(server).get(
          '/api/mesh/entities/component/default/reviews/overview',
        ),
      r =>
        r.status === 200 &&
        (r.body as EntityOverview).clusters[0]?.sync.status === 'synced' &&
        (r.body as EntityOverview).clusters[0]?.summary.podsReady === 3,
    );
    const overview = res.body as EntityOverview;
    const [cluster] = overview.clusters;
    expect(cluster.workloads.map(w => w.name)).toEqual([
      'reviews-v1',
      'reviews-v2',
      'reviews-v3',
    ]);
    for (const w of cluster.workloads) {
      expect(w.replicas).toEqual({ desired: 1, ready: 1 });
      expect(w.pods[0].sidecar).toMatchObject({
        injected: true,
        expected: true,
        decidedBy: 'namespace-injection-label',
      });
      expect(w.pods[0].proxyVersion).toMatch(/^\d+\.\d+\.\d+$/);
    }
    expect(cluster.services.map(s => s.host)).toContain(
      'reviews.bookinfo.svc.cluster.local',
    );
    const kinds = cluster.istioResources.map(r => `${r.kind}/${r.name}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'VirtualService/reviews',
        'DestinationRule/reviews',
      ]),
    );
  });

  it('sees changes through the watch, not a live call', async () => {
    const server = await boot();
    const c = sandbox.cluster('sandbox');
    await until(
      () => request(server).get('/api/mesh/clusters'),
      r => r.body.items?.[0]?.sync?.status === 'synced',
    );
    const created = await fetchSandbox(
      c,
      '/apis/apps/v1/namespaces/bookinfo/deployments',
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: 'reviews-v4',
          labels: { app: 'reviews', version: 'v4' },
        },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'reviews', version: 'v4' } },
          template: {
            metadata: { labels: { app: 'reviews', version: 'v4' } },
            spec: { containers: [{ name: 'reviews', image: 'reviews:v4' }] },
          },
        },
      },
    );
    expect(created).toBe(201);
    const res = await until(
      () =>
        request(server).get(
          '/api/mesh/entities/component/default/reviews/overview',
        ),
      r =>
        (r.body as EntityOverview).clusters?.[0]?.workloads.some(
          w => w.name === 'reviews-v4' && w.pods.length === 1,
        ),
    );
    expect(
      (res.body as EntityOverview).clusters[0].workloads.find(
        w => w.name === 'reviews-v4',
      )?.pods[0].sidecar.injected,
    ).toBe(true);
    await fetchSandbox(
      c,
      '/apis/apps/v1/namespaces/bookinfo/deployments/reviews-v4',
      undefined,
      'DELETE',
    );
  });

  it('tells an entity without annotations which annotation to add, and 404s unknown entities', async () => {
    const server = await boot();
    const res = await request(server)
      .get('/api/mesh/entities/component/default/no-annotations/overview')
      .expect(400);
    expect(res.body.error).toMatchObject({ name: 'InputError' });
    expect(res.body.error.message).toContain('backstage.io/kubernetes-id');
    await request(server)
      .get('/api/mesh/entities/component/default/nope/overview')
      .expect(404);
  });

  it('registers a cluster only after a successful connection test, and never returns the token', async () => {
    const server = await boot();
    const created = await request(server)
      .post('/api/mesh/clusters')
      .send(registration())
      .expect(201);
    expect(created.body).toMatchObject({
      name: 'second',
      source: 'api',
      hasCaData: true,
      createdBy: 'user:default/mock',
    });
    expect(JSON.stringify(created.body)).not.toContain(
      sandbox.cluster('sandbox').token,
    );
    const dup = await request(server)
      .post('/api/mesh/clusters')
      .send(registration())
      .expect(409);
    expect(dup.body.error.message).toContain('already registered');
    await request(server).delete('/api/mesh/clusters/second').expect(204);
    await request(server).delete('/api/mesh/clusters/second').expect(404);
  });

  it.each([
    ['a bad field', { name: 'Bad Name' }, /name must be lowercase/],
    ['a missing CA for https', { caData: undefined }, /caData is required/],
    [
      'a CA that is not a certificate',
      { caData: 'hello' },
      /caData is neither a PEM/,
    ],
    ['a wrong token', { token: 'wrong' }, /token was rejected/],
    [
      'an unreachable URL',
      { apiUrl: 'https://127.0.0.1:1' },
      /refused the connection/,
    ],
  ])(
    'rejects %s with a 400 that says which, saving nothing',
    async (_label, over, message) => {
      const server = await boot();
      const res = await request(server)
        .post('/api/mesh/clusters')
        .send(registration(over))
        .expect(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(message);
      expect(res.body.error.message).not.toContain(
        sandbox.cluster('sandbox').token,
      );
      const list = await request(server).get('/api/mesh/clusters').expect(200);
      expect(list.body.items.map((c: { name: string }) => c.name)).toEqual([
        'sandbox',
      ]);
    },
  );

  it('rejects a CA that does not sign the server certificate', async () => {
    const server = await boot();
    const other = await startSandbox({
      clusters: [{ name: 'other', scenario: 'empty' }],
    });
    try {
      const res = await request(server)
        .post('/api/mesh/clusters')
        .send(registration({ caData: other.cluster('other').caData }))
        .expect(400);
      expect(res.body.error.message).toMatch(/TLS verification .* failed/);
    } finally {
      await other.stop();
    }
  });

  it('registers and deletes meshes, protecting clusters that are members', async () => {
    const server = await boot();
    await request(server)
      .post('/api/mesh/clusters')
      .send(registration())
      .expect(201);
    const body = {
      name: 'two',
      kind: 'managed',
      controlPlaneCluster: 'second',
      members: [{ cluster: 'second', role: 'primary', network: 'n2' }],
    };
    const created = await request(server)
      .post('/api/mesh/meshes')
      .send(body)
      .expect(201);
    expect(created.body).toMatchObject({
      name: 'two',
      trustDomain: 'cluster.local',
      source: 'api',
    });
    await request(server).post('/api/mesh/meshes').send(body).expect(409);
    const bad = await request(server)
      .post('/api/mesh/meshes')
      .send({ ...body, name: 'three', controlPlaneCluster: 'zzz' })
      .expect(400);
    expect(bad.body.error.message).toContain(
      'controlPlaneCluster must be one of the members',
    );
    const conflict = await request(server)
      .delete('/api/mesh/clusters/second')
      .expect(409);
    expect(conflict.body.error.message).toContain('member of mesh "two"');
    await request(server).delete('/api/mesh/meshes/two').expect(204);
    await request(server).delete('/api/mesh/clusters/second').expect(204);
  });

  it('requires mesh.cluster.register to register and mesh.cluster.delete to delete', async () => {
    const server = await boot(AuthorizeResult.DENY);
    const res = await request(server)
      .post('/api/mesh/clusters')
      .send(registration())
      .expect(403);
    expect(res.body.error.message).toContain('mesh.cluster.register');
    await request(server)
      .post('/api/mesh/clusters/connection-test')
      .send(registration())
      .expect(403);
    const mesh = await request(server)
      .post('/api/mesh/meshes')
      .send({
        name: 'two',
        kind: 'managed',
        controlPlaneCluster: 'sandbox',
        members: [{ cluster: 'sandbox', role: 'primary' }],
      })
      .expect(403);
    expect(mesh.body.error.message).toContain('mesh.cluster.register');
    const del = await request(server)
      .delete('/api/mesh/clusters/sandbox')
      .expect(403);
    expect(del.body.error.message).toContain('mesh.cluster.delete');
    await request(server).delete('/api/mesh/meshes/demo').expect(403);
    const read = await request(server).get('/api/mesh/clusters').expect(403);
    expect(read.body.error.message).toContain('mesh.cluster.read');
  });

  it('answers 401 without valid credentials', async () => {
    const server = await boot();
    for (const path of [
      '/api/mesh/clusters',
      '/api/mesh/meshes',
      '/api/mesh/entities/component/default/reviews/overview',
    ]) {
      const res = await request(server)
        .get(path)
        .set('authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    }
    const post = await request(server)
      .post('/api/mesh/clusters')
      .set('authorization', mockCredentials.none.header())
      .send(registration());
    expect(post.status).toBe(401);
  });
});

/** Writes to the sandbox through its Kubernetes API, as any client would. */
async function fetchSandbox(
  c: { apiUrl: string; token: string; caData?: string },
  path: string,
  body?: unknown,
  method = 'POST',
): Promise<number> {
  const https = await import('https');
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(path, c.apiUrl),
      {
        method,
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
    req.end(body ? JSON.stringify(body) : undefined);
  });
}
