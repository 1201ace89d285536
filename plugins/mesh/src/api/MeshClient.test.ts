import { ResponseError } from '@backstage/errors';
import { MeshClient } from './MeshClient';

const BASE = 'http://localhost:7007/api/mesh';

/** Just enough of `Response` for MeshClient and `ResponseError.fromResponse`. */
function response(status: number, body?: unknown) {
  const text = body === undefined ? '' : JSON.stringify(body);
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText:
      {
        200: 'OK',
        201: 'Created',
        204: 'No Content',
        404: 'Not Found',
        409: 'Conflict',
      }[status] ?? '',
    url: '',
    headers: new Headers({ 'content-type': 'application/json' }),
    json: async () => JSON.parse(text),
    text: async () => text,
  } as unknown as Response;
}

function setup(...answers: Response[]) {
  const fetch = jest.fn<Promise<Response>, [string, RequestInit?]>();
  answers.forEach(a => fetch.mockResolvedValueOnce(a));
  const discoveryApi = {
    getBaseUrl: jest.fn(
      async (id: string) => `http://localhost:7007/api/${id}`,
    ),
  };
  const client = new MeshClient({ discoveryApi, fetchApi: { fetch } as never });
  return { client, fetch, discoveryApi };
}

const clusterRequest = {
  name: 'east',
  apiUrl: 'https://10.0.0.1:6443',
  insecureSkipTlsVerify: true,
  token: 't0k',
};

