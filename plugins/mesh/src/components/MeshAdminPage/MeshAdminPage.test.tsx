import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MeshSummary } from '@meshport/plugin-mesh-common';
import { meshApiRef } from '../../api/MeshApi';
import { eastCluster } from '../../testing/fixtures';
import { mockMeshApi } from '../../testing/mockMeshApi';
import { responseError } from '../../testing/responseError';
import { MeshAdminPage } from './MeshAdminPage';

// Material-table and MUI dialogs render slowly in jsdom; under a parallel repo-wide run these
// interaction tests can pass Jest's 5 s default without anything being wrong.
// Form tests type into MUI dialogs: slow on a loaded 2-core machine, so the budget is generous.
jest.setTimeout(60_000);

const prodMesh: MeshSummary = {
  name: 'prod',
  kind: 'external',
  controlPlaneCluster: 'east',
  members: [
    { cluster: 'east', role: 'primary', network: 'net1' },
    { cluster: 'west', role: 'remote', network: 'net2' },
  ],
  revision: '1-27',
  trustDomain: 'cluster.local',
  prometheusUrl: 'http://prometheus.istio-system:9090',
  source: 'api',
  createdBy: 'user:default/guest',
  createdAt: '2026-03-01T10:00:00Z',
};

function apis(overrides: Parameters<typeof mockMeshApi>[0] = {}) {
  return mockMeshApi({
    listClusters: jest.fn().mockResolvedValue([eastCluster()]),
    listMeshes: jest.fn().mockResolvedValue([prodMesh]),
    ...overrides,
  });
}

async function render(
  api: ReturnType<typeof mockMeshApi>,
  authorize:
    AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [meshApiRef, api],
        [permissionApiRef, mockApis.permission({ authorize })],
      ]}
    >
      <MeshAdminPage refreshIntervalMs={60_000} />
    </TestApiProvider>,
  );
  await screen.findByText('East (sandbox)');
}

async function openClusterForm() {
  await userEvent.click(
    screen.getByRole('button', { name: 'Register cluster' }),
  );
  return within(
    await screen.findByRole('dialog', { name: 'Register cluster' }),
  );
}

/** Pastes rather than types: one input event per field keeps these tests fast. */
async function fill(input: HTMLElement, value: string) {
  await userEvent.click(input);
  await userEvent.paste(value);
}

async function fillCluster(
  dialog: ReturnType<typeof within>,
  values: { name: string; apiUrl: string; token: string },
) {
  await fill(dialog.getByRole('textbox', { name: /^Name/ }), values.name);
  await fill(dialog.getByRole('textbox', { name: /^API URL/ }), values.apiUrl);
  await fill(dialog.getByLabelText(/^Bearer token/), values.token);
  // The plain-http box is offered only for an http URL, and these tests mean to send one.
  if (values.apiUrl.startsWith('http://')) {
    await userEvent.click(
      dialog.getByRole('checkbox', { name: 'Allow plain http (insecure)' }),
    );
  }
}

