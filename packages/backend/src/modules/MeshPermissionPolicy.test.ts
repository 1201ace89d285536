import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { meshClusterReadPermission, meshClusterRegisterPermission } from '@meshport/plugin-mesh-common';
import { MeshPermissionPolicy } from './MeshPermissionPolicy';

const user = (refs: string[]) => ({ info: { userEntityRef: refs[0], ownershipEntityRefs: refs } }) as unknown as PolicyQueryUser;

describe('MeshPermissionPolicy', () => {
  const policy = new MeshPermissionPolicy(['group:default/platform-admins']);

  it('lets members of an admin group register clusters', async () => {
    const d = await policy.handle({ permission: meshClusterRegisterPermission }, user(['user:default/ada', 'group:default/platform-admins']));
    expect(d.result).toBe(AuthorizeResult.ALLOW);
  });

  it('denies registration to everyone else', async () => {
    const d = await policy.handle({ permission: meshClusterRegisterPermission }, user(['user:default/bob', 'group:default/bookinfo-team']));
    expect(d.result).toBe(AuthorizeResult.DENY);
    const anonymous = await policy.handle({ permission: meshClusterRegisterPermission });
    expect(anonymous.result).toBe(AuthorizeResult.DENY);
  });

  it('allows reads to any user', async () => {
    const d = await policy.handle({ permission: meshClusterReadPermission }, user(['user:default/bob']));
    expect(d.result).toBe(AuthorizeResult.ALLOW);
  });
});