describe('MeshClient', () => {
  it('lists clusters from the mesh plugin base URL and unwraps items', async () => {
    const { client, fetch, discoveryApi } = setup(
      response(200, { items: [{ name: 'east' }] }),
    );
    await expect(client.listClusters()).resolves.toEqual([{ name: 'east' }]);
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('mesh');
    expect(fetch).toHaveBeenCalledWith(`${BASE}/clusters`, { method: 'GET' });
  });

  it('posts a cluster registration as JSON', async () => {
    const { client, fetch } = setup(response(201, { name: 'east' }));
    await expect(client.registerCluster(clusterRequest)).resolves.toEqual({
      name: 'east',
    });
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${BASE}/clusters`);
    expect(init).toMatchObject({
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(JSON.parse(init!.body as string)).toEqual(clusterRequest);
  });

  it('posts a connection test to its own path', async () => {
    const { client, fetch } = setup(
      response(200, { ok: true, serverVersion: 'v1.31.0' }),
    );
    await expect(client.testClusterConnection(clusterRequest)).resolves.toEqual(
      { ok: true, serverVersion: 'v1.31.0' },
    );
    expect(fetch.mock.calls[0][0]).toBe(`${BASE}/clusters/connection-test`);
  });

  it('deletes by encoded name and accepts an empty 204', async () => {
    const { client, fetch } = setup(response(204), response(204));
    await expect(client.deleteCluster('a/b')).resolves.toBeUndefined();
    await expect(client.deleteMesh('prod')).resolves.toBeUndefined();
    expect(fetch.mock.calls.map(c => [c[0], c[1]?.method])).toEqual([
      [`${BASE}/clusters/a%2Fb`, 'DELETE'],
      [`${BASE}/meshes/prod`, 'DELETE'],
    ]);
  });

  it('lists and registers meshes', async () => {
    const { client, fetch } = setup(
      response(200, { items: [] }),
      response(201, { name: 'prod' }),
    );
    await expect(client.listMeshes()).resolves.toEqual([]);
    await client.registerMesh({
      name: 'prod',
      kind: 'external',
      controlPlaneCluster: 'east',
      members: [{ cluster: 'east', role: 'primary' }],
    });
    expect(fetch.mock.calls.map(c => [c[0], c[1]?.method])).toEqual([
      [`${BASE}/meshes`, 'GET'],
      [`${BASE}/meshes`, 'POST'],
    ]);
  });

  it('builds the entity overview path', async () => {
    const { client, fetch } = setup(
      response(200, { entityRef: 'component:default/reviews', clusters: [] }),
    );
    await client.getEntityOverview({
      kind: 'component',
      namespace: 'default',
      name: 'reviews',
    });
    expect(fetch.mock.calls[0][0]).toBe(
      `${BASE}/entities/component/default/reviews/overview`,
    );
  });

  it('throws a ResponseError carrying the backend message on a non-OK answer', async () => {
    const { client } = setup(
      response(409, {
        error: {
          name: 'ConflictError',
          message: 'cluster east is already registered',
        },
        response: { statusCode: 409 },
      }),
    );
    const error = await client.registerCluster(clusterRequest).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(409);
    expect(error.body.error).toMatchObject({
      name: 'ConflictError',
      message: 'cluster east is already registered',
    });
  });

  it('throws on a 404 for an unknown entity', async () => {
    const { client } = setup(
      response(404, {
        error: {
          name: 'NotFoundError',
          message: 'no entity component:default/nope',
        },
        response: { statusCode: 404 },
      }),
    );
    await expect(
      client.getEntityOverview({
        kind: 'component',
        namespace: 'default',
        name: 'nope',
      }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
    });
  });

  describe('traffic', () => {
    const reviews = {
      kind: 'component',
      namespace: 'default',
      name: 'reviews',
    };

    it('gets the entity traffic view', async () => {
      const traffic = {
        entityRef: 'component:default/reviews',
        clusters: [],
        generatedAt: '2026-01-01T00:00:00Z',
      };
      const { client, fetch } = setup(response(200, traffic));
      await expect(client.getEntityTraffic(reviews)).resolves.toEqual(traffic);
      expect(fetch).toHaveBeenCalledWith(
        `${BASE}/entities/component/default/reviews/traffic`,
        { method: 'GET' },
      );
    });

    it('posts a trace request as JSON and returns the trace', async () => {
      const body = {
        cluster: 'east',
        from: 'bookinfo/productpage-v1',
        host: 'reviews.bookinfo.svc.cluster.local',
        port: 9080,
        headers: { 'end-user': 'jason' },
      };
      const { client, fetch } = setup(
        response(200, { outcome: 'route', ruleIndex: 0 }),
      );
      await expect(client.traceRequest(reviews, body)).resolves.toEqual({
        outcome: 'route',
        ruleIndex: 0,
      });
      const [url, init] = fetch.mock.calls[0];
      expect(url).toBe(`${BASE}/entities/component/default/reviews/trace`);
      expect(init).toMatchObject({
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
      });
      expect(JSON.parse(init!.body as string)).toEqual(body);
    });

    it('rejects a bad trace request with the backend message', async () => {
      const { client } = setup(
        response(400, {
          error: { name: 'InputError', message: 'unknown workload a/b' },
          response: { statusCode: 400 },
        }),
      );
      const error = await client
        .traceRequest(reviews, { from: 'a/b' })
        .catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(400);
      expect(error.body.error.message).toBe('unknown workload a/b');
    });
  });

  describe('security', () => {
    const ratings = {
      kind: 'component',
      namespace: 'default',
      name: 'ratings',
    };

    it('gets the security view, with the window only when one is given', async () => {
      const { client, fetch } = setup(
        response(200, { clusters: [] }),
        response(200, { clusters: [] }),
      );
      await client.getEntitySecurity(ratings);
      await client.getEntitySecurity(ratings, { window: '15m' });
      expect(fetch.mock.calls[0][0]).toBe(
        `${BASE}/entities/component/default/ratings/security`,
      );
      expect(fetch.mock.calls[1][0]).toBe(
        `${BASE}/entities/component/default/ratings/security?window=15m`,
      );
    });

    it('posts a can-i question as JSON and returns the decision', async () => {
      const body = { from: 'bookinfo/productpage-v1', port: 9080 };
      const { client, fetch } = setup(
        response(200, { allowed: false, status: 403 }),
      );
      await expect(client.canI(ratings, body)).resolves.toEqual({
        allowed: false,
        status: 403,
      });
      const [url, init] = fetch.mock.calls[0];
      expect(url).toBe(`${BASE}/entities/component/default/ratings/can-i`);
      expect(init).toMatchObject({ method: 'POST' });
      expect(JSON.parse(init!.body as string)).toEqual(body);
    });
  });

  describe('change sets', () => {
    const reviews = {
      kind: 'component',
      namespace: 'default',
      name: 'reviews',
    };

    it('posts a preview request as JSON', async () => {
      const request = {
        entityRef: 'component:default/reviews',
        cluster: 'east',
        resources: [
          { action: 'apply' as const, manifest: 'kind: VirtualService' },
        ],
        description: 'all to v3',
      };
      const { client, fetch } = setup(response(200, { id: 'c1' }));
      await expect(client.previewChange(request)).resolves.toEqual({
        id: 'c1',
      });
      const [url, init] = fetch.mock.calls[0];
      expect(url).toBe(`${BASE}/changes/preview`);
      expect(init).toMatchObject({
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
      });
      expect(JSON.parse(init!.body as string)).toEqual(request);
    });

    it('applies, reverts and exports a change by encoded id', async () => {
      const { client, fetch } = setup(
        response(200, { id: 'c/1', status: 'applied' }),
        response(200, { id: 'c2', revertOf: 'c/1' }),
        response(200, { id: 'c/1', files: [] }),
      );
      await expect(client.applyChange('c/1')).resolves.toMatchObject({
        status: 'applied',
      });
      await expect(client.revertChange('c/1')).resolves.toMatchObject({
        revertOf: 'c/1',
      });
      await expect(client.exportChange('c/1')).resolves.toEqual({
        id: 'c/1',
        files: [],
      });
      expect(
        fetch.mock.calls.map(c => [c[0], c[1]?.method, c[1]?.body]),
      ).toEqual([
        [`${BASE}/changes/c%2F1/apply`, 'POST', undefined],
        [`${BASE}/changes/c%2F1/revert`, 'POST', undefined],
        [`${BASE}/changes/c%2F1/export`, 'GET', undefined],
      ]);
    });

    it('unwraps the history items', async () => {
      const { client, fetch } = setup(
        response(200, { items: [{ id: 'c2' }, { id: 'c1' }] }),
      );
      await expect(client.getChangeHistory(reviews)).resolves.toEqual([
        { id: 'c2' },
        { id: 'c1' },
      ]);
      expect(fetch.mock.calls[0][0]).toBe(
        `${BASE}/entities/component/default/reviews/history`,
      );
    });

    it('asks for a live resource with its query, leaving out an absent namespace', async () => {
      const { client, fetch } = setup(
        response(200, { yaml: 'a: 1' }),
        response(200, { yaml: 'b: 1' }),
      );
      await client.getLiveResource(reviews, {
        cluster: 'east',
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        namespace: 'bookinfo',
        name: 'reviews',
      });
      await client.getLiveResource(reviews, {
        cluster: 'east',
        apiVersion: 'v1',
        kind: 'Namespace',
        name: 'bookinfo',
      });
      expect(fetch.mock.calls.map(c => c[0])).toEqual([
        `${BASE}/entities/component/default/reviews/resource?cluster=east&apiVersion=networking.istio.io%2Fv1&kind=VirtualService&namespace=bookinfo&name=reviews`,
        `${BASE}/entities/component/default/reviews/resource?cluster=east&apiVersion=v1&kind=Namespace&name=bookinfo`,
      ]);
    });

    it("rejects an apply conflict with the backend's message", async () => {
      const message =
        'VirtualService bookinfo/reviews changed since the preview (resourceVersion 12 → 15)';
      const { client } = setup(
        response(409, {
          error: { name: 'ConflictError', message },
          response: { statusCode: 409 },
        }),
      );
      const error = await client.applyChange('c1').catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(409);
      expect(error.body.error.message).toBe(message);
    });
  });

  describe('topology and metrics', () => {
    const reviews = {
      kind: 'component',
      namespace: 'default',
      name: 'reviews',
    };
    const status = {
      source: 'prometheus',
      description: 'Prometheus at http://127.0.0.1:9090',
      status: 'ok',
    };
    const graph = {
      graphType: 'workload',
      windowSeconds: 300,
      generatedAt: '2026-03-02T10:00:00Z',
      nodes: [],
      edges: [],
      metrics: status,
    };

    it('gets the entity topology with its window, hops and graph type', async () => {
      const { client, fetch } = setup(response(200, graph));
      await expect(
        client.getEntityTopology(reviews, {
          window: '15m',
          hops: 2,
          graph: 'versioned-app',
        }),
      ).resolves.toEqual(graph);
      expect(fetch).toHaveBeenCalledWith(
        `${BASE}/entities/component/default/reviews/topology?window=15m&hops=2&graph=versioned-app`,
        { method: 'GET' },
      );
    });

    it('takes an entity ref string and leaves out what the query does not set', async () => {
      const { client, fetch } = setup(response(200, graph));
      await client.getEntityTopology('Component:team a/reviews', {});
      expect(fetch.mock.calls[0][0]).toBe(
        `${BASE}/entities/Component/team%20a/reviews/topology`,
      );
    });

    it('sends hops 0 rather than dropping it', async () => {
      const { client, fetch } = setup(response(200, graph));
      await client.getEntityTopology(reviews, { hops: 0 });
      expect(fetch.mock.calls[0][0]).toBe(
        `${BASE}/entities/component/default/reviews/topology?hops=0`,
      );
    });

    it('gets a mesh topology with comma-joined namespace and cluster filters', async () => {
      const { client, fetch } = setup(
        response(200, graph),
        response(200, graph),
      );
      await client.getMeshTopology('prod/eu', {
        window: '5m',
        graph: 'service',
        namespaces: ['bookinfo', 'istio-system'],
        clusters: ['east'],
      });
      await client.getMeshTopology('prod', { namespaces: [], clusters: [] });
      expect(fetch.mock.calls.map(c => c[0])).toEqual([
        `${BASE}/meshes/prod%2Feu/topology?window=5m&graph=service&namespace=bookinfo%2Cistio-system&cluster=east`,
        `${BASE}/meshes/prod/topology`,
      ]);
    });

    it('gets the metrics charts of one workload or one Service', async () => {
      const charts = {
        windowSeconds: 300,
        stepSeconds: 15,
        inbound: {},
        outbound: {},
        metrics: status,
      };
      const { client, fetch } = setup(
        response(200, charts),
        response(200, charts),
      );
      await expect(
        client.getEntityMetrics(reviews, {
          window: '1h',
          cluster: 'east',
          namespace: 'bookinfo',
          workload: 'reviews-v2',
        }),
      ).resolves.toEqual(charts);
      await client.getEntityMetrics('component:default/reviews', {
        namespace: 'bookinfo',
        service: 'reviews',
      });
      expect(fetch.mock.calls.map(c => c[0])).toEqual([
        `${BASE}/entities/component/default/reviews/metrics?window=1h&cluster=east&namespace=bookinfo&workload=reviews-v2`,
        `${BASE}/entities/component/default/reviews/metrics?namespace=bookinfo&service=reviews`,
      ]);
    });

    it('rejects a metrics request for a workload outside the entity with the backend message', async () => {
      const { client } = setup(
        response(404, {
          error: {
            name: 'NotFoundError',
            message:
              'workload bookinfo/ratings-v1 is not part of component:default/reviews',
          },
          response: { statusCode: 404 },
        }),
      );
      const error = await client
        .getEntityMetrics(reviews, {
          namespace: 'bookinfo',
          workload: 'ratings-v1',
        })
        .catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(404);
      expect(error.body.error.message).toMatch(/not part of/);
    });
  });

  describe('canaries', () => {
    const reviews = {
      kind: 'component',
      namespace: 'default',
      name: 'reviews',
    };

    it('lists the entity canaries and unwraps them', async () => {
      const { client, fetch } = setup(
        response(200, { canaries: [{ id: 'cnr-2' }, { id: 'cnr-1' }] }),
      );
      await expect(client.listEntityCanaries(reviews)).resolves.toEqual([
        { id: 'cnr-2' },
        { id: 'cnr-1' },
      ]);
      expect(fetch).toHaveBeenCalledWith(
        `${BASE}/entities/component/default/reviews/canaries`,
        { method: 'GET' },
      );
    });

    it('gets one canary by encoded id', async () => {
      const { client, fetch } = setup(
        response(200, { id: 'cnr/1', events: [] }),
      );
      await expect(client.getCanary('cnr/1')).resolves.toEqual({
        id: 'cnr/1',
        events: [],
      });
      expect(fetch).toHaveBeenCalledWith(`${BASE}/canaries/cnr%2F1`, {
        method: 'GET',
      });
    });

    it('posts promote, abort and resume as JSON with the reason when there is one', async () => {
      const { client, fetch } = setup(
        response(200, { id: 'cnr-1', state: 'promoted' }),
        response(200, { id: 'cnr-2', state: 'aborted' }),
        response(200, { id: 'cnr-3', state: 'progressing' }),
      );
      await expect(
        client.promoteCanary('cnr-1', 'looks good'),
      ).resolves.toMatchObject({ state: 'promoted' });
      await expect(client.abortCanary('cnr-2')).resolves.toMatchObject({
        state: 'aborted',
      });
      await expect(client.resumeCanary('cnr-3', '   ')).resolves.toMatchObject({
        state: 'progressing',
      });
      expect(
        fetch.mock.calls.map(([url, init]) => [
          url,
          init?.method,
          (init?.headers as Record<string, string>)['Content-Type'],
          JSON.parse(init!.body as string),
        ]),
      ).toEqual([
        [
          `${BASE}/canaries/cnr-1/promote`,
          'POST',
          'application/json',
          { reason: 'looks good' },
        ],
        [`${BASE}/canaries/cnr-2/abort`, 'POST', 'application/json', {}],
        [`${BASE}/canaries/cnr-3/resume`, 'POST', 'application/json', {}],
      ]);
    });

    it("rejects an action the canary's state does not allow with the backend's message", async () => {
      const message =
        'canary cnr-1 is rolled-back; only a running canary can be aborted';
      const { client } = setup(
        response(409, {
          error: { name: 'ConflictError', message },
          response: { statusCode: 409 },
        }),
      );
      const error = await client.abortCanary('cnr-1').catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(409);
      expect(error.body.error.message).toBe(message);
    });
  });
});
