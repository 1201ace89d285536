import { ReactElement } from 'react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { MeshApi, meshApiRef } from '../api/MeshApi';

/** Renders inside a test app with the given MeshApi and a permission API that allows or denies everything. */
export function renderWithApis(
  element: ReactElement,
  api: MeshApi,
  authorize:
    AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [meshApiRef, api],
        [permissionApiRef, mockApis.permission({ authorize })],
      ]}
    >
      {element}
    </TestApiProvider>,
  );
}
