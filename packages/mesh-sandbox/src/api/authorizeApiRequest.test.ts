import {
  ADMIN,
  authorizeIdentity,
  forbidden,
  requestAttributes,
  VIEWER,
} from './authorizeApiRequest';

describe('requestAttributes', () => {
  const vs = {
    kind: 'resource' as const,
    group: 'networking.istio.io',
    version: 'v1',
    namespace: 'bookinfo',
    resource: 'virtualservices',
    legacyWatch: false,
  };

  it('names the verb as the apiserver does, and takes the name of a one-object list or watch from the field selector', () => {
    expect(
      requestAttributes(
        'GET',
        vs,
        new URLSearchParams('watch=true&fieldSelector=metadata.name%3Dreviews'),
      ),
    ).toEqual({
      verb: 'watch',
      apiGroup: 'networking.istio.io',
      resource: 'virtualservices',
      name: 'reviews',
      namespace: 'bookinfo',
    });
    expect(
      requestAttributes(
        'GET',
        vs,
        new URLSearchParams('fieldSelector=metadata.namespace%3Dx'),
      ).name,
    ).toBeUndefined();
    expect(
      requestAttributes(
        'PATCH',
        { ...vs, name: 'reviews', subresource: 'status' },
        new URLSearchParams(),
      ),
    ).toMatchObject({ verb: 'patch', name: 'reviews', subresource: 'status' });
    expect(requestAttributes('DELETE', vs, new URLSearchParams()).verb).toBe(
      'deletecollection',
    );
    expect(
      requestAttributes(
        'GET',
        {
          kind: 'resource',
          group: '',
          version: 'v1',
          resource: 'namespaces',
          name: 'bookinfo',
          legacyWatch: false,
        },
        new URLSearchParams(),
      ),
    ).toMatchObject({ namespace: 'bookinfo', name: 'bookinfo' });
  });
});

describe('the fixed identities', () => {
  it("lets the admin do anything and the viewer read all but Secrets, in the apiserver's words", () => {
    const patch = {
      verb: 'patch',
      apiGroup: 'networking.istio.io',
      resource: 'virtualservices',
      name: 'reviews',
      namespace: 'istio-system',
    };
    expect(authorizeIdentity(ADMIN, patch)).toBeUndefined();
    expect(
      authorizeIdentity(VIEWER, { ...patch, verb: 'get' }),
    ).toBeUndefined();
    expect(
      authorizeIdentity(VIEWER, {
        verb: 'list',
        apiGroup: '',
        resource: 'secrets',
      })?.message,
    ).toBe(
      'secrets is forbidden: User "system:serviceaccount:kube-system:meshport-viewer" cannot list resource "secrets" in API group "" at the cluster scope',
    );
    expect(
      authorizeIdentity(VIEWER, {
        verb: 'impersonate',
        apiGroup: '',
        resource: 'users',
        name: 'x',
      })?.code,
    ).toBe(403);
    expect(forbidden('user:default/bob', patch).toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'virtualservices.networking.istio.io "reviews" is forbidden: User "user:default/bob" cannot patch resource "virtualservices" in API group "networking.istio.io" in the namespace "istio-system"',
      reason: 'Forbidden',
      details: {
        name: 'reviews',
        group: 'networking.istio.io',
        kind: 'virtualservices',
      },
      code: 403,
    });
  });
});
