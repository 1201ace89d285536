/*
 * Meshport's Backstage backend: catalog, guest sign-in for the embedded default, the
 * Kubernetes plugin (for its own tab), the permission framework with Meshport's policy,
 * the mesh plugin, and the Scaffolder with Meshport's actions (mesh:canary:*, mesh:traffic:shift)
 * for the "Canary release" template.
 */
import { createBackend } from '@backstage/backend-defaults';
import { meshPermissionPolicyModule } from './modules/meshPermissionPolicyModule';

const backend = createBackend();

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
// Lets the catalog accept kind: Template (the Canary release template).
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(meshPermissionPolicyModule);
backend.add(import('@meshport/plugin-mesh-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@meshport/plugin-scaffolder-backend-module-mesh'));

backend.start();
