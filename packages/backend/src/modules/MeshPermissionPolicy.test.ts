import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  meshCanaryManagePermission,
  meshClusterDeletePermission,
  meshClusterReadPermission,
  meshClusterRegisterPermission,
  meshConfigUpdatePermission,
  meshEntityReadPermission,
} from '@meshport/plugin-mesh-common';
import { MeshPermissionPolicy } from './MeshPermissionPolicy';

const user = (refs: string[]) =>
  ({
    info: { userEntityRef: refs[0], ownershipEntityRefs: refs },
  }) as unknown as PolicyQueryUser;

const admin = user(['user:default/ada', 'group:default/platform-admins']);
const bob = user(['user:default/bob', 'group:default/bookinfo-team']);

// Shaped like the catalog's and the scaffolder's own permissions, without depending on their packages.
const catalogEntityRead = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});
const catalogEntityDelete = createPermission({
  name: 'catalog.entity.delete',
  attributes: { action: 'delete' },
  resourceType: 'catalog-entity',
});
const scaffolderTaskCreate = createPermission({
  name: 'scaffolder.task.create',
  attributes: { action: 'create' },
});
const scaffolderActionExecute = createPermission({
  name: 'scaffolder.action.execute',
  attributes: {},
  resourceType: 'scaffolder-action',
});
const kubernetesProxy = createPermission({
  name: 'kubernetes.proxy',
  attributes: {},
});

describe('MeshPermissionPolicy', () => {
  const policy = new MeshPermissionPolicy({
    admins: ['group:default/Platform-Admins'],
  });

  describe('mesh admins', () => {
    it.each([
      meshClusterRegisterPermission,
      meshClusterDeletePermission,
      meshClusterReadPermission,
      meshEntityReadPermission,
      meshConfigUpdatePermission,
      catalogEntityDelete,
      scaffolderTaskCreate,
      kubernetesProxy,
    ])('may use $name, unconditionally', async permission => {
      expect(await policy.handle({ permission }, admin)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    });

    it('are matched as users too, case-insensitively', async () => {
      const byUser = new MeshPermissionPolicy({ admins: ['user:default/Ada'] });
      const d = await byUser.handle(
        { permission: meshClusterRegisterPermission },
        user(['user:default/ada']),
      );
      expect(d.result).toBe(AuthorizeResult.ALLOW);
    });
  });

  describe('other signed-in users', () => {
    it.each([meshClusterRegisterPermission, meshClusterDeletePermission])(
      'are denied $name',
      async permission => {
        expect((await policy.handle({ permission }, bob)).result).toBe(
          AuthorizeResult.DENY,
        );
      },
    );

    it.each([meshClusterReadPermission, meshEntityReadPermission])(
      'may use $name',
      async permission => {
        expect((await policy.handle({ permission }, bob)).result).toBe(
          AuthorizeResult.ALLOW,
        );
      },
    );

    it('may update mesh config only of entities they own: a conditional decision on the catalog', async () => {
      const d = await policy.handle(
        { permission: meshConfigUpdatePermission },
        bob,
      );
      expect(d).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: {
            claims: ['user:default/bob', 'group:default/bookinfo-team'],
          },
        },
      });
    });

    it('may manage canaries only of entities they own, by the same catalog condition', async () => {
      const d = await policy.handle(
        { permission: meshCanaryManagePermission },
        bob,
      );
      expect(d).toMatchObject({
        result: AuthorizeResult.CONDITIONAL,
        conditions: { rule: 'IS_ENTITY_OWNER' },
      });
    });

    it('are denied mesh.config.update when it is not asked as a catalog-entity resource permission', async () => {
      const basic = createPermission({
        name: meshConfigUpdatePermission.name,
        attributes: { action: 'update' },
      });
      expect((await policy.handle({ permission: basic }, bob)).result).toBe(
        AuthorizeResult.DENY,
      );
    });

    it('are denied Meshport permissions the policy does not know yet', async () => {
      const future = createPermission({
        name: 'mesh.mirror.everything',
        attributes: { action: 'update' },
      });
      expect((await policy.handle({ permission: future }, bob)).result).toBe(
        AuthorizeResult.DENY,
      );
      expect((await policy.handle({ permission: future }, admin)).result).toBe(
        AuthorizeResult.ALLOW,
      );
    });

    it('may run templates (their steps still check their own permissions, e.g. mesh.canary.manage)', async () => {
      expect(
        (await policy.handle({ permission: scaffolderTaskCreate }, bob)).result,
      ).toBe(AuthorizeResult.ALLOW);
      expect(
        (await policy.handle({ permission: scaffolderActionExecute }, bob))
          .result,
      ).toBe(AuthorizeResult.ALLOW);
    });

    it("may use other plugins' read permissions, and nothing else of theirs", async () => {
      expect(
        (await policy.handle({ permission: catalogEntityRead }, bob)).result,
      ).toBe(AuthorizeResult.ALLOW);
      expect(
        (await policy.handle({ permission: catalogEntityDelete }, bob)).result,
      ).toBe(AuthorizeResult.DENY);
      expect(
        (await policy.handle({ permission: kubernetesProxy }, bob)).result,
      ).toBe(AuthorizeResult.DENY);
    });
  });

  describe('requests without a user', () => {
    it.each([
      meshClusterRegisterPermission,
      meshClusterReadPermission,
      meshEntityReadPermission,
      meshConfigUpdatePermission,
      catalogEntityRead,
      scaffolderTaskCreate,
    ])('are denied $name', async permission => {
      expect((await policy.handle({ permission })).result).toBe(
        AuthorizeResult.DENY,
      );
    });
  });

  describe('with permission.allowAllOtherPermissions', () => {
    const open = MeshPermissionPolicy.fromConfig(
      new ConfigReader({
        permission: {
          meshAdmins: ['group:default/platform-admins'],
          allowAllOtherPermissions: true,
        },
      }),
    );

    it("allows other plugins' permissions to everyone, as the allow-all policy did", async () => {
      expect(
        (await open.handle({ permission: catalogEntityDelete }, bob)).result,
      ).toBe(AuthorizeResult.ALLOW);
      expect(
        (await open.handle({ permission: scaffolderTaskCreate })).result,
      ).toBe(AuthorizeResult.ALLOW);
    });

    it("leaves Meshport's own rules as they are", async () => {
      expect(
        (await open.handle({ permission: meshClusterRegisterPermission }, bob))
          .result,
      ).toBe(AuthorizeResult.DENY);
      expect(
        (await open.handle({ permission: meshConfigUpdatePermission }, bob))
          .result,
      ).toBe(AuthorizeResult.CONDITIONAL);
      expect(
        (
          await open.handle(
            { permission: meshClusterRegisterPermission },
            admin,
          )
        ).result,
      ).toBe(AuthorizeResult.ALLOW);
    });
  });

  it('reads admins from config and is closed by default', async () => {
    const fromConfig = MeshPermissionPolicy.fromConfig(
      new ConfigReader({
        permission: { meshAdmins: ['group:default/platform-admins'] },
      }),
    );
    expect(
      (
        await fromConfig.handle(
          { permission: meshClusterDeletePermission },
          admin,
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      (await fromConfig.handle({ permission: catalogEntityDelete }, bob))
        .result,
    ).toBe(AuthorizeResult.DENY);
    const noAdmins = MeshPermissionPolicy.fromConfig(new ConfigReader({}));
    expect(
      (
        await noAdmins.handle(
          { permission: meshClusterRegisterPermission },
          admin,
        )
      ).result,
    ).toBe(AuthorizeResult.DENY);
  });
});
