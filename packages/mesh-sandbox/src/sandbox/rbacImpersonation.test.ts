import { request } from '../testUtils/request';
import { startSandbox } from './startSandbox';
import { Sandbox, SandboxCluster } from './types';

jest.setTimeout(30_000);

const BOB = 'user:default/bob';
const TEAM = 'group:default/team-bookinfo';
const VS = '/apis/networking.istio.io/v1/namespaces';
const MERGE = 'application/merge-patch+json';
const APPLY = 'application/apply-patch+yaml';

const virtualService = (name: string, namespace: string, host = name) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name, namespace },
  spec: {
    hosts: [host],
    http: [{ route: [{ destination: { host, subset: 'v1' } }] }],
  },
});

const editBinding = (
  name: string,
  subject: { kind: 'User' | 'Group'; name: string },
) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name, namespace: 'bookinfo' },
  roleRef: {
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    name: 'edit',
  },
  subjects: [{ apiGroup: 'rbac.authorization.k8s.io', ...subject }],
});

describe('impersonation with RBAC over HTTP', () => {
  let sandbox: Sandbox;
  let cluster: SandboxCluster;
  const as = (user: string, groups?: string | string[]) => ({
    'Impersonate-User': user,
    ...(groups ? { 'Impersonate-Group': groups } : {}),
  });

  beforeAll(async () => {
    sandbox = await startSandbox({ podReadyDelayMs: 20 });
    cluster = sandbox.cluster('sandbox');
    // Meshport's write target outside bob's namespace.
    const created = await request(
      cluster,
      'POST',
      `${VS}/istio-system/virtualservices`,
      {
        body: virtualService(
          'reviews',
          'istio-system',
          'reviews.bookinfo.svc.cluster.local',
        ),
      },
    );
    if (created.status !== 201)
      throw new Error(`cannot create istio-system/reviews: ${created.text}`);
  });
  afterAll(() => sandbox.stop());

  it('serves rbac.authorization.k8s.io/v1 with the bootstrap ClusterRoles', async () => {
    const resources = (
      await request(cluster, 'GET', '/apis/rbac.authorization.k8s.io/v1')
    ).json<{ resources: Array<{ name: string; namespaced: boolean }> }>()
      .resources;
    expect(resources.map(r => [r.name, r.namespaced])).toEqual([
      ['clusterrolebindings', false],
      ['clusterroles', false],
      ['rolebindings', true],
      ['roles', true],
    ]);
    const roles = (
      await request(
        cluster,
        'GET',
        '/apis/rbac.authorization.k8s.io/v1/clusterroles',
      )
    )
      .json<{ items: Array<{ metadata: { name: string } }> }>()
      .items.map(r => r.metadata.name);
    expect(roles).toEqual(
      expect.arrayContaining(['cluster-admin', 'admin', 'edit', 'view']),
    );
    const edit = (
      await request(
        cluster,
        'GET',
        '/apis/rbac.authorization.k8s.io/v1/clusterroles/edit',
      )
    ).json();
    expect(edit.aggregationRule.clusterRoleSelectors).toEqual([
      {
        matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' },
      },
    ]);
    expect(edit.rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          apiGroups: expect.arrayContaining(['networking.istio.io']),
          resources: ['*'],
        }),
      ]),
    );
    const badBinding = await request(
      cluster,
      'POST',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/bookinfo/rolebindings',
      {
        body: {
          ...editBinding('bad', { kind: 'User', name: BOB }),
          roleRef: { kind: 'Deployment', name: 'x' },
        },
      },
    );
    expect(badBinding.json()).toMatchObject({
      code: 422,
      details: { causes: [{ field: 'roleRef.kind' }] },
    });
  });

  it('lets a user bound to edit in bookinfo patch there, and nowhere else', async () => {
    const reviews = `${VS}/bookinfo/virtualservices/reviews`;
    // Before the binding, bob may do nothing.
    const before = await request(cluster, 'PATCH', reviews, {
      body: { metadata: { labels: { by: 'bob' } } },
      contentType: MERGE,
      headers: as(BOB),
    });
    expect(before.json()).toMatchObject({
      code: 403,
      message: `virtualservices.networking.istio.io "reviews" is forbidden: User "${BOB}" cannot patch resource "virtualservices" in API group "networking.istio.io" in the namespace "bookinfo"`,
    });

    expect(
      (
        await request(
          cluster,
          'POST',
          '/apis/rbac.authorization.k8s.io/v1/namespaces/bookinfo/rolebindings',
          { body: editBinding('bob-edit', { kind: 'User', name: BOB }) },
        )
      ).status,
    ).toBe(201);
    const patched = await request(cluster, 'PATCH', reviews, {
      body: { metadata: { labels: { by: 'bob' } } },
      contentType: MERGE,
      headers: as(BOB),
    });
    expect(patched.status).toBe(200);
    expect(patched.json().metadata.labels).toEqual({ by: 'bob' });

    const elsewhere = await request(
      cluster,
      'PATCH',
      `${VS}/istio-system/virtualservices/reviews`,
      {
        body: { metadata: { labels: { by: 'bob' } } },
        contentType: MERGE,
        headers: as(BOB),
      },
    );
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `virtualservices.networking.istio.io "reviews" is forbidden: User "${BOB}" cannot patch resource "virtualservices" in API group "networking.istio.io" in the namespace "istio-system"`,
      reason: 'Forbidden',
      details: {
        name: 'reviews',
        group: 'networking.istio.io',
        kind: 'virtualservices',
      },
      code: 403,
    });
    const created = await request(
      cluster,
      'POST',
      `${VS}/istio-system/virtualservices`,
      { body: virtualService('bob-new', 'istio-system'), headers: as(BOB) },
    );
    expect(created.json()).toMatchObject({
      code: 403,
      message: `virtualservices.networking.istio.io is forbidden: User "${BOB}" cannot create resource "virtualservices" in API group "networking.istio.io" in the namespace "istio-system"`,
    });
    const listAll = await request(
      cluster,
      'GET',
      '/apis/networking.istio.io/v1/virtualservices',
      { headers: as(BOB) },
    );
    expect(listAll.json()).toMatchObject({
      code: 403,
      message: `virtualservices.networking.istio.io is forbidden: User "${BOB}" cannot list resource "virtualservices" in API group "networking.istio.io" at the cluster scope`,
    });
    // edit reads Secrets but grants no RBAC rights.
    expect(
      (
        await request(cluster, 'GET', '/api/v1/namespaces/bookinfo/secrets', {
          headers: as(BOB),
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await request(
          cluster,
          'GET',
          '/apis/rbac.authorization.k8s.io/v1/namespaces/bookinfo/rolebindings',
          { headers: as(BOB) },
        )
      ).status,
    ).toBe(403);
    // Discovery stays open to an impersonated user.
    expect(
      (
        await request(cluster, 'GET', '/apis/networking.istio.io/v1', {
          headers: as(BOB),
        })
      ).status,
    ).toBe(200);
  });

  it('authorizes dry runs and server-side apply the same way, and an apply that creates also needs create', async () => {
    const apply = (namespace: string, name: string, extra = '') =>
      request(
        cluster,
        'PATCH',
        `${VS}/${namespace}/virtualservices/${name}?fieldManager=meshport&force=true${extra}`,
        {
          body: virtualService(name, namespace),
          contentType: APPLY,
          headers: as(BOB),
        },
      );
    expect((await apply('bookinfo', 'reviews', '&dryRun=All')).status).toBe(
      200,
    );
    expect(
      (await apply('istio-system', 'reviews', '&dryRun=All')).json(),
    ).toMatchObject({
      code: 403,
      message: expect.stringContaining(
        'cannot patch resource "virtualservices"',
      ),
    });

    // A Role with patch but not create: applying an existing object works, applying a new one does not.
    await request(cluster, 'POST', '/api/v1/namespaces', {
      body: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'patch-only' },
      },
    });
    await request(
      cluster,
      'POST',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/patch-only/roles',
      {
        body: {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'Role',
          metadata: { name: 'vs-patch' },
          rules: [
            {
              apiGroups: ['networking.istio.io'],
              resources: ['virtualservices'],
              verbs: ['get', 'patch'],
            },
          ],
        },
      },
    );
    await request(
      cluster,
      'POST',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/patch-only/rolebindings',
      {
        body: {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: { name: 'bob' },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'Role',
            name: 'vs-patch',
          },
          subjects: [{ kind: 'User', name: BOB }],
        },
      },
    );
    await request(cluster, 'POST', `${VS}/patch-only/virtualservices`, {
      body: virtualService('existing', 'patch-only'),
    });
    expect((await apply('patch-only', 'existing')).status).toBe(200);
    const createByApply = await apply('patch-only', 'brand-new', '&dryRun=All');
    expect(createByApply.json()).toMatchObject({
      code: 403,
      message: `virtualservices.networking.istio.io "brand-new" is forbidden: User "${BOB}" cannot create resource "virtualservices" in API group "networking.istio.io" in the namespace "patch-only"`,
    });
    expect(
      (
        await request(
          cluster,
          'GET',
          `${VS}/patch-only/virtualservices/brand-new`,
        )
      ).status,
    ).toBe(404);
  });

  it('grants through a Group binding, with groups as several header lines or comma-joined', async () => {
    expect(
      (
        await request(
          cluster,
          'POST',
          '/apis/rbac.authorization.k8s.io/v1/namespaces/bookinfo/rolebindings',
          { body: editBinding('team-edit', { kind: 'Group', name: TEAM }) },
        )
      ).status,
    ).toBe(201);
    const patch = (headers: Record<string, string | string[]>) =>
      request(cluster, 'PATCH', `${VS}/bookinfo/virtualservices/ratings`, {
        body: { metadata: { labels: { by: 'team' } } },
        contentType: MERGE,
        headers,
      });
    expect((await patch(as('user:default/alice'))).status).toBe(403);
    expect((await patch(as('user:default/alice', TEAM))).status).toBe(200);
    expect(
      (await patch(as('user:default/alice', ['group:default/other', TEAM])))
        .status,
    ).toBe(200);
    expect(
      (await patch(as('user:default/alice', `group:default/other, ${TEAM}`)))
        .status,
    ).toBe(200);
  });

  it('lets only the admin identity impersonate', async () => {
    const viewer = await request(
      cluster,
      'GET',
      '/api/v1/namespaces/bookinfo/pods',
      { token: cluster.viewerToken, headers: as('x') },
    );
    expect(viewer.status).toBe(403);
    expect(viewer.json()).toMatchObject({
      reason: 'Forbidden',
      message:
        'users "x" is forbidden: User "system:serviceaccount:kube-system:meshport-viewer" cannot impersonate resource "users" in API group "" at the cluster scope',
      details: { name: 'x', kind: 'users' },
    });
    const viewerAsSa = await request(
      cluster,
      'GET',
      '/api/v1/namespaces/bookinfo/pods',
      {
        token: cluster.viewerToken,
        headers: as('system:serviceaccount:bookinfo:default'),
      },
    );
    expect(viewerAsSa.json().message).toBe(
      'serviceaccounts "default" is forbidden: User "system:serviceaccount:kube-system:meshport-viewer" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "bookinfo"',
    );
    const groupOnly = await request(
      cluster,
      'GET',
      '/api/v1/namespaces/bookinfo/pods',
      { headers: { 'Impersonate-Group': TEAM } },
    );
    expect(groupOnly.json()).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: `requested [{Group  ${TEAM}    }] without impersonating a user`,
    });
    // Impersonating the viewer's service account goes through RBAC: its binding to view.
    const asViewerSa = as('system:serviceaccount:kube-system:meshport-viewer');
    expect(
      (
        await request(cluster, 'GET', '/api/v1/namespaces/bookinfo/pods', {
          headers: asViewerSa,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await request(
          cluster,
          'DELETE',
          `${VS}/bookinfo/virtualservices/reviews`,
          { headers: asViewerSa },
        )
      ).status,
    ).toBe(403);
    // Without impersonation the tokens behave as before.
    expect(
      (await request(cluster, 'GET', '/api/v1/namespaces/bookinfo/secrets'))
        .status,
    ).toBe(200);
  });
});