describe('MeshAdminPage', () => {
  it('lists clusters with sync state and object counts, and meshes with their members', async () => {
    await render(apis());
    expect(screen.getByText('https://127.0.0.1:6443')).toBeInTheDocument();
    expect(screen.getByText('custom CA')).toBeInTheDocument();
    expect(screen.getByText('synced')).toBeInTheDocument();
    expect(screen.getByText(/live, last change \d+ s ago/)).toBeInTheDocument();
    expect(screen.getByText('15 objects')).toBeInTheDocument();
    expect(screen.getByText('by user:default/guest')).toBeInTheDocument();

    expect(
      await screen.findByText('east · primary · net1'),
    ).toBeInTheDocument();
    expect(screen.getByText('west · remote · net2')).toBeInTheDocument();
    expect(
      screen.getByText('http://prometheus.istio-system:9090'),
    ).toBeInTheDocument();
  });

  it('validates the cluster form with the shared schema before calling the backend', async () => {
    const api = apis();
    await render(api);
    const dialog = await openClusterForm();
    await fillCluster(dialog, {
      name: 'west',
      apiUrl: 'https://10.0.0.2:6443',
      token: 'secret',
    });
    await userEvent.click(dialog.getByRole('button', { name: 'Register' }));

    expect(
      dialog.getByText(
        'is required for an https URL unless insecureSkipTlsVerify is true',
      ),
    ).toBeInTheDocument();
    expect(api.registerCluster).not.toHaveBeenCalled();

    // Ticking "insecure" fixes it, and the error follows the input.
    await userEvent.click(
      dialog.getByRole('checkbox', {
        name: 'Skip TLS verification (insecure)',
      }),
    );
    expect(
      dialog.queryByText(
        'is required for an https URL unless insecureSkipTlsVerify is true',
      ),
    ).not.toBeInTheDocument();
  });

  it('registers through the API and shows a 409 from the backend inline', async () => {
    const api = apis({
      registerCluster: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            409,
            'ConflictError',
            'cluster east is already registered',
          ),
        ),
    });
    await render(api);
    const dialog = await openClusterForm();
    await fillCluster(dialog, {
      name: 'east',
      apiUrl: 'https://10.0.0.1:6443',
      token: 'secret',
    });
    await userEvent.click(
      dialog.getByRole('checkbox', {
        name: 'Skip TLS verification (insecure)',
      }),
    );
    await userEvent.click(dialog.getByRole('button', { name: 'Register' }));

    expect(
      await dialog.findByText('cluster east is already registered'),
    ).toBeInTheDocument();
    expect(api.registerCluster).toHaveBeenCalledWith({
      name: 'east',
      apiUrl: 'https://10.0.0.1:6443',
      insecureSkipTlsVerify: true,
      token: 'secret',
    });
    // The token stays masked.
    expect(dialog.getByLabelText(/^Bearer token/)).toHaveAttribute(
      'type',
      'password',
    );
  });

  it('puts a 400 that names a field under that field', async () => {
    const api = apis({
      registerCluster: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            400,
            'InputError',
            'token was rejected by the cluster (401)',
          ),
        ),
    });
    await render(api);
    const dialog = await openClusterForm();
    await fillCluster(dialog, {
      name: 'lab',
      apiUrl: 'http://127.0.0.1:8001',
      token: 'wrong',
    });
    await userEvent.click(dialog.getByRole('button', { name: 'Register' }));
    expect(
      await dialog.findByText('was rejected by the cluster (401)'),
    ).toBeInTheDocument();
  });

  it('tests the connection and shows the server version', async () => {
    const api = apis({
      testClusterConnection: jest
        .fn()
        .mockResolvedValue({ ok: true, serverVersion: 'v1.31.2' }),
    });
    await render(api);
    const dialog = await openClusterForm();
    await fillCluster(dialog, {
      name: 'lab',
      apiUrl: 'http://127.0.0.1:8001',
      token: 'tok',
    });
    await userEvent.click(
      dialog.getByRole('button', { name: 'Test connection' }),
    );
    expect(
      await dialog.findByText('Connected: Kubernetes v1.31.2'),
    ).toBeInTheDocument();
    expect(api.testClusterConnection).toHaveBeenCalledWith({
      name: 'lab',
      apiUrl: 'http://127.0.0.1:8001',
      allowInsecure: true,
      token: 'tok',
    });
  });

  it('asks for allowInsecure before sending an http URL, and offers it only for one', async () => {
    const api = apis();
    await render(api);
    const dialog = await openClusterForm();
    expect(
      dialog.queryByRole('checkbox', { name: 'Allow plain http (insecure)' }),
    ).not.toBeInTheDocument();
    await fill(dialog.getByRole('textbox', { name: /^Name/ }), 'lab');
    await fill(
      dialog.getByRole('textbox', { name: /^API URL/ }),
      'http://127.0.0.1:8001',
    );
    await fill(dialog.getByLabelText(/^Bearer token/), 'tok');
    expect(
      dialog.queryByRole('checkbox', {
        name: 'Skip TLS verification (insecure)',
      }),
    ).not.toBeInTheDocument();
    expect(
      dialog.getByText(/The token travels unencrypted/),
    ).toBeInTheDocument();
    await userEvent.click(dialog.getByRole('button', { name: 'Register' }));
    expect(
      dialog.getByText('must use https unless allowInsecure is true'),
    ).toBeInTheDocument();
    expect(api.registerCluster).not.toHaveBeenCalled();
    await userEvent.click(
      dialog.getByRole('checkbox', { name: 'Allow plain http (insecure)' }),
    );
    expect(
      dialog.queryByText('must use https unless allowInsecure is true'),
    ).not.toBeInTheDocument();
  });

  it('sends the GitOps and impersonation flags the user ticks', async () => {
    const api = apis({
      registerCluster: jest
        .fn()
        .mockResolvedValue(eastCluster({ name: 'lab', gitops: true })),
    });
    await render(api);
    const dialog = await openClusterForm();
    await fillCluster(dialog, {
      name: 'lab',
      apiUrl: 'https://k8s.example.com:6443',
      token: 'tok',
    });
    // Label queries: role queries walk the whole table behind the dialog, which is slow in jsdom.
    await userEvent.click(
      dialog.getByLabelText('Skip TLS verification (insecure)'),
    );
    const gitops = dialog.getByLabelText('Managed by GitOps');
    expect(gitops).toHaveAccessibleDescription(
      /exports them as YAML for your GitOps repository/,
    );
    const impersonate = dialog.getByLabelText(
      'Impersonate the Backstage user on writes',
    );
    expect(impersonate).toHaveAccessibleDescription(
      /Writes carry Impersonate-User\/Group/,
    );
    await userEvent.click(gitops);
    await userEvent.click(impersonate);
    await userEvent.click(dialog.getByRole('button', { name: 'Register' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.registerCluster).toHaveBeenCalledWith({
      name: 'lab',
      apiUrl: 'https://k8s.example.com:6443',
      insecureSkipTlsVerify: true,
      gitops: true,
      impersonate: true,
      token: 'tok',
    });
  });

  it('shows per cluster whether changes are applied or exported, and impersonation', async () => {
    await render(
      apis({
        listClusters: jest.fn().mockResolvedValue([
          eastCluster({ gitops: false, impersonate: false }),
          eastCluster({
            name: 'west',
            title: 'West',
            apiUrl: 'http://127.0.0.1:8001',
            hasCaData: false,
            gitops: true,
            impersonate: true,
          }),
        ]),
      }),
    );
    expect(screen.getByText('applied directly')).toBeInTheDocument();
    expect(screen.getByText('GitOps: export only')).toBeInTheDocument();
    expect(screen.getByText('impersonates user')).toBeInTheDocument();
    expect(screen.getByText('plain http')).toBeInTheDocument();
  });

  it('closes the form and reloads the list after a successful registration', async () => {
    const api = apis({
      registerCluster: jest
        .fn()
        .mockResolvedValue(eastCluster({ name: 'lab' })),
    });
    await render(api);
    const dialog = await openClusterForm();
    await fillCluster(dialog, {
      name: 'lab',
      apiUrl: 'http://127.0.0.1:8001',
      token: 'tok',
    });
    await userEvent.click(dialog.getByRole('button', { name: 'Register' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.listClusters).toHaveBeenCalledTimes(2);
  });

  it('asks before deleting a cluster and shows a failed delete', async () => {
    const api = apis({
      deleteCluster: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            409,
            'ConflictError',
            'cluster east is a member of mesh prod',
          ),
        ),
    });
    await render(api);
    await userEvent.click(
      screen.getByRole('button', { name: 'delete cluster east' }),
    );
    const dialog = within(
      await screen.findByRole('dialog', { name: 'Delete cluster east?' }),
    );
    expect(api.deleteCluster).not.toHaveBeenCalled();
    await userEvent.click(dialog.getByRole('button', { name: 'Delete' }));
    expect(
      await dialog.findByText('cluster east is a member of mesh prod'),
    ).toBeInTheDocument();
    expect(api.deleteCluster).toHaveBeenCalledWith('east');
  });

  it('deletes a mesh after confirmation and reloads the meshes', async () => {
    const api = apis({ deleteMesh: jest.fn().mockResolvedValue(undefined) });
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'delete mesh prod' }),
    );
    const dialog = within(
      await screen.findByRole('dialog', { name: 'Delete mesh prod?' }),
    );
    await userEvent.click(dialog.getByRole('button', { name: 'Delete' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.deleteMesh).toHaveBeenCalledWith('prod');
    expect(api.listMeshes).toHaveBeenCalledTimes(2);
  });

  it('registers a mesh whose first ticked cluster is the primary control plane', async () => {
    const api = apis({
      listClusters: jest
        .fn()
        .mockResolvedValue([
          eastCluster(),
          eastCluster({ name: 'west', title: undefined }),
        ]),
      registerMesh: jest.fn().mockResolvedValue(prodMesh),
    });
    await render(api);
    await userEvent.click(
      screen.getByRole('button', { name: 'Register mesh' }),
    );
    const dialog = within(
      await screen.findByRole('dialog', { name: 'Register mesh' }),
    );

    await userEvent.click(dialog.getByRole('button', { name: 'Register' }));
    expect(
      dialog.getByText('must list at least one cluster'),
    ).toBeInTheDocument();

    await fill(dialog.getByRole('textbox', { name: /^Name/ }), 'prod');
    await userEvent.click(
      dialog.getByRole('checkbox', { name: 'east (East (sandbox))' }),
    );
    await userEvent.click(dialog.getByRole('checkbox', { name: 'west' }));
    await fill(dialog.getByLabelText('network of west'), 'net2');
    await userEvent.click(dialog.getByRole('button', { name: 'Register' }));

    await waitFor(() =>
      expect(api.registerMesh).toHaveBeenCalledWith({
        name: 'prod',
        kind: 'external',
        controlPlaneCluster: 'east',
        members: [
          { cluster: 'east', role: 'primary' },
          { cluster: 'west', role: 'remote', network: 'net2' },
        ],
        trustDomain: 'cluster.local',
      }),
    );
  });

  it('disables register and delete without the mesh.cluster.register and mesh.cluster.delete permissions', async () => {
    await render(apis(), AuthorizeResult.DENY);
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Register cluster' }),
      ).toBeDisabled(),
    );
    expect(
      screen.getByRole('button', { name: 'Register mesh' }),
    ).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'delete cluster east' }),
    ).toBeDisabled();
    expect(
      await screen.findByRole('button', { name: 'delete mesh prod' }),
    ).toBeDisabled();
  });
});
