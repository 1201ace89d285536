import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createCanaryAbortAction } from './actions/canaryAbort';
import { createCanaryPromoteAction } from './actions/canaryPromote';
import { createCanaryStartAction } from './actions/canaryStart';
import { createTrafficShiftAction } from './actions/trafficShift';
import { MeshApiClient } from './MeshApiClient';

/**
 * Adds Meshport's actions to the Scaffolder. They run inside the scaffolder plugin and reach the
 * mesh plugin over HTTP with a token issued on behalf of the task's initiator, so the mesh
 * backend decides with that user's permissions.
 */
export const scaffolderModuleMesh = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'mesh',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
      },
      async init({ scaffolder, auth, discovery }) {
        const meshApi = new MeshApiClient({ auth, discovery });
        scaffolder.addActions(
          createCanaryStartAction({ meshApi }),
          createCanaryPromoteAction({ meshApi }),
          createCanaryAbortAction({ meshApi }),
          createTrafficShiftAction({ meshApi }),
        );
      },
    });
  },
});
