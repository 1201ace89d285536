import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  meshConfigUpdatePermission,
  meshEntityReadPermission,
} from '@meshport/plugin-mesh-common';
import { Request } from 'express';
import { EntityAccess } from './entityAccess';

const reviews = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'reviews', namespace: 'default' },
  spec: { type: 'service', owner: 'team', lifecycle: 'production' },
};
const ref = { kind: 'component', namespace: 'default', name: 'reviews' };

function setup(reuseMs?: number) {
  const allow: { result: AuthorizeResult.ALLOW } = {
    result: AuthorizeResult.ALLOW,
  };
  const authorize = jest.fn(async () => [allow]);
  const permissions = mockServices.permissions.mock({ authorize });
  const catalog = catalogServiceMock({ entities: [reviews] });
  const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');
  const httpAuth = mockServices.httpAuth({
    defaultCredentials: mockCredentials.user('user:default/ada'),
  });
  const access = new EntityAccess(
    httpAuth,
    permissions,
    mockServices.userInfo(),
    catalog,
    reuseMs,
  );
  const req = { headers: {} } as Request;
  return { access, authorize, getEntityByRef, req };
}

describe('EntityAccess', () => {
  it('reuses a read decision and the entity for the same caller, but decides every write afresh', async () => {
    const { access, authorize, getEntityByRef, req } = setup();
    for (let i = 0; i < 3; i++)
      await access.authorize(req, meshEntityReadPermission, ref);
    expect(authorize).toHaveBeenCalledTimes(1);
    expect(getEntityByRef).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 2; i++)
      await access.authorize(req, meshConfigUpdatePermission, ref);
    expect(authorize).toHaveBeenCalledTimes(3);
  });

  it('asks every time when reuse is off', async () => {
    const { access, authorize, getEntityByRef, req } = setup(0);
    await access.authorize(req, meshEntityReadPermission, ref);
    await access.authorize(req, meshEntityReadPermission, ref);
    expect(authorize).toHaveBeenCalledTimes(2);
    expect(getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('does not reuse a missing entity: it 404s until the catalog has it', async () => {
    const { access, req } = setup();
    await expect(
      access.authorize(req, meshEntityReadPermission, { ...ref, name: 'nope' }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });
});
