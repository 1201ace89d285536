import {
  AnyApiFactory,
  configApiRef,
  createApiFactory,
} from '@backstage/core-plugin-api';
import {
  ScmIntegrationsApi,
  scmIntegrationsApiRef,
} from '@backstage/integration-react';

/**
 * App-level APIs beyond @backstage/app-defaults' defaults. Plugins bring their own (the mesh
 * plugin registers its client). The catalog's About card needs the SCM integrations API for its
 * "view source" link, and nothing registers it by default.
 */
export const apis: AnyApiFactory[] = [
  createApiFactory({
    api: scmIntegrationsApiRef,
    deps: { configApi: configApiRef },
    factory: ({ configApi }) => ScmIntegrationsApi.fromConfig(configApi),
  }),
];
