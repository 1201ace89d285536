import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { MeshPermissionPolicy } from './MeshPermissionPolicy';

/** Installs MeshPermissionPolicy as the permission backend's policy. */
export const meshPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'mesh-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(MeshPermissionPolicy.fromConfig(config));
      },
    });
  },
});
