import { startSandbox } from '../sandbox/startSandbox';
import { Sandbox, SandboxCluster } from '../sandbox/types';
import { collectWatch, request } from '../testUtils/request';

jest.setTimeout(20_000);

const configMap = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels },
  data: { k: 'v' },
});

describe('the API server over HTTPS', () => {
  let sandbox: Sandbox;
  let cluster: SandboxCluster;
  const cmPath = '/api/v1/namespaces/default/configmaps';

  beforeAll(async () => {
    sandbox = await startSandbox({
      clusters: [{ name: 'api', scenario: 'empty' }],
      podReadyDelayMs: 10,
      watchBookmarkIntervalMs: 100,
      watchHistoryLimit: 20,
    });
    cluster = sandbox.cluster('api');
  });
  afterAll(() => sandbox.stop());

  describe('authentication', () => {
    it('answers 401 Status without or with a wrong token', async () => {
      for (const token of [null, 'wrong']) {
        const response = await request(cluster, 'GET', '/api/v1/pods', {
          token,
        });
        expect(response.status).toBe(401);
        expect(response.json()).toMatchObject({
          kind: 'Status',
          status: 'Failure',
          reason: 'Unauthorized',
          code: 401,
        });
      }
    });

    it('gives the viewer token the view role: reads but no Secrets, and 403 Forbidden for writes', async () => {
      const viewer = { token: cluster.viewerToken };
      expect(
        (await request(cluster, 'GET', '/api/v1/namespaces', viewer)).status,
      ).toBe(200);
      expect(
        (
          await request(
            cluster,
            'GET',
            '/apis/networking.istio.io/v1/virtualservices',
            viewer,
          )
        ).status,
      ).toBe(200);
      expect((await request(cluster, 'GET', '/apis', viewer)).status).toBe(200);
      expect(
        (
          await request(cluster, 'POST', cmPath, {
            ...viewer,
            body: configMap('from-viewer'),
          })
        ).json(),
      ).toMatchObject({
        kind: 'Status',
        code: 403,
        reason: 'Forbidden',
        message:
          'configmaps is forbidden: User "system:serviceaccount:kube-system:meshport-viewer" cannot create resource "configmaps" in API group "" in the namespace "default"',
      });
      expect(
        (await request(cluster, 'GET', '/api/v1/secrets', viewer)).json(),
      ).toMatchObject({
        code: 403,
        message: expect.stringContaining(
          'cannot list resource "secrets" in API group "" at the cluster scope',
        ),
      });
      const patch = await request(
        cluster,
        'PATCH',
        '/apis/apps/v1/namespaces/istio-system/deployments/istiod/scale',
        {
          ...viewer,
          body: { spec: { replicas: 2 } },
          contentType: 'application/merge-patch+json',
        },
      );
      expect(patch.json()).toMatchObject({
        code: 403,
        details: { name: 'istiod', group: 'apps', kind: 'deployments' },
        message: expect.stringContaining(
          'deployments.apps "istiod" is forbidden: User "system:serviceaccount:kube-system:meshport-viewer" cannot patch resource "deployments/scale" in API group "apps"',
        ),
      });
      expect(
        (
          await request(
            cluster,
            'GET',
            '/apis/apps/v1/namespaces/istio-system/deployments/istiod',
            viewer,
          )
        ).json().spec.replicas,
      ).toBe(1);
    });

    it('lets anyone read /version and health, as a real apiserver does', async () => {
      expect(
        (await request(cluster, 'GET', '/version', { token: null })).json(),
      ).toMatchObject({ major: '1', minor: '32' });
      expect(
        (await request(cluster, 'GET', '/readyz', { token: null })).text,
      ).toBe('ok');
    });
  });

  describe('discovery', () => {
    it('serves the legacy documents', async () => {
      expect((await request(cluster, 'GET', '/api')).json()).toMatchObject({
        kind: 'APIVersions',
        versions: ['v1'],
      });
      const groups = (await request(cluster, 'GET', '/apis')).json<{
        groups: Array<{
          name: string;
          preferredVersion: { version: string };
          versions: Array<{ version: string }>;
        }>;
      }>().groups;
      const networking = groups.find(g => g.name === 'networking.istio.io')!;
      expect(networking.versions.map(v => v.version)).toEqual([
        'v1',
        'v1beta1',
        'v1alpha3',
      ]);
      expect(groups.map(g => g.name)).toEqual(
        expect.arrayContaining([
          'apps',
          'security.istio.io',
          'telemetry.istio.io',
          'extensions.istio.io',
          'gateway.networking.k8s.io',
        ]),
      );
      const resources = (
        await request(cluster, 'GET', '/apis/networking.istio.io/v1alpha3')
      )
        .json<{ resources: Array<{ name: string }> }>()
        .resources.map(r => r.name);
      expect(resources).toEqual(
        expect.arrayContaining([
          'virtualservices',
          'virtualservices/status',
          'envoyfilters',
        ]),
      );
      expect(
        (await request(cluster, 'GET', '/apis/apps/v1'))
          .json<{ resources: Array<{ name: string }> }>()
          .resources.map(r => r.name),
      ).toContain('deployments/scale');
    });

    it('serves aggregated discovery when asked for it', async () => {
      const response = await request(cluster, 'GET', '/apis', {
        accept:
          'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
      });
      expect(response.headers['content-type']).toBe(
        'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
      );
      const body = response.json<{
        kind: string;
        items: Array<{
          metadata: { name: string };
          versions: Array<{
            version: string;
            resources: Array<{ resource: string }>;
          }>;
        }>;
      }>();
      expect(body.kind).toBe('APIGroupDiscoveryList');
      const security = body.items.find(
        i => i.metadata.name === 'security.istio.io',
      )!;
      expect(security.versions[0].resources.map(r => r.resource)).toEqual([
        'authorizationpolicies',
        'peerauthentications',
        'requestauthentications',
      ]);
    });
  });

  describe('errors are Status objects', () => {
    it('403 Forbidden for new content in a namespace that is being terminated', async () => {
      await request(cluster, 'POST', '/api/v1/namespaces', {
        body: {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'leaving', finalizers: ['example.com/hold'] },
        },
      });
      await request(cluster, 'DELETE', '/api/v1/namespaces/leaving');
      const created = await request(
        cluster,
        'POST',
        '/api/v1/namespaces/leaving/configmaps',
        { body: configMap('late') },
      );
      expect(created.json()).toMatchObject({
        code: 403,
        reason: 'Forbidden',
        message:
          'unable to create new content in namespace leaving because it is being terminated',
      });
    });

    it('404 NotFound, 405 and 400 for a bad selector', async () => {
      expect(
        (await request(cluster, 'GET', `${cmPath}/missing`)).json(),
      ).toMatchObject({
        code: 404,
        reason: 'NotFound',
        message: 'configmaps "missing" not found',
        details: { name: 'missing', kind: 'configmaps' },
      });
      expect(
        (
          await request(
            cluster,
            'GET',
            '/apis/networking.istio.io/v9/virtualservices',
          )
        ).status,
      ).toBe(404);
      expect(
        (
          await request(cluster, 'POST', `${cmPath}/x`, {
            body: configMap('x'),
          })
        ).json(),
      ).toMatchObject({ code: 405, reason: 'MethodNotAllowed' });
      expect(
        (
          await request(
            cluster,
            'GET',
            `${cmPath}?labelSelector=${encodeURIComponent('a in b')}`,
          )
        ).json(),
      ).toMatchObject({ code: 400, reason: 'BadRequest' });
      expect(
        (
          await request(cluster, 'GET', `${cmPath}?fieldSelector=data.k%3Dv`)
        ).json(),
      ).toMatchObject({
        code: 400,
        message: 'field label not supported: data.k',
      });
      const protobuf = await request(cluster, 'POST', cmPath, {
        body: 'k8s\u0000...',
        contentType: 'application/vnd.kubernetes.protobuf',
      });
      expect(protobuf.json()).toMatchObject({
        code: 415,
        reason: 'UnsupportedMediaType',
      });
    });

    it('409 AlreadyExists, 409 Conflict and 422 Invalid', async () => {
      const created = (
        await request(cluster, 'POST', cmPath, { body: configMap('dup') })
      ).json();
      expect(
        (
          await request(cluster, 'POST', cmPath, { body: configMap('dup') })
        ).json(),
      ).toMatchObject({ code: 409, reason: 'AlreadyExists' });
      const updated = await request(cluster, 'PUT', `${cmPath}/dup`, {
        body: { ...created, data: { k: 'v2' } },
      });
      expect(updated.status).toBe(200);
      const stale = await request(cluster, 'PUT', `${cmPath}/dup`, {
        body: { ...created, data: { k: 'v3' } },
      });
      expect(stale.json()).toMatchObject({ code: 409, reason: 'Conflict' });
      const invalid = await request(
        cluster,
        'POST',
        '/apis/networking.istio.io/v1/namespaces/default/virtualservices',
        {
          body: {
            apiVersion: 'networking.istio.io/v1',
            kind: 'VirtualService',
            metadata: { name: 'bad' },
            spec: { hosts: 'not-a-list' },
          },
        },
      );
      expect(invalid.json()).toMatchObject({
        code: 422,
        reason: 'Invalid',
        details: { kind: 'VirtualService', causes: [{ field: 'spec.hosts' }] },
      });
    });
  });

  describe('list', () => {
    beforeAll(async () => {
      for (const [name, tier] of [
        ['l-a', 'web'],
        ['l-b', 'db'],
        ['l-c', 'web'],
      ]) {
        await request(cluster, 'POST', cmPath, {
          body: configMap(name, { suite: 'list', tier }),
        });
      }
    });

    it('filters by label and field selectors', async () => {
      const names = async (query: string) =>
        (await request(cluster, 'GET', `${cmPath}?${query}`))
          .json<{ items: Array<{ metadata: { name: string } }> }>()
          .items.map(i => i.metadata.name);
      expect(
        await names(
          `labelSelector=${encodeURIComponent('suite=list,tier!=db')}`,
        ),
      ).toEqual(['l-a', 'l-c']);
      expect(
        await names(
          `labelSelector=${encodeURIComponent('tier in (db),suite')}`,
        ),
      ).toEqual(['l-b']);
      expect(
        await names(`fieldSelector=${encodeURIComponent('metadata.name=l-c')}`),
      ).toEqual(['l-c']);
      const everywhere = (
        await request(
          cluster,
          'GET',
          `/api/v1/configmaps?fieldSelector=${encodeURIComponent('metadata.namespace=kube-system')}`,
        )
      ).json<{ items: unknown[] }>();
      expect(everywhere.items.length).toBeGreaterThan(0);
    });

    it('pages with limit and continue', async () => {
      const first = (
        await request(
          cluster,
          'GET',
          `${cmPath}?labelSelector=suite%3Dlist&limit=2`,
        )
      ).json();
      expect(
        first.items.map((i: { metadata: { name: string } }) => i.metadata.name),
      ).toEqual(['l-a', 'l-b']);
      expect(first.metadata).toMatchObject({ continue: expect.any(String) });
      // With a selector the apiserver cannot know how many remain, so it leaves the count out.
      expect(first.metadata.remainingItemCount).toBeUndefined();
      const second = (
        await request(
          cluster,
          'GET',
          `${cmPath}?labelSelector=suite%3Dlist&limit=2&continue=${encodeURIComponent(first.metadata.continue)}`,
        )
      ).json();
      expect(
        second.items.map(
          (i: { metadata: { name: string } }) => i.metadata.name,
        ),
      ).toEqual(['l-c']);
      expect(second.metadata.continue).toBeUndefined();
      expect(second.metadata.resourceVersion).toBe(
        first.metadata.resourceVersion,
      );
    });

    it("counts the remaining items of an unfiltered page, and later pages read the first page's snapshot", async () => {
      await request(cluster, 'POST', '/api/v1/namespaces', {
        body: {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'paging' },
        },
      });
      const path = '/api/v1/namespaces/paging/configmaps';
      for (const name of ['p-a', 'p-b', 'p-c'])
        await request(cluster, 'POST', path, { body: configMap(name) });
      // The namespace controller publishes kube-root-ca.crt in every namespace, as in a real cluster.
      while (
        (await request(cluster, 'GET', `${path}/kube-root-ca.crt`)).status !==
        200
      )
        await new Promise(resolve => setTimeout(resolve, 20));
      const first = (await request(cluster, 'GET', `${path}?limit=2`)).json();
      expect(
        first.items.map((i: { metadata: { name: string } }) => i.metadata.name),
      ).toEqual(['kube-root-ca.crt', 'p-a']);
      expect(first.metadata.remainingItemCount).toBe(2);
      // Changes after the first page do not show on later pages: the list is one snapshot.
      await request(cluster, 'DELETE', `${path}/p-b`);
      await request(cluster, 'POST', path, { body: configMap('p-d') });
      const rest = (
        await request(
          cluster,
          'GET',
          `${path}?limit=5&continue=${encodeURIComponent(first.metadata.continue)}`,
        )
      ).json();
      expect(
        rest.items.map((i: { metadata: { name: string } }) => i.metadata.name),
      ).toEqual(['p-b', 'p-c']);
      expect(
        (await request(cluster, 'GET', path))
          .json()
          .items.map((i: { metadata: { name: string } }) => i.metadata.name),
      ).toEqual(['kube-root-ca.crt', 'p-a', 'p-c', 'p-d']);
    });

    it('lists at an exact resourceVersion, or not older than one, and rejects what the apiserver rejects', async () => {
      await request(cluster, 'POST', '/api/v1/namespaces', {
        body: {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'exact' },
        },
      });
      const path = '/api/v1/namespaces/exact/configmaps';
      const mine = `fieldSelector=${encodeURIComponent('metadata.name!=kube-root-ca.crt')}`;
      await request(cluster, 'POST', path, { body: configMap('e-a') });
      const before = (await request(cluster, 'GET', path)).json().metadata
        .resourceVersion as string;
      await request(cluster, 'PATCH', `${path}/e-a`, {
        body: { data: { k: 'changed' } },
        contentType: 'application/merge-patch+json',
      });
      await request(cluster, 'POST', path, { body: configMap('e-b') });

      const exact = (
        await request(
          cluster,
          'GET',
          `${path}?${mine}&resourceVersion=${before}&resourceVersionMatch=Exact`,
        )
      ).json();
      expect(exact.metadata.resourceVersion).toBe(before);
      expect(
        exact.items.map(
          (i: { metadata: { name: string }; data: { k: string } }) => [
            i.metadata.name,
            i.data.k,
          ],
        ),
      ).toEqual([['e-a', 'v']]);
      const notOlder = (
        await request(
          cluster,
          'GET',
          `${path}?${mine}&resourceVersion=${before}&resourceVersionMatch=NotOlderThan`,
        )
      ).json();
      expect(notOlder.items).toHaveLength(2);
      expect(Number(notOlder.metadata.resourceVersion)).toBeGreaterThan(
        Number(before),
      );

      const bad = async (query: string) =>
        (await request(cluster, 'GET', `${path}?${query}`)).json();
      expect(await bad('resourceVersionMatch=Exact')).toMatchObject({
        code: 422,
        reason: 'Invalid',
        message: expect.stringContaining(
          'resourceVersionMatch is forbidden unless resourceVersion is provided',
        ),
      });
      expect(
        await bad('resourceVersion=0&resourceVersionMatch=Exact'),
      ).toMatchObject({
        code: 422,
        details: {
          kind: 'ListOptions',
          causes: [{ field: 'resourceVersionMatch' }],
        },
      });
      expect(
        await bad(`resourceVersion=${before}&resourceVersionMatch=Newest`),
      ).toMatchObject({
        code: 422,
        message: expect.stringContaining('Unsupported value: "Newest"'),
      });
      expect(await bad('resourceVersion=abc')).toMatchObject({
        code: 400,
        reason: 'BadRequest',
      });
      expect(await bad('resourceVersion=999999999')).toMatchObject({
        code: 504,
        reason: 'Timeout',
        details: { causes: [{ reason: 'ResourceVersionTooLarge' }] },
      });
      // The history window of this server is 20 events per resource: push `before` out of it.
      for (let i = 0; i < 25; i += 1)
        await request(cluster, 'POST', path, {
          body: configMap(`e-fill-${i}`),
        });
      expect(
        await bad(`resourceVersion=${before}&resourceVersionMatch=Exact`),
      ).toMatchObject({ code: 410, reason: 'Expired' });
    });

    it('returns kubectl tables when asked', async () => {
      const table = (
        await request(cluster, 'GET', '/api/v1/namespaces', {
          accept:
            'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
        })
      ).json();
      expect(table.kind).toBe('Table');
      expect(
        table.columnDefinitions.map((c: { name: string }) => c.name),
      ).toEqual(['Name', 'Status', 'Age']);
      expect(table.rows.map((r: { cells: unknown[] }) => r.cells[0])).toContain(
        'istio-system',
      );
    });
  });

  describe('patch and delete', () => {
    it('applies JSON merge patches, strategic merge patches and JSON patches', async () => {
      await request(cluster, 'POST', cmPath, {
        body: configMap('patched', { a: '1' }),
      });
      const merged = await request(cluster, 'PATCH', `${cmPath}/patched`, {
        body: {
          metadata: { labels: { a: null, b: '2' } },
          data: { extra: 'x' },
        },
        contentType: 'application/merge-patch+json',
      });
      expect(merged.json()).toMatchObject({
        metadata: { labels: { b: '2' } },
        data: { k: 'v', extra: 'x' },
      });
      expect(merged.json().metadata.labels.a).toBeUndefined();
      const strategic = await request(cluster, 'PATCH', `${cmPath}/patched`, {
        body: { data: { k: 'w' } },
        contentType: 'application/strategic-merge-patch+json',
      });
      expect(strategic.json().data).toEqual({ k: 'w', extra: 'x' });
      const jsonPatched = await request(cluster, 'PATCH', `${cmPath}/patched`, {
        body: [
          { op: 'test', path: '/data/k', value: 'w' },
          { op: 'remove', path: '/data/k' },
        ],
        contentType: 'application/json-patch+json',
      });
      expect(jsonPatched.json().data).toEqual({ extra: 'x' });
      const failedTest = await request(cluster, 'PATCH', `${cmPath}/patched`, {
        body: [{ op: 'test', path: '/data/extra', value: 'y' }],
        contentType: 'application/json-patch+json',
      });
      expect(failedTest.json()).toMatchObject({
        kind: 'Status',
        code: 422,
        reason: 'Invalid',
      });
      const strategicOnCustom = await request(
        cluster,
        'PATCH',
        '/apis/networking.istio.io/v1/namespaces/default/virtualservices/x',
        {
          body: { spec: {} },
          contentType: 'application/strategic-merge-patch+json',
        },
      );
      expect(strategicOnCustom.json()).toMatchObject({
        code: 415,
        reason: 'UnsupportedMediaType',
      });
      const precondition = await request(
        cluster,
        'PATCH',
        `${cmPath}/patched`,
        {
          body: { metadata: { resourceVersion: '1' }, data: { k: 'z' } },
          contentType: 'application/merge-patch+json',
        },
      );
      expect(precondition.json()).toMatchObject({
        code: 409,
        reason: 'Conflict',
      });
    });

    it('scales through the scale subresource and deletes with cascade', async () => {
      const deployment = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'scaled' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'scaled' } },
          template: {
            metadata: { labels: { app: 'scaled' } },
            spec: { containers: [{ name: 'c', image: 'c:1' }] },
          },
        },
      };
      expect(
        (
          await request(
            cluster,
            'POST',
            '/apis/apps/v1/namespaces/default/deployments',
            { body: deployment },
          )
        ).status,
      ).toBe(201);
      const scale = await request(
        cluster,
        'PATCH',
        '/apis/apps/v1/namespaces/default/deployments/scaled/scale',
        {
          body: { spec: { replicas: 3 } },
          contentType: 'application/merge-patch+json',
        },
      );
      expect(scale.json()).toMatchObject({
        kind: 'Scale',
        spec: { replicas: 3 },
        status: { selector: 'app=scaled' },
      });
      const podsOf = async () =>
        (
          await request(
            cluster,
            'GET',
            '/api/v1/namespaces/default/pods?labelSelector=app%3Dscaled',
          )
        ).json<{ items: unknown[] }>().items.length;
      await expect(poll(podsOf, n => n === 3)).resolves.toBe(3);
      const deleted = await request(
        cluster,
        'DELETE',
        '/apis/apps/v1/namespaces/default/deployments/scaled',
        {
          body: {
            kind: 'DeleteOptions',
            apiVersion: 'v1',
            propagationPolicy: 'Background',
          },
        },
      );
      expect(deleted.status).toBe(200);
      await expect(poll(podsOf, n => n === 0)).resolves.toBe(0);
    });
  });

  describe('watch', () => {
    it('sends current state, then ADDED/MODIFIED/DELETED in order, with BOOKMARKs', async () => {
      const watching = collectWatch(
        cluster,
        `${cmPath}?watch=true&labelSelector=suite%3Dwatch&allowWatchBookmarks=true`,
        events =>
          events.some(e => e.type === 'DELETED') &&
          events.some(e => e.type === 'BOOKMARK'),
      );
      await new Promise(resolve => setTimeout(resolve, 50));
      const created = (
        await request(cluster, 'POST', cmPath, {
          body: configMap('w1', { suite: 'watch' }),
        })
      ).json();
      await request(cluster, 'PUT', `${cmPath}/w1`, {
        body: { ...created, data: { k: 'changed' } },
      });
      await request(cluster, 'DELETE', `${cmPath}/w1`);
      const { events } = await watching;
      const changes = events.filter(e => e.type !== 'BOOKMARK');
      expect(changes.map(e => e.type)).toEqual([
        'ADDED',
        'MODIFIED',
        'DELETED',
      ]);
      const versions = changes.map(e =>
        Number(e.object.metadata.resourceVersion),
      );
      expect([...versions].sort((a, b) => a - b)).toEqual(versions);
      const bookmark = events.find(e => e.type === 'BOOKMARK')!;
      expect(bookmark.object).toMatchObject({
        kind: 'ConfigMap',
        apiVersion: 'v1',
        metadata: { resourceVersion: expect.any(String) },
      });
    });

    it('resumes from a resourceVersion, and ends after timeoutSeconds', async () => {
      const list = (await request(cluster, 'GET', cmPath)).json();
      await request(cluster, 'POST', cmPath, { body: configMap('resume-1') });
      await request(cluster, 'POST', cmPath, { body: configMap('resume-2') });
      const { events, ended } = await collectWatch(
        cluster,
        `${cmPath}?watch=true&resourceVersion=${list.metadata.resourceVersion}&timeoutSeconds=1`,
        () => false,
        4000,
      );
      expect(ended).toBe(true);
      expect(events.map(e => `${e.type} ${e.object.metadata.name}`)).toEqual([
        'ADDED resume-1',
        'ADDED resume-2',
      ]);
    });

    it('answers a resourceVersion older than the history window with a 410 Expired ERROR event', async () => {
      const start = (await request(cluster, 'GET', cmPath)).json().metadata
        .resourceVersion;
      for (let i = 0; i < 25; i += 1) {
        await request(cluster, 'POST', cmPath, {
          body: configMap(`churn-${i}`),
        });
      }
      const { status, events, ended } = await collectWatch(
        cluster,
        `${cmPath}?watch=true&resourceVersion=${start}`,
        () => false,
      );
      expect(status).toBe(200);
      expect(ended).toBe(true);
      expect(events).toEqual([
        {
          type: 'ERROR',
          object: expect.objectContaining({
            kind: 'Status',
            code: 410,
            reason: 'Expired',
          }),
        },
      ]);
    });

    it('streams initial events and marks their end with a BOOKMARK when sendInitialEvents is set', async () => {
      await request(cluster, 'POST', cmPath, {
        body: configMap('initial', { suite: 'initial' }),
      });
      const { events } = await collectWatch(
        cluster,
        `${cmPath}?watch=true&labelSelector=suite%3Dinitial&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`,
        seen => seen.some(e => e.type === 'BOOKMARK'),
      );
      expect(events[0]).toMatchObject({
        type: 'ADDED',
        object: { metadata: { name: 'initial' } },
      });
      expect(events[1]).toMatchObject({
        type: 'BOOKMARK',
        object: {
          metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } },
        },
      });
    });

    it('expires a continue token whose revision left the history window (410)', async () => {
      const first = (await request(cluster, 'GET', `${cmPath}?limit=1`)).json();
      for (let i = 0; i < 25; i += 1) {
        await request(cluster, 'POST', cmPath, {
          body: configMap(`page-churn-${i}`),
        });
      }
      const next = await request(
        cluster,
        'GET',
        `${cmPath}?limit=1&continue=${encodeURIComponent(first.metadata.continue)}`,
      );
      expect(next.json()).toMatchObject({
        kind: 'Status',
        code: 410,
        reason: 'Expired',
      });
    });

    it('rejects a malformed resourceVersion with 400 before streaming', async () => {
      expect(
        (
          await request(
            cluster,
            'GET',
            `${cmPath}?watch=true&resourceVersion=abc`,
          )
        ).json(),
      ).toMatchObject({ code: 400 });
    });
  });

  describe('OpenAPI v3', () => {
    it('publishes per group-version documents that declare fieldValidation', async () => {
      const index = (await request(cluster, 'GET', '/openapi/v3')).json<{
        paths: Record<string, { serverRelativeURL: string }>;
      }>();
      const doc = (
        await request(
          cluster,
          'GET',
          index.paths['apis/networking.istio.io/v1'].serverRelativeURL,
        )
      ).json();
      const item =
        doc.paths[
          '/apis/networking.istio.io/v1/namespaces/{namespace}/virtualservices/{name}'
        ];
      expect(item.patch['x-kubernetes-group-version-kind']).toEqual({
        group: 'networking.istio.io',
        version: 'v1',
        kind: 'VirtualService',
      });
      expect(
        item.patch.parameters.map((p: { name: string }) => p.name),
      ).toContain('fieldValidation');
      expect(
        doc.components.schemas['io.istio.networking.v1.VirtualService']
          .properties.spec,
      ).toBeDefined();
    });
  });
});

async function poll<T>(
  read: () => Promise<T>,
  until: (value: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (until(value) || Date.now() > deadline) return value;
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}
