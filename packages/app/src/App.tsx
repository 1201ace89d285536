import { Navigate, Route } from 'react-router-dom';
import { createApp } from '@backstage/app-defaults';
import { AppRouter, FlatRoutes } from '@backstage/core-app-api';
import {
  AlertDisplay,
  OAuthRequestDialog,
  SignInPage,
} from '@backstage/core-components';
import {
  CatalogEntityPage,
  CatalogIndexPage,
  catalogPlugin,
} from '@backstage/plugin-catalog';
import { ScaffolderPage, scaffolderPlugin } from '@backstage/plugin-scaffolder';
import { ScaffolderFieldExtensions } from '@backstage/plugin-scaffolder-react';
import {
  MeshAdminPage,
  MeshCanaryTargetPickerFieldExtension,
} from '@meshport/plugin-mesh';
import { apis } from './apis';
import { entityPage } from './components/catalog/EntityPage';
import { Root } from './components/Root';

const app = createApp({
  apis,
  components: {
    // Guest sign-in goes through the backend's guest auth provider, so API calls carry a real user token.
    SignInPage: props => (
      <SignInPage
        {...props}
        providers={['guest']}
        title="Sign in to Meshport"
        align="center"
      />
    ),
  },
  // The catalog's "Create" buttons open the Scaffolder (the Canary release template). The
  // scaffolder's own external routes (register component, TechDocs) are optional and left out:
  // neither plugin is installed.
  bindRoutes({ bind }) {
    bind(catalogPlugin.externalRoutes, {
      createComponent: scaffolderPlugin.routes.root,
      createFromTemplate: scaffolderPlugin.routes.selectedTemplate,
    });
  },
});

const routes = (
  <FlatRoutes>
    <Route path="/" element={<Navigate to="catalog" />} />
    <Route path="/catalog" element={<CatalogIndexPage />} />
    <Route
      path="/catalog/:namespace/:kind/:name"
      element={<CatalogEntityPage />}
    >
      {entityPage}
    </Route>
    <Route path="/mesh-admin" element={<MeshAdminPage />} />
    {/* The Canary release template picks the Service and versions with Meshport's field. */}
    <Route path="/create" element={<ScaffolderPage />}>
      <ScaffolderFieldExtensions>
        <MeshCanaryTargetPickerFieldExtension />
      </ScaffolderFieldExtensions>
    </Route>
  </FlatRoutes>
);

export default app.createRoot(
  <>
    <AlertDisplay />
    <OAuthRequestDialog />
    <AppRouter>
      <Root>{routes}</Root>
    </AppRouter>
  </>,
);
