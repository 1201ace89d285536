/*
 * Meshport's Backstage backend: catalog, guest sign-in for the embedded default, the
 * Kubernetes plugin (for its own tab), the permission framework with Meshport's policy,
 * and the mesh plugin.
 */
import { createBackend } from '@backstage/backend-defaults';
import { meshPermissionPolicyModule } from './modules/meshPermissionPolicyModule';

const backend = createBackend();

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(meshPermissionPolicyModule);
backend.add(import('@meshport/plugin-mesh-backend'));

backend.start();
